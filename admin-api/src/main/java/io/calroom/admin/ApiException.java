package io.calroom.admin;

import io.calroom.principal.directory.FieldError;

import java.util.List;
import java.util.Map;

/**
 * An answer other than success, thrown anywhere below the servlet and turned into the one error
 * format: {@code {"error": code, "message": ...}}, or for validation errors
 * {@code {"error": "validation", "fields": [{"field", "message"}]}}.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<FieldError> fields;
    private final Map<String, String> headers;

    ApiException(int status, String code, String message, List<FieldError> fields, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.fields = List.copyOf(fields);
        this.headers = Map.copyOf(headers);
    }

    static ApiException validation(List<FieldError> fields) {
        return new ApiException(400, "validation", "the request has invalid fields", fields, Map.of());
    }

    static ApiException validation(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message, List.of(), Map.of());
    }

    static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", "authentication is required", List.of(),
                Map.of("WWW-Authenticate", "Basic realm=\"Calroom\""));
    }

    static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message, List.of(), Map.of());
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not-found", message, List.of(), Map.of());
    }

    static ApiException methodNotAllowed(String allow) {
        return new ApiException(405, "method-not-allowed", "this method is not allowed here", List.of(), Map.of("Allow", allow));
    }

    static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, List.of(), Map.of());
    }

    static ApiException duplicate(String field, String message) {
        return new ApiException(409, "duplicate", message, field == null ? List.of() : List.of(new FieldError(field, message)), Map.of());
    }

    static ApiException tooLarge(long max) {
        // the rest of the body stays unread: close the connection, so that no client reuses it
        return new ApiException(413, "payload-too-large", "the request body is larger than " + max + " bytes", List.of(),
                Map.of("Connection", "close"));
    }

    static ApiException unsupportedMediaType() {
        return new ApiException(415, "unsupported-media-type", "the request body must be application/json (UTF-8)", List.of(),
                Map.of("Accept-Post", "application/json", "Accept-Patch", "application/json, application/merge-patch+json"));
    }

    static ApiException tooManyAttempts(long retryAfterSeconds) {
        return new ApiException(429, "too-many-requests", "too many failed attempts, try again later", List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    static ApiException unavailable() {
        return new ApiException(503, "unavailable", "the database is unavailable; try again shortly", List.of(), Map.of("Retry-After", "5"));
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    List<FieldError> fields() {
        return fields;
    }

    Map<String, String> headers() {
        return headers;
    }
}
