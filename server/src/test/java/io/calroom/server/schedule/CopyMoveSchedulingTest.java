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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * COPY and MOVE of scheduling object resources (RFC 6638 §3.2.3.3-4, §3.2.4.1, §3.2.10.2), as
 * Apple Calendar sends them when an event is dragged to another calendar (MOVE with an absolute
 * Destination), and as a delegate moves an event between the delegator's and its own calendars.
 * Olive organizes with Adam and Room C as attendees; Dana is Olive's write delegate.
 */
class CopyMoveSchedulingTest {
    static final String ROOM = "mailto:room-c@resources.example.com";
    static TestServer server;
    static AdminApi api;
    static DavClient root, olive, adam, dana;

    @BeforeAll
    static void start() {
        server = TestServer.start(CopyMoveSchedulingTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"));
        api = new AdminApi(server, "root", "root-pass");
        root = api.admin();
        api.org("acme");
        for (String u : new String[]{"olive", "adam", "dana"}) api.user("acme", u);
        api.resource("acme", "room-c", "ROOM", "Room C", "");
        olive = api.as("olive");
        adam = api.as("adam");
        dana = api.as("dana");
        HttpResponse<String> delegate = olive.request("PROPPATCH", "/principals/users/olive/calendar-proxy-write/").xml("""
                <D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:group-member-set>
                <D:href>/principals/users/dana/</D:href></D:group-member-set></D:prop></D:set></D:propertyupdate>""").send();
        assertTrue(delegate.body().contains("200 OK"), delegate.body());
        assertEquals(201, olive.request("MKCALENDAR", "/calendars/users/olive/work/").send().statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** A day some weeks ahead: inside every horizon (expansion, room conflicts), whatever today is. */
    static String day(int daysAhead) {
        return LocalDate.now(ZoneOffset.UTC).plusDays(daysAhead).format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    /** What Apple Calendar PUTs for Olive's meeting with Adam and Room C. */
    static String meeting(String uid, int daysAhead, String summary) {
        String d = day(daysAhead);
        return Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Apple Inc.//macOS 14.0//EN
                CALSCALE:GREGORIAN
                BEGIN:VEVENT
                UID:%1$s
                DTSTAMP:20261101T120000Z
                CREATED:20261101T120000Z
                DTSTART:%2$sT100000Z
                DTEND:%2$sT110000Z
                SUMMARY:%3$s
                SEQUENCE:0
                ORGANIZER;CN=olive:mailto:olive@acme.example
                ATTENDEE;CN=olive;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:olive@acme.example
                ATTENDEE;CN=adam;CUTYPE=INDIVIDUAL;EMAIL=adam@acme.example;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;ROLE=REQ-PARTICIPANT:mailto:adam@acme.example
                ATTENDEE;CN=Room C;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;ROLE=REQ-PARTICIPANT:%4$s
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid, d, summary, ROOM));
    }

    static String unfolded(String s) {
        return s.replace("\r\n ", "").replace("\n ", "");
    }

    /** Adam's copy of the event, wherever the server put it, as {href, ETag}; null when he has none. */
    static String[] adamsCopy(String uid) {
        HttpResponse<String> r = adam.request("REPORT", "/calendars/users/adam/default/").header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop>
                  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                    <C:prop-filter name="UID"><C:text-match collation="i;octet">%s</C:text-match></C:prop-filter>
                  </C:comp-filter></C:comp-filter></C:filter></C:calendar-query>""".formatted(uid)).send();
        Multistatus ms = new Multistatus(r.body());
        if (ms.hrefs().isEmpty()) return null;
        String href = ms.hrefs().get(0);
        return new String[]{href, ms.prop(href, "DAV:", "getetag").text()};
    }

    /** The hrefs and ETags of a collection's members, in one string, to compare before and after. */
    static String listing(DavClient c, String collection) {
        HttpResponse<String> r = c.propfind(collection, "1", "<propfind xmlns=\"DAV:\"><prop><getetag/></prop></propfind>");
        assertEquals(207, r.statusCode(), r.body());
        Multistatus ms = new Multistatus(r.body());
        StringBuilder b = new StringBuilder();
        for (String h : ms.hrefs()) {
            if (h.equals(collection)) continue;
            b.append(h).append(' ').append(ms.prop(h, "DAV:", "getetag").text()).append('\n');
        }
        return b.toString();
    }

    static String roomCopy(String uid) {
        HttpResponse<String> r = root.get("/calendars/resources/room-c/default/" + uid + ".ics");
        return r.statusCode() == 200 ? unfolded(r.body()) : null;
    }

    static String roomPartstat(String organizerCopy) {
        for (String line : unfolded(organizerCopy).split("\r?\n")) {
            if (line.startsWith("ATTENDEE") && line.endsWith(ROOM)) {
                var m = java.util.regex.Pattern.compile("PARTSTAT=([A-Z-]+)").matcher(line);
                return m.find() ? m.group(1) : null;
            }
        }
        return null;
    }

    /** Adam accepts in his copy; his REPLY must reach Olive's scheduling object at {@code organizerHref}. */
    static void assertAdamsAcceptanceReaches(String uid, String organizerHref) {
        String[] copy = adamsCopy(uid);
        String accepted = unfolded(adam.get(copy[0]).body())
                .replaceFirst("PARTSTAT=NEEDS-ACTION(;[^:]*)?:mailto:adam@acme.example", "PARTSTAT=ACCEPTED$1:mailto:adam@acme.example");
        assertEquals(204, adam.put(copy[0], accepted).statusCode());
        String organizers = unfolded(olive.get(organizerHref).body());
        assertTrue(organizers.matches("(?s).*ATTENDEE;[^\\r\\n]*PARTSTAT=ACCEPTED[^\\r\\n]*:mailto:adam@acme.example.*"), organizers);
    }

    static HttpResponse<String> put(DavClient c, String href, String body) {
        HttpResponse<String> r = c.put(href, body);
        assertEquals(201, r.statusCode(), r.body());
        return r;
    }

    @Test
    void moveBetweenTheOrganizersCalendarsSendsNothingAndKeepsTheSchedulingObject_rfc6638_section3_2_3_4() {
        String from = "/calendars/users/olive/default/mv-home.ics";
        String to = "/calendars/users/olive/work/mv-home.ics";
        put(olive, from, meeting("mv-home", 30, "Planning"));
        HttpResponse<String> before = olive.get(from);
        String tag = before.headers().firstValue("Schedule-Tag").orElseThrow();
        String etag = before.headers().firstValue("ETag").orElseThrow();
        assertEquals("ACCEPTED", roomPartstat(before.body()), before.body());
        String adamInbox = listing(adam, "/calendars/users/adam/inbox/");
        String adamCalendar = listing(adam, "/calendars/users/adam/default/");
        String oliveInbox = listing(olive, "/calendars/users/olive/inbox/");
        String room = roomCopy("mv-home");
        assertNotNull(room);

        HttpResponse<String> move = olive.request("MOVE", from).header("Destination", server.baseUrl() + to)
                .header("Overwrite", "F").send();
        assertEquals(201, move.statusCode(), move.body());
        assertEquals(tag, move.headers().firstValue("Schedule-Tag").orElse(null),
                "RFC 6638 §3.2.10: the answer carries the destination's Schedule-Tag, which a MOVE leaves as it was");
        assertEquals(404, olive.get(from).statusCode());
        HttpResponse<String> after = olive.get(to);
        assertEquals(200, after.statusCode());
        assertEquals(before.body(), after.body());
        assertEquals(tag, after.headers().firstValue("Schedule-Tag").orElse(null));
        assertEquals(etag, after.headers().firstValue("ETag").orElse(null));

        assertEquals(adamInbox, listing(adam, "/calendars/users/adam/inbox/"), "no iTIP message for a MOVE between one's calendars");
        assertEquals(adamCalendar, listing(adam, "/calendars/users/adam/default/"), "Adam's copy is untouched");
        assertEquals(oliveInbox, listing(olive, "/calendars/users/olive/inbox/"));
        assertEquals(room, roomCopy("mv-home"), "the room's booking and answer are unchanged");

        // still Olive's scheduling object: Adam's answer reaches it at its new place
        assertAdamsAcceptanceReaches("mv-home", to);
        assertEquals(tag, olive.get(to).headers().firstValue("Schedule-Tag").orElse(null), "a merged reply keeps the tag");
    }

    @Test
    void thunderbirdsMoveAsAPutIntoTheNewCalendarAndADeleteFromTheOldCancelsNothing_rfc6638_section3_2_4_1() {
        // Thunderbird moves an event to another calendar by adding it there (If-None-Match: *) and then deleting
        // it from the old one; the server may refuse the add (§3.2.4.1) but then the move fails; it continues the event
        String from = "/calendars/users/olive/default/tb-move.ics";
        String to = "/calendars/users/olive/work/tb-move.ics";
        put(olive, from, meeting("tb-move", 32, "Retro"));
        HttpResponse<String> before = olive.get(from);
        String tag = before.headers().firstValue("Schedule-Tag").orElseThrow();
        assertEquals("ACCEPTED", roomPartstat(before.body()), before.body());
        String adamInbox = listing(adam, "/calendars/users/adam/inbox/");
        String adamCalendar = listing(adam, "/calendars/users/adam/default/");
        String room = roomCopy("tb-move");
        assertNotNull(room);

        HttpResponse<String> added = olive.request("PUT", to).header("If-None-Match", "*").body("text/calendar; charset=utf-8", before.body()).send();
        assertEquals(201, added.statusCode(), added.body());
        assertEquals(tag, olive.get(to).headers().firstValue("Schedule-Tag").orElse(null), "the event keeps its Schedule-Tag");
        assertEquals(adamInbox, listing(adam, "/calendars/users/adam/inbox/"), "nothing changed for Adam: no new invitation");
        assertEquals(adamCalendar, listing(adam, "/calendars/users/adam/default/"));
        assertEquals(room, roomCopy("tb-move"));

        assertEquals(204, olive.delete(from).statusCode());
        assertEquals(adamInbox, listing(adam, "/calendars/users/adam/inbox/"), "no CANCEL: the event is still in Olive's calendars");
        assertEquals(adamCalendar, listing(adam, "/calendars/users/adam/default/"), "Adam's copy is untouched");
        assertEquals(room, roomCopy("tb-move"), "the room stays booked");

        // the event lives on at its new place: Adam's answer reaches it, and deleting it now cancels it
        assertAdamsAcceptanceReaches("tb-move", to);
        assertEquals(204, olive.delete(to).statusCode());
        String cancelled = roomCopy("tb-move");
        assertTrue(cancelled == null || cancelled.contains("STATUS:CANCELLED"), "the last copy's delete frees the room: " + cancelled);
        String[] adams = adamsCopy("tb-move");
        assertTrue(adams == null || unfolded(adam.get(adams[0]).body()).contains("STATUS:CANCELLED"), "and cancels Adam's copy");
    }

    @Test
    void deletingACalendarThatHoldsOneOfTwoCopiesOfAnEventCancelsNothing_rfc6638_section3_2_4_1() {
        assertEquals(201, olive.request("MKCALENDAR", "/calendars/users/olive/scratch/").send().statusCode());
        String home = "/calendars/users/olive/default/two-copies.ics";
        put(olive, home, meeting("two-copies", 33, "Offsite"));
        String body = olive.get(home).body();
        assertEquals(201, olive.request("PUT", "/calendars/users/olive/scratch/two-copies.ics").header("If-None-Match", "*")
                .body("text/calendar; charset=utf-8", body).send().statusCode());
        String adamCalendar = listing(adam, "/calendars/users/adam/default/");
        String room = roomCopy("two-copies");

        assertEquals(204, olive.delete("/calendars/users/olive/scratch/").statusCode());
        assertEquals(adamCalendar, listing(adam, "/calendars/users/adam/default/"), "the event stays in Olive's default calendar");
        assertEquals(room, roomCopy("two-copies"));
        assertEquals(200, olive.get(home).statusCode());
    }

    @Test
    void copyOfASchedulingObjectIntoAnotherCalendarOfTheHomeIsRefused_rfc6638_section3_2_4_1() {
        String from = "/calendars/users/olive/default/cp-home.ics";
        put(olive, from, meeting("cp-home", 31, "Review"));
        String adamInbox = listing(adam, "/calendars/users/adam/inbox/");
        String work = listing(olive, "/calendars/users/olive/work/");

        HttpResponse<String> copy = olive.request("COPY", from)
                .header("Destination", server.baseUrl() + "/calendars/users/olive/work/cp-home.ics").send();
        assertEquals(403, copy.statusCode(), copy.body());
        assertTrue(copy.body().contains("unique-scheduling-object-resource"), copy.body());
        assertTrue(copy.body().contains("<d:href>" + from + "</d:href>"), "names the scheduling object that has the UID: " + copy.body());
        assertEquals(work, listing(olive, "/calendars/users/olive/work/"), "nothing was copied");
        assertEquals(adamInbox, listing(adam, "/calendars/users/adam/inbox/"));
        assertEquals(200, olive.get(from).statusCode());

        // an event without attendees is no scheduling object: copied as before
        put(olive, "/calendars/users/olive/default/cp-plain.ics", Ics.event("cp-plain", day(31) + "T120000Z", day(31) + "T130000Z", "Lunch"));
        assertEquals(201, olive.request("COPY", "/calendars/users/olive/default/cp-plain.ics")
                .header("Destination", "/calendars/users/olive/work/cp-plain.ics").send().statusCode());
    }

    @Test
    void ifScheduleTagMatchIsCheckedOnTheSourceOfMoveAndCopy_rfc6638_section3_2_10_2() {
        String from = "/calendars/users/olive/default/tag-move.ics";
        String to = "/calendars/users/olive/work/tag-move.ics";
        put(olive, from, meeting("tag-move", 32, "Tagged"));
        String tag = olive.get(from).headers().firstValue("Schedule-Tag").orElseThrow();

        HttpResponse<String> stale = olive.request("MOVE", from).header("Destination", to).header("If-Schedule-Tag-Match", "\"stale\"").send();
        assertEquals(412, stale.statusCode(), stale.body());
        assertEquals(200, olive.get(from).statusCode());
        assertEquals(404, olive.get(to).statusCode(), "nothing moved");
        HttpResponse<String> staleCopy = olive.request("COPY", "/calendars/users/olive/default/tag-move.ics")
                .header("Destination", "/calendars/users/olive/default/tag-copy.ics").header("If-Schedule-Tag-Match", "\"stale\"").send();
        assertEquals(412, staleCopy.statusCode());

        HttpResponse<String> ok = olive.request("MOVE", from).header("Destination", to).header("If-Schedule-Tag-Match", tag).send();
        assertEquals(201, ok.statusCode(), ok.body());
        assertEquals(200, olive.get(to).statusCode());
    }

    @Test
    void moveOutOfTheHomeByAWriteDelegateIsADeleteThere_rfc6638_section3_2_3_4() {
        // two identical meetings: one deleted by Olive, one moved by her delegate to the delegate's own calendar
        put(olive, "/calendars/users/olive/default/gone-del.ics", meeting("gone-del", 33, "Offsite"));
        put(olive, "/calendars/users/olive/default/gone-mv.ics", meeting("gone-mv", 34, "Offsite"));
        assertNotNull(adamsCopy("gone-mv"));
        assertNotNull(roomCopy("gone-mv"));

        HttpResponse<String> note = olive.request("PROPPATCH", "/calendars/users/olive/default/gone-mv.ics").xml("""
                <D:propertyupdate xmlns:D="DAV:" xmlns:X="urn:example:client"><D:set><D:prop>
                <X:note>moved by Dana</X:note></D:prop></D:set></D:propertyupdate>""").send();
        assertTrue(note.body().contains("200 OK"), note.body());
        assertEquals(204, olive.delete("/calendars/users/olive/default/gone-del.ics").statusCode());
        HttpResponse<String> move = dana.request("MOVE", "/calendars/users/olive/default/gone-mv.ics")
                .header("Destination", server.baseUrl() + "/calendars/users/dana/default/gone-mv.ics").send();
        assertEquals(201, move.statusCode(), move.body());

        assertEquals(404, olive.get("/calendars/users/olive/default/gone-mv.ics").statusCode());
        assertEquals(200, dana.get("/calendars/users/dana/default/gone-mv.ics").statusCode());
        assertTrue(dana.propfind("/calendars/users/dana/default/gone-mv.ics", "0",
                "<D:propfind xmlns:D=\"DAV:\" xmlns:X=\"urn:example:client\"><D:prop><X:note/></D:prop></D:propfind>").body()
                .contains("moved by Dana"), "the dead properties move with the object");
        assertNull(adamsCopy("gone-del"), "the DELETE cancelled Adam's copy");
        assertNull(adamsCopy("gone-mv"), "and so did the MOVE out of Olive's home");
        assertNull(roomCopy("gone-del"));
        assertNull(roomCopy("gone-mv"), "the room's booking is cancelled, its slot free");
        assertTrue(inboxMessage(adam, "adam", "gone-del").contains("METHOD:CANCEL"));
        String cancel = inboxMessage(adam, "adam", "gone-mv");
        assertTrue(cancel.contains("METHOD:CANCEL"), "Adam's inbox holds Olive's CANCEL, as for the DELETE: " + cancel);
        assertTrue(cancel.contains("ORGANIZER;CN=olive:mailto:olive@acme.example"), cancel);

        // a room booked anew in the freed slot is accepted
        put(olive, "/calendars/users/olive/default/gone-again.ics", meeting("gone-again", 34, "Offsite again"));
        assertEquals("ACCEPTED", roomPartstat(olive.get("/calendars/users/olive/default/gone-again.ics").body()));
    }

    @Test
    void copyAndMoveIntoAnotherHomeAreACreateForItsOwner_rfc6638_section3_2_3_1() {
        // Dana drafted Olive's meeting in her own calendar (for Dana it is no scheduling object),
        // then copies it into Olive's calendar: a create by Olive, who invites Adam and the room
        put(dana, "/calendars/users/dana/default/draft.ics", meeting("draft", 35, "Drafted by Dana"));
        assertNull(adamsCopy("draft"), "nothing is sent for an event of someone else in Dana's calendar");
        HttpResponse<String> copy = dana.request("COPY", "/calendars/users/dana/default/draft.ics")
                .header("Destination", server.baseUrl() + "/calendars/users/olive/default/draft.ics").send();
        assertEquals(201, copy.statusCode(), copy.body());
        assertTrue(copy.headers().firstValue("Schedule-Tag").isPresent(), "the copy is Olive's scheduling object");
        assertFalse(copy.headers().firstValue("ETag").isPresent(), "the server added SCHEDULE-STATUS (RFC 4791 §5.3.4)");
        assertNotNull(adamsCopy("draft"), "Adam is invited");
        String oliveCopy = olive.get("/calendars/users/olive/default/draft.ics").body();
        assertEquals("ACCEPTED", roomPartstat(oliveCopy), oliveCopy);
        assertEquals(200, dana.get("/calendars/users/dana/default/draft.ics").statusCode(), "a COPY keeps the source");

        put(dana, "/calendars/users/dana/default/draft2.ics", meeting("draft2", 36, "Also drafted"));
        HttpResponse<String> move = dana.request("MOVE", "/calendars/users/dana/default/draft2.ics")
                .header("Destination", "/calendars/users/olive/work/draft2.ics").send();
        assertEquals(201, move.statusCode(), move.body());
        assertEquals(404, dana.get("/calendars/users/dana/default/draft2.ics").statusCode());
        assertNotNull(adamsCopy("draft2"));
        assertTrue(olive.get("/calendars/users/olive/work/draft2.ics").headers().firstValue("Schedule-Tag").isPresent());
    }

    @Test
    void aDelegateCannotGiveTheDelegatorASecondSchedulingObjectWithTheSameUid_rfc6638_section3_2_4_1() {
        put(olive, "/calendars/users/olive/default/twice.ics", meeting("twice", 37, "Once only"));
        put(dana, "/calendars/users/dana/default/twice.ics", meeting("twice", 37, "Once only"));
        String adamInbox = listing(adam, "/calendars/users/adam/inbox/");
        HttpResponse<String> copy = dana.request("COPY", "/calendars/users/dana/default/twice.ics")
                .header("Destination", "/calendars/users/olive/work/twice.ics").send();
        assertEquals(403, copy.statusCode(), copy.body());
        assertTrue(copy.body().contains("unique-scheduling-object-resource"), copy.body());
        assertEquals(404, olive.get("/calendars/users/olive/work/twice.ics").statusCode());
        assertEquals(adamInbox, listing(adam, "/calendars/users/adam/inbox/"), "nothing was sent");
    }

    /** The inbox's latest message from the organizer about this event (one per event and sender). */
    static String inboxMessage(DavClient c, String user, String uid) {
        HttpResponse<String> r = c.request("REPORT", "/calendars/users/" + user + "/inbox/").header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data/></D:prop>
                  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                    <C:prop-filter name="UID"><C:text-match collation="i;octet">%s</C:text-match></C:prop-filter>
                  </C:comp-filter></C:comp-filter></C:filter></C:calendar-query>""".formatted(uid)).send();
        Multistatus ms = new Multistatus(r.body());
        assertEquals(1, ms.hrefs().size(), r.body());
        return unfolded(ms.prop(ms.hrefs().get(0), "urn:ietf:params:xml:ns:caldav", "calendar-data").text());
    }
}
