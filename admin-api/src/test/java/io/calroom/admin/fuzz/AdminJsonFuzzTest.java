package io.calroom.admin.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.ResourcePolicyValidator;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the pure part of the admin API's JSON input path, fast (no database): the body parser
 * {@code io.calroom.admin.Json.parseObject} (strict Jackson tree parsing, limits, object root) and the conversion of
 * the tree to plain values that the endpoints hand to {@link ResourcePolicyValidator#validate(Map, ResourcePolicy)}
 * — which is then run on the policy fields of the body, against the default policy and a non-default base, and a
 * second time with every value turned to text (as a WebDAV PROPPATCH gives them).
 * <p>
 * Allowed: {@code Json.parseObject} throws only the module's {@code ApiException} with status 400 (the servlet's
 * error answer); the validator never throws, returns within 2 s, and an invalid result names at least one field. {@code Json} is
 * package-private, so it is called through reflection. The whole request path, endpoints included, is fuzzed over a
 * database by {@link AdminApiFuzzTest}.
 * <p>
 * Seeds ({@code AdminJsonFuzzTestInputs/parse}): the request bodies of docs/admin-api.md, policy bodies of the admin
 * tests, and malformed/oversized/duplicate-key JSON.
 */
class AdminJsonFuzzTest {

    static final long CALL_LIMIT_MILLIS = 2_000;
    static final Method PARSE_OBJECT;
    static final Method PLAIN;
    static final Method API_STATUS;
    static final ResourcePolicy BASE;

    static {
        try {
            Class<?> json = Class.forName("io.calroom.admin.Json");
            PARSE_OBJECT = json.getDeclaredMethod("parseObject", byte[].class);
            PARSE_OBJECT.setAccessible(true);
            PLAIN = json.getDeclaredMethod("plain", JsonNode.class);
            PLAIN.setAccessible(true);
            API_STATUS = Class.forName("io.calroom.admin.ApiException").getDeclaredMethod("status");
            API_STATUS.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        ResourcePolicyValidator.Result base = ResourcePolicyValidator.validate(Map.of(
                "capacity", 12, "autoScheduleMode", "accept-if-free", "bookingWindowStart", "P90D",
                "bookingWindowEnd", "PT1H", "maxBookingDuration", "PT4H", "restrictedAccess", true,
                "workingHours", "MO-FR 08:00-18:00", "timezone", "Europe/Berlin"));
        assertTrue(base.isValid(), base.toString());
        BASE = ((ResourcePolicyValidator.Valid) base).policy();
    }

    @DictionaryFile(resourcePath = "json.dict")
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] body) throws Exception {
        JsonNode object;
        try {
            object = (JsonNode) PARSE_OBJECT.invoke(null, (Object) body);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause.getClass().getName().equals("io.calroom.admin.ApiException")) {
                assertEquals(400, API_STATUS.invoke(cause), cause.getMessage());
                return;
            }
            throw unwrap(cause);
        }
        assertNotNull(object);
        assertTrue(object.isObject());
        Map<String, Object> policy = new LinkedHashMap<>();
        Map<String, Object> asText = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (ResourcePolicyValidator.canonical(field.getKey()).isEmpty()) {
                continue;
            }
            Object value;
            try {
                value = PLAIN.invoke(null, field.getValue());
            } catch (InvocationTargetException e) {
                throw unwrap(e.getCause());
            }
            policy.put(field.getKey(), value);
            asText.put(field.getKey(), value == null || value instanceof String ? value : text(value));
        }
        check(timed(() -> ResourcePolicyValidator.validate(policy)));
        check(timed(() -> ResourcePolicyValidator.validate(policy, BASE)));
        check(timed(() -> ResourcePolicyValidator.validate(asText, BASE)));
    }

    /** The validator is a pure function of a body of at most 1 MB: it must not take seconds. */
    private static ResourcePolicyValidator.Result timed(Supplier<ResourcePolicyValidator.Result> call) {
        long started = System.nanoTime();
        ResourcePolicyValidator.Result result = call.get();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(millis < CALL_LIMIT_MILLIS, "ResourcePolicyValidator.validate took " + millis + " ms");
        return result;
    }

    private static void check(ResourcePolicyValidator.Result result) {
        assertNotNull(result);
        if (result instanceof ResourcePolicyValidator.Invalid invalid) {
            assertFalse(invalid.errors().isEmpty(), "invalid without errors");
        } else {
            assertNotNull(((ResourcePolicyValidator.Valid) result).policy());
        }
    }

    /** A plain value as text the way a DAV client would send it: lists as JSON arrays of strings. */
    private static String text(Object value) {
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object o : list) {
                sb.append(sb.length() == 1 ? "" : ",").append('"')
                        .append(String.valueOf(o).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            return sb.append(']').toString();
        }
        return String.valueOf(value);
    }

    private static Exception unwrap(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return (Exception) t;
    }
}
