package io.calroom.server.support;

import io.calroom.principal.NewPrincipal;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.Role;
import io.calroom.server.CalroomServer;
import io.calroom.server.config.ConfigLoader;
import io.calroom.server.config.ServerConfig;
import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A real server on a random port over a fresh PostgreSQL database, for one test class. Accounts are
 * provisioned straight into the database (the admin API is not needed for that).
 */
public final class TestServer implements AutoCloseable {
    public static final String PASSWORD = "secret-pass";
    private final TestDatabase database;
    private final CalroomServer server;
    private ServerConfig config;
    private Clock clock;

    private TestServer(TestDatabase database, CalroomServer server) {
        this.database = database;
        this.server = server;
    }

    public static TestServer start(Class<?> testClass) {
        return start(testClass, Map.of());
    }

    public static TestServer start(Class<?> testClass, Map<String, String> extraEnv) {
        return start(testClass, extraEnv, Clock.systemUTC());
    }

    /**
     * A server whose calendar time is read from {@code clock} (expansion horizons, booking decisions,
     * free-busy, the occurrence maintenance job): tests of behaviour that depends on "now" pin it, so
     * that they pass on any date. See {@link TestClock}.
     */
    public static TestServer start(Class<?> testClass, Map<String, String> extraEnv, Clock clock) {
        TestDatabase db = TestDatabases.create(testClass.getSimpleName());
        Map<String, String> env = new HashMap<>();
        env.put("CALDAV_DB_URL", db.jdbcUrl());
        if (db.user() != null) env.put("CALDAV_DB_USER", db.user());
        if (db.password() != null) env.put("CALDAV_DB_PASSWORD", db.password());
        env.put("CALDAV_PORT", "0");
        env.put("CALDAV_HOST", "127.0.0.1");
        env.put("CALDAV_DB_POOL_SIZE", "8");
        env.put("CALDAV_PASSWORD_HASH_ITERATIONS", "1000");
        env.put("CALDAV_DEMO_DATA", "false");
        env.put("CALDAV_AUTH_MAX_FAILURES", "1000"); // tests fail logins on purpose; ThrottleTest sets its own
        env.putAll(extraEnv);
        ServerConfig config = new ConfigLoader(env).load();
        try {
            TestServer t = new TestServer(db, new CalroomServer(config, clock).start());
            t.config = config;
            t.clock = clock;
            return t;
        } catch (Exception e) {
            db.close();
            throw new IllegalStateException("the test server did not start", e);
        }
    }

    /** A second server process on the same database (for tests of several instances sharing one database). */
    public CalroomServer sibling() throws Exception {
        return new CalroomServer(config, clock).start();
    }

    /** The server's clock. */
    public Clock clock() {
        return clock;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public CalroomServer server() {
        return server;
    }

    /** A user in the org with this slug (created if needed), password {@link #PASSWORD}. */
    public Principal user(String org, String name, Role role) {
        server.directory().invalidateAll();
        return server.database().transaction(() -> {
            PrincipalStore store = server.directoryStores().principals();
            var o = store.ensureOrg(org, org);
            return store.byName(PrincipalKind.USER, name).orElseGet(() -> server.directoryStores().accounts().create(
                    new NewPrincipal(o.id(), PrincipalKind.USER, name, "INDIVIDUAL", name + " Example",
                            name + "@example.com", role, PASSWORD)));
        });
    }

    public Principal user(String name) {
        return user("default", name, Role.USER);
    }

    /** A DAV client authenticated as this user. */
    public DavClient client(String username) {
        return new DavClient(baseUrl(), username, PASSWORD);
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            database.close();
        }
    }
}
