package io.calroom.server.schedule;

import io.calroom.server.support.AdminApi;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6638 §3.2.2.1 item 8 and §3.2.2.3: an attendee declines single instances of a series by removing them (the
 * override, or an EXDATE), and the organizer's copy shows it DECLINED for that instance alone; a client that missed
 * the organizer's CANCEL of an instance is not refused; a room's manager declines one instance from a CalDAV client
 * as through the admin API. People's events lie in 2030 (far enough that no horizon matters); the room's are
 * relative to today, inside its conflict and expansion horizons whatever the date.
 */
class DeclineInstancesTest {
    static TestServer server;
    static AdminApi api;

    @BeforeAll
    static void start() {
        server = TestServer.start(DeclineInstancesTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"));
        api = new AdminApi(server, "root", "root-pass");
        api.org("acme");
        for (String u : List.of("alice", "bob", "carol", "mgr")) api.user("acme", u);
        api.user("acme", "admin2", "admin2", "org-admin");
        api.resource("acme", "board", "ROOM", "Board Room", "\"autoScheduleMode\":\"manual\"");
        // the manager is the room's write delegate (CalendarServer calendar-proxy-write, set by an org admin)
        HttpResponse<String> proxy = api.as("admin2").request("PROPPATCH", "/principals/resources/board/calendar-proxy-write/").xml("""
                <D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:group-member-set><D:href>/principals/users/mgr/</D:href>\
                </D:group-member-set></D:prop></D:set></D:propertyupdate>""").send();
        assertTrue(proxy.body().contains("200 OK"), proxy.body());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static DavClient as(String user) {
        return api.as(user);
    }

    /** Thunderbird's weekly series by alice with bob (and the given attendee lines), the third week moved by an hour. */
    static String series(String uid, String first, String extraAttendee) {
        LocalDate d = LocalDate.parse(first, DateTimeFormatter.BASIC_ISO_DATE);
        String third = DateTimeFormatter.BASIC_ISO_DATE.format(d.plusWeeks(2));
        String attendees = """
                ORGANIZER;CN=Alice:mailto:alice@acme.example
                ATTENDEE;CN=Alice;PARTSTAT=ACCEPTED;ROLE=CHAIR;CUTYPE=INDIVIDUAL:mailto:alice@acme.example
                ATTENDEE;RSVP=TRUE;CN=Bob;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;CUTYPE=INDIVIDUAL:mailto:bob@acme.example
                """ + extraAttendee;
        return Ics.crlf("""
                BEGIN:VCALENDAR
                PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
                VERSION:2.0
                BEGIN:VEVENT
                CREATED:20261101T120000Z
                DTSTAMP:20261101T120000Z
                UID:%1$s
                SUMMARY:Weekly sync
                %2$sRRULE:FREQ=WEEKLY;COUNT=4
                DTSTART:%3$sT100000Z
                DTEND:%3$sT110000Z
                SEQUENCE:0
                END:VEVENT
                BEGIN:VEVENT
                CREATED:20261101T120000Z
                DTSTAMP:20261101T120000Z
                UID:%1$s
                SUMMARY:Weekly sync (moved)
                %2$sRECURRENCE-ID:%4$sT100000Z
                DTSTART:%4$sT110000Z
                DTEND:%4$sT120000Z
                SEQUENCE:1
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid, attendees, first, third));
    }

    static String unfolded(String s) {
        return s.replace("\r\n ", "").replace("\n ", "");
    }

    /** The component (unfolded) whose RECURRENCE-ID line is {@code rid}, or the master for null; null if absent. */
    static String component(String text, String rid) {
        for (String c : unfolded(text).split("BEGIN:VEVENT")) {
            if (!c.contains("UID:")) continue;
            boolean hasRid = c.contains("\r\nRECURRENCE-ID");
            if (rid == null ? !hasRid : c.contains("\r\nRECURRENCE-ID:" + rid + "\r\n")) return c.substring(0, c.indexOf("END:VEVENT"));
        }
        return null;
    }

    static String partstat(String component, String address) {
        for (String line : component.split("\r\n")) {
            if (!line.startsWith("ATTENDEE") || !line.endsWith(address)) continue;
            Matcher m = Pattern.compile("PARTSTAT=([A-Z-]+)").matcher(line);
            return m.find() ? m.group(1) : "NEEDS-ACTION";
        }
        return null;
    }

    static String withoutComponent(String text, String rid) {
        String u = unfolded(text);
        String c = component(u, rid);
        return u.replace("BEGIN:VEVENT" + c + "END:VEVENT\r\n", "");
    }

    static String put(String user, String href, String body) {
        HttpResponse<String> r = as(user).put(href, body);
        assertEquals(true, r.statusCode() == 201 || r.statusCode() == 204, r.statusCode() + " " + r.body());
        return as(user).get(href).body();
    }

    @Test
    void removingAnOverriddenInstanceDeclinesIt_rfc6638_section3_2_2_1() {
        String alices = "/calendars/users/alice/default/di-remove.ics";
        put("alice", alices, series("di-remove", "20300107", ""));
        String bobs = "/calendars/users/bob/default/di-remove.ics";
        String copy = as("bob").get(bobs).body();
        assertTrue(component(copy, "20300121T100000Z") != null, copy);
        // Thunderbird: "delete this occurrence" of the moved instance, as an answer to it
        HttpResponse<String> r = as("bob").put(bobs, withoutComponent(copy, "20300121T100000Z"));
        assertEquals(204, r.statusCode(), r.body());

        String organizers = as("alice").get(alices).body();
        assertEquals("DECLINED", partstat(component(organizers, "20300121T100000Z"), "mailto:bob@acme.example"), organizers);
        assertEquals("NEEDS-ACTION", partstat(component(organizers, null), "mailto:bob@acme.example"), "the series is not answered");
        assertTrue(component(organizers, "20300121T100000Z").contains("DTSTART:20300121T110000Z"), "the override is otherwise unchanged");
        String stored = unfolded(as("bob").get(bobs).body());
        assertTrue(stored.contains("EXDATE:20300121T100000Z") && component(stored, "20300121T100000Z") == null,
                "bob's copy no longer has the instance: " + stored);
    }

    @Test
    void addingAnExdateDeclinesThatInstance_rfc6638_section3_2_2_3() {
        String alices = "/calendars/users/alice/default/di-exdate.ics";
        put("alice", alices, series("di-exdate", "20300204", ""));
        String bobs = "/calendars/users/bob/default/di-exdate.ics";
        String copy = unfolded(as("bob").get(bobs).body());
        HttpResponse<String> r = as("bob").put(bobs, copy.replaceFirst("RRULE:FREQ=WEEKLY;COUNT=4\r\n",
                "RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE:20300211T100000Z\r\n"));
        assertEquals(204, r.statusCode(), r.body());
        String organizers = as("alice").get(alices).body();
        String second = component(organizers, "20300211T100000Z");
        assertTrue(second != null, "the organizer's copy gained an override for the declined instance: " + organizers);
        assertEquals("DECLINED", partstat(second, "mailto:bob@acme.example"));
        assertEquals("NEEDS-ACTION", partstat(component(organizers, null), "mailto:bob@acme.example"));
        assertEquals("NEEDS-ACTION", partstat(component(organizers, "20300218T100000Z"), "mailto:bob@acme.example"));
    }

    @Test
    void aClientThatMissedTheCancelOfAnInstanceIsNotRefused_rfc5546_section3_2_5() {
        String alices = "/calendars/users/alice/default/di-stale.ics";
        put("alice", alices, series("di-stale", "20300304", ""));
        String bobs = "/calendars/users/bob/default/di-stale.ics";
        String stale = unfolded(as("bob").get(bobs).body()); // what bob's client keeps showing
        // alice cancels the second week: bob's copy loses it (CANCEL for that instance)
        String cancelled = unfolded(series("di-stale", "20300304", "")).replaceFirst("RRULE:FREQ=WEEKLY;COUNT=4\r\n",
                "RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE:20300311T100000Z\r\n");
        put("alice", alices, cancelled);
        assertTrue(unfolded(as("bob").get(bobs).body()).contains("EXDATE:20300311T100000Z"));
        String organizerBefore = as("alice").get(alices).body();
        String inboxBefore = as("alice").propfind("/calendars/users/alice/inbox/", "1", null).body();

        // bob's client, which never saw the CANCEL, accepts the series from its stale copy, the instance still in it
        HttpResponse<String> r = as("bob").put(bobs, stale.replaceFirst("PARTSTAT=NEEDS-ACTION(;[^:]*)?:mailto:bob@", "PARTSTAT=ACCEPTED$1:mailto:bob@"));
        assertEquals(204, r.statusCode(), r.body());
        String stored = unfolded(as("bob").get(bobs).body());
        assertTrue(stored.contains("EXDATE:20300311T100000Z"), "the cancelled instance stays cancelled in bob's copy: " + stored);
        String organizers = as("alice").get(alices).body();
        assertEquals("ACCEPTED", partstat(component(organizers, null), "mailto:bob@acme.example"), "the acceptance went through");
        assertTrue(component(organizers, "20300311T100000Z") == null, "nothing was sent for the cancelled instance: " + organizers);
        assertFalse(organizerBefore.equals(organizers));
        assertFalse(inboxBefore.equals(as("alice").propfind("/calendars/users/alice/inbox/", "1", null).body()), "bob's REPLY arrived");
    }

    @Test
    void aRoomManagerDeclinesOneInstanceFromCalDav_likeTheAdminApi() {
        LocalDate first = LocalDate.now(ZoneOffset.UTC).plusDays(20);
        String day = DateTimeFormatter.BASIC_ISO_DATE.format(first);
        String third = DateTimeFormatter.BASIC_ISO_DATE.format(first.plusWeeks(2));
        String room = "ATTENDEE;RSVP=TRUE;CN=Board Room;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;CUTYPE=ROOM:mailto:board@resources.example.com\n";
        String alices = "/calendars/users/alice/default/di-room.ics";
        String booked = put("alice", alices, series("di-room", day, room));
        assertEquals("NEEDS-ACTION", partstat(component(booked, null), "mailto:board@resources.example.com"), "a manual room waits");

        String href = "/calendars/resources/board/default/di-room.ics";
        String copy = unfolded(as("mgr").get(href).body());
        String override = component(copy, third + "T100000Z");
        String declined = copy.replace(override, override.replaceFirst("PARTSTAT=NEEDS-ACTION(;[^:]*)?:mailto:board@",
                "PARTSTAT=DECLINED$1:mailto:board@"));
        HttpResponse<String> r = as("mgr").put(href, declined);
        assertEquals(204, r.statusCode(), r.body());

        String organizers = as("alice").get(alices).body();
        assertEquals("DECLINED", partstat(component(organizers, third + "T100000Z"), "mailto:board@resources.example.com"), organizers);
        assertEquals("NEEDS-ACTION", partstat(component(organizers, null), "mailto:board@resources.example.com"), "the rest still waits");
        // like the admin API's decision: the declined instance no longer blocks the room, the pending rest still does
        String busy = as("alice").request("GET", "/api/v1/resources/board/busy?from=" + first.atStartOfDay(ZoneOffset.UTC).toInstant()
                + "&to=" + first.plusWeeks(4).atStartOfDay(ZoneOffset.UTC).toInstant()).send().body();
        assertFalse(busy.contains(first.plusWeeks(2) + "T11:00:00Z"), "the declined instance is free: " + busy);
        assertTrue(busy.contains(first + "T10:00:00Z") && busy.contains(first.plusWeeks(1) + "T10:00:00Z"), busy);
        assertTrue(new Multistatus(as("mgr").propfind("/calendars/resources/board/inbox/", "1", null).body()).hrefs().size() > 1,
                "the request still waits in the room's inbox for the rest");

        // the admin API then approves what is still pending; the declined instance keeps its answer
        HttpResponse<String> approve = as("mgr").request("POST", "/api/v1/resources/board/pending/di-room/approve").send();
        assertEquals(200, approve.statusCode(), approve.body());
        String decided = as("alice").get(alices).body();
        assertEquals("ACCEPTED", partstat(component(decided, null), "mailto:board@resources.example.com"), decided);
        assertEquals("DECLINED", partstat(component(decided, third + "T100000Z"), "mailto:board@resources.example.com"), decided);
    }
}
