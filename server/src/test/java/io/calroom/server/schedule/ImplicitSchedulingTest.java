package io.calroom.server.schedule;

import io.calroom.principal.Role;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6638 implicit scheduling between people of one org, as Apple Calendar and Thunderbird drive it. */
class ImplicitSchedulingTest {
    static TestServer server;
    static DavClient alice, bob, carol;

    @BeforeAll
    static void start() {
        server = TestServer.start(ImplicitSchedulingTest.class);
        server.user("acme", "alice", Role.USER);
        server.user("acme", "bob", Role.USER);
        server.user("acme", "carol", Role.USER);
        server.user("globex", "gina", Role.USER);
        alice = server.client("alice");
        bob = server.client("bob");
        carol = server.client("carol");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String invite(String uid, String start, String end, String summary, String... attendees) {
        StringBuilder a = new StringBuilder();
        for (String att : attendees) {
            a.append("ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=")
                    .append(att).append(":mailto:").append(att).append("@example.com\n");
        }
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
                SEQUENCE:0
                ORGANIZER;CN=alice:mailto:alice@example.com
                ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=CHAIR;PARTSTAT=ACCEPTED;CN=alice:mailto:alice@example.com
                %sEND:VEVENT
                END:VCALENDAR
                """.formatted(uid, start, end, summary, a));
    }

    static String aliceCal(String name) {
        return "/calendars/users/alice/default/" + name;
    }

    static String copyOf(DavClient c, String user, String uid) {
        HttpResponse<String> r = c.request("REPORT", "/calendars/users/" + user + "/default/").header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><C:calendar-data/></D:prop>
                  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                    <C:prop-filter name="UID"><C:text-match collation="i;octet">%s</C:text-match></C:prop-filter>
                  </C:comp-filter></C:comp-filter></C:filter>
                </C:calendar-query>""".formatted(uid)).send();
        Multistatus ms = new Multistatus(r.body());
        if (ms.hrefs().isEmpty()) return null;
        return ms.prop(ms.hrefs().get(0), "urn:ietf:params:xml:ns:caldav", "calendar-data").element().getTextContent();
    }

    static String hrefOfCopy(DavClient c, String user, String uid) {
        HttpResponse<String> r = c.request("REPORT", "/calendars/users/" + user + "/default/").header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop>
                  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                    <C:prop-filter name="UID"><C:text-match collation="i;octet">%s</C:text-match></C:prop-filter>
                  </C:comp-filter></C:comp-filter></C:filter></C:calendar-query>""".formatted(uid)).send();
        return new Multistatus(r.body()).hrefs().get(0);
    }

    static int inboxCount(DavClient c, String user) {
        HttpResponse<String> r = c.propfind("/calendars/users/" + user + "/inbox/", "1", "<propfind xmlns=\"DAV:\"><prop><getetag/></prop></propfind>");
        return new Multistatus(r.body()).hrefs().size() - 1;
    }

    static String unfolded(String s) {
        return s.replace("\r\n ", "").replace("\n ", "");
    }

    @Test
    void inviteDeliversToTheAttendeesCalendarAndInbox_rfc6638_section3_2_1() {
        int inboxBefore = inboxCount(bob, "bob");
        HttpResponse<String> put = alice.put(aliceCal("inv-1.ics"), invite("inv-1", "20261203T100000Z", "20261203T110000Z", "Planning", "bob"));
        assertEquals(201, put.statusCode(), put.body());
        assertTrue(put.headers().firstValue("Schedule-Tag").isPresent());
        assertFalse(put.headers().firstValue("ETag").isPresent(), "the stored copy gained SCHEDULE-STATUS, so no ETag (RFC 4791 §5.3.4)");
        String bobs = copyOf(bob, "bob", "inv-1");
        assertTrue(bobs != null && bobs.contains("SUMMARY:Planning"), String.valueOf(bobs));
        assertFalse(bobs.contains("METHOD:"), bobs);
        assertEquals(inboxBefore + 1, inboxCount(bob, "bob"));
        String alices = unfolded(alice.get(aliceCal("inv-1.ics")).body());
        assertTrue(alices.contains("SCHEDULE-STATUS=1.2") && alices.contains("mailto:bob@example.com"), alices);
    }

    @Test
    void attendeeAcceptsAndTheOrganizerSeesIt() {
        alice.put(aliceCal("acc-1.ics"), invite("acc-1", "20261204T100000Z", "20261204T110000Z", "Review", "bob"));
        String href = hrefOfCopy(bob, "bob", "acc-1");
        String copy = bob.get(href).body();
        String accepted = unfolded(copy).replaceFirst("PARTSTAT=NEEDS-ACTION(;[^:]*)?:mailto:bob@example.com", "PARTSTAT=ACCEPTED$1:mailto:bob@example.com");
        assertNotEquals(unfolded(copy), accepted);
        HttpResponse<String> r = bob.request("PUT", href).header("If-Schedule-Tag-Match",
                bob.get(href).headers().firstValue("Schedule-Tag").orElseThrow()).body("text/calendar", accepted).send();
        assertEquals(204, r.statusCode(), r.body());
        String organizers = unfolded(alice.get(aliceCal("acc-1.ics")).body());
        assertTrue(organizers.matches("(?s).*ATTENDEE;[^\\r\\n]*PARTSTAT=ACCEPTED[^\\r\\n]*:mailto:bob@example.com.*"), organizers);
    }

    @Test
    void rescheduleUpdatesCopiesAndResetsPartstat_thenRemovalAndDeleteCancel() {
        alice.put(aliceCal("rs-1.ics"), invite("rs-1", "20261205T100000Z", "20261205T110000Z", "Sync", "bob", "carol"));
        String href = hrefOfCopy(bob, "bob", "rs-1");
        String accepted = unfolded(bob.get(href).body()).replaceFirst("PARTSTAT=NEEDS-ACTION(;[^:]*)?:mailto:bob@example.com", "PARTSTAT=ACCEPTED$1:mailto:bob@example.com");
        assertEquals(204, bob.put(href, accepted).statusCode());

        String moved = invite("rs-1", "20261205T140000Z", "20261205T150000Z", "Sync", "bob", "carol").replace("SEQUENCE:0", "SEQUENCE:1");
        assertEquals(204, alice.put(aliceCal("rs-1.ics"), moved).statusCode());
        String bobs = unfolded(copyOf(bob, "bob", "rs-1"));
        assertTrue(bobs.contains("DTSTART:20261205T140000Z"), bobs);
        assertTrue(bobs.matches("(?s).*PARTSTAT=NEEDS-ACTION[^\\r\\n]*:mailto:bob@example.com.*"), "reset after a time change: " + bobs);

        String withoutCarol = invite("rs-1", "20261205T140000Z", "20261205T150000Z", "Sync", "bob").replace("SEQUENCE:0", "SEQUENCE:2");
        assertEquals(204, alice.put(aliceCal("rs-1.ics"), withoutCarol).statusCode());
        assertEquals(null, copyOf(carol, "carol", "rs-1"), "carol was removed: CANCEL deletes her copy");
        assertTrue(copyOf(bob, "bob", "rs-1") != null);

        assertEquals(204, alice.delete(aliceCal("rs-1.ics")).statusCode());
        assertEquals(null, copyOf(bob, "bob", "rs-1"), "the organizer cancelled the event");
    }

    @Test
    void attendeeMayNotChangeOrganizerContent_rfc6638_section3_2_2_1() {
        alice.put(aliceCal("no-1.ics"), invite("no-1", "20261206T100000Z", "20261206T110000Z", "Budget", "bob"));
        String href = hrefOfCopy(bob, "bob", "no-1");
        HttpResponse<String> r = bob.put(href, bob.get(href).body().replace("SUMMARY:Budget", "SUMMARY:Party"));
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("allowed-attendee-scheduling-object-change"), r.body());
    }

    @Test
    void attendeeDeletingItsCopyDeclines() {
        alice.put(aliceCal("del-1.ics"), invite("del-1", "20261207T100000Z", "20261207T110000Z", "Offsite", "bob"));
        assertEquals(204, bob.delete(hrefOfCopy(bob, "bob", "del-1")).statusCode());
        String organizers = unfolded(alice.get(aliceCal("del-1.ics")).body());
        assertTrue(organizers.matches("(?s).*PARTSTAT=DECLINED[^\\r\\n]*:mailto:bob@example.com.*"), organizers);
    }

    @Test
    void scheduleTagRace_attendeeReplyAfterOrganizerUpdateIsRefused_rfc6638_section8() {
        alice.put(aliceCal("race-1.ics"), invite("race-1", "20261208T100000Z", "20261208T110000Z", "Race", "bob"));
        String href = hrefOfCopy(bob, "bob", "race-1");
        HttpResponse<String> before = bob.get(href);
        String oldTag = before.headers().firstValue("Schedule-Tag").orElseThrow();
        alice.put(aliceCal("race-1.ics"), invite("race-1", "20261208T120000Z", "20261208T130000Z", "Race", "bob").replace("SEQUENCE:0", "SEQUENCE:1"));
        String stale = unfolded(before.body()).replaceFirst("PARTSTAT=NEEDS-ACTION(;[^:]*)?:mailto:bob@example.com", "PARTSTAT=ACCEPTED$1:mailto:bob@example.com");
        HttpResponse<String> r = bob.request("PUT", href).header("If-Schedule-Tag-Match", oldTag).body("text/calendar", stale).send();
        assertEquals(412, r.statusCode());
        assertTrue(unfolded(copyOf(bob, "bob", "race-1")).contains("DTSTART:20261208T120000Z"), "the organizer's update survived");
    }

    @Test
    void unknownAndOtherOrgAttendeesGet37() {
        String body = invite("ext-1", "20261209T100000Z", "20261209T110000Z", "External", "nobody", "gina");
        assertEquals(201, alice.put(aliceCal("ext-1.ics"), body).statusCode());
        String organizers = unfolded(alice.get(aliceCal("ext-1.ics")).body());
        assertTrue(organizers.matches("(?s).*SCHEDULE-STATUS=3\\.7[^\\r\\n]*:mailto:nobody@example.com.*"), organizers);
        assertTrue(organizers.matches("(?s).*SCHEDULE-STATUS=3\\.7[^\\r\\n]*:mailto:gina@example.com.*"), organizers);
    }

    @Test
    void optionsAdvertisesAutoScheduleAndInboxNamesTheDefaultCalendar() {
        String dav = alice.request("OPTIONS", "/calendars/users/alice/default/").send().headers().firstValue("DAV").orElse("");
        assertTrue(dav.contains("calendar-auto-schedule"), dav);
        Multistatus ms = new Multistatus(alice.propfind("/calendars/users/alice/inbox/", "0",
                "<propfind xmlns=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><prop><C:schedule-default-calendar-URL/></prop></propfind>").body());
        assertEquals(List.of("/calendars/users/alice/default/"),
                ms.prop("/calendars/users/alice/inbox/", "urn:ietf:params:xml:ns:caldav", "schedule-default-calendar-URL").hrefs());
    }

    @Test
    void recurringSeriesWithAnOverrideAndAnAttendeeDecliningOneInstance() {
        String series = Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
                BEGIN:VEVENT
                UID:series-1
                DTSTAMP:20261101T120000Z
                DTSTART:20270104T100000Z
                DTEND:20270104T110000Z
                RRULE:FREQ=WEEKLY;COUNT=4
                SUMMARY:Weekly review
                ORGANIZER;CN=alice:mailto:alice@example.com
                ATTENDEE;PARTSTAT=ACCEPTED;CN=alice:mailto:alice@example.com
                ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=bob:mailto:bob@example.com
                END:VEVENT
                BEGIN:VEVENT
                UID:series-1
                DTSTAMP:20261101T120000Z
                RECURRENCE-ID:20270111T100000Z
                DTSTART:20270111T120000Z
                DTEND:20270111T130000Z
                SUMMARY:Weekly review (moved, with carol)
                ORGANIZER;CN=alice:mailto:alice@example.com
                ATTENDEE;PARTSTAT=ACCEPTED;CN=alice:mailto:alice@example.com
                ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=bob:mailto:bob@example.com
                ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=carol:mailto:carol@example.com
                END:VEVENT
                END:VCALENDAR
                """);
        assertEquals(201, alice.put(aliceCal("series-1.ics"), series).statusCode());
        String bobs = unfolded(copyOf(bob, "bob", "series-1"));
        assertTrue(bobs.contains("RRULE:FREQ=WEEKLY;COUNT=4") && bobs.contains("RECURRENCE-ID:20270111T100000Z"), bobs);
        String carols = unfolded(copyOf(carol, "carol", "series-1"));
        assertTrue(carols.contains("RECURRENCE-ID:20270111T100000Z") && !carols.contains("RRULE"), "carol is invited to one instance only: " + carols);

        // bob declines the third instance only (as Thunderbird does: an override with his PARTSTAT)
        String href = hrefOfCopy(bob, "bob", "series-1");
        String bobCopy = unfolded(bob.get(href).body());
        int master = bobCopy.indexOf("BEGIN:VEVENT");
        int masterEnd = bobCopy.indexOf("END:VEVENT", master) + "END:VEVENT".length();
        String override = bobCopy.substring(master, masterEnd)
                .replace("RRULE:FREQ=WEEKLY;COUNT=4\r\n", "")
                .replace("DTSTART:20270104T100000Z", "RECURRENCE-ID:20270118T100000Z\r\nDTSTART:20270118T100000Z")
                .replace("DTEND:20270104T110000Z", "DTEND:20270118T110000Z")
                .replaceFirst("PARTSTAT=NEEDS-ACTION(;[^:]*)?:mailto:bob@example.com", "PARTSTAT=DECLINED$1:mailto:bob@example.com");
        String declinedOne = bobCopy.replace("END:VCALENDAR", override + "\r\nEND:VCALENDAR");
        HttpResponse<String> r = bob.put(href, declinedOne);
        assertEquals(204, r.statusCode(), r.body());
        String organizers = unfolded(alice.get(aliceCal("series-1.ics")).body());
        int third = organizers.indexOf("RECURRENCE-ID:20270118T100000Z");
        assertTrue(third > 0, "the organizer's copy gained an override for the declined instance: " + organizers);
        String thirdInstance = organizers.substring(third, organizers.indexOf("END:VEVENT", third));
        assertTrue(thirdInstance.matches("(?s).*PARTSTAT=DECLINED[^\\r\\n]*:mailto:bob@example.com.*"), thirdInstance);
        String masterPart = organizers.substring(0, organizers.indexOf("END:VEVENT"));
        assertFalse(masterPart.matches("(?s).*PARTSTAT=DECLINED[^\\r\\n]*:mailto:bob@example.com.*"), "the series itself is not declined");
    }

    @Test
    void attendeesMayBeNamedByPrincipalUrlOrUrnUuid_rfc6638_section2_4_1() {
        String body = invite("forms-1", "20261215T100000Z", "20261215T110000Z", "Forms")
                .replace("END:VEVENT", "ATTENDEE;PARTSTAT=NEEDS-ACTION:" + server.baseUrl() + "/principals/users/bob/\r\nEND:VEVENT");
        assertEquals(201, alice.put(aliceCal("forms-1.ics"), body).statusCode());
        assertTrue(copyOf(bob, "bob", "forms-1") != null, "bob named by his principal URL got the invitation");
        String organizers = unfolded(alice.get(aliceCal("forms-1.ics")).body());
        assertTrue(organizers.matches("(?s).*SCHEDULE-STATUS=1\\.2[^\\r\\n]*/principals/users/bob/.*"), organizers);
    }

    @Test
    void deletingAWholeCalendarCancelsItsInvitations() {
        assertEquals(201, alice.request("MKCALENDAR", "/calendars/users/alice/projects/").send().statusCode());
        assertEquals(201, alice.put("/calendars/users/alice/projects/p1.ics",
                invite("proj-1", "20261220T100000Z", "20261220T110000Z", "Project kickoff", "bob")).statusCode());
        assertTrue(copyOf(bob, "bob", "proj-1") != null);
        assertEquals(204, alice.delete("/calendars/users/alice/projects/").statusCode());
        assertEquals(null, copyOf(bob, "bob", "proj-1"), "the organizer's calendar is gone, so is the meeting");
    }
}
