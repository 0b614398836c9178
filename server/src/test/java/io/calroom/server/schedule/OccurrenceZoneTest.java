package io.calroom.server.schedule;

import io.calroom.server.support.AdminApi;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A room's copy of an all-day booking is read in the room's own time zone on every path that writes it, not only
 * when its agent answers: a manager's decision through the admin API, a manager's PUT over CalDAV (RFC 6638
 * §3.2.2, the manager acting as the room) and the organizer's CANCEL of some occurrences (RFC 5546 §3.2.5). The
 * rooms are far from UTC (Pacific/Auckland, America/Los_Angeles), so a copy read in UTC would block another span.
 * A person's copy delivered by scheduling is read in the zone of the calendar it lands in (its calendar-timezone,
 * RFC 4791 §5.2.2), like the person's own PUT there. Dates are relative to today (20–60 days ahead: inside every
 * horizon and booking window, whatever the date).
 */
class OccurrenceZoneTest {
    static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");
    static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    static TestServer server;
    static AdminApi api;

    @BeforeAll
    static void start() {
        server = TestServer.start(OccurrenceZoneTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"));
        api = new AdminApi(server, "root", "root-pass");
        api.org("acme");
        for (String u : List.of("alice", "bob", "mgr")) api.user("acme", u);
        api.resource("acme", "akl-approve", "ROOM", "Auckland approval room",
                "\"timezone\":\"Pacific/Auckland\",\"autoScheduleMode\":\"decline-if-busy\"");
        api.resource("acme", "lax-manual", "ROOM", "Los Angeles manual room", "\"timezone\":\"America/Los_Angeles\",\"autoScheduleMode\":\"manual\"");
        api.resource("acme", "akl-auto", "ROOM", "Auckland room", "\"timezone\":\"Pacific/Auckland\"");
        api.manager("acme", "akl-approve", "mgr", "read-write");
        api.manager("acme", "lax-manual", "mgr", "read-write");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static LocalDate day(int daysAhead) {
        return LocalDate.now(ZoneOffset.UTC).plusDays(daysAhead);
    }

    static String allDayBooking(String uid, LocalDate first, String room, String extra) {
        return Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Apple Inc.//macOS 14.0//EN
                BEGIN:VEVENT
                UID:%s
                DTSTAMP:20261101T120000Z
                DTSTART;VALUE=DATE:%s
                DTEND;VALUE=DATE:%s
                SUMMARY:Offsite
                %sORGANIZER;CN=alice:mailto:alice@acme.example
                ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED:mailto:alice@acme.example
                ATTENDEE;CUTYPE=ROOM;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Room:mailto:%s@resources.example.com
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid, DATE.format(first), DATE.format(first.plusDays(1)), extra, room));
    }

    /** The room's busy periods in [from, to) as "start/end" instants, from the admin API (the occurrence table). */
    static List<String> busy(String room, Instant from, Instant to) {
        HttpResponse<String> r = api.as("alice").request("GET", "/api/v1/resources/" + room + "/busy?from=" + from + "&to=" + to).send();
        assertEquals(200, r.statusCode(), r.body());
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"start\":\"([^\"]+)\",\"end\":\"([^\"]+)\"").matcher(r.body());
        while (m.find()) out.add(m.group(1) + "/" + m.group(2));
        return out;
    }

    /** The local day {@code d} of {@code zone} as "start/end" instants. */
    static String localDay(LocalDate d, ZoneId zone) {
        return d.atStartOfDay(zone).toInstant() + "/" + d.plusDays(1).atStartOfDay(zone).toInstant();
    }

    static Instant around(LocalDate d, int days) {
        return d.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static String put(String user, String name, String body) {
        HttpResponse<String> r = api.as(user).put("/calendars/users/" + user + "/default/" + name, body);
        assertEquals(true, r.statusCode() == 201 || r.statusCode() == 204, r.statusCode() + " " + r.body());
        return api.as(user).get("/calendars/users/" + user + "/default/" + name).body();
    }

    @Test
    void aManagersApprovalThroughTheAdminApiKeepsTheRoomsLocalDay() {
        LocalDate d = day(30);
        String pending = put("alice", "akl-a.ics", allDayBooking("zone-approve", d, "akl-approve", ""));
        assertEquals("NEEDS-ACTION", RoomAgentTest.roomPartstat(pending, "akl-approve"), pending);
        assertEquals(List.of(localDay(d, AUCKLAND)), busy("akl-approve", around(d, -2), around(d, 3)), "pending: the agent's copy");

        HttpResponse<String> approve = api.as("mgr").request("POST", "/api/v1/resources/akl-approve/pending/zone-approve/approve").send();
        assertEquals(200, approve.statusCode(), approve.body());
        assertEquals(List.of(localDay(d, AUCKLAND)), busy("akl-approve", around(d, -2), around(d, 3)),
                "the approved copy still blocks the room's local day, not the UTC day");
        // the next local day is free: a request for it is not declined as busy (decline-if-busy: free waits for a manager)
        String next = put("bob", "akl-next.ics", allDayBooking("zone-approve-next", d.plusDays(1), "akl-approve", "")
                .replace("alice", "bob"));
        assertEquals("NEEDS-ACTION", RoomAgentTest.roomPartstat(next, "akl-approve"), next);
    }

    @Test
    void aManagersPutOverCalDavKeepsTheRoomsLocalDay() {
        LocalDate d = day(35);
        put("alice", "lax-b.ics", allDayBooking("zone-put", d, "lax-manual", ""));
        String href = "/calendars/resources/lax-manual/default/zone-put.ics";
        DavClient mgr = api.as("mgr");
        String copy = RoomAgentTest.unfolded(mgr.get(href).body());
        String approved = copy.replaceFirst("PARTSTAT=NEEDS-ACTION(;[^:]*)?:mailto:lax-manual@", "PARTSTAT=ACCEPTED$1:mailto:lax-manual@");
        HttpResponse<String> r = mgr.put(href, approved);
        assertEquals(204, r.statusCode(), r.body());
        assertEquals("ACCEPTED", RoomAgentTest.roomPartstat(api.as("alice").get("/calendars/users/alice/default/lax-b.ics").body(), "lax-manual"));
        assertEquals(List.of(localDay(d, LOS_ANGELES)), busy("lax-manual", around(d, -2), around(d, 3)),
                "the copy the manager wrote blocks the room's local day");
    }

    @Test
    void theOrganizerCancellingOneOccurrenceKeepsTheOthersOnTheRoomsLocalDays_rfc5546_section3_2_5() {
        LocalDate d = day(40);
        String series = allDayBooking("zone-cancel", d, "akl-auto", "RRULE:FREQ=DAILY;COUNT=3\n");
        String accepted = put("alice", "akl-c.ics", series);
        assertEquals("ACCEPTED", RoomAgentTest.roomPartstat(accepted, "akl-auto"), accepted);
        assertEquals(List.of(d.atStartOfDay(AUCKLAND).toInstant() + "/" + d.plusDays(3).atStartOfDay(AUCKLAND).toInstant()),
                busy("akl-auto", around(d, -2), around(d, 5)), "three local days (merged)");

        // the organizer removes the second day: the room gets a CANCEL for that occurrence and rewrites its copy
        // (as a client does it: its copy as stored, with the room's answer and LOCATION, plus the EXDATE; nothing else
        // changes, so the room gets only the CANCEL and its agent does not judge the series again)
        String without = RoomAgentTest.unfolded(accepted).replace("RRULE:FREQ=DAILY;COUNT=3\r\n",
                "RRULE:FREQ=DAILY;COUNT=3\r\nEXDATE;VALUE=DATE:" + DATE.format(d.plusDays(1)) + "\r\n");
        String roomBefore = api.admin().get("/calendars/resources/akl-auto/default/zone-cancel.ics").body();
        put("alice", "akl-c.ics", without);
        String roomAfter = RoomAgentTest.unfolded(api.admin().get("/calendars/resources/akl-auto/default/zone-cancel.ics").body());
        assertTrue(roomAfter.contains("EXDATE;VALUE=DATE:" + DATE.format(d.plusDays(1))) && roomAfter.contains("PARTSTAT=ACCEPTED")
                && roomAfter.contains(RoomAgentTest.unfolded(roomBefore).lines().filter(l -> l.startsWith("DTSTAMP")).findFirst().orElseThrow()),
                "the room's copy was rewritten by the CANCEL alone: " + roomAfter);
        assertEquals(List.of(localDay(d, AUCKLAND), localDay(d.plusDays(2), AUCKLAND)), busy("akl-auto", around(d, -2), around(d, 5)),
                "the remaining occurrences block the room's local days, the cancelled one is free");
        // and a request for the freed local day is accepted: nothing of the neighbouring days spills into it
        String freed = put("bob", "akl-freed.ics", allDayBooking("zone-cancel-freed", d.plusDays(1), "akl-auto", "").replace("alice", "bob"));
        assertEquals("ACCEPTED", RoomAgentTest.roomPartstat(freed, "akl-auto"), freed);
    }

    @Test
    void aPersonsDeliveredCopyIsReadInItsCalendarsTimezone_rfc4791_section5_2_2() {
        HttpResponse<String> tz = api.as("bob").request("PROPPATCH", "/calendars/users/bob/default/").xml("""
                <D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><C:calendar-timezone>BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Apple Inc.//macOS 14.4//EN
                BEGIN:VTIMEZONE
                TZID:Pacific/Auckland
                BEGIN:STANDARD
                DTSTART:19700405T030000
                TZOFFSETFROM:+1300
                TZOFFSETTO:+1200
                RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU
                END:STANDARD
                BEGIN:DAYLIGHT
                DTSTART:19700927T020000
                TZOFFSETFROM:+1200
                TZOFFSETTO:+1300
                RRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=-1SU
                END:DAYLIGHT
                END:VTIMEZONE
                END:VCALENDAR
                </C:calendar-timezone></D:prop></D:set></D:propertyupdate>""").send();
        assertEquals(207, tz.statusCode(), tz.body());
        LocalDate d = day(45);
        put("alice", "person-zone.ics", allDayBooking("zone-person", d, "akl-auto", "")
                .replace("ATTENDEE;CUTYPE=ROOM;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Room:mailto:akl-auto@resources.example.com",
                        "ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob@acme.example"));
        HttpResponse<String> fb = api.as("bob").request("REPORT", "/calendars/users/bob/default/").header("Depth", "1").xml("""
                <C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:time-range start="%s" end="%s"/></C:free-busy-query>"""
                .formatted(DATE.format(d.minusDays(2)) + "T000000Z", DATE.format(d.plusDays(3)) + "T000000Z")).send();
        assertEquals(200, fb.statusCode(), fb.body());
        DateTimeFormatter utc = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        String expected = utc.format(d.atStartOfDay(AUCKLAND)) + "/" + utc.format(d.plusDays(1).atStartOfDay(AUCKLAND));
        assertTrue(fb.body().replace("\r\n ", "").contains(expected), "bob's copy blocks his calendar's local day " + expected + ": " + fb.body());
    }
}
