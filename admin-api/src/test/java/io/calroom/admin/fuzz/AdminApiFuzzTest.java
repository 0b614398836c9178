package io.calroom.admin.fuzz;

import io.calroom.principal.directory.JooqOrgStore;
import io.calroom.principal.JooqPrincipalStore;
import io.calroom.scheduling.SchedulingStores;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.calroom.admin.AdminApiServlet;
import io.calroom.admin.Caller;
import io.calroom.principal.Org;
import io.calroom.principal.PasswordHasher;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.principal.directory.OrgStore;
import io.calroom.scheduling.delivery.ExternalDelivery;
import io.calroom.scheduling.delivery.ImplicitScheduler;
import io.calroom.scheduling.delivery.ManagerDecisions;
import io.calroom.scheduling.delivery.RoomAgent;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.scheduling.index.OccurrenceIndex;
import io.calroom.schema.Database;
import io.calroom.schema.DatabaseConfig;
import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * End-to-end "no 5xx" fuzzing of the admin API: the real {@link AdminApiServlet} in a Jetty (in-memory
 * {@link LocalConnector}, no sockets) over a fresh PostgreSQL database (test-support), sent requests whose route,
 * caller, content type, path parameters, query string and JSON body come from the fuzz data. Every answer must be
 * below 500 and come within {@link #REQUEST_LIMIT_MILLIS}: validation, unknown names, conflicts and refused media
 * types are 4xx; a 500 means an input reached an unexpected exception (the servlet logs it with its stack trace, see
 * the test output).
 * <p>
 * Fixtures (an org that a request renamed gets its slug back): org {@code acme} with org-admin {@code alice}, user
 * {@code bob}, room {@code room-101} and group {@code execs}; org {@code globex} with its admin {@code gina};
 * callers are a super-admin, alice, bob and gina (other org).
 * <p>
 * Input layout (FuzzedDataProvider takes small numbers from the end, strings from the front): the last byte picks
 * the route ({@link #ROUTES}), the one before the caller, then the content type, then whether to replace a path
 * parameter by a fuzzed string; the rest is the body (for GET routes: the query string). Seeds
 * ({@code AdminApiFuzzTestInputs/request}) are the request bodies of docs/admin-api.md laid out that way, and
 * fuzzer-found inputs.
 */
class AdminApiFuzzTest {

    static final String RESOURCE_DOMAIN = "resources.fuzz.example";
    /** No request of at most 1 MB may keep the server busy this long (every fixture is tiny). */
    static final long REQUEST_LIMIT_MILLIS = 5_000;
    static final PasswordHasher HASHER = new PasswordHasher(1_000);

    /** method, path below /api/v1 ({org} {username} {id} {group} {uid} filled in), and whether GET takes a query. */
    record Route(String method, String template) {
        boolean hasBody() {
            return !method.equals("GET");
        }
    }

    static final List<Route> ROUTES = List.of(
            new Route("POST", "/orgs"),
            new Route("PATCH", "/orgs/{org}"),
            new Route("POST", "/orgs/{org}/users"),
            new Route("PATCH", "/orgs/{org}/users/{username}"),
            new Route("POST", "/orgs/{org}/resources"),
            new Route("PATCH", "/orgs/{org}/resources/{id}"),
            new Route("PUT", "/orgs/{org}/resources/{id}/managers/{username}"),
            new Route("POST", "/orgs/{org}/groups"),
            new Route("POST", "/orgs/{org}/tokens"),
            new Route("PUT", "/orgs/{org}/groups/{group}/members/{username}"),
            new Route("POST", "/orgs/{org}/resources/{id}/pending/{uid}/approve"),
            new Route("POST", "/resources/{id}/pending/{uid}/decline"),
            new Route("GET", "/orgs"),
            new Route("GET", "/orgs/{org}/users"),
            new Route("GET", "/orgs/{org}/resources"),
            new Route("GET", "/orgs/{org}/resources/{id}/busy"),
            new Route("GET", "/resources/{id}/pending"),
            new Route("GET", "/orgs/{org}/groups/{group}/members"),
            new Route("GET", "/orgs/{org}/tokens"),
            new Route("GET", "/orgs/{org}/resources/{id}/managers"));

    static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
            "application/merge-patch+json", "APPLICATION/JSON;CHARSET=\"UTF-8\"", null, "text/plain",
            "application/json; charset=latin1", "application/json;;charset="};
    static final String[] CALLERS = {"super", "org-admin:acme:alice", "user:acme:bob", "org-admin:globex:gina"};

    private static Database db;
    private static LocalConnector connector;
    private static long acmeId;
    private static long globexId;

    @DictionaryFile(resourcePath = "json.dict")
    @FuzzTest(maxDuration = "60s")
    void request(FuzzedDataProvider data) throws Exception {
        start();
        // the database is on this machine; fuzzed requests must not make the server connect anywhere else
        BugDetectors.allowNetworkConnections((host, port) -> isLoopback(host));
        Route route = ROUTES.get(data.consumeInt(0, ROUTES.size() - 1));
        String caller = CALLERS[data.consumeInt(0, CALLERS.length - 1)];
        String contentType = CONTENT_TYPES[data.consumeInt(0, CONTENT_TYPES.length - 1)];
        boolean fuzzParameter = data.consumeInt(0, 7) == 7;
        String path = route.template();
        if (fuzzParameter) {
            String[] names = {"{org}", "{username}", "{id}", "{group}", "{uid}"};
            String name = names[data.consumeInt(0, names.length - 1)];
            path = path.replace(name, encodeSegment(data.consumeString(40)));
        }
        path = path.replace("{org}", "acme").replace("{username}", "bob").replace("{id}", "room-101")
                .replace("{group}", "execs").replace("{uid}", "uid-1");
        byte[] rest = data.consumeRemainingAsBytes();
        byte[] body = route.hasBody() ? rest : new byte[0];
        String query = route.hasBody() ? "" : encodeQuery(new String(rest, StandardCharsets.UTF_8));

        long started = System.nanoTime();
        Answer answer = send(route.method(), path, query, caller, contentType, body);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (answer.status() >= 500 || millis > REQUEST_LIMIT_MILLIS) {
            fail(route.method() + " " + path + (query.isEmpty() ? "" : "?" + query) + " as " + caller + " with "
                    + contentType + " and body " + new String(body, StandardCharsets.UTF_8) + " answered "
                    + answer.status() + " after " + millis + " ms: " + answer.body());
        }
        repairFixtures();
    }

    record Answer(int status, String body) {
    }

    static Answer send(String method, String path, String query, String caller, String contentType, byte[] body)
            throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method).append(" /api/v1").append(path);
        if (!query.isEmpty()) {
            head.append('?').append(query);
        }
        head.append(" HTTP/1.1\r\nHost: localhost\r\nX-Fuzz-Caller: ").append(caller).append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        raw.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        raw.write(body);
        ByteBuffer response = connector.getResponse(ByteBuffer.wrap(raw.toByteArray()), 30, TimeUnit.SECONDS);
        assertNotNull(response, method + " " + path + ": no response within 30 s");
        String text = StandardCharsets.UTF_8.decode(response).toString();
        assertTrue(text.startsWith("HTTP/1.1 "), "not an HTTP response: " + text);
        int status = Integer.parseInt(text.substring(9, 12));
        int bodyAt = text.indexOf("\r\n\r\n");
        return new Answer(status, bodyAt < 0 ? "" : text.substring(bodyAt + 4));
    }

    /** A path segment as a client would send it: UTF-8, percent-encoded except unreserved characters. */
    static String encodeSegment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~:@".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /** A query string as sent: what may stand in a request line is kept (even broken %-escapes), the rest encoded. */
    static String encodeQuery(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c > 0x20 && c < 0x7F && c != '#') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    // ---- server and fixtures ----

    private static synchronized void start() throws Exception {
        if (connector != null) {
            return;
        }
        TestDatabase testDb = TestDatabases.create("admin_api_fuzz");
        db = Database.open(new DatabaseConfig(testDb.jdbcUrl(), testDb.user(), testDb.password(), 4));
        CalendarObjectParser parser = new CalendarObjectParser(CalendarObjectLimits.defaults());
        SchedulingStores stores = SchedulingStores.over(db);
        ImplicitScheduler scheduler = new ImplicitScheduler(stores, parser,
                new RoomAgent(stores, parser, new OccurrenceIndex(stores, parser, CalendarObjectLimits.defaults()),
                        Duration.ofDays(365)),
                ExternalDelivery.NONE, RESOURCE_DOMAIN);
        AdminApiServlet servlet = new AdminApiServlet(db, AdminApiFuzzTest::authenticate, RESOURCE_DOMAIN, HASHER,
                null, new ManagerDecisions(stores, scheduler, parser));
        Server server = new Server();
        connector = new LocalConnector(server);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(servlet), "/api/v1/*");
        server.setHandler(context);
        server.start();
        db.transaction(cfg -> new JooqOrgStore(cfg.dsl()).create("root", "Fuzzing root"));
        createFixtures();
    }

    /** The fixtures, created through the API itself (as the super-admin). */
    private static void createFixtures() throws Exception {
        for (String[] r : new String[][] {
                {"POST", "/orgs", "{\"slug\":\"acme\",\"name\":\"ACME Corp\"}"},
                {"POST", "/orgs", "{\"slug\":\"globex\",\"name\":\"Globex\"}"},
                {"POST", "/orgs/acme/users", "{\"username\":\"alice\",\"email\":\"alice@acme.example\","
                        + "\"role\":\"org-admin\"}"},
                {"POST", "/orgs/acme/users", "{\"username\":\"bob\",\"email\":\"bob@acme.example\"}"},
                {"POST", "/orgs/globex/users", "{\"username\":\"gina\",\"role\":\"org-admin\"}"},
                {"POST", "/orgs/acme/groups", "{\"name\":\"execs\",\"displayName\":\"Executive team\"}"},
                {"POST", "/orgs/acme/resources", "{\"id\":\"room-101\",\"type\":\"ROOM\",\"name\":\"Room 101\","
                        + "\"capacity\":20,\"autoScheduleMode\":\"manual\"}"},
                {"PUT", "/orgs/acme/resources/room-101/managers/alice", "{\"access\":\"read-write\"}"}}) {
            Answer a = send(r[0], r[1], "", "super", "application/json", r[2].getBytes(StandardCharsets.UTF_8));
            assertTrue(a.status() < 300, r[0] + " " + r[1] + " → " + a.status() + " " + a.body());
        }
        OrgStore orgs = new JooqOrgStore(db.dsl());
        acmeId = orgs.bySlug("acme").orElseThrow().id();
        globexId = orgs.bySlug("globex").orElseThrow().id();
    }

    /** A PATCH may have renamed a fixture org (and a POST taken its slug): give it its slug back. */
    private static void repairFixtures() {
        repair("acme", acmeId);
        repair("globex", globexId);
    }

    private static void repair(String slug, long id) {
        OrgStore orgs = new JooqOrgStore(db.dsl());
        Optional<Org> holder = orgs.bySlug(slug);
        if (holder.isPresent() && holder.get().id() == id) {
            return;
        }
        db.transaction(cfg -> {
            OrgStore tx = new JooqOrgStore(cfg.dsl());
            holder.ifPresent(other -> tx.update(other.id(), "moved-" + other.id(), null));
            return tx.update(id, slug, null).orElseThrow();
        });
    }

    /** {@code X-Fuzz-Caller}: "super", or role:org:user. */
    private static Optional<Caller> authenticate(HttpServletRequest req) {
        String h = req.getHeader("X-Fuzz-Caller");
        if (h == null) {
            return Optional.empty();
        }
        if (h.equals("super")) {
            return new JooqOrgStore(db.dsl()).bySlug("root").map(o -> new Caller(null, o.id(), Role.SUPER_ADMIN));
        }
        String[] p = h.split(":", 3);
        Optional<Org> org = new JooqOrgStore(db.dsl()).bySlug(p[1]);
        if (org.isEmpty()) {
            return Optional.empty();
        }
        Optional<Principal> user = new JooqPrincipalStore(db.dsl()).byName(PrincipalKind.USER, p[2]);
        return user.filter(u -> u.orgId() == org.get().id())
                .map(u -> new Caller(u.id(), org.get().id(), Role.fromDb(p[0])));
    }
}
