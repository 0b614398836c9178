package io.calroom.server.schedule;

import io.calroom.server.support.AdminApi;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestClock;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.calroom.server.schedule.RoomAgentTest.booking;
import static io.calroom.server.schedule.RoomAgentTest.roomPartstat;
import static io.calroom.server.schedule.RoomAgentTest.unfolded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Occurrences of open-ended series beyond the expansion horizon (CALDAV_EXPANSION_HORIZON_DAYS,
 * default 730 days): the room agent, free-busy and calendar-query see them however far ahead, and
 * the agent judges a request past the old conflict horizon. The server's clock is pinned (it starts
 * at {@link #START} and runs on), so "today" and "three years ahead" mean the same on any date.
 */
class OccurrenceHorizonTest {
    /** "Today" for the server: a Wednesday. */
    static final Instant START = Instant.parse("2031-01-08T07:00:00Z");
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
    static TestServer server;
    static AdminApi api;
    static DavClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start(OccurrenceHorizonTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"),
                TestClock.startingAt(START));
        api = new AdminApi(server, "root", "root-pass");
        root = api.admin();
        api.org("acme");
        for (String u : List.of("alice", "bob", "carol", "dave", "erin", "frank")) api.user("acme", u);
        for (String room : List.of("room-a", "room-b", "room-c", "room-d", "room-e")) {
            api.resource("acme", room, "ROOM", "Room " + room.substring(5).toUpperCase(Locale.ROOT), "");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The next {@code day} after the server's today, at {@code hour}:00 UTC. */
    static LocalDateTime next(DayOfWeek day, int hour) {
        return LocalDateTime.ofInstant(server.clock().instant(), ZoneOffset.UTC).with(TemporalAdjusters.next(day))
                .withHour(hour).withMinute(0).withSecond(0).withNano(0);
    }

    static String utc(LocalDateTime t) {
        return UTC.format(t);
    }

    static String put(String user, String name, String body) {
        String href = "/calendars/users/" + user + "/default/" + name;
        HttpResponse<String> r = as(user).put(href, body);
        assertTrue(r.statusCode() == 201 || r.statusCode() == 204, r.statusCode() + " " + r.body());
        return as(user).get(href).body();
    }

    static DavClient as(String user) {
        return api.as(user);
    }

    /** The REPLY text a room sent to {@code user} about {@code uid} (in the organizer's inbox). */
    static String reply(String user, String uid) {
        String all = new Multistatus(as(user).request("REPORT", "/calendars/users/" + user + "/inbox/").header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data/></D:prop>
                <C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>""").send().body()).root().getTextContent();
        String u = unfolded(all);
        int at = u.indexOf("UID:" + uid);
        assertTrue(at >= 0, "no reply about " + uid + " in " + user + "'s inbox: " + u);
        int end = u.indexOf("END:VCALENDAR", at);
        return u.substring(u.lastIndexOf("BEGIN:VCALENDAR", at), end);
    }

    static String freeBusyPost(String user, String attendee, LocalDateTime from, LocalDateTime to) {
        HttpResponse<String> r = as(user).request("POST", "/calendars/users/" + user + "/outbox/").body("text/calendar", io.calroom.server.support.Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Apple Inc.//macOS 14.0//EN
                METHOD:REQUEST
                BEGIN:VFREEBUSY
                UID:fb-%s
                DTSTAMP:20310101T120000Z
                DTSTART:%s
                DTEND:%s
                ORGANIZER:mailto:%s@acme.example
                ATTENDEE:%s
                END:VFREEBUSY
                END:VCALENDAR
                """.formatted(attendee.hashCode(), utc(from), utc(to), user, attendee))).send();
        assertEquals(200, r.statusCode(), r.body());
        return unfolded(r.body());
    }

    static String freeBusyQuery(DavClient client, String calendar, LocalDateTime from, LocalDateTime to) {
        HttpResponse<String> r = client.request("REPORT", calendar).header("Depth", "1").xml("""
                <C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:time-range start="%s" end="%s"/></C:free-busy-query>"""
                .formatted(utc(from), utc(to))).send();
        assertEquals(200, r.statusCode(), r.body());
        return unfolded(r.body());
    }

    @Test
    void aWeeklyOpenEndedBookingMadeTodayDeclinesTheSameSlotThreeYearsAheadAndFreeBusyShowsIt() {
        LocalDateTime first = next(DayOfWeek.MONDAY, 10);
        String weekly = put("alice", "open-weekly.ics", booking("open-weekly", "alice", "acme", utc(first), utc(first.plusHours(1)),
                "Weekly sync", "room-a", "RRULE:FREQ=WEEKLY\n"));
        assertEquals("ACCEPTED", roomPartstat(weekly, "room-a"), weekly);

        LocalDateTime later = first.plusWeeks(156); // three years ahead, past the two-year expansion horizon
        String late = put("bob", "late.ics", booking("late-1", "bob", "acme", utc(later.plusMinutes(30)), utc(later.plusMinutes(90)),
                "Planning", "room-a", ""));
        assertEquals("DECLINED", roomPartstat(late, "room-a"), late);
        String why = reply("bob", "late-1");
        assertTrue(why.contains("REQUEST-STATUS:4.0") && why.contains("busy"), why);

        // free-busy of that week shows the series' occurrence: outbox POST and free-busy-query REPORT
        String busy = "FREEBUSY;FBTYPE=BUSY:" + utc(later) + "/" + utc(later.plusHours(1));
        String post = freeBusyPost("carol", "mailto:room-a@resources.example.com", later.minusDays(1), later.plusDays(6));
        assertTrue(post.contains(busy), post);
        String room = freeBusyQuery(root, "/calendars/resources/room-a/default/", later.minusDays(1), later.plusDays(6));
        assertTrue(room.contains(busy), room);
        String own = freeBusyQuery(as("alice"), "/calendars/users/alice/default/", later.minusDays(1), later.plusDays(6));
        assertTrue(own.contains(busy), "the organizer's own copy too: " + own);
        // and a week forty years ahead (past what a lookup stores: computed for the answer, not stored)
        LocalDateTime far = first.plusWeeks(52 * 40);
        String farBusy = freeBusyPost("carol", "mailto:room-a@resources.example.com", far.minusDays(1), far.plusDays(6));
        assertTrue(farBusy.contains("FREEBUSY;FBTYPE=BUSY:" + utc(far) + "/" + utc(far.plusHours(1))), farBusy);
    }

    @Test
    void aCalendarQueryThreeYearsAheadFindsTheOpenEndedSeriesFromTheExtendedTable() {
        LocalDateTime first = next(DayOfWeek.TUESDAY, 9);
        put("carol", "yoga.ics", io.calroom.server.support.Ics.event("yoga", utc(first), utc(first.plusHours(1)), "Yoga")
                .replace("SUMMARY:Yoga", "SUMMARY:Yoga\r\nRRULE:FREQ=WEEKLY;BYDAY=TU"));
        LocalDateTime later = first.plusWeeks(160);
        HttpResponse<String> r = as("carol").request("REPORT", "/calendars/users/carol/default/").header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/>
                <C:calendar-data><C:expand start="%s" end="%s"/></C:calendar-data></D:prop>
                <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="%s" end="%s"/>
                </C:comp-filter></C:comp-filter></C:filter></C:calendar-query>""".formatted(utc(later.minusDays(1)), utc(later.plusDays(1)),
                utc(later.minusDays(1)), utc(later.plusDays(1)))).send();
        assertEquals(207, r.statusCode(), r.body());
        Multistatus ms = new Multistatus(r.body());
        assertEquals(List.of("/calendars/users/carol/default/yoga.ics"), ms.hrefs());
        String data = unfolded(ms.prop("/calendars/users/carol/default/yoga.ics", "urn:ietf:params:xml:ns:caldav", "calendar-data").text());
        assertTrue(data.contains("RECURRENCE-ID:" + utc(later)) && !data.contains("RRULE"), data);
        // the query extended the occurrence table: the occurrence is stored now, not only parsed
        Instant until = server.server().database().dsl().resultQuery("""
                SELECT o.expanded_until FROM calendar_objects o JOIN calendars c ON c.id = o.calendar_id
                JOIN principals p ON p.id = c.owner_id WHERE p.name = 'carol' AND o.uid = 'yoga'""").fetchOne(0, OffsetDateTime.class).toInstant();
        assertTrue(until.isAfter(later.toInstant(ZoneOffset.UTC)), "expanded until " + until);
    }

    @Test
    void aSeriesJudgedPastTheConflictHorizonDeclinesTheOccurrenceThatOverlapsABookingMadeForThatDate() {
        // the old conflict horizon was 365 days: a booking 60 weeks ahead, then a series that meets it
        LocalDateTime first = next(DayOfWeek.WEDNESDAY, 14);
        LocalDateTime meeting = first.plusWeeks(60);
        assertEquals("ACCEPTED", roomPartstat(put("bob", "far-single.ics", booking("far-single", "bob", "acme", utc(meeting),
                utc(meeting.plusHours(1)), "Offsite", "room-b", "")), "room-b"));
        String series = put("dave", "bounded.ics", booking("bounded-70", "dave", "acme", utc(first), utc(first.plusHours(1)),
                "Course", "room-b", "RRULE:FREQ=WEEKLY;COUNT=70\n"));
        assertEquals("ACCEPTED", roomPartstat(series, "room-b"), series);
        String u = unfolded(series);
        int override = u.indexOf("RECURRENCE-ID:" + utc(meeting));
        assertTrue(override >= 0, "the overlapping occurrence gets an override: " + series);
        assertEquals("DECLINED", roomPartstat(u.substring(override), "room-b"), series);
        assertEquals(1, u.split("RECURRENCE-ID", -1).length - 1, "only that one: " + series);

        // the same with a series that has no end, and a second booking past its two-year conflict horizon
        LocalDateTime later = first.plusWeeks(160);
        assertEquals("ACCEPTED", roomPartstat(put("bob", "far-single-c.ics", booking("far-single-c", "bob", "acme", utc(meeting),
                utc(meeting.plusHours(1)), "Offsite", "room-c", "")), "room-c"));
        assertEquals("ACCEPTED", roomPartstat(put("bob", "farther-c.ics", booking("farther-c", "bob", "acme", utc(later.plusMinutes(15)),
                utc(later.plusMinutes(45)), "Review", "room-c", "")), "room-c"));
        String open = put("dave", "open-c.ics", booking("open-c", "dave", "acme", utc(first), utc(first.plusHours(1)),
                "Course", "room-c", "RRULE:FREQ=WEEKLY\n"));
        assertEquals("ACCEPTED", roomPartstat(open, "room-c"), open);
        String uo = unfolded(open);
        for (LocalDateTime declined : List.of(meeting, later)) {
            int o = uo.indexOf("RECURRENCE-ID:" + utc(declined));
            assertTrue(o >= 0, "the occurrence of " + declined + " is declined: " + open);
            assertEquals("DECLINED", roomPartstat(uo.substring(o), "room-c"), open);
        }
        assertEquals(2, uo.split("RECURRENCE-ID", -1).length - 1, "only those two: " + open);
    }

    @Test
    void aSeriesStartingYearsAheadIsJudgedAgainstTheOpenEndedSeriesItMeets() {
        LocalDateTime first = next(DayOfWeek.THURSDAY, 8);
        assertEquals("ACCEPTED", roomPartstat(put("erin", "standing.ics", booking("standing", "erin", "acme", utc(first),
                utc(first.plusHours(1)), "Standing", "room-d", "RRULE:FREQ=WEEKLY\n")), "room-d"));
        // every other week in the same slot, from two and a half years ahead: it meets the standing series every time
        LocalDateTime start = first.plusWeeks(130);
        String later = put("frank", "later.ics", booking("later-series", "frank", "acme", utc(start), utc(start.plusHours(1)),
                "Later", "room-d", "RRULE:FREQ=WEEKLY;INTERVAL=2\n"));
        assertEquals("DECLINED", roomPartstat(later, "room-d"), later);
    }

    @Test
    void theReplySaysHowFarAnOpenEndedSeriesWasJudgedAgainstTheRoomsOtherOpenEndedSeries() {
        LocalDateTime monday = next(DayOfWeek.MONDAY, 15);
        assertEquals("ACCEPTED", roomPartstat(put("alice", "e-1.ics", booking("e-1", "alice", "acme", utc(monday),
                utc(monday.plusHours(1)), "Mondays", "room-e", "RRULE:FREQ=WEEKLY\n")), "room-e"));
        LocalDateTime tuesday = monday.plusDays(1);
        String second = put("carol", "e-2.ics", booking("e-2", "carol", "acme", utc(tuesday), utc(tuesday.plusHours(1)),
                "Tuesdays", "room-e", "RRULE:FREQ=WEEKLY\n"));
        assertEquals("ACCEPTED", roomPartstat(second, "room-e"), second);
        String why = reply("carol", "e-2");
        // judged up to max(now, start) + 730 days (CALDAV_CONFLICT_HORIZON_DAYS, at least the expansion horizon)
        String until = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).format(tuesday.plusDays(730));
        assertTrue(why.contains("REQUEST-STATUS:2.0;Success;Occurrences after " + until + " were not checked against the other")
                && why.contains("that have no end"), why);
        // a single booking is judged in full: no such sentence
        LocalDateTime wednesday = monday.plusDays(2);
        put("carol", "e-3.ics", booking("e-3", "carol", "acme", utc(wednesday), utc(wednesday.plusHours(1)), "Once", "room-e", ""));
        assertTrue(!reply("carol", "e-3").contains("were not checked"), reply("carol", "e-3"));
    }
}
