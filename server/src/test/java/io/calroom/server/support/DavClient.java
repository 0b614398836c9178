package io.calroom.server.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Sends the requests real CalDAV clients send, with Basic authentication. */
public final class DavClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String baseUrl;
    private final String authorization;

    public DavClient(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static DavClient anonymous(String baseUrl) {
        return new DavClient(baseUrl, null, null);
    }

    public Request request(String method, String path) {
        return new Request(method, path);
    }

    public HttpResponse<String> propfind(String path, String depth, String body) {
        return request("PROPFIND", path).header("Depth", depth).xml(body).send();
    }

    public HttpResponse<String> put(String path, String ical) {
        return request("PUT", path).body("text/calendar; charset=utf-8", ical).send();
    }

    public HttpResponse<String> get(String path) {
        return request("GET", path).send();
    }

    public HttpResponse<String> delete(String path) {
        return request("DELETE", path).send();
    }

    /** A request under construction. */
    public final class Request {
        private final HttpRequest.Builder builder;
        private final String method;
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        Request(String method, String path) {
            this.method = method;
            this.builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
            if (authorization != null) builder.header("Authorization", authorization);
        }

        public Request header(String name, String value) {
            builder.header(name, value);
            return this;
        }

        public Request xml(String xml) {
            return xml == null ? this : body("application/xml; charset=utf-8", xml);
        }

        public Request body(String contentType, String text) {
            return body(contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        public Request body(String contentType, byte[] bytes) {
            if (contentType != null) builder.header("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            return this;
        }

        public HttpResponse<String> send() {
            try {
                return HTTP.send(builder.method(method, body).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
