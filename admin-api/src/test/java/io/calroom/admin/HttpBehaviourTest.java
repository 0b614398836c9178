package io.calroom.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calroom.principal.Org;
import io.calroom.principal.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP contract shared by every endpoint: authentication, errors, content types, limits, paging, OpenAPI. */
class HttpBehaviourTest {
    static ApiServer api;
    static final String ROOT = "super-admin:root:root";
    static final String ADMIN = "org-admin:acme:ann";

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start("HttpBehaviourTest");
        Org root = api.org("root");
        api.user(root, "root", Role.SUPER_ADMIN);
        Org acme = api.org("acme");
        api.user(acme, "ann", Role.ORG_ADMIN);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void noCredentialsIs401WithABasicChallengeEverywhere() {
        for (String path : List.of("/api/v1/orgs", "/api/v1/orgs/acme/users", "/api/v1/nothing/here", "/api/v1/")) {
            ApiServer.Res r = api.req("GET", path).expect(401);
            assertEquals("Basic realm=\"Calroom\"", r.header("WWW-Authenticate"));
            assertEquals("unauthorized", r.json().get("error").asText());
            assertEquals("application/json", r.header("Content-Type"));
        }
        assertEquals(401, api.req("POST", "/api/v1/orgs").json("{}").send().status());
        assertEquals(401, api.req("GET", "/api/v1/orgs").as("super-admin:nonexistent-org:x").send().status());
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() {
        assertEquals("not-found", api.req("GET", "/api/v1/nothing").as(ROOT).expect(404).json().get("error").asText());
        api.req("GET", "/api/v1/orgs/acme/users/ann/extra").as(ROOT).expect(404);
        ApiServer.Res r = api.req("PUT", "/api/v1/orgs").as(ROOT).json("{}").expect(405);
        assertEquals("GET, POST, OPTIONS", r.header("Allow"));
        assertEquals("method-not-allowed", r.json().get("error").asText());
        assertEquals("GET, PATCH, DELETE, OPTIONS", api.req("POST", "/api/v1/orgs/acme").as(ROOT).json("{}").expect(405).header("Allow"));
        assertEquals("GET, POST, OPTIONS", api.req("OPTIONS", "/api/v1/orgs/acme/resources").expect(204).header("Allow"));
    }

    @Test
    void trailingSlashesAreTolerated() {
        api.req("GET", "/api/v1/orgs/").as(ROOT).expect(200);
        api.req("GET", "/api/v1/orgs/acme/").as(ADMIN).expect(200);
    }

    @Test
    void contentTypeMustBeJson() {
        assertEquals("unsupported-media-type", api.req("POST", "/api/v1/orgs").as(ROOT).body("text/plain", "{\"slug\":\"x1\",\"name\":\"X\"}")
                .expect(415).json().get("error").asText());
        api.req("POST", "/api/v1/orgs").as(ROOT).body("application/x-www-form-urlencoded", "slug=x1&name=X").expect(415);
        api.req("POST", "/api/v1/orgs").as(ROOT).body(null, "{\"slug\":\"x1\",\"name\":\"X\"}").expect(415);
        api.req("POST", "/api/v1/orgs").as(ROOT).body("application/json; charset=iso-8859-1", "{\"slug\":\"x1\",\"name\":\"X\"}").expect(415);
        api.req("POST", "/api/v1/orgs").as(ROOT).body("application/json; charset=UTF-8", "{\"slug\":\"ct-ok\",\"name\":\"X\"}").expect(201);
        api.req("PATCH", "/api/v1/orgs/ct-ok").as(ROOT).body("application/merge-patch+json", "{\"name\":\"Y\"}").expect(200);
    }

    @Test
    void malformedJsonIs400() {
        for (String bad : List.of("", "{", "{\"slug\":}", "[1,2]", "\"text\"", "{\"slug\":\"a\",\"slug\":\"b\",\"name\":\"n\"}",
                "{\"slug\":\"a\",\"name\":\"n\"} trailing", "{\"slug\":\"a\",\"name\":\"n\"}{}", "{'slug':'a'}", "{\"a\":NaN}")) {
            ApiServer.Res r = api.req("POST", "/api/v1/orgs").as(ROOT).json(bad).expect(400);
            assertEquals("malformed-json", r.json().get("error").asText(), bad);
        }
        String deep = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertEquals("malformed-json", api.req("POST", "/api/v1/orgs").as(ROOT).json(deep).expect(400).json().get("error").asText());
    }

    @Test
    void aTooLargeBodyWrittenInFullBeforeReadingStillHearsThe413_rfc9112_section9_6() throws Exception {
        // 8 MiB, more than the sockets hold: answering and closing while the body still arrives
        // would reset the connection and lose the answer
        java.net.URI uri = java.net.URI.create(api.base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            int chunks = 128;
            out.write(("POST /api/v1/orgs HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nX-Test-Caller: " + ROOT
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + chunks * chunk.length + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < chunks; i++) out.write(chunk);
            out.flush();
            String statusLine = new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", statusLine);
        }
    }

    @Test
    void bodiesOverOneMegabyteAre413() {
        String big = "{\"slug\":\"big\",\"name\":\"" + "x".repeat(1 << 20) + "\"}";
        assertEquals("payload-too-large", api.req("POST", "/api/v1/orgs").as(ROOT).json(big).expect(413).json().get("error").asText());
        byte[] bytes = big.getBytes();
        // without a Content-Length (chunked), the limit holds while reading
        ApiServer.Res chunked = api.req("POST", "/api/v1/orgs").as(ROOT).stream("application/json", () -> new ByteArrayInputStream(bytes)).expect(413);
        assertEquals("close", chunked.header("Connection"));
        // just under the limit is read (and then judged on its content)
        String fits = "{\"slug\":\"fits\",\"name\":\"" + "x".repeat((1 << 20) - 40) + "\"}";
        assertEquals("validation", api.req("POST", "/api/v1/orgs").as(ROOT).json(fits).expect(400).json().get("error").asText());
    }

    @Test
    void validationErrorFormat() {
        JsonNode e = api.req("POST", "/api/v1/orgs").as(ROOT).json("{\"slug\":\"Bad Slug\",\"name\":7,\"extra\":1}").expect(400).json();
        assertEquals("validation", e.get("error").asText());
        assertNotNull(e.get("message"));
        Set<String> fields = new HashSet<>();
        e.get("fields").forEach(f -> {
            fields.add(f.get("field").asText());
            assertFalse(f.get("message").asText().isBlank());
        });
        assertEquals(Set.of("slug", "name", "extra"), fields);
    }

    @Test
    void paginationParametersAreChecked() {
        for (int i = 0; i < 5; i++) api.req("POST", "/api/v1/orgs").as(ROOT).json("{\"slug\":\"page-" + i + "\",\"name\":\"P\"}").expect(201);
        JsonNode all = api.req("GET", "/api/v1/orgs").as(ROOT).expect(200).json();
        assertEquals(100, all.get("limit").asInt());
        assertEquals(0, all.get("offset").asInt());
        long total = all.get("total").asLong();
        assertEquals(total, all.get("items").size());
        JsonNode page = api.req("GET", "/api/v1/orgs?limit=2&offset=1").as(ROOT).expect(200).json();
        assertEquals(2, page.get("items").size());
        assertEquals(total, page.get("total").asLong());
        assertEquals(all.get("items").get(1), page.get("items").get(0));
        assertEquals(0, api.req("GET", "/api/v1/orgs?limit=0").as(ROOT).expect(200).json().get("items").size());
        assertEquals(0, api.req("GET", "/api/v1/orgs?offset=1000000").as(ROOT).expect(200).json().get("items").size());
        api.req("GET", "/api/v1/orgs?limit=1000").as(ROOT).expect(200);
        for (String q : List.of("limit=1001", "limit=-1", "limit=abc", "offset=-5", "offset=1.5", "limit=99999999999999999999")) {
            ApiServer.Res r = api.req("GET", "/api/v1/orgs?" + q).as(ROOT).expect(400);
            assertEquals(List.of(q.substring(0, q.indexOf('='))), r.errorFields(), q);
        }
    }

    @Test
    void failuresNeverShowInternals() {
        ApiServer.Res r = api.req("GET", "/api/v1/orgs").header("X-Test-Boom", "1").expect(500);
        assertEquals("internal", r.json().get("error").asText());
        assertFalse(r.body().contains("boom"));
        assertFalse(r.body().contains("Exception"));
        assertFalse(r.body().contains("at io."));
        ApiServer.Res down = api.req("GET", "/api/v1/orgs").header("X-Test-Db-Down", "1").expect(503);
        assertEquals("unavailable", down.json().get("error").asText());
        assertEquals("5", down.header("Retry-After"));
    }

    @Test
    void answersAreNotCached() {
        assertEquals("no-store", api.req("GET", "/api/v1/orgs").as(ROOT).expect(200).header("Cache-Control"));
        assertEquals("no-store", api.req("GET", "/api/v1/orgs").expect(401).header("Cache-Control"));
        assertEquals("nosniff", api.req("GET", "/api/v1/orgs").as(ROOT).expect(200).header("X-Content-Type-Options"));
    }

    @Test
    void openApiIsServedWithoutCredentialsAndDescribesEveryRoute() throws Exception {
        ApiServer.Res r = api.req("GET", "/api/v1/openapi.json").expect(200);
        assertEquals("application/json", r.header("Content-Type"));
        JsonNode doc = new ObjectMapper().readTree(r.body());
        assertTrue(doc.get("openapi").asText().startsWith("3.0"));
        JsonNode paths = doc.get("paths");
        List<String> missing = new ArrayList<>();
        for (Route route : AdminApiServlet.allRoutes()) {
            JsonNode p = paths.get(route.template());
            if (p == null || p.get(route.method().toLowerCase()) == null) missing.add(route.method() + " " + route.template());
        }
        assertEquals(List.of(), missing, "routes missing from openapi.json");
        // and nothing documented that does not exist
        Set<String> routes = new HashSet<>();
        AdminApiServlet.allRoutes().forEach(x -> routes.add(x.method().toLowerCase() + " " + x.template()));
        paths.fieldNames().forEachRemaining(path -> paths.get(path).fieldNames().forEachRemaining(m -> {
            if (!m.equals("parameters") && !path.equals("/openapi.json")) assertTrue(routes.contains(m + " " + path), m + " " + path);
        }));
        // every $ref resolves
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        for (String ref : refs) {
            JsonNode target = doc.at(ref.substring(1));
            assertFalse(target.isMissingNode(), ref);
        }
        api.req("POST", "/api/v1/openapi.json").expect(405);
    }

    @Test
    void serviceTokenCallersWithoutAPrincipalWork() {
        api.req("GET", "/api/v1/orgs/acme/users").as("org-admin:acme:-").expect(200);
        api.req("GET", "/api/v1/orgs/acme/users/ann").as("user:acme:-").expect(403);
    }

    private static void collectRefs(JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) out.add(e.getValue().asText());
                else collectRefs(e.getValue(), out);
            });
        } else if (n.isArray()) {
            n.forEach(x -> collectRefs(x, out));
        }
    }
}
