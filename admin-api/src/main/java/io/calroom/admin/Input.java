package io.calroom.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calroom.principal.directory.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A JSON object body read field by field; type errors are collected as {@link FieldError}s and
 * thrown together by {@link #check()}, so a client sees every problem of its request at once.
 */
final class Input {
    private final ObjectNode body;
    private final List<FieldError> errors = new ArrayList<>();

    Input(ObjectNode body) {
        this.body = body;
    }

    boolean has(String field) {
        return body.has(field);
    }

    /** True when the field is present with JSON null. */
    boolean isNull(String field) {
        return body.has(field) && body.get(field).isNull();
    }

    void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    void errors(List<FieldError> more) {
        errors.addAll(more);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Refuses fields that are neither {@code allowed} nor {@code readOnly} (read-only ones are ignored). */
    void onlyFields(Set<String> allowed, Set<String> readOnly) {
        body.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f) && !readOnly.contains(f)) error(f, "is not a known field");
        });
    }

    /** A string field: null when absent or JSON null (then an error if required). */
    String string(String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) error(field, "is required");
            return null;
        }
        if (!n.isTextual()) {
            error(field, "must be a string");
            return null;
        }
        return n.textValue();
    }

    /** A string field that must also satisfy {@code rule}; null when absent, null or invalid. */
    String string(String field, boolean required, Predicate<String> rule, String ruleMessage) {
        String s = string(field, required);
        if (s != null && !rule.test(s)) {
            error(field, ruleMessage);
            return null;
        }
        return s;
    }

    Boolean bool(String field) {
        JsonNode n = body.get(field);
        if (n == null) return null;
        if (!n.isBoolean()) {
            error(field, "must be true or false");
            return null;
        }
        return n.booleanValue();
    }

    /** A list of strings; null when absent, empty for JSON null. */
    List<String> strings(String field) {
        JsonNode n = body.get(field);
        if (n == null) return null;
        if (n.isNull()) return List.of();
        if (!n.isArray()) {
            error(field, "must be an array of strings");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) error(field + "[" + i + "]", "must be a string");
            else out.add(n.get(i).textValue());
        }
        return out;
    }

    /** The fields named in {@code fields} that are present, as plain Java values (for the pure validators). */
    Map<String, Object> plain(Set<String> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        body.properties().forEach(e -> {
            if (fields.contains(e.getKey())) out.put(e.getKey(), Json.plain(e.getValue()));
        });
        return out;
    }

    /** Throws the collected errors as one 400 answer. */
    void check() {
        if (!errors.isEmpty()) throw ApiException.validation(errors);
    }
}
