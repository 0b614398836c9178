package io.calroom.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * One CalDAV client: its own {@link HttpClient} (HTTP/1.1, persistent connection), HTTP Basic sent
 * up front as CalDAV clients do once they know the realm. Each call returns the status, headers,
 * the whole body and the time from sending to the last body byte.
 */
final class DavClient {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    record Reply(int status, HttpResponseHeaders headers, byte[] body, long nanos) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        double millis() {
            return nanos / 1_000_000.0;
        }

        Optional<String> header(String name) {
            return headers.first(name);
        }
    }

    /** The response headers we look at. */
    record HttpResponseHeaders(java.net.http.HttpHeaders h) {
        Optional<String> first(String name) {
            return h.firstValue(name);
        }
    }

    /** A request to send, as a value (for {@link ServerProcess#send}). */
    interface Call {
        Reply call() throws IOException;
    }

    private final HttpClient http;
    private final URI base;
    private final String authorization;

    DavClient(URI base, String user, String password) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Reply send(String method, String path, byte[] body, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) b.header(headers[i], headers[i + 1]);
        }
        HttpRequest request = b.build();
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        long nanos = System.nanoTime() - t0;
        return new Reply(r.statusCode(), new HttpResponseHeaders(r.headers()), r.body(), nanos);
    }

    Reply put(String path, byte[] ical, String ifMatch) throws IOException {
        return send("PUT", path, ical, "Content-Type", "text/calendar; charset=utf-8",
                ifMatch == null ? "If-None-Match" : "If-Match", ifMatch == null ? "*" : ifMatch);
    }

    Reply delete(String path, String ifMatch) throws IOException {
        return send("DELETE", path, null, "If-Match", ifMatch);
    }

    Reply get(String path) throws IOException {
        return send("GET", path, null);
    }

    Reply propfind(String path, String depth, String xml) throws IOException {
        return send("PROPFIND", path, xml.getBytes(StandardCharsets.UTF_8), "Depth", depth,
                "Content-Type", "application/xml; charset=utf-8");
    }

    Reply report(String path, String depth, String xml) throws IOException {
        return send("REPORT", path, xml.getBytes(StandardCharsets.UTF_8), "Depth", depth,
                "Content-Type", "application/xml; charset=utf-8");
    }
}
