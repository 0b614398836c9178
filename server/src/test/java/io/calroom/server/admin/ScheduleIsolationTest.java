package io.calroom.server.admin;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inside one org, nobody changes what belongs to someone else through scheduling: an attendee cannot take over the
 * organizer's event (RFC 6638 §3.2.2.1, §3.2.4.4; RFC 5546 §2.1.5: only the organizer sends REQUESTs), an uninvited
 * user cannot plant a copy of a colleague's event, and a message that reuses someone's UID does not replace or remove
 * their object. Each refusal is a 403 with the RFC's precondition element, and every other calendar user's copies
 * (byte for byte) and inboxes stay as they were.
 */
class ScheduleIsolationTest {
    static final String UID = "iso-weekly";
    static final String ROOM = "mailto:iso-room@resources.example.com";
    static TestServer server;
    static AdminApi api;

    @BeforeAll
    static void start() {
        server = TestServer.start(ScheduleIsolationTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"));
        api = new AdminApi(server, "root", "root-pass");
        api.org("acme");
        for (String u : List.of("alice", "bob", "carol", "dave")) api.user("acme", u);
        api.resource("acme", "iso-room", "ROOM", "Iso Room", "");
        HttpResponse<String> r = as("alice").put(aliceHref(), invitation());
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(as("bob").get(copyHref("bob")).statusCode() == 200 && as("carol").get(copyHref("carol")).statusCode() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static DavClient as(String user) {
        return api.as(user);
    }

    static String aliceHref() {
        return "/calendars/users/alice/default/weekly.ics";
    }

    static String copyHref(String user) {
        return "/calendars/users/" + user + "/default/" + UID + ".ics";
    }

    /** Apple Calendar's invitation: weekly, alice organizes, bob, carol and the room are invited. */
    static String invitation() {
        return Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Apple Inc.//macOS 14.4//EN
                CALSCALE:GREGORIAN
                BEGIN:VEVENT
                UID:%s
                DTSTAMP:20261101T120000Z
                CREATED:20261101T120000Z
                DTSTART:20300107T100000Z
                DTEND:20300107T110000Z
                RRULE:FREQ=WEEKLY;COUNT=4
                SUMMARY:Weekly planning
                SEQUENCE:0
                ORGANIZER;CN=Alice;EMAIL=alice@acme.example:mailto:alice@acme.example
                ATTENDEE;CN=Alice;CUTYPE=INDIVIDUAL;EMAIL=alice@acme.example;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:alice@acme.example
                ATTENDEE;CN=Bob;CUTYPE=INDIVIDUAL;EMAIL=bob@acme.example;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:bob@acme.example
                ATTENDEE;CN=Carol;CUTYPE=INDIVIDUAL;EMAIL=carol@acme.example;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:carol@acme.example
                ATTENDEE;CN=Iso Room;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:%s
                END:VEVENT
                END:VCALENDAR
                """.formatted(UID, ROOM));
    }

    static String unfolded(String s) {
        return s.replace("\r\n ", "");
    }

    static String listing(DavClient c, String collection) {
        return c.propfind(collection, "1", "<propfind xmlns=\"DAV:\"><prop><getetag/></prop></propfind>").body();
    }

    /** Everything of alice, carol and the room (copies byte for byte, calendars and inboxes by ETag), and bob's copy. */
    static String state() {
        StringBuilder b = new StringBuilder();
        b.append(as("alice").get(aliceHref()).body()).append(as("carol").get(copyHref("carol")).body())
                .append(as("bob").get(copyHref("bob")).body());
        for (String u : List.of("alice", "carol", "bob")) {
            b.append(listing(as(u), "/calendars/users/" + u + "/default/")).append(listing(as(u), "/calendars/users/" + u + "/inbox/"));
        }
        DavClient root = api.admin();
        b.append(root.get("/calendars/resources/iso-room/default/" + UID + ".ics").body())
                .append(listing(root, "/calendars/resources/iso-room/default/")).append(listing(root, "/calendars/resources/iso-room/inbox/"));
        return b.toString();
    }

    static String bobsCopy() {
        return unfolded(as("bob").get(copyHref("bob")).body());
    }

    static void refused(HttpResponse<String> r, String precondition, String before, String what) {
        assertEquals(403, r.statusCode(), what + ": " + r.body());
        assertTrue(r.body().contains(precondition), what + ": " + r.body());
        assertEquals(before, state(), what + " changed nobody's calendar or inbox");
    }

    @Test
    void anAttendeeCannotMakeItselfTheOrganizer_rfc6638_section3_2_4_4() {
        String before = state();
        String takeover = bobsCopy().replace("ORGANIZER;CN=Alice;EMAIL=alice@acme.example:mailto:alice@acme.example",
                "ORGANIZER;CN=Bob:mailto:bob@acme.example").replace("SUMMARY:Weekly planning", "SUMMARY:Bob's meeting now");
        refused(as("bob").put(copyHref("bob"), takeover), "allowed-attendee-scheduling-object-change", before, "ORGANIZER changed to bob");
        String justOrganizer = bobsCopy().replace("ORGANIZER;CN=Alice;EMAIL=alice@acme.example:mailto:alice@acme.example",
                "ORGANIZER:mailto:bob@acme.example");
        refused(as("bob").put(copyHref("bob"), justOrganizer), "allowed-attendee-scheduling-object-change", before, "only ORGANIZER changed");
    }

    @Test
    void anAttendeeCannotRemoveTheOrganizerOrItselfOrChangeScheduleAgent_rfc6638_section3_2_2_1() {
        String before = state();
        String copy = bobsCopy();
        refused(as("bob").put(copyHref("bob"), copy.replace("ORGANIZER;CN=Alice;EMAIL=alice@acme.example:mailto:alice@acme.example\r\n", "")),
                "allowed-attendee-scheduling-object-change", before, "ORGANIZER removed");
        String bobLine = copy.lines().filter(l -> l.startsWith("ATTENDEE") && l.endsWith("mailto:bob@acme.example")).findFirst().orElseThrow();
        refused(as("bob").put(copyHref("bob"), copy.replace(bobLine + "\r\n", "")), "allowed-attendee-scheduling-object-change", before,
                "own ATTENDEE removed");
        refused(as("bob").put(copyHref("bob"), copy.replace("ORGANIZER;CN=Alice;", "ORGANIZER;SCHEDULE-AGENT=CLIENT;CN=Alice;")),
                "allowed-attendee-scheduling-object-change", before, "SCHEDULE-AGENT=CLIENT on the ORGANIZER");
        refused(as("bob").put(copyHref("bob"), copy.replace(bobLine, bobLine.replace("ATTENDEE;", "ATTENDEE;SCHEDULE-AGENT=NONE;"))),
                "allowed-attendee-scheduling-object-change", before, "SCHEDULE-AGENT=NONE on its own ATTENDEE");
        // the positive control: answering is still bob's to do
        HttpResponse<String> accept = as("bob").put(copyHref("bob"), copy.replace(bobLine, bobLine.replace("PARTSTAT=NEEDS-ACTION", "PARTSTAT=ACCEPTED")));
        assertEquals(204, accept.statusCode(), accept.body());
        assertTrue(unfolded(as("alice").get(aliceHref()).body()).matches("(?s).*PARTSTAT=ACCEPTED[^\r\n]*:mailto:bob@acme.example.*"));
    }

    @Test
    void anUninvitedUserCannotStoreACopyOfAColleaguesEvent_rfc6638_section3_2_2_2() {
        String before = state();
        String planted = bobsCopy().replace("mailto:bob@acme.example", "mailto:dave@acme.example").replace("CN=Bob", "CN=Dave")
                .replace("EMAIL=bob@", "EMAIL=dave@");
        refused(as("dave").put("/calendars/users/dave/default/planted.ics", planted), "allowed-attendee-scheduling-object-change", before,
                "dave's copy of alice's event");
        refused(as("dave").put("/calendars/users/dave/default/invented.ics", planted.replace(UID, "no-such-event")),
                "allowed-attendee-scheduling-object-change", before, "dave's copy of an event alice does not have");
        assertEquals(404, as("dave").get("/calendars/users/dave/default/planted.ics").statusCode());
        // with SCHEDULE-AGENT=CLIENT the server schedules nothing for it: a private note, stored as such (RFC 6638 §3.2.2.2)
        HttpResponse<String> client = as("dave").put("/calendars/users/dave/default/client.ics",
                planted.replace("ORGANIZER;CN=Alice;", "ORGANIZER;SCHEDULE-AGENT=CLIENT;CN=Alice;").replace(UID, "dave-private"));
        assertEquals(201, client.statusCode(), client.body());
        assertEquals(before, state());
    }

    @Test
    void aNewEventReusingTheOrganizersUidReplacesNobodysObject_rfc5546_section2_1_5() {
        String before = state();
        String forged = invitation().replace("ORGANIZER;CN=Alice;EMAIL=alice@acme.example:mailto:alice@acme.example",
                "ORGANIZER;CN=Dave:mailto:dave@acme.example").replace("SUMMARY:Weekly planning", "SUMMARY:Cancelled, go home")
                .replace("ATTENDEE;CN=Alice;CUTYPE=INDIVIDUAL;EMAIL=alice@acme.example;PARTSTAT=ACCEPTED;ROLE=CHAIR",
                        "ATTENDEE;CN=Alice;CUTYPE=INDIVIDUAL;EMAIL=alice@acme.example;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT")
                .replace("RRULE:", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:dave@acme.example\r\nRRULE:");
        String href = "/calendars/users/dave/default/forged.ics";
        HttpResponse<String> put = as("dave").put(href, forged);
        assertEquals(201, put.statusCode(), put.body());
        String daves = unfolded(as("dave").get(href).body());
        for (String recipient : List.of("mailto:alice@acme.example", "mailto:carol@acme.example", ROOM)) {
            assertTrue(daves.matches("(?s).*SCHEDULE-STATUS=3\\.8[^\r\n]*:" + java.util.regex.Pattern.quote(recipient) + "\r\n.*"),
                    "not delivered to " + recipient + " (no privilege): " + daves);
        }
        assertEquals(before, state(), "alice's, carol's and the room's objects with that UID are untouched, and their inboxes too");
        // nor does its deletion cancel anything of theirs
        assertEquals(204, as("dave").delete(href).statusCode());
        assertEquals(before, state());
    }

    @Test
    void theOrganizerCannotHandItsEventToSomeoneElse_rfc6638_section3_2_4_3() {
        String before = state();
        String aliceCopy = unfolded(as("alice").get(aliceHref()).body());
        String handedOver = aliceCopy.replace("ORGANIZER;CN=Alice;EMAIL=alice@acme.example:mailto:alice@acme.example", "ORGANIZER:mailto:carol@acme.example");
        refused(as("alice").put(aliceHref(), handedOver), "allowed-organizer-scheduling-object-change", before, "ORGANIZER changed to carol");
    }
}
