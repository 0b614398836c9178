package io.calroom.server.schedule;

import io.calroom.server.support.AdminApi;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestClock;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The room agent answering invitations inside the organizer's request (the room-booking issue). The
 * bookings are in December 2027; the server's clock starts at {@link #TODAY}, so that they are a year
 * ahead (past the old 365-day conflict horizon) on whatever date the suite runs.
 */
class RoomAgentTest {
    static final java.time.Instant TODAY = java.time.Instant.parse("2026-11-15T08:00:00Z");
    static TestServer server;
    static DavClient root;
    static AdminApi api;

    @BeforeAll
    static void start() {
        server = TestServer.start(RoomAgentTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"),
                TestClock.startingAt(TODAY));
        api = new AdminApi(server, "root", "root-pass");
        root = api.admin();
        api.org("acme");
        api.org("globex");
        for (String u : List.of("alice", "bob", "mgr")) api.user("acme", u);
        api.user("globex", "gina");
        for (int i = 0; i < 100; i++) api.user("acme", "u" + i);
        api.resource("acme", "room-101", "ROOM", "Room 101", "");
        api.resource("acme", "room-manual", "ROOM", "Manual Room", "\"autoScheduleMode\":\"manual\"");
        api.resource("acme", "room-triple", "ROOM", "Triple Room", "\"multipleBookings\":3");
        api.resource("acme", "room-race", "ROOM", "Race Room", "");
        api.manager("acme", "room-manual", "mgr", "read-write");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static DavClient as(String user) {
        return api.as(user);
    }

    static String roomAddress(String id) {
        return "mailto:" + id + "@resources.example.com";
    }

    static String booking(String uid, String organizer, String org, String start, String end, String summary, String room, String extra) {
        return Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Apple Inc.//macOS 14.0//EN
                BEGIN:VEVENT
                UID:%s
                DTSTAMP:20261101T120000Z
                DTSTART:%s
                DTEND:%s
                SUMMARY:%s
                %sORGANIZER;CN=%s:mailto:%s@%s.example
                ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED:mailto:%s@%s.example
                ATTENDEE;CUTYPE=ROOM;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Room:%s
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid, start, end, summary, extra, organizer, organizer, org, organizer, org, roomAddress(room)));
    }

    static String unfolded(String s) {
        return s.replace("\r\n ", "").replace("\n ", "");
    }

    static String roomPartstat(String organizerCopy, String room) {
        for (String line : unfolded(organizerCopy).split("\r?\n")) {
            if (line.startsWith("ATTENDEE") && line.endsWith(roomAddress(room))) {
                var m = java.util.regex.Pattern.compile("PARTSTAT=([A-Z-]+)").matcher(line);
                return m.find() ? m.group(1) : null;
            }
        }
        return null;
    }

    static String put(String user, String name, String body) {
        String href = "/calendars/users/" + user + "/default/" + name;
        HttpResponse<String> r = as(user).put(href, body);
        assertTrue(r.statusCode() == 201 || r.statusCode() == 204, r.statusCode() + " " + r.body());
        return as(user).get(href).body();
    }

    @Test
    void aFreeRoomAcceptsAtOnceAndFillsTheLocation() {
        String copy = put("alice", "free.ics", booking("free-1", "alice", "acme", "20271203T100000Z", "20271203T110000Z", "Budget review", "room-101", ""));
        assertEquals("ACCEPTED", roomPartstat(copy, "room-101"), copy);
        assertTrue(unfolded(copy).matches("(?s).*SCHEDULE-STATUS=2\\.0[^\\r\\n]*" + java.util.regex.Pattern.quote(roomAddress("room-101")) + ".*"), copy);
        assertTrue(copy.contains("LOCATION:Room 101"), copy);
        HttpResponse<String> roomCopy = root.get("/calendars/resources/room-101/default/free-1.ics");
        assertEquals(200, roomCopy.statusCode());
        assertEquals(1, new Multistatus(root.propfind("/calendars/resources/room-101/inbox/", "1", null).body()).hrefs().size(),
                "the room's inbox stays empty for decisions the agent made");
    }

    /**
     * RFC 5545 §3.8.8.3: the reason in the room's REQUEST-STATUS is TEXT, so the title of the booking it names is
     * escaped there (§3.3.11), whatever it holds; a '$' in it used to make the room agent fail.
     */
    @Test
    void aReasonNamingABookingTitleIsEscapedTextWhateverTheTitleHolds_rfc5545_3_8_8_3() {
        put("alice", "dollar-1.ics", booking("dollar-1", "alice", "acme", "20271206T100000Z", "20271206T110000Z",
                "Budget $5\\; Q1\\, draft", "room-101", ""));
        String second = put("alice", "dollar-2.ics", booking("dollar-2", "alice", "acme", "20271206T103000Z", "20271206T113000Z",
                "Overlap", "room-101", ""));
        assertEquals("DECLINED", roomPartstat(second, "room-101"), second);
        String inbox = new Multistatus(as("alice").request("REPORT", "/calendars/users/alice/inbox/").header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data/></D:prop>
                <C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>""").send().body())
                .root().getTextContent();
        assertTrue(unfolded(inbox).contains("REQUEST-STATUS:4.0;Event conflict. Date/time is busy.;Room 101 is already booked "),
                inbox);
        assertTrue(unfolded(inbox).contains(" by 'Budget $5\\; Q1\\, draft'"), inbox);
    }

    @Test
    void aBusyRoomDeclinesWithAReasonAndTheSlotIsFreedWhenTheEventMoves() {
        put("alice", "first.ics", booking("busy-1", "alice", "acme", "20271204T100000Z", "20271204T110000Z", "Team sync", "room-101", ""));
        String second = put("bob", "second.ics", booking("busy-2", "bob", "acme", "20271204T103000Z", "20271204T113000Z", "Interview", "room-101", ""));
        assertEquals("DECLINED", roomPartstat(second, "room-101"), second);
        String reply = new Multistatus(as("bob").request("REPORT", "/calendars/users/bob/inbox/").header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data/></D:prop>
                <C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>""").send().body())
                .root().getTextContent();
        assertTrue(unfolded(reply).contains("REQUEST-STATUS:4.0") && unfolded(reply).contains("busy"), reply);
        // alice moves her meeting away: bob's next request for the slot is accepted
        put("alice", "first.ics", booking("busy-1", "alice", "acme", "20271204T140000Z", "20271204T150000Z", "Team sync", "room-101", "SEQUENCE:1\n"));
        String third = put("bob", "third.ics", booking("busy-3", "bob", "acme", "20271204T103000Z", "20271204T113000Z", "Interview 2", "room-101", ""));
        assertEquals("ACCEPTED", roomPartstat(third, "room-101"), third);
        // deleting an event frees its slot
        assertEquals(204, as("bob").delete("/calendars/users/bob/default/third.ics").statusCode());
        String fourth = put("alice", "fourth.ics", booking("busy-4", "alice", "acme", "20271204T103000Z", "20271204T110000Z", "Short", "room-101", ""));
        assertEquals("ACCEPTED", roomPartstat(fourth, "room-101"), fourth);
    }

    @Test
    void recurringRequestDeclinesOnlyTheConflictingOccurrence() {
        put("bob", "blocker.ics", booking("rec-blocker", "bob", "acme", "20271220T100000Z", "20271220T110000Z", "Blocker", "room-101", ""));
        String weekly = put("alice", "weekly.ics", booking("rec-1", "alice", "acme", "20271206T100000Z", "20271206T110000Z", "Weekly", "room-101",
                "RRULE:FREQ=WEEKLY;COUNT=5\n"));
        assertEquals("ACCEPTED", roomPartstat(weekly, "room-101"), weekly);
        String u = unfolded(weekly);
        assertTrue(u.contains("RECURRENCE-ID:20271220T100000Z") || u.contains("RECURRENCE-ID;VALUE=DATE-TIME:20271220T100000Z"), weekly);
        String override = u.substring(u.indexOf("RECURRENCE-ID"));
        assertEquals("DECLINED", roomPartstat(override, "room-101"), override);
    }

    @Test
    void manualModeWaitsForAManagerWhoApprovesFromCalDav() {
        String req = put("alice", "manual.ics", booking("man-1", "alice", "acme", "20271210T100000Z", "20271210T110000Z", "Board", "room-manual", ""));
        assertEquals("NEEDS-ACTION", roomPartstat(req, "room-manual"), req);
        assertTrue(new Multistatus(as("mgr").propfind("/calendars/resources/room-manual/inbox/", "1", null).body()).hrefs().size() > 1,
                "a pending request lands in the room's inbox");
        String href = "/calendars/resources/room-manual/default/man-1.ics";
        String copy = as("mgr").get(href).body();
        String approved = unfolded(copy).replaceFirst("PARTSTAT=NEEDS-ACTION(;[^:]*)?:" + java.util.regex.Pattern.quote(roomAddress("room-manual")),
                "PARTSTAT=ACCEPTED$1:" + roomAddress("room-manual"));
        HttpResponse<String> r = as("mgr").put(href, approved);
        assertEquals(204, r.statusCode(), r.body());
        assertEquals("ACCEPTED", roomPartstat(as("alice").get("/calendars/users/alice/default/manual.ics").body(), "room-manual"));

        // the organizer edits the description: the manager's answer stands (the agent never overrides it)
        String edited = put("alice", "manual.ics", booking("man-1", "alice", "acme", "20271210T100000Z", "20271210T110000Z", "Board",
                "room-manual", "DESCRIPTION:Agenda attached\nSEQUENCE:1\n"));
        assertEquals("ACCEPTED", roomPartstat(edited, "room-manual"), edited);
        // the organizer moves it: the answer is void, the request waits for a manager again
        String moved = put("alice", "manual.ics", booking("man-1", "alice", "acme", "20271210T140000Z", "20271210T150000Z", "Board",
                "room-manual", "SEQUENCE:2\n"));
        assertEquals("NEEDS-ACTION", roomPartstat(moved, "room-manual"), moved);
    }

    @Test
    void anotherOrgsOrganizerCannotBookTheRoom() {
        String copy = put("gina", "x.ics", booking("x-org", "gina", "globex", "20271211T100000Z", "20271211T110000Z", "Sneaky", "room-101", ""));
        assertTrue(unfolded(copy).matches("(?s).*SCHEDULE-STATUS=3\\.7[^\\r\\n]*" + java.util.regex.Pattern.quote(roomAddress("room-101")) + ".*"), copy);
        assertEquals(404, root.get("/calendars/resources/room-101/default/x-org.ics").statusCode());
    }

    @Test
    void hundredConcurrentBookingsOfOneSlot_exactlyOneWins() throws Exception {
        assertEquals(List.of(1, 99), race("room-race", "20271215T100000Z"));
    }

    @Test
    void hundredConcurrentBookingsWithMultipleBookings3_exactlyThreeWin() throws Exception {
        assertEquals(List.of(3, 97), race("room-triple", "20271216T100000Z"));
    }

    private static List<Integer> race(String room, String start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String user = "u" + i;
                String body = booking(room + "-race-" + i, user, "acme", start, start.replace("T10", "T11"), "Race " + i, room, "");
                results.add(pool.submit(() -> {
                    String href = "/calendars/users/" + user + "/default/" + room + ".ics";
                    HttpResponse<String> r = as(user).put(href, body);
                    if (r.statusCode() != 201) return "HTTP " + r.statusCode();
                    return roomPartstat(as(user).get(href).body(), room);
                }));
            }
            int accepted = 0, declined = 0;
            List<String> other = new ArrayList<>();
            for (Future<String> f : results) {
                String s = f.get();
                if ("ACCEPTED".equals(s)) accepted++;
                else if ("DECLINED".equals(s)) declined++;
                else other.add(s);
            }
            assertEquals(List.of(), other);
            return List.of(accepted, declined);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void managersApproveThroughTheAdminApiAndEveryoneSeesBusyTime() {
        String req = put("bob", "viaapi.ics", booking("api-1", "bob", "acme", "20271212T100000Z", "20271212T110000Z", "Offsite prep", "room-manual", ""));
        assertEquals("NEEDS-ACTION", roomPartstat(req, "room-manual"));
        HttpResponse<String> pending = as("mgr").request("GET", "/api/v1/resources/room-manual/pending").send();
        assertEquals(200, pending.statusCode(), pending.body());
        assertTrue(pending.body().contains("api-1"), pending.body());
        HttpResponse<String> approve = as("mgr").request("POST", "/api/v1/resources/room-manual/pending/api-1/approve").send();
        assertEquals(200, approve.statusCode(), approve.body());
        assertEquals("ACCEPTED", roomPartstat(as("bob").get("/calendars/users/bob/default/viaapi.ics").body(), "room-manual"));
        HttpResponse<String> busy = as("alice").request("GET",
                "/api/v1/resources/room-manual/busy?from=2027-12-12T00:00:00Z&to=2027-12-13T00:00:00Z").send();
        assertEquals(200, busy.statusCode(), busy.body());
        assertTrue(busy.body().contains("2027-12-12T10:00:00Z") && !busy.body().contains("Offsite"), busy.body());
    }
}
