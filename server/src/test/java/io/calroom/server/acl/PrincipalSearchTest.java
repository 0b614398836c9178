package io.calroom.server.acl;

import io.calroom.principal.NewPrincipal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.server.support.Caldav;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Principal discovery as clients do it (RFC 3744 §9.3-9.5, CalendarServer principal search), scoped to the org. */
class PrincipalSearchTest {
    static TestServer server;
    static DavClient alice;

    @BeforeAll
    static void start() {
        server = TestServer.start(PrincipalSearchTest.class);
        server.user("acme", "alice", Role.USER);
        server.user("acme", "albert", Role.USER);
        server.user("globex", "alina", Role.USER);
        room("acme", "room-101", "ROOM", "Room 101 Boardroom");
        room("acme", "beamer-1", "RESOURCE", "Beamer One");
        room("globex", "room-g1", "ROOM", "Globex Boardroom");
        alice = server.client("alice");
    }

    private static void room(String org, String id, String type, String name) {
        server.server().directory().invalidateAll();
        var directory = server.server().directoryStores();
        server.server().database().transaction(() -> {
            var o = directory.principals().ensureOrg(org, org);
            return directory.accounts().create(new NewPrincipal(o.id(),
                    PrincipalKind.RESOURCE, id, type, name, id + "@resources.example.com", Role.USER, null));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Set<String> names(HttpResponse<String> r) {
        assertEquals(207, r.statusCode(), r.body());
        Set<String> out = new TreeSet<>();
        for (String h : new Multistatus(r.body()).hrefs()) {
            String t = h.endsWith("/") ? h.substring(0, h.length() - 1) : h;
            out.add(t.substring(t.lastIndexOf('/') + 1));
        }
        return out;
    }

    @Test
    void principalPropertySearchByDisplayNameStaysInTheOrg_rfc3744_section9_4() {
        HttpResponse<String> r = alice.request("REPORT", "/principals/users/").header("Depth", "0").xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <D:principal-property-search xmlns:D="DAV:">
                  <D:property-search><D:prop><D:displayname/></D:prop><D:match>al</D:match></D:property-search>
                  <D:prop><D:displayname/></D:prop>
                </D:principal-property-search>""").send();
        assertEquals(Set.of("alice", "albert"), names(r), "alina is in another org");
    }

    @Test
    void findAllRoomsByCalendarUserTypeAcrossCollections() {
        HttpResponse<String> r = alice.request("REPORT", "/principals/").header("Depth", "0").xml("""
                <D:principal-property-search xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" test="allof">
                  <D:property-search><D:prop><C:calendar-user-type/></D:prop><D:match match-type="equals">ROOM</D:match></D:property-search>
                  <D:prop><D:displayname/><C:calendar-user-address-set/><C:calendar-user-type/></D:prop>
                  <D:apply-to-principal-collection-set/>
                </D:principal-property-search>""").send();
        assertEquals(Set.of("room-101"), names(r));
        Multistatus ms = new Multistatus(r.body());
        assertEquals("ROOM", ms.prop("/principals/resources/room-101/", Caldav.NS, "calendar-user-type").text());
    }

    @Test
    void anyofAndStartsWithByEmail() {
        HttpResponse<String> r = alice.request("REPORT", "/principals/").xml("""
                <D:principal-property-search xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/" test="anyof">
                  <D:property-search><D:prop><CS:email-address-set/></D:prop><D:match match-type="starts-with">albert@</D:match></D:property-search>
                  <D:property-search><D:prop><D:displayname/></D:prop><D:match>beamer</D:match></D:property-search>
                  <D:prop><D:displayname/></D:prop>
                </D:principal-property-search>""").send();
        assertEquals(Set.of("albert", "beamer-1"), names(r));
    }

    @Test
    void calendarServerPrincipalSearchAsAppleCalendarSendsIt() {
        String body = """
                <B:calendarserver-principal-search xmlns:A="DAV:" xmlns:B="http://calendarserver.org/ns/" xmlns:C="urn:ietf:params:xml:ns:caldav" context="%s">
                  %s
                  <B:limit><B:nresults>%d</B:nresults></B:limit>
                  <A:prop><A:displayname/><B:email-address-set/><C:calendar-user-address-set/><C:calendar-user-type/><B:record-type/></A:prop>
                </B:calendarserver-principal-search>""";
        assertEquals(Set.of("room-101"), names(alice.request("REPORT", "/principals/").xml(body.formatted("location",
                "<B:search-token>board</B:search-token>", 10)).send()));
        assertEquals(Set.of("room-101"), names(alice.request("REPORT", "/principals/").xml(body.formatted("location",
                "<B:search-token>room</B:search-token><B:search-token>101</B:search-token>", 10)).send()), "tokens are ANDed");
        assertEquals(Set.of("alice"), names(alice.request("REPORT", "/principals/").xml(body.formatted("attendee",
                "<B:search-token>alic</B:search-token>", 10)).send()));
        assertEquals(1, names(alice.request("REPORT", "/principals/").xml(body.formatted("attendee",
                "<B:search-token>al</B:search-token>", 1)).send()).size(), "limit");
        HttpResponse<String> rec = alice.request("REPORT", "/principals/").xml(body.formatted("location",
                "<B:search-token>board</B:search-token>", 10)).send();
        assertEquals("locations", new Multistatus(rec.body()).prop("/principals/resources/room-101/", Caldav.CS, "record-type").text());
    }

    @Test
    void principalSearchPropertySetAndPrincipalMatch_rfc3744_section9_3_and_9_5() {
        HttpResponse<String> set = alice.request("REPORT", "/principals/").header("Depth", "0")
                .xml("<D:principal-search-property-set xmlns:D=\"DAV:\"/>").send();
        assertEquals(200, set.statusCode());
        assertTrue(set.body().contains("displayname") && set.body().contains("calendar-user-type"), set.body());
        HttpResponse<String> match = alice.request("REPORT", "/principals/users/").header("Depth", "0")
                .xml("<D:principal-match xmlns:D=\"DAV:\"><D:self/><D:prop><D:displayname/></D:prop></D:principal-match>").send();
        assertEquals(Set.of("alice"), names(match));
    }

    @Test
    void resourcesCollectionListsTheOrgsResourcesOnly() {
        HttpResponse<String> r = alice.propfind("/principals/resources/", "1",
                "<propfind xmlns=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><prop><displayname/><C:calendar-user-type/></prop></propfind>");
        assertEquals(Set.of("resources", "room-101", "beamer-1"), names(r));
        assertEquals(404, alice.propfind("/principals/resources/room-g1/", "0", null).statusCode());
        assertEquals(404, alice.propfind("/principals/users/alina/", "0", null).statusCode());
    }
}
