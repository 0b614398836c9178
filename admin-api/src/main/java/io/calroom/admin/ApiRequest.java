package io.calroom.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calroom.principal.Org;
import io.calroom.principal.directory.FieldError;
import io.calroom.principal.directory.Page;
import jakarta.servlet.http.HttpServletRequest;
import io.calroom.principal.DirectoryStores;
import io.calroom.schema.CalendarStores;
import io.calroom.schema.Database;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One request as a handler sees it: the caller, path parameters, query, body, and the resolved org. */
final class ApiRequest {
    static final int MAX_BODY_BYTES = 1 << 20;
    /** The most of a too-large body that is read and dropped before the 413, so that the client hears it. */
    private static final long MAX_DROPPED_BYTES = 16L << 20;

    final Services services;
    final HttpServletRequest request;
    final Caller caller;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private final String apiBase;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private Org org;

    ApiRequest(Services services, HttpServletRequest request, Caller caller, Map<String, String> params, String apiBase) {
        this.services = services;
        this.request = request;
        this.caller = caller;
        this.params = params;
        this.apiBase = apiBase;
        this.query = parseQuery(request.getQueryString());
    }

    String param(String name) {
        return params.get(name);
    }

    void org(Org org) {
        this.org = org;
    }

    /** The org of the path, already checked against the caller by the servlet. */
    Org org() {
        if (org == null) throw new IllegalStateException("route has no {org}");
        return org;
    }

    long orgId() {
        return org().id();
    }

    /** Whether the path named an {@code {org}} (resolved by the servlet). */
    boolean hasOrg() {
        return org != null;
    }

    DirectoryStores directory() {
        return services.directory();
    }

    CalendarStores calendars() {
        return services.calendars();
    }

    /** Runs {@code work} in one transaction; thrown exceptions roll it back and propagate unchanged. */
    <T> T tx(Database.Work<T> work) {
        return services.db().transaction(work);
    }

    /** Runs after the handler returned, i.e. after its transaction committed (cache invalidation). */
    void afterCommit(Runnable r) {
        afterCommit.add(r);
    }

    List<Runnable> afterCommitActions() {
        return afterCommit;
    }

    /** An absolute path below the API root, for Location headers: {@code /api/v1/orgs/acme}. */
    String url(String below) {
        return apiBase + below;
    }

    // ---- query ----

    String query(String name) {
        List<String> v = query.get(name);
        String value = v == null || v.isEmpty() ? null : v.get(0);
        // PostgreSQL text cannot hold NUL: refuse it here rather than fail in the database (found by fuzzing)
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw ApiException.badRequest("invalid-query", "the query parameter " + name + " contains a NUL character");
        }
        return value;
    }

    /** {@code ?limit=&offset=}: limit 0..1000 (default 100), offset >= 0 (default 0). */
    int[] window() {
        List<FieldError> errors = new ArrayList<>();
        int limit = number("limit", Page.DEFAULT_LIMIT, Page.MAX_LIMIT, errors);
        int offset = number("offset", 0, Integer.MAX_VALUE, errors);
        if (!errors.isEmpty()) throw ApiException.validation(errors);
        return new int[] {limit, offset};
    }

    private int number(String name, int dflt, int max, List<FieldError> errors) {
        String v = query(name);
        if (v == null || v.isEmpty()) return dflt;
        try {
            long n = Long.parseLong(v);
            if (n >= 0 && n <= max) return (int) n;
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number from 0 to " + max));
        return dflt;
    }

    /** A boolean query parameter; null when absent. */
    Boolean booleanQuery(String name, List<FieldError> errors) {
        String v = query(name);
        if (v == null || v.isEmpty()) return null;
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        errors.add(new FieldError(name, "must be true or false"));
        return null;
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("bad-request", "the query string is not valid percent-encoding");
            }
        }
        return out;
    }

    // ---- body ----

    /** The JSON object body: 415 unless JSON in UTF-8, 413 beyond 1 MB, 400 unless one well-formed object. */
    Input input() {
        return new Input(body());
    }

    ObjectNode body() {
        checkContentType(request.getContentType());
        long declared = request.getContentLengthLong();
        if (declared > MAX_BODY_BYTES) throw tooLarge(declared);
        byte[] bytes;
        try {
            bytes = readAtMost(request.getInputStream(), MAX_BODY_BYTES); // the container owns the stream
        } catch (IOException e) {
            throw ApiException.badRequest("bad-request", "the request body could not be read");
        }
        if (bytes == null) throw tooLarge(declared);
        return Json.parseObject(bytes);
    }

    /**
     * The 413, after the rest of the body is read and dropped (up to {@link #MAX_DROPPED_BYTES}):
     * answering and closing while the client still sends turns the close into a TCP reset that
     * loses the answer (RFC 9112 §9.6). A client waiting for {@code 100 Continue} has sent nothing.
     */
    private ApiException tooLarge(long declared) {
        String expect = request.getHeader("Expect");
        boolean waitsForContinue = expect != null && expect.trim().equalsIgnoreCase("100-continue");
        if (!waitsForContinue && declared <= MAX_DROPPED_BYTES) {
            try {
                InputStream in = request.getInputStream();
                byte[] scratch = new byte[8192];
                long dropped = 0;
                for (int n; dropped <= MAX_DROPPED_BYTES && (n = in.read(scratch)) >= 0; ) dropped += n;
            } catch (IOException | IllegalStateException ignored) {
                // the client went away, or the body was read otherwise: the connection closes anyway
            }
        }
        return ApiException.tooLarge(MAX_BODY_BYTES);
    }

    /** {@code application/json} or any {@code +json} type (merge-patch), charset absent or UTF-8. */
    static void checkContentType(String contentType) {
        if (contentType == null) throw ApiException.unsupportedMediaType();
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw ApiException.unsupportedMediaType();
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String cs = p.substring("charset=".length()).replace("\"", "");
                if (!cs.equals("utf-8") && !cs.equals("utf8")) throw ApiException.unsupportedMediaType();
            }
        }
    }

    /** The stream's bytes, or null if there are more than {@code max}. */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > max) return null;
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
