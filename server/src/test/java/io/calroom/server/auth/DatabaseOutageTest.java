package io.calroom.server.auth;

import io.calroom.server.CalroomServer;
import io.calroom.server.config.ConfigLoader;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PostgreSQL restarted while the server runs: 503 with Retry-After meanwhile, and recovery without a restart. */
class DatabaseOutageTest {
    static Path data;
    static int pgPort;
    static EmbeddedPostgres postgres;
    static CalroomServer server;
    static DavClient admin;

    static EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(pgPort).start();
    }

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("calroom-outage");
        try (ServerSocket s = new ServerSocket(0)) {
            pgPort = s.getLocalPort();
        }
        postgres = startPostgres();
        Map<String, String> env = new HashMap<>();
        env.put("CALDAV_DB_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres");
        env.put("CALDAV_DB_USER", "postgres");
        env.put("CALDAV_PORT", "0");
        env.put("CALDAV_HOST", "127.0.0.1");
        env.put("CALDAV_PASSWORD_HASH_ITERATIONS", "1000");
        env.put("CALDAV_DEMO_DATA", "false");
        env.put("CALDAV_ADMIN_USER", "ops");
        env.put("CALDAV_ADMIN_PASSWORD", "ops-password");
        server = new CalroomServer(new ConfigLoader(env).load()).start();
        admin = new DavClient("http://127.0.0.1:" + server.port(), "ops", "ops-password");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (postgres != null) postgres.close();
    }

    @Test
    void requestsDuringAnOutageGet503AndTheServerRecoversByItself() throws Exception {
        String cal = "/calendars/users/ops/default/";
        assertEquals(201, admin.put(cal + "before.ics", Ics.event("before", "20271203T100000Z", "20271203T110000Z", "Before")).statusCode());

        postgres.close();
        HttpResponse<String> during = admin.put(cal + "during.ics", Ics.event("during", "20271203T120000Z", "20271203T130000Z", "During"));
        assertEquals(503, during.statusCode(), during.body());
        assertTrue(during.headers().firstValue("Retry-After").isPresent());
        assertEquals(503, admin.get(cal + "before.ics").statusCode());
        HttpResponse<String> health = DavClient.anonymous("http://127.0.0.1:" + server.port()).get("/health");
        assertEquals(503, health.statusCode(), "readiness reflects the outage");

        postgres = startPostgres();
        HttpResponse<String> after = null;
        for (int i = 0; i < 30; i++) {
            after = admin.get(cal + "before.ics");
            if (after.statusCode() == 200) break;
            Thread.sleep(500);
        }
        assertEquals(200, after.statusCode(), "recovered without a restart");
        assertEquals(201, admin.put(cal + "after.ics", Ics.event("after", "20271203T140000Z", "20271203T150000Z", "After")).statusCode());
        assertEquals(404, admin.get(cal + "during.ics").statusCode(), "the refused write left nothing behind");
        assertEquals(200, DavClient.anonymous("http://127.0.0.1:" + server.port()).get("/health").statusCode());
    }
}
