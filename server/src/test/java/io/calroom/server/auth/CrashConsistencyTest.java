package io.calroom.server.auth;

import io.calroom.schema.check.ConsistencyCheck;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server killed with SIGKILL under write load: after a restart every acknowledged write is
 * there, intact, and the consistency check finds nothing half-written.
 */
class CrashConsistencyTest {
    @Test
    void everyAcknowledgedWriteSurvivesAKill() throws Exception {
        try (TestDatabase db = TestDatabases.create("crash")) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String base = "http://127.0.0.1:" + port;
            Process first = startServer(db, port);
            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            try {
                waitForHealth(base);
                DavClient ops = new DavClient(base, "ops", "ops-password");
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService writers = Executors.newFixedThreadPool(4);
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    writers.submit(() -> {
                        for (int i = 0; running.get(); i++) {
                            String uri = "w" + writer + "-" + i + ".ics";
                            try {
                                HttpResponse<String> r = ops.put("/calendars/users/ops/default/" + uri,
                                        Ics.weeklyWithExceptions("crash-" + writer + "-" + i));
                                if (r.statusCode() == 201) acknowledged.put(uri, r.headers().firstValue("ETag").orElse(""));
                            } catch (RuntimeException e) {
                                return; // the server is gone
                            }
                        }
                    });
                }
                Thread.sleep(2500);
                first.destroyForcibly(); // SIGKILL
                first.waitFor(10, TimeUnit.SECONDS);
                running.set(false);
                writers.shutdown();
                writers.awaitTermination(30, TimeUnit.SECONDS);
            } finally {
                first.destroyForcibly();
            }
            assertTrue(acknowledged.size() > 5, "the load ran: " + acknowledged.size());

            Process second = startServer(db, port);
            try {
                waitForHealth(base);
                DavClient ops = new DavClient(base, "ops", "ops-password");
                List<String> lost = new ArrayList<>();
                acknowledged.forEach((uri, etag) -> {
                    HttpResponse<String> r = ops.get("/calendars/users/ops/default/" + uri);
                    if (r.statusCode() != 200 || !etag.equals(r.headers().firstValue("ETag").orElse(""))) lost.add(uri);
                });
                assertEquals(List.of(), lost, "acknowledged writes lost after SIGKILL");
            } finally {
                second.destroyForcibly();
                second.waitFor(10, TimeUnit.SECONDS);
            }
            List<ConsistencyCheck.Problem> problems = new ConsistencyCheck(DSL.using(db.dataSource(), SQLDialect.POSTGRES)).run();
            assertEquals(List.of(), problems);
        }
    }

    private static Process startServer(TestDatabase db, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.calroom.server.Main");
        Map<String, String> env = pb.environment();
        env.put("CALDAV_DB_URL", db.jdbcUrl());
        if (db.user() != null) env.put("CALDAV_DB_USER", db.user());
        if (db.password() != null) env.put("CALDAV_DB_PASSWORD", db.password());
        env.put("CALDAV_PORT", Integer.toString(port));
        env.put("CALDAV_HOST", "127.0.0.1");
        env.put("CALDAV_ADMIN_USER", "ops");
        env.put("CALDAV_ADMIN_PASSWORD", "ops-password");
        env.put("CALDAV_PASSWORD_HASH_ITERATIONS", "1000");
        env.put("CALDAV_DEMO_DATA", "false");
        env.put("CALDAV_LOG_LEVEL", "warn");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    private static void waitForHealth(String base) throws InterruptedException {
        for (int i = 0; i < 120; i++) {
            try {
                if (DavClient.anonymous(base).get("/health").statusCode() == 200) return;
            } catch (RuntimeException ignored) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the server did not come up at " + base);
    }
}
