package io.calroom.server.caldav;

import io.calroom.server.support.Caldav;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PUT / GET / HEAD / DELETE / COPY / MOVE of calendar object resources (RFC 4791 §5.3.2, RFC 4918 §9). */
class CalendarObjectTest {
    static final String CAL = "/calendars/users/carol/default/";
    static TestServer server;
    static DavClient carol;

    @BeforeAll
    static void start() {
        server = TestServer.start(CalendarObjectTest.class);
        server.user("carol");
        carol = server.client("carol");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void putGetHeadDeleteWithStrongEtags() {
        String body = Ics.event("put-get-1", "20261203T100000Z", "20261203T110000Z", "Budget review");
        HttpResponse<String> put = carol.put(CAL + "put-get-1.ics", body);
        assertEquals(201, put.statusCode());
        String etag = put.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.startsWith("\"") && etag.endsWith("\""), etag);

        HttpResponse<String> get = carol.get(CAL + "put-get-1.ics");
        assertEquals(200, get.statusCode());
        assertEquals(body, get.body());
        assertEquals(etag, get.headers().firstValue("ETag").orElseThrow());
        assertTrue(get.headers().firstValue("Content-Type").orElseThrow().startsWith("text/calendar"));

        HttpResponse<String> head = carol.request("HEAD", CAL + "put-get-1.ics").send();
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(304, carol.request("GET", CAL + "put-get-1.ics").header("If-None-Match", etag).send().statusCode());

        HttpResponse<String> update = carol.put(CAL + "put-get-1.ics", body.replace("Budget review", "Budget review v2"));
        assertEquals(204, update.statusCode());
        assertNotEquals(etag, update.headers().firstValue("ETag").orElseThrow());

        assertEquals(204, carol.delete(CAL + "put-get-1.ics").statusCode());
        assertEquals(404, carol.get(CAL + "put-get-1.ics").statusCode());
        assertEquals(404, carol.delete(CAL + "put-get-1.ics").statusCode());
    }

    @Test
    void ifNoneMatchStarCreatesOnlyOnce_andIfMatchGuardsUpdatesAndDeletes() {
        String body = Ics.event("cond-1", "20261203T100000Z", "20261203T110000Z", "Conditional");
        assertEquals(201, carol.request("PUT", CAL + "cond-1.ics").header("If-None-Match", "*").body("text/calendar", body).send().statusCode());
        assertEquals(412, carol.request("PUT", CAL + "cond-1.ics").header("If-None-Match", "*").body("text/calendar", body).send().statusCode());
        String etag = carol.get(CAL + "cond-1.ics").headers().firstValue("ETag").orElseThrow();
        assertEquals(412, carol.request("PUT", CAL + "cond-1.ics").header("If-Match", "\"stale\"").body("text/calendar", body).send().statusCode());
        assertEquals(412, carol.request("PUT", CAL + "cond-1.ics").header("If-Match", "W/" + etag).body("text/calendar", body).send().statusCode());
        assertEquals(204, carol.request("PUT", CAL + "cond-1.ics").header("If-Match", etag).body("text/calendar", body).send().statusCode());
        assertEquals(412, carol.request("PUT", CAL + "missing.ics").header("If-Match", "*").body("text/calendar", body).send().statusCode());
        assertEquals(412, carol.request("DELETE", CAL + "cond-1.ics").header("If-Match", "\"stale\"").send().statusCode());
        assertEquals(200, carol.get(CAL + "cond-1.ics").statusCode(), "a failed conditional DELETE deletes nothing");
        assertEquals(204, carol.request("DELETE", CAL + "cond-1.ics").header("If-Match", etag).send().statusCode());
    }

    @Test
    void concurrentCreatesWithIfNoneMatchStar_exactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String body = Ics.event("race-1", "20261203T100000Z", "20261203T110000Z", "Race " + i);
                results.add(pool.submit(() -> carol.request("PUT", CAL + "race-1.ics").header("If-None-Match", "*")
                        .body("text/calendar", body).send().statusCode()));
            }
            int created = 0, refused = 0;
            for (Future<Integer> f : results) {
                int s = f.get();
                if (s == 201) created++;
                else if (s == 412) refused++;
            }
            assertEquals(1, created);
            assertEquals(15, refused);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void uidConflictNamesTheExistingResource_rfc4791_section5_3_2_1() {
        assertEquals(201, carol.put(CAL + "uid-a.ics", Ics.event("same-uid", "20261203T100000Z", "20261203T110000Z", "A")).statusCode());
        HttpResponse<String> r = carol.put(CAL + "uid-b.ics", Ics.event("same-uid", "20261204T100000Z", "20261204T110000Z", "B"));
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("no-uid-conflict") && r.body().contains(CAL + "uid-a.ics"), r.body());
        HttpResponse<String> changedUid = carol.put(CAL + "uid-a.ics", Ics.event("other-uid", "20261203T100000Z", "20261203T110000Z", "A"));
        assertEquals(403, changedUid.statusCode());
        assertTrue(changedUid.body().contains("no-uid-conflict"), changedUid.body());
        assertEquals(404, carol.get(CAL + "uid-b.ics").statusCode());
    }

    @Test
    void recurringAllDayTodoAndTimezoneObjectsAreStoredWithTheirOccurrences() throws Exception {
        assertEquals(201, carol.put(CAL + "weekly.ics", Ics.weeklyWithExceptions("weekly-1")).statusCode());
        assertEquals(201, carol.put(CAL + "allday.ics", Ics.allDay("allday-1")).statusCode());
        assertEquals(201, carol.put(CAL + "todo.ics", Ics.todo("todo-1")).statusCode());
        try (Connection c = server.server().database().dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("""
                     SELECT count(*) FROM calendar_instances i JOIN calendar_objects o ON o.id = i.object_id
                     WHERE o.uid = 'weekly-1'""")) {
            rs.next();
            assertEquals(9, rs.getInt(1), "10 weekly occurrences minus one EXDATE; the override replaces its instance");
        }
        try (Connection c = server.server().database().dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("""
                     SELECT lower(i.period) FROM calendar_instances i JOIN calendar_objects o ON o.id = i.object_id
                     WHERE o.uid = 'weekly-1' AND i.recurrence_id IS NOT NULL AND i.recurrence_id = '2026-12-14T09:00:00Z'""")) {
            assertTrue(rs.next());
            assertEquals(java.time.Instant.parse("2026-12-15T13:00:00Z"), rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
        }
    }

    @Test
    void everyWriteBumpsCtagAndSyncToken() {
        String before = ctag();
        carol.put(CAL + "ctag.ics", Ics.event("ctag-1", "20261203T100000Z", "20261203T110000Z", "x"));
        String afterPut = ctag();
        assertNotEquals(before, afterPut);
        carol.delete(CAL + "ctag.ics");
        assertNotEquals(afterPut, ctag());
    }

    private static String ctag() {
        HttpResponse<String> r = carol.propfind(CAL, "0", "<propfind xmlns=\"DAV:\" xmlns:cs=\"http://calendarserver.org/ns/\"><prop><cs:getctag/><sync-token/></prop></propfind>");
        Multistatus ms = new Multistatus(r.body());
        return ms.prop(CAL, Caldav.CS, "getctag").text() + " " + ms.prop(CAL, "DAV:", "sync-token").text();
    }

    @Test
    void propfindDepth1ListsObjectsWithEtags() {
        carol.put(CAL + "listed.ics", Ics.event("listed-1", "20261203T100000Z", "20261203T110000Z", "x"));
        String etag = carol.get(CAL + "listed.ics").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> r = carol.propfind(CAL, "1", "<propfind xmlns=\"DAV:\"><prop><getetag/><getcontenttype/></prop></propfind>");
        Multistatus ms = new Multistatus(r.body());
        assertEquals(etag, ms.prop(CAL + "listed.ics", "DAV:", "getetag").text());
        assertTrue(ms.prop(CAL + "listed.ics", "DAV:", "getcontenttype").text().startsWith("text/calendar"));
    }

    @Test
    void copyAndMoveBetweenCalendars_withOverwriteAndIfMatch() {
        assertEquals(201, carol.request("MKCALENDAR", "/calendars/users/carol/work/").send().statusCode());
        assertEquals(201, carol.put(CAL + "mv.ics", Ics.event("mv-1", "20261203T100000Z", "20261203T110000Z", "Move me")).statusCode());
        HttpResponse<String> copy = carol.request("COPY", CAL + "mv.ics")
                .header("Destination", server.baseUrl() + "/calendars/users/carol/work/copied.ics").send();
        assertEquals(201, copy.statusCode());
        assertEquals(200, carol.get("/calendars/users/carol/work/copied.ics").statusCode());
        assertEquals(200, carol.get(CAL + "mv.ics").statusCode());
        HttpResponse<String> noOverwrite = carol.request("COPY", CAL + "mv.ics").header("Overwrite", "F")
                .header("Destination", "/calendars/users/carol/work/copied.ics").send();
        assertEquals(412, noOverwrite.statusCode());
        assertEquals(412, carol.request("MOVE", CAL + "mv.ics").header("If-Match", "\"stale\"")
                .header("Destination", "/calendars/users/carol/work/moved.ics").send().statusCode());
        HttpResponse<String> sameUid = carol.request("MOVE", CAL + "mv.ics")
                .header("Destination", "/calendars/users/carol/work/moved.ics").send();
        assertEquals(403, sameUid.statusCode(), "the work calendar already holds UID mv-1 as copied.ics");
        assertTrue(sameUid.body().contains("no-uid-conflict"));
        assertEquals(204, carol.delete("/calendars/users/carol/work/copied.ics").statusCode());
        assertEquals(201, carol.request("MOVE", CAL + "mv.ics").header("Destination", "/calendars/users/carol/work/moved.ics").send().statusCode());
        assertEquals(404, carol.get(CAL + "mv.ics").statusCode());
        assertEquals(200, carol.get("/calendars/users/carol/work/moved.ics").statusCode());
        assertEquals(201, carol.request("MOVE", "/calendars/users/carol/work/moved.ics").header("Destination", "/calendars/users/carol/work/renamed.ics").send().statusCode());
        assertEquals(200, carol.get("/calendars/users/carol/work/renamed.ics").statusCode());
    }

    static String deadProperty(String href) {
        HttpResponse<String> r = carol.propfind(href, "0", "<D:propfind xmlns:D=\"DAV:\" xmlns:X=\"urn:example:client\"><D:prop><X:note/></D:prop></D:propfind>");
        assertEquals(207, r.statusCode(), r.body());
        Multistatus.Prop p = new Multistatus(r.body()).prop(href, "urn:example:client", "note");
        return p.status() == 200 ? p.text() : null;
    }

    @Test
    void moveAndCopyKeepTheDeadProperties_rfc4918_section9_8_2_and_9_9_1() {
        carol.request("MKCALENDAR", "/calendars/users/carol/props/").send();
        assertEquals(201, carol.put(CAL + "dead.ics", Ics.event("dead-1", "20271203T100000Z", "20271203T110000Z", "Annotated")).statusCode());
        HttpResponse<String> patch = carol.request("PROPPATCH", CAL + "dead.ics").xml("""
                <D:propertyupdate xmlns:D="DAV:" xmlns:X="urn:example:client"><D:set><D:prop>
                <X:note>keep me</X:note></D:prop></D:set></D:propertyupdate>""").send();
        assertTrue(patch.body().contains("200 OK"), patch.body());
        assertEquals(201, carol.request("MOVE", CAL + "dead.ics").header("Destination", CAL + "renamed-dead.ics").send().statusCode());
        assertEquals("keep me", deadProperty(CAL + "renamed-dead.ics"), "a rename inside the calendar keeps them");
        assertEquals(201, carol.request("COPY", CAL + "renamed-dead.ics").header("Destination", "/calendars/users/carol/props/copied-dead.ics").send().statusCode());
        assertEquals("keep me", deadProperty("/calendars/users/carol/props/copied-dead.ics"));
        assertEquals(204, carol.delete("/calendars/users/carol/props/copied-dead.ics").statusCode());
        assertEquals(201, carol.request("MOVE", CAL + "renamed-dead.ics").header("Destination", "/calendars/users/carol/props/moved-dead.ics").send().statusCode());
        assertEquals("keep me", deadProperty("/calendars/users/carol/props/moved-dead.ics"));
    }
}
