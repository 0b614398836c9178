package io.calroom.server.schedule;

import io.calroom.server.CalroomServer;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two server processes on one database: bookings of one slot are still decided one at a time. */
class TwoServersTest {
    static TestServer server;
    static CalroomServer second;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(TwoServersTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"));
        second = server.sibling();
        DavClient root = new DavClient(server.baseUrl(), "root", "root-pass");
        root.request("POST", "/api/v1/orgs").body("application/json", "{\"slug\":\"acme\",\"name\":\"Acme\"}").send();
        for (int i = 0; i < 40; i++) {
            root.request("POST", "/api/v1/orgs/acme/users").body("application/json", "{\"username\":\"t" + i
                    + "\",\"email\":\"t" + i + "@acme.example\",\"displayName\":\"t" + i + "\",\"password\":\"password-t" + i + "\",\"role\":\"user\"}").send();
        }
        HttpResponse<String> room = root.request("POST", "/api/v1/orgs/acme/resources")
                .body("application/json", "{\"id\":\"shared-room\",\"type\":\"ROOM\",\"name\":\"Shared Room\"}").send();
        assertEquals(201, room.statusCode(), room.body());
    }

    @AfterAll
    static void stop() throws Exception {
        second.close();
        server.close();
    }

    @Test
    void concurrentBookingsThroughBothServers_exactlyOneWins() throws Exception {
        String[] bases = {server.baseUrl(), "http://127.0.0.1:" + second.port()};
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String user = "t" + i;
                DavClient c = new DavClient(bases[i % 2], user, "password-" + user);
                String body = RoomAgentTest.booking("two-" + i, user, "acme", "20271220T100000Z", "20271220T110000Z", "Two " + i,
                        "shared-room", "");
                results.add(pool.submit(() -> {
                    String href = "/calendars/users/" + user + "/default/two.ics";
                    HttpResponse<String> r = c.put(href, body);
                    if (r.statusCode() != 201) return "HTTP " + r.statusCode();
                    return RoomAgentTest.roomPartstat(c.get(href).body(), "shared-room");
                }));
            }
            int accepted = 0, declined = 0;
            for (Future<String> f : results) {
                String s = f.get();
                if ("ACCEPTED".equals(s)) accepted++;
                else if ("DECLINED".equals(s)) declined++;
            }
            assertEquals(List.of(1, 39), List.of(accepted, declined));
        } finally {
            pool.shutdown();
        }
    }
}
