package io.calroom.server.schedule;

import io.calroom.server.support.AdminApi;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SCHEDULE-STATUS (RFC 6638 §7.3, values of §3.2.9): the server puts it on the ORGANIZER of an attendee's copy once
 * the attendee's REPLY was delivered (§3.2.2.3), also on a room's copy once its agent answered, and it alone sets it
 * on what it schedules: a client's own value does not stand. Bodies as Apple Calendar and Thunderbird send them.
 * The events lie in 2030: far enough that no horizon or booking window matters, whatever today's date.
 */
class ScheduleStatusTest {
    static TestServer server;
    static AdminApi api;

    @BeforeAll
    static void start() {
        server = TestServer.start(ScheduleStatusTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"));
        api = new AdminApi(server, "root", "root-pass");
        api.org("acme");
        for (String u : List.of("alice", "bob", "carol")) api.user("acme", u);
        api.resource("acme", "status-room", "ROOM", "Status Room", "");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static DavClient as(String user) {
        return api.as(user);
    }

    /** Apple Calendar's invitation (properties sorted as Apple writes them). */
    static String invitation(String uid, String day, String extraAttendees) {
        return Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Apple Inc.//macOS 14.4//EN
                CALSCALE:GREGORIAN
                BEGIN:VEVENT
                ATTENDEE;CN=Alice;CUTYPE=INDIVIDUAL;EMAIL=alice@acme.example;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:alice@acme.example
                ATTENDEE;CN=Bob;CUTYPE=INDIVIDUAL;EMAIL=bob@acme.example;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:bob@acme.example
                %sCREATED:20261101T115900Z
                DTEND:%sT110000Z
                DTSTAMP:20261101T120000Z
                DTSTART:%sT100000Z
                LAST-MODIFIED:20261101T120000Z
                ORGANIZER;CN=Alice;EMAIL=alice@acme.example:mailto:alice@acme.example
                SEQUENCE:0
                SUMMARY:Budget review
                TRANSP:OPAQUE
                UID:%s
                X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC
                END:VEVENT
                END:VCALENDAR
                """.formatted(extraAttendees, day, day, uid));
    }

    /** What Apple Calendar PUTs when Bob accepts: its own serialisation of the copy, with its alarm, RSVP gone. */
    static String appleAccept(String uid, String day) {
        return Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Apple Inc.//macOS 14.4//EN
                CALSCALE:GREGORIAN
                BEGIN:VEVENT
                ATTENDEE;CN=Alice;CUTYPE=INDIVIDUAL;EMAIL=alice@acme.example;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:alice@acme.example
                ATTENDEE;CN=Bob;CUTYPE=INDIVIDUAL;EMAIL=bob@acme.example;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:bob@acme.example
                CREATED:20261101T115900Z
                DTEND:%sT110000Z
                DTSTAMP:20261102T081500Z
                DTSTART:%sT100000Z
                LAST-MODIFIED:20261102T081500Z
                ORGANIZER;CN=Alice;EMAIL=alice@acme.example:mailto:alice@acme.example
                SEQUENCE:0
                SUMMARY:Budget review
                TRANSP:OPAQUE
                UID:%s
                X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC
                BEGIN:VALARM
                ACTION:DISPLAY
                DESCRIPTION:Reminder
                TRIGGER:-PT15M
                UID:4E2A9B40-7B3C-4D5E-8F60-718293A4B5C6
                X-WR-ALARMUID:4E2A9B40-7B3C-4D5E-8F60-718293A4B5C6
                END:VALARM
                END:VEVENT
                END:VCALENDAR
                """.formatted(day, day, uid));
    }

    /** What Thunderbird PUTs when Bob accepts: Lightning's order and its X-MOZ- bookkeeping. */
    static String thunderbirdAccept(String uid, String day) {
        return Ics.crlf("""
                BEGIN:VCALENDAR
                PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
                VERSION:2.0
                BEGIN:VEVENT
                CREATED:20261101T115900Z
                LAST-MODIFIED:20261102T081700Z
                DTSTAMP:20261102T081700Z
                UID:%s
                SUMMARY:Budget review
                ORGANIZER;CN=Alice;EMAIL=alice@acme.example:mailto:alice@acme.example
                ATTENDEE;CN=Alice;CUTYPE=INDIVIDUAL;EMAIL=alice@acme.example;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:alice@acme.example
                ATTENDEE;RSVP=TRUE;CN=Bob;PARTSTAT=TENTATIVE;ROLE=REQ-PARTICIPANT;CUTYPE=INDIVIDUAL;EMAIL=bob@acme.example:mailto:bob@acme.example
                DTSTART:%sT100000Z
                DTEND:%sT110000Z
                TRANSP:OPAQUE
                SEQUENCE:0
                X-MOZ-RECEIVED-SEQUENCE:0
                X-MOZ-RECEIVED-DTSTAMP:20261101T120000Z
                X-MOZ-GENERATION:1
                X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid, day, day));
    }

    static String unfolded(String s) {
        return s.replace("\r\n ", "").replace("\n ", "");
    }

    /** The SCHEDULE-STATUS of the first line starting with {@code property} and ending with {@code address}, or null. */
    static String status(String text, String property, String address) {
        for (String line : unfolded(text).split("\r?\n")) {
            if (!line.startsWith(property) || !line.endsWith(address)) continue;
            Matcher m = Pattern.compile(";SCHEDULE-STATUS=\"?([0-9.,]+)\"?[;:]").matcher(line);
            return m.find() ? m.group(1) : null;
        }
        throw new AssertionError("no " + property + " " + address + " in " + text);
    }

    static String bobsHref(String uid) {
        return "/calendars/users/bob/default/" + uid + ".ics";
    }

    @Test
    void appleAttendeeAccepts_theCopysOrganizerGetsScheduleStatus_rfc6638_section7_3() {
        assertEquals(201, as("alice").put("/calendars/users/alice/default/st-apple.ics", invitation("st-apple", "20300108", "")).statusCode());
        assertNull(status(as("bob").get(bobsHref("st-apple")).body(), "ORGANIZER", "mailto:alice@acme.example"), "no reply sent yet");
        HttpResponse<String> r = as("bob").put(bobsHref("st-apple"), appleAccept("st-apple", "20300108"));
        assertEquals(204, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("ETag").isEmpty(), "the server changed the text (RFC 4791 §5.3.4)");
        String bobs = as("bob").get(bobsHref("st-apple")).body();
        assertEquals("1.2", status(bobs, "ORGANIZER", "mailto:alice@acme.example"), "the REPLY was delivered: " + bobs);
        assertEquals("2.0", status(as("alice").get("/calendars/users/alice/default/st-apple.ics").body(), "ATTENDEE", "mailto:bob@acme.example"));
    }

    @Test
    void thunderbirdAttendeeAnswers_theCopysOrganizerGetsScheduleStatus_rfc6638_section3_2_2_3() {
        assertEquals(201, as("alice").put("/calendars/users/alice/default/st-tb.ics", invitation("st-tb", "20300109", "")).statusCode());
        HttpResponse<String> r = as("bob").put(bobsHref("st-tb"), thunderbirdAccept("st-tb", "20300109"));
        assertEquals(204, r.statusCode(), r.body());
        String bobs = as("bob").get(bobsHref("st-tb")).body();
        assertEquals("1.2", status(bobs, "ORGANIZER", "mailto:alice@acme.example"), bobs);
        assertTrue(unfolded(as("alice").get("/calendars/users/alice/default/st-tb.ics").body())
                .matches("(?s).*PARTSTAT=TENTATIVE[^\r\n]*:mailto:bob@acme.example.*"));
    }

    @Test
    void aRoomsAutomaticAnswer_theRoomsCopyGetsScheduleStatusOnItsOrganizer_rfc6638_section7_3() {
        String room = "ATTENDEE;CN=Status Room;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:status-room@resources.example.com\n";
        assertEquals(201, as("alice").put("/calendars/users/alice/default/st-room.ics", invitation("st-room", "20300110", room)).statusCode());
        String roomCopy = api.admin().get("/calendars/resources/status-room/default/st-room.ics").body();
        assertTrue(unfolded(roomCopy).contains("PARTSTAT=ACCEPTED"), roomCopy);
        assertEquals("1.2", status(roomCopy, "ORGANIZER", "mailto:alice@acme.example"), "its REPLY reached the organizer: " + roomCopy);
    }

    @Test
    void anAttendeeCannotSetTheOrganizersScheduleStatus_rfc6638_section7_3() {
        assertEquals(201, as("alice").put("/calendars/users/alice/default/st-forge.ics", invitation("st-forge", "20300111", "")).statusCode());
        String accepted = appleAccept("st-forge", "20300111");
        // a client inventing a status while nothing is sent: not stored
        String forged = accepted.replace("PARTSTAT=ACCEPTED;ROLE=REQ", "PARTSTAT=NEEDS-ACTION;RSVP=TRUE;ROLE=REQ")
                .replace("ORGANIZER;CN=Alice;", "ORGANIZER;CN=Alice;SCHEDULE-STATUS=5.3;");
        assertEquals(204, as("bob").put(bobsHref("st-forge"), forged).statusCode());
        assertNull(status(as("bob").get(bobsHref("st-forge")).body(), "ORGANIZER", "mailto:alice@acme.example"));
        // a client's value while a REPLY is sent: the server's delivery status replaces it
        assertEquals(204, as("bob").put(bobsHref("st-forge"), accepted.replace("ORGANIZER;CN=Alice;", "ORGANIZER;CN=Alice;SCHEDULE-STATUS=3.7;")).statusCode());
        assertEquals("1.2", status(as("bob").get(bobsHref("st-forge")).body(), "ORGANIZER", "mailto:alice@acme.example"));
        // and afterwards a client's other value (while changing only its alarm) does not replace the server's
        String alarmOnly = accepted.replace("TRIGGER:-PT15M", "TRIGGER:-PT30M").replace("ORGANIZER;CN=Alice;", "ORGANIZER;CN=Alice;SCHEDULE-STATUS=5.1;");
        assertEquals(204, as("bob").put(bobsHref("st-forge"), alarmOnly).statusCode());
        String bobs = as("bob").get(bobsHref("st-forge")).body();
        assertEquals("1.2", status(bobs, "ORGANIZER", "mailto:alice@acme.example"), bobs);
        assertTrue(bobs.contains("TRIGGER:-PT30M"), "the allowed change is stored");
    }

    @Test
    void anOrganizerCannotSetItsAttendeesScheduleStatus_butMayForThoseItSchedulesItself_rfc6638_section7_3() {
        String carolClient = "ATTENDEE;CN=Carol;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;SCHEDULE-AGENT=CLIENT:mailto:carol@acme.example\n";
        String path = "/calendars/users/alice/default/st-org.ics";
        String created = invitation("st-org", "20300112", carolClient).replace("PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:bob",
                "PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE;SCHEDULE-STATUS=2.0:mailto:bob");
        assertEquals(201, as("alice").put(path, created).statusCode());
        String stored = as("alice").get(path).body();
        assertEquals("1.2", status(stored, "ATTENDEE", "mailto:bob@acme.example"), "what the server did, not what the client said");
        assertNull(status(stored, "ATTENDEE", "mailto:carol@acme.example"), "nothing was sent to carol (SCHEDULE-AGENT=CLIENT)");

        // a change that sends bob nothing, with invented statuses: bob keeps the server's, carol's (client-scheduled) is the client's
        String edited = unfolded(stored).replace("TRANSP:OPAQUE", "TRANSP:TRANSPARENT")
                .replace("SCHEDULE-STATUS=1.2:mailto:bob", "SCHEDULE-STATUS=5.3:mailto:bob")
                .replace("SCHEDULE-AGENT=CLIENT:mailto:carol", "SCHEDULE-AGENT=CLIENT;SCHEDULE-STATUS=1.1:mailto:carol")
                .replace("ORGANIZER;CN=Alice;", "ORGANIZER;CN=Alice;SCHEDULE-STATUS=2.0;");
        assertEquals(204, as("alice").put(path, edited).statusCode());
        String after = as("alice").get(path).body();
        assertEquals("1.2", status(after, "ATTENDEE", "mailto:bob@acme.example"), after);
        assertEquals("1.1", status(after, "ATTENDEE", "mailto:carol@acme.example"), "RFC 6638 §3.2.2.1 item 10, §7.3: the client's own");
        assertNull(status(after, "ORGANIZER", "mailto:alice@acme.example"), "no REPLY was ever sent for the organizer's own copy");
    }
}
