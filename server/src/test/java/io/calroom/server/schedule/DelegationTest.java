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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delegation with CalendarServer calendar-proxy groups, as Apple Calendar sets and reads it. */
class DelegationTest {
    static final String CS = "http://calendarserver.org/ns/";
    static TestServer server;
    static DavClient root;
    static AdminApi api;

    @BeforeAll
    static void start() {
        server = TestServer.start(DelegationTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"));
        api = new AdminApi(server, "root", "root-pass");
        root = api.admin();
        api.org("acme");
        api.org("globex");
        for (String u : List.of("boss", "assistant", "reader")) api.user("acme", u);
        api.user("acme", "admin2", "admin2", "org-admin");
        api.user("globex", "gina");
        api.resource("acme", "room-d", "ROOM", "Room D", "\"autoScheduleMode\":\"manual\"");
        api.manager("acme", "room-d", "reader", "read-write");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static DavClient as(String user) {
        return api.as(user);
    }

    static HttpResponse<String> setMembers(DavClient c, String group, String... members) {
        StringBuilder hrefs = new StringBuilder();
        for (String m : members) hrefs.append("<D:href>").append(m).append("</D:href>");
        return c.request("PROPPATCH", group).xml("""
                <D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:group-member-set>%s</D:group-member-set></D:prop></D:set></D:propertyupdate>"""
                .formatted(hrefs)).send();
    }

    @Test
    void writeAndReadProxiesAndWhatEachMayDo() {
        DavClient boss = as("boss");
        assertTrue(setMembers(boss, "/principals/users/boss/calendar-proxy-write/", "/principals/users/assistant/").body().contains("200 OK"));
        assertTrue(setMembers(boss, "/principals/users/boss/calendar-proxy-read/", "/principals/users/reader/").body().contains("200 OK"));
        Multistatus group = new Multistatus(boss.propfind("/principals/users/boss/calendar-proxy-write/", "0",
                "<propfind xmlns=\"DAV:\"><prop><group-member-set/><resourcetype/></prop></propfind>").body());
        assertEquals(List.of("/principals/users/assistant/"), group.prop("/principals/users/boss/calendar-proxy-write/", "DAV:", "group-member-set").hrefs());
        assertTrue(group.prop("/principals/users/boss/calendar-proxy-write/", "DAV:", "resourcetype").children().contains("calendar-proxy-write"));

        assertEquals(201, boss.put("/calendars/users/boss/default/b1.ics", Ics.event("b1", "20271203T100000Z", "20271203T110000Z", "Boss thing")).statusCode());
        assertEquals(200, as("assistant").get("/calendars/users/boss/default/b1.ics").statusCode());
        assertEquals(201, as("assistant").put("/calendars/users/boss/default/b2.ics", Ics.event("b2", "20271204T100000Z", "20271204T110000Z", "Booked by the assistant")).statusCode());
        assertEquals(200, as("reader").get("/calendars/users/boss/default/b1.ics").statusCode());
        HttpResponse<String> denied = as("reader").put("/calendars/users/boss/default/b3.ics", Ics.event("b3", "20271205T100000Z", "20271205T110000Z", "x"));
        assertEquals(403, denied.statusCode());
        assertEquals(207, as("reader").propfind("/calendars/users/boss/inbox/", "1", null).statusCode(), "a read proxy sees the inbox");
        assertEquals(404, as("admin2").get("/calendars/users/boss/default/b1.ics").statusCode(), "an org admin is not a delegate of a person");
        assertEquals(403, setMembers(as("assistant"), "/principals/users/boss/calendar-proxy-write/", "/principals/users/reader/").statusCode(),
                "a delegate may not add delegates");
    }

    @Test
    void appleReadsTheDelegateListsWithExpandProperty() {
        setMembers(as("boss"), "/principals/users/boss/calendar-proxy-write/", "/principals/users/assistant/");
        HttpResponse<String> r = as("assistant").request("REPORT", "/principals/users/assistant/").header("Depth", "0").xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <A:expand-property xmlns:A="DAV:">
                  <A:property name="calendar-proxy-write-for" namespace="http://calendarserver.org/ns/">
                    <A:property name="displayname"/><A:property name="principal-URL"/>
                    <A:property name="calendar-user-address-set" namespace="urn:ietf:params:xml:ns:caldav"/>
                  </A:property>
                  <A:property name="calendar-proxy-read-for" namespace="http://calendarserver.org/ns/">
                    <A:property name="displayname"/>
                  </A:property>
                </A:expand-property>""").send();
        assertEquals(207, r.statusCode(), r.body());
        var writeFor = new Multistatus(r.body()).prop("/principals/users/assistant/", CS, "calendar-proxy-write-for").element();
        assertTrue(writeFor.getTextContent().contains("/principals/users/boss/") && writeFor.getTextContent().contains("boss"), r.body());
        Multistatus membership = new Multistatus(as("assistant").propfind("/principals/users/assistant/", "0",
                "<propfind xmlns=\"DAV:\"><prop><group-membership/></prop></propfind>").body());
        assertTrue(membership.prop("/principals/users/assistant/", "DAV:", "group-membership").hrefs()
                .contains("/principals/users/boss/calendar-proxy-write/"));
    }

    /** A day some weeks ahead, inside every horizon whatever today is. */
    static String day(int daysAhead) {
        return java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(daysAhead).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    }

    /**
     * What Apple Calendar POSTs to the outbox of the account it schedules for when a delegate opens
     * the availability of an event of the delegator: the event's organizer and attendees (a room
     * among them), the event being edited masked.
     */
    static HttpResponse<String> appleFreeBusy(DavClient c, String outboxOwner, String organizer, int daysAhead) {
        String start = day(daysAhead), end = day(daysAhead + 1);
        String body = Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Apple Inc.//macOS 14.4//EN
                METHOD:REQUEST
                BEGIN:VFREEBUSY
                UID:7C2A4E0B-6B4F-4D8E-9A51-3F1C2D9E8B70
                DTSTAMP:20261201T101500Z
                DTSTART:%1$sT000000Z
                DTEND:%2$sT000000Z
                ORGANIZER;CN=%3$s:mailto:%3$s@acme.example
                ATTENDEE;CN=boss;CUTYPE=INDIVIDUAL:mailto:boss@acme.example
                ATTENDEE;CN=reader;CUTYPE=INDIVIDUAL:mailto:reader@acme.example
                ATTENDEE;CN=Room D;CUTYPE=ROOM:mailto:room-d@resources.example.com
                X-CALENDARSERVER-MASK-UID:fb-being-edited
                END:VFREEBUSY
                END:VCALENDAR
                """.formatted(start, end, organizer));
        return c.request("POST", "/calendars/users/" + outboxOwner + "/outbox/")
                .header("Originator", "mailto:" + organizer + "@acme.example")
                .header("Recipient", "mailto:boss@acme.example, mailto:reader@acme.example, mailto:room-d@resources.example.com")
                .body("text/calendar", body).send();
    }

    static List<String> privilegeNames(String xml) {
        List<String> out = new java.util.ArrayList<>();
        var m = java.util.regex.Pattern.compile("<d:privilege><(?:[a-z]+:)?([a-z-]+)/></d:privilege>").matcher(xml);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @Test
    void aWriteDelegatePostsFreeBusyFromTheDelegatorsOutboxAsAppleCalendarDoes_rfc6638_section5() {
        setMembers(as("boss"), "/principals/users/boss/calendar-proxy-write/", "/principals/users/assistant/");
        setMembers(as("boss"), "/principals/users/boss/calendar-proxy-read/", "/principals/users/reader/");
        String d = day(50);
        assertEquals(201, as("boss").put("/calendars/users/boss/default/fb-busy.ics",
                Ics.event("fb-busy", d + "T090000Z", d + "T100000Z", "Dentist")).statusCode());
        assertEquals(201, as("boss").put("/calendars/users/boss/default/fb-edited.ics",
                Ics.event("fb-being-edited", d + "T140000Z", d + "T150000Z", "Being moved")).statusCode());

        HttpResponse<String> r = appleFreeBusy(as("assistant"), "boss", "boss", 50);
        assertEquals(200, r.statusCode(), r.body());
        String xml = r.body().replace("\r\n ", "");
        assertTrue(xml.contains("schedule-response"), xml);
        assertTrue(xml.contains("FREEBUSY;FBTYPE=BUSY:" + d + "T090000Z/" + d + "T100000Z"), "the delegator's busy time: " + xml);
        assertTrue(!xml.contains(d + "T140000Z"), "the event being edited is masked: " + xml);
        assertEquals(3, xml.split("2\\.0;Success", -1).length - 1, "boss, reader and the room are answered: " + xml);

        assertTrue(privilegeNames(as("assistant").propfind("/calendars/users/boss/outbox/", "0",
                "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:current-user-privilege-set/></D:prop></D:propfind>").body()).contains("schedule-send"),
                "RFC 6638 §6.2: the write delegate holds schedule-send on the outbox");
    }

    @Test
    void aReadDelegateMayNotPostFreeBusyAndADelegateOnlyAsTheDelegator_rfc6638_section11_3() {
        setMembers(as("boss"), "/principals/users/boss/calendar-proxy-write/", "/principals/users/assistant/");
        setMembers(as("boss"), "/principals/users/boss/calendar-proxy-read/", "/principals/users/reader/");
        HttpResponse<String> read = appleFreeBusy(as("reader"), "boss", "boss", 51);
        assertEquals(403, read.statusCode(), read.body());
        assertTrue(read.body().contains("need-privileges"), read.body());
        List<String> readerPrivileges = privilegeNames(as("reader").propfind("/calendars/users/boss/outbox/", "0",
                "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:current-user-privilege-set/></D:prop></D:propfind>").body());
        assertTrue(readerPrivileges.contains("read") && !readerPrivileges.contains("schedule-send"), readerPrivileges.toString());

        HttpResponse<String> asHimself = appleFreeBusy(as("assistant"), "boss", "assistant", 51);
        assertEquals(403, asHimself.statusCode(), asHimself.body());
        assertTrue(asHimself.body().contains("organizer-allowed"), "the ORGANIZER must be the outbox's owner: " + asHimself.body());
        assertEquals(404, appleFreeBusy(as("gina"), "boss", "boss", 51).statusCode(), "another org does not see the outbox");
    }

    @Test
    void delegationNeverCrossesOrgs() {
        HttpResponse<String> r = setMembers(as("boss"), "/principals/users/boss/calendar-proxy-read/", "/principals/users/gina/");
        assertEquals(207, r.statusCode());
        assertTrue(r.body().contains("409"), r.body());
        assertEquals(404, as("gina").get("/calendars/users/boss/default/b1.ics").statusCode());
        assertEquals(404, as("gina").propfind("/principals/users/boss/calendar-proxy-read/", "0", null).statusCode());
    }

    @Test
    void aRoomsManagersAreItsWriteProxiesAndApproveFromTheirClient() {
        Multistatus group = new Multistatus(as("admin2").propfind("/principals/resources/room-d/calendar-proxy-write/", "0",
                "<propfind xmlns=\"DAV:\"><prop><group-member-set/></prop></propfind>").body());
        assertEquals(List.of("/principals/users/reader/"), group.prop("/principals/resources/room-d/calendar-proxy-write/", "DAV:", "group-member-set").hrefs(),
                "the manager granted through the admin API is a write proxy");
        assertTrue(setMembers(as("admin2"), "/principals/resources/room-d/calendar-proxy-write/",
                "/principals/users/reader/", "/principals/users/assistant/").body().contains("200 OK"), "org admins set a room's proxies");
        HttpResponse<String> managers = root.request("GET", "/api/v1/orgs/acme/resources/room-d/managers").send();
        assertTrue(managers.body().contains("assistant"), "and the admin API sees them as managers: " + managers.body());

        String booking = RoomAgentTest.booking("deleg-1", "boss", "acme", "20271210T100000Z", "20271210T110000Z", "Board", "room-d", "");
        assertEquals(201, as("boss").put("/calendars/users/boss/default/deleg-1.ics", booking).statusCode());
        String href = "/calendars/resources/room-d/default/deleg-1.ics";
        String copy = RoomAgentTest.unfolded(as("assistant").get(href).body());
        String approved = copy.replaceFirst("PARTSTAT=NEEDS-ACTION(;[^:]*)?:mailto:room-d@resources.example.com", "PARTSTAT=ACCEPTED$1:mailto:room-d@resources.example.com");
        assertEquals(204, as("assistant").put(href, approved).statusCode());
        assertEquals("ACCEPTED", RoomAgentTest.roomPartstat(as("boss").get("/calendars/users/boss/default/deleg-1.ics").body(), "room-d"));
    }
}
