package io.calroom.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** What a handler answers: a status, an optional JSON body, extra headers. */
record Response(int status, JsonNode body, Map<String, String> headers) {
    static Response ok(JsonNode body) {
        return new Response(200, body, Map.of());
    }

    static Response created(String location, JsonNode body) {
        return new Response(201, body, Map.of("Location", location));
    }

    static Response noContent() {
        return new Response(204, null, Map.of());
    }
}
