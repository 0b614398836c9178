package io.calroom.server.schedule;

import io.calroom.principal.Role;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST of a VFREEBUSY request to the outbox (RFC 6638 §5), as Apple Calendar and Thunderbird send it. */
class FreeBusyPostTest {
    static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    static TestServer server;
    static DavClient alice;

    @BeforeAll
    static void start() {
        server = TestServer.start(FreeBusyPostTest.class);
        server.user("acme", "alice", Role.USER);
        server.user("acme", "bob", Role.USER);
        server.user("acme", "carol", Role.USER);
        server.user("globex", "gina", Role.USER);
        alice = server.client("alice");
        DavClient bob = server.client("bob");
        bob.put("/calendars/users/bob/default/a.ics", Ics.event("bob-a", "20261203T090000Z", "20261203T100000Z", "Standup"));
        bob.put("/calendars/users/bob/default/b.ics", Ics.event("bob-b", "20261203T093000Z", "20261203T110000Z", "Review"));
        bob.put("/calendars/users/bob/default/edited.ics", Ics.event("being-edited", "20261203T140000Z", "20261203T150000Z", "Moving"));
        bob.put("/calendars/users/bob/default/t.ics", Ics.event("bob-t", "20261203T160000Z", "20261203T170000Z", "Maybe")
                .replace("SUMMARY:Maybe", "SUMMARY:Maybe\r\nSTATUS:TENTATIVE"));
        // a to-do in the range is never busy time
        bob.put("/calendars/users/bob/default/todo.ics", Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example Corp.//CalDAV Client//EN
                BEGIN:VTODO
                UID:bob-todo
                DTSTAMP:20261201T120000Z
                DTSTART:20261203T120000Z
                DUE:20261203T130000Z
                SUMMARY:Write report
                END:VTODO
                END:VCALENDAR
                """));
        server.client("gina").put("/calendars/users/gina/default/g.ics", Ics.event("gina-1", "20261203T090000Z", "20261203T100000Z", "Secret"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String request(String... attendees) {
        StringBuilder a = new StringBuilder();
        for (String att : attendees) a.append("ATTENDEE:mailto:").append(att).append("\n");
        return Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Apple Inc.//macOS 14.0//EN
                METHOD:REQUEST
                BEGIN:VFREEBUSY
                UID:fb-request-1
                DTSTAMP:20261201T120000Z
                DTSTART:20261203T000000Z
                DTEND:20261204T000000Z
                ORGANIZER:mailto:alice@example.com
                %sX-CALENDARSERVER-MASK-UID:being-edited
                END:VFREEBUSY
                END:VCALENDAR
                """.formatted(a));
    }

    static Map<String, String[]> responses(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Element root = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertEquals("schedule-response", root.getLocalName());
        Map<String, String[]> out = new LinkedHashMap<>();
        NodeList rs = root.getElementsByTagNameNS(CALDAV, "response");
        for (int i = 0; i < rs.getLength(); i++) {
            Element r = (Element) rs.item(i);
            String recipient = r.getElementsByTagNameNS("DAV:", "href").item(0).getTextContent().trim();
            String status = r.getElementsByTagNameNS(CALDAV, "request-status").item(0).getTextContent().trim();
            NodeList data = r.getElementsByTagNameNS(CALDAV, "calendar-data");
            out.put(recipient, new String[]{status, data.getLength() == 0 ? null : data.item(0).getTextContent()});
        }
        return out;
    }

    @Test
    void severalAttendeesAtOnceWithMaskUidAndUnknownRecipients_rfc6638_section5() throws Exception {
        HttpResponse<String> r = alice.request("POST", "/calendars/users/alice/outbox/")
                .body("text/calendar", request("bob@example.com", "carol@example.com", "nobody@example.com", "gina@example.com")).send();
        assertEquals(200, r.statusCode(), r.body());
        Map<String, String[]> answers = responses(r.body());
        String bob = answers.get("mailto:bob@example.com")[1];
        assertTrue(answers.get("mailto:bob@example.com")[0].startsWith("2.0"));
        assertTrue(bob.contains("METHOD:REPLY") && bob.contains("FREEBUSY;FBTYPE=BUSY:20261203T090000Z/20261203T110000Z"), bob);
        assertTrue(bob.contains("FREEBUSY;FBTYPE=BUSY-TENTATIVE:20261203T160000Z/20261203T170000Z"), bob);
        assertTrue(!bob.contains("20261203T140000Z"), "the masked event is not busy: " + bob);
        assertTrue(!bob.contains("20261203T120000Z"), "the to-do is not busy: " + bob);
        assertTrue(!answers.get("mailto:carol@example.com")[1].contains("FREEBUSY;"), "carol is free all day");
        assertTrue(answers.get("mailto:nobody@example.com")[0].startsWith("3.7"));
        assertTrue(answers.get("mailto:gina@example.com")[0].startsWith("3.7"), "another org's user is unknown here");
    }

    @Test
    void onlyTheOwnerMayPostAndOnlyAsTheOrganizer() {
        assertEquals(403, server.client("bob").request("POST", "/calendars/users/bob/outbox/")
                .body("text/calendar", request("carol@example.com")).send().statusCode(), "bob is not the ORGANIZER");
        assertEquals(404, server.client("bob").request("POST", "/calendars/users/alice/outbox/")
                .body("text/calendar", request("carol@example.com")).send().statusCode());
        HttpResponse<String> bad = alice.request("POST", "/calendars/users/alice/outbox/").body("text/calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").send();
        assertEquals(403, bad.statusCode());
        assertTrue(bad.body().contains("valid-scheduling-message"), bad.body());
    }

    @Test
    void inboxAvailabilityMakesOtherHoursUnavailable_rfc7953() throws Exception {
        DavClient carol = server.client("carol");
        String availability = Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example//EN
                BEGIN:VAVAILABILITY
                UID:carol-hours
                DTSTAMP:20261101T000000Z
                BEGIN:AVAILABLE
                UID:carol-weekdays
                DTSTAMP:20261101T000000Z
                DTSTART:20261130T090000Z
                DTEND:20261130T170000Z
                RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
                END:AVAILABLE
                END:VAVAILABILITY
                END:VCALENDAR
                """);
        HttpResponse<String> patch = carol.request("PROPPATCH", "/calendars/users/carol/inbox/").xml("""
                <D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
                <C:calendar-availability>%s</C:calendar-availability></D:prop></D:set></D:propertyupdate>""".formatted(availability)).send();
        assertEquals(207, patch.statusCode());
        assertTrue(patch.body().contains("200 OK"), patch.body());
        HttpResponse<String> r = alice.request("POST", "/calendars/users/alice/outbox/").body("text/calendar", request("carol@example.com")).send();
        String fb = responses(r.body()).get("mailto:carol@example.com")[1];
        assertTrue(fb.contains("FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20261203T000000Z/20261203T090000Z"), fb);
        assertTrue(fb.contains("FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20261203T170000Z/20261204T000000Z"), fb);
        HttpResponse<String> bad = carol.request("PROPPATCH", "/calendars/users/carol/inbox/").xml("""
                <D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
                <C:calendar-availability>not a calendar</C:calendar-availability></D:prop></D:set></D:propertyupdate>""").send();
        assertTrue(bad.body().contains("403"), bad.body());
    }
}
