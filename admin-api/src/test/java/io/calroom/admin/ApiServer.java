package io.calroom.admin;

import io.calroom.principal.directory.JooqOrgStore;
import io.calroom.principal.DirectoryStores;
import io.calroom.scheduling.SchedulingStores;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calroom.principal.Org;
import io.calroom.principal.PasswordHasher;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.principal.directory.NewUser;
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
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jooq.exception.DataAccessException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real Jetty on a random port with the admin servlet at /api/v1/*, over a fresh database. Callers
 * are named by the header {@code X-Test-Caller: role:orgslug:username} (username {@code -} for a
 * caller that is no user, like a service token).
 */
final class ApiServer implements AutoCloseable {
    static final String RESOURCE_DOMAIN = "resources.test.example";
    static final PasswordHasher HASHER = new PasswordHasher(1_000);
    static final CalendarObjectParser PARSER = new CalendarObjectParser(CalendarObjectLimits.defaults());
    /**
     * The servlet's clock: it starts at 2030-03-01 08:00 UTC and runs on, so that the bookings of the
     * tests (March and April 2030) are ahead of "now" whatever the date.
     */
    static final Clock CLOCK = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Instant.parse("2030-03-01T08:00:00Z")));
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final TestDatabase testDb;
    final Database db;
    final Server jetty;
    final String base;
    /** What the DirectoryChangeListener was told, in order. */
    final List<String> events;
    /** The implicit scheduler as the server builds it, over this server's database: the room agent answers for resources. */
    final ImplicitScheduler scheduler;
    final SchedulingStores stores;

    private ApiServer(TestDatabase testDb, Database db, Server jetty, String base, List<String> events, SchedulingStores stores,
                      ImplicitScheduler scheduler) {
        this.testDb = testDb;
        this.stores = stores;
        this.scheduler = scheduler;
        this.db = db;
        this.jetty = jetty;
        this.base = base;
        this.events = events;
    }

    static ApiServer start(String hint) throws Exception {
        TestDatabase t = TestDatabases.create(hint);
        Database db = Database.open(new DatabaseConfig(t.jdbcUrl(), t.user(), t.password(), 4));
        List<String> events = new CopyOnWriteArrayList<>();
        DirectoryChangeListener listener = new DirectoryChangeListener() {
            @Override public void orgChanged(long orgId) { events.add("org:" + orgId); }
            @Override public void principalChanged(long id, String name) { events.add("principal:" + name); }
            @Override public void resourcePolicyChanged(long id) { events.add("policy:" + id); }
            @Override public void groupChanged(long id) { events.add("group:" + id); }
            @Override public void serviceTokenRevoked(long id, String hash) { events.add("token:" + id + ":" + hash); }
        };
        SchedulingStores stores = SchedulingStores.over(db);
        OccurrenceIndex index = new OccurrenceIndex(stores, PARSER, CalendarObjectLimits.defaults());
        ImplicitScheduler scheduler = new ImplicitScheduler(stores, PARSER,
                new RoomAgent(stores, PARSER, index, Duration.ofDays(365)), ExternalDelivery.NONE, RESOURCE_DOMAIN);
        AdminApiServlet servlet = new AdminApiServlet(db, req -> authenticate(db, req), RESOURCE_DOMAIN, HASHER, listener,
                new ManagerDecisions(stores, scheduler, PARSER), CLOCK, index);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(servlet), "/api/v1/*");
        server.setHandler(context);
        server.start();
        return new ApiServer(t, db, server, "http://127.0.0.1:" + connector.getLocalPort(), events, stores, scheduler);
    }

    /** The test authenticator: header {@code X-Test-Caller: role:org:user}; also simulates failures. */
    private static Optional<Caller> authenticate(Database db, HttpServletRequest req) {
        if (req.getHeader("X-Test-Boom") != null) throw new IllegalStateException("boom: secret internals");
        if (req.getHeader("X-Test-Db-Down") != null)
            throw new DataAccessException("pool exhausted", new SQLTransientConnectionException("connection is not available"));
        String h = req.getHeader("X-Test-Caller");
        if (h == null) return Optional.empty();
        String[] p = h.split(":", 3);
        if (p.length != 3) return Optional.empty();
        Role role = Role.fromDb(p[0]);
        Optional<Org> org = new JooqOrgStore(db.dsl()).bySlug(p[1]);
        if (org.isEmpty()) return Optional.empty();
        if (p[2].equals("-")) return Optional.of(new Caller(null, org.get().id(), role));
        Optional<Principal> user = new io.calroom.principal.JooqPrincipalStore(db.dsl()).byName(PrincipalKind.USER, p[2]);
        return user.filter(u -> u.orgId() == org.get().id()).map(u -> new Caller(u.id(), org.get().id(), role));
    }

    // ---- fixtures through the stores (fast) ----

    Org org(String slug) {
        return db.transaction(cfg -> new JooqOrgStore(cfg.dsl()).create(slug, "Org " + slug));
    }

    Principal user(Org org, String name, Role role) {
        return db.transaction(() -> DirectoryStores.over(db, HASHER).users().create(org.id(),
                new NewUser(name, name + "@people.test.example", "User " + name, role, null, true)));
    }

    // ---- requests ----

    Req req(String method, String path) {
        return new Req(method, path);
    }

    final class Req {
        private final HttpRequest.Builder b;
        private final String method;
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        Req(String method, String path) {
            this.method = method;
            this.b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        }

        Req as(String caller) {
            b.header("X-Test-Caller", caller);
            return this;
        }

        Req header(String name, String value) {
            b.header(name, value);
            return this;
        }

        Req json(String json) {
            return body("application/json", json);
        }

        Req body(String contentType, String text) {
            if (contentType != null) b.header("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofByteArray(text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Req stream(String contentType, Supplier<InputStream> in) {
            b.header("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofInputStream(in);
            return this;
        }

        Res send() {
            try {
                HttpResponse<String> r = HTTP.send(b.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
                return new Res(r.statusCode(), r.headers(), r.body());
            } catch (IOException e) {
                throw new RuntimeException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeException(e);
            }
        }

        /** Sends and checks the status, printing the body on a mismatch. */
        Res expect(int status) {
            Res r = send();
            assertEquals(status, r.status(), () -> method + " -> " + r.status() + " " + r.body());
            return r;
        }
    }

    record Res(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The field names of a validation error. */
        List<String> errorFields() {
            JsonNode f = json().get("fields");
            if (f == null) return List.of();
            List<String> out = new java.util.ArrayList<>();
            f.forEach(x -> out.add(x.get("field").asText()));
            return out;
        }

        List<String> itemStrings(String field) {
            List<String> out = new java.util.ArrayList<>();
            json().get("items").forEach(x -> out.add(x.get(field).asText()));
            return out;
        }
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        db.close();
        testDb.close();
    }
}
