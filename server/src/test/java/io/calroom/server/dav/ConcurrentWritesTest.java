package io.calroom.server.dav;

import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writers of one calendar run side by side (only writers of the same UID take turns): the
 * outcomes must be those of some order of the writes, and a client syncing meanwhile must end
 * up with every member (RFC 6578 §3.2).
 */
class ConcurrentWritesTest {
    static TestServer server;
    static DavClient dana;

    @BeforeAll
    static void start() {
        server = TestServer.start(ConcurrentWritesTest.class);
        server.user("dana");
        dana = server.client("dana");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static List<HttpResponse<String>> all(List<java.util.concurrent.Callable<HttpResponse<String>>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<HttpResponse<String>> out = new ArrayList<>();
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) out.add(f.get());
            return out;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void oneUidPutToManyUrisAtOnce_oneWinsAndTheOthersNameIt_rfc4791_section5_3_2_1() throws Exception {
        String cal = "/calendars/users/dana/default/";
        List<java.util.concurrent.Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String uri = cal + "same-uid-" + i + ".ics";
            String body = Ics.event("shared-uid", "20261210T100000Z", "20261210T110000Z", "Copy " + i);
            calls.add(() -> dana.put(uri, body));
        }
        List<HttpResponse<String>> rs = all(calls);
        List<Integer> created = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) if (rs.get(i).statusCode() == 201) created.add(i);
        assertEquals(1, created.size(), "exactly one write keeps the UID");
        String winner = cal + "same-uid-" + created.get(0) + ".ics";
        for (HttpResponse<String> r : rs) {
            if (r.statusCode() == 201) continue;
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(r.body().contains("no-uid-conflict") && r.body().contains(winner), r.body());
        }
    }

    @Test
    void differentUidsPutToOneNewUriAtOnce_oneWinsAndTheOthersConflict() throws Exception {
        String uri = "/calendars/users/dana/default/contested.ics";
        List<java.util.concurrent.Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String body = Ics.event("contender-" + i, "20261211T100000Z", "20261211T110000Z", "Contender " + i);
            calls.add(() -> dana.put(uri, body));
        }
        int created = 0;
        for (HttpResponse<String> r : all(calls)) {
            if (r.statusCode() == 201) {
                created++;
                continue;
            }
            // whichever order: the later write would replace an object of another UID
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(r.body().contains("no-uid-conflict"), r.body());
        }
        assertEquals(1, created);
        assertEquals(200, dana.get(uri).statusCode());
    }

    @Test
    void aClientSyncingWhileEightWritersFillTheCalendarMissesNoMember_rfc6578_section3_2() throws Exception {
        server.user("erin");
        DavClient erin = server.client("erin");
        String cal = "/calendars/users/erin/default/";
        Set<String> expected = new HashSet<>();
        List<java.util.concurrent.Callable<HttpResponse<String>>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            writers.add(() -> {
                HttpResponse<String> last = null;
                for (int i = 0; i < 30; i++) {
                    String uid = "w" + writer + "-" + i;
                    last = erin.put(cal + uid + ".ics", Ics.event(uid, "20261212T100000Z", "20261212T110000Z", uid));
                    assertEquals(201, last.statusCode(), last.body());
                }
                return last;
            });
            for (int i = 0; i < 30; i++) expected.add(cal + "w" + w + "-" + i + ".ics");
        }
        Set<String> seen = new HashSet<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        Future<String> lastToken = reader.submit(() -> {
            String token = "";
            boolean last = false;
            while (!last) {
                last = !writing.get(); // one more round once every writer has had its answer
                Multistatus ms = sync(erin, cal, token);
                for (String href : ms.hrefs()) if (!href.equals(cal)) seen.add(href); // nothing is deleted here
                token = ms.root().getElementsByTagNameNS("DAV:", "sync-token").item(0).getTextContent();
            }
            return token;
        });
        all(writers);
        writing.set(false);
        String token = lastToken.get();
        reader.shutdown();
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(seen);
        assertEquals(Set.of(), missing, "every member reached the syncing client");
        assertEquals(expected, seen);
        assertEquals(List.of(), sync(erin, cal, token).hrefs(), "and from the last token nothing is new");
    }

    private static Multistatus sync(DavClient c, String cal, String token) {
        HttpResponse<String> r = c.request("REPORT", cal).xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <D:sync-collection xmlns:D="DAV:">
                  <D:sync-token>%s</D:sync-token>
                  <D:sync-level>1</D:sync-level>
                  <D:prop><D:getetag/></D:prop>
                </D:sync-collection>""".formatted(token)).send();
        assertEquals(207, r.statusCode(), r.body());
        return new Multistatus(r.body());
    }
}
