package io.calroom.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out, through Jackson's tree model only ({@link ObjectNode}, {@link ArrayNode}); nothing
 * is bound to Java classes by reflection. Why: the wire format stays visible in code (one method per
 * representation) instead of hiding in annotations and field names; every ill-typed or unknown input
 * field becomes a precise field error rather than a generic mapping exception; and with no
 * reflective or polymorphic binding there is no deserialization-gadget surface on untrusted bodies.
 *
 * <p>Parsing is strict: duplicate keys, trailing content, nesting deeper than 32 and documents of
 * more than 1 MB are refused; floats are kept exact ({@link java.math.BigDecimal}).
 */
final class Json {
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(NODES)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxStringLength(1 << 20).maxNumberLength(100).build());
    }

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Parses a document whose root must be an object. */
    static ObjectNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            if (why != null && why.length() > 200) why = why.substring(0, 200) + "...";
            throw ApiException.badRequest("malformed-json", "the body is not valid JSON: " + why);
        } catch (IOException e) {
            throw ApiException.badRequest("malformed-json", "the body is not valid JSON");
        } catch (NumberFormatException | ArithmeticException e) {
            // e.g. 1e9999999999: a number no decimal type can hold (found by AdminJsonFuzzTest)
            throw ApiException.badRequest("malformed-json", "the body holds a number out of range");
        }
        if (node == null || node.isMissingNode()) throw ApiException.badRequest("malformed-json", "a JSON object is required");
        if (!node.isObject()) throw ApiException.badRequest("malformed-json", "the body must be a JSON object");
        return (ObjectNode) node;
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    /**
     * A tree as plain Java values, for the pure validators: objects become maps, arrays lists, numbers
     * {@link java.math.BigInteger} or {@link java.math.BigDecimal}, and JSON null {@code null}.
     */
    static Object plain(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isTextual()) return n.textValue();
        if (n.isBoolean()) return n.booleanValue();
        if (n.isIntegralNumber()) return n.bigIntegerValue();
        if (n.isNumber()) return n.decimalValue();
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (n.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            n.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
            return out;
        }
        return n.toString();
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode a = array();
        values.forEach(a::add);
        return a;
    }
}
