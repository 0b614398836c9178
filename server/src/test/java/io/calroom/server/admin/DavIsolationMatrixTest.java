package io.calroom.server.admin;

import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated isolation matrix: every role of org A × every kind of org-B target × every DAV
 * operation answers exactly as for a target that does not exist, and changes nothing in org B;
 * another user of the same org keeps its calendars to itself; invitations and replies across orgs
 * deliver nothing. A super-admin (positive control) does reach org B.
 */
class DavIsolationMatrixTest {
    static TestServer server;
    static DavClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start(DavIsolationMatrixTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"));
        root = new DavClient(server.baseUrl(), "root", "root-pass");
        for (String org : List.of("orga", "orgb")) {
            json("POST", "/api/v1/orgs", "{\"slug\":\"" + org + "\",\"name\":\"" + org + "\"}");
            for (String role : List.of("user", "org-admin")) {
                String name = org + "-" + (role.equals("user") ? "user" : "admin");
                json("POST", "/api/v1/orgs/" + org + "/users", "{\"username\":\"" + name + "\",\"email\":\"" + name
                        + "@example.com\",\"displayName\":\"" + name + "\",\"password\":\"pw-" + name + "\",\"role\":\"" + role + "\"}");
            }
            json("POST", "/api/v1/orgs/" + org + "/resources", "{\"id\":\"" + org + "-room\",\"type\":\"ROOM\",\"name\":\"" + org + " room\"}");
        }
        json("POST", "/api/v1/orgs/orga/users", "{\"username\":\"orga-other\",\"email\":\"orga-other@example.com\",\"displayName\":\"other\",\"password\":\"pw-orga-other\",\"role\":\"user\"}");
        assertEquals(201, as("orga-other").put("/calendars/users/orga-other/default/secret.ics",
                Ics.event("o-secret", "20261203T100000Z", "20261203T110000Z", "Other's secret")).statusCode());
        DavClient b = as("orgb-user");
        assertEquals(201, b.put("/calendars/users/orgb-user/default/secret.ics", Ics.event("b-secret", "20261203T100000Z", "20261203T110000Z", "B secret")).statusCode());
        assertEquals(201, as("orgb-admin").put("/calendars/resources/orgb-room/default/booking.ics",
                Ics.event("b-booking", "20261203T100000Z", "20261203T110000Z", "B booking")).statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<String> json(String method, String path, String body) {
        return root.request(method, path).body("application/json", body).send();
    }

    static DavClient as(String user) {
        return new DavClient(server.baseUrl(), user, "pw-" + user);
    }

    record Op(String name, BiFunction<DavClient, String, HttpResponse<String>> call) {}

    static final List<Op> OPS = List.of(
            new Op("PROPFIND principal", (c, t) -> c.propfind("/principals/" + t + "/", "0", null)),
            new Op("PROPFIND home", (c, t) -> c.propfind("/calendars/" + t + "/", "1", null)),
            new Op("PROPFIND calendar", (c, t) -> c.propfind("/calendars/" + t + "/default/", "1", null)),
            new Op("GET object", (c, t) -> c.get("/calendars/" + t + "/default/secret.ics")),
            new Op("PUT object", (c, t) -> c.put("/calendars/" + t + "/default/intruder.ics", Ics.event("intruder", "20261203T100000Z", "20261203T110000Z", "x"))),
            new Op("DELETE object", (c, t) -> c.delete("/calendars/" + t + "/default/secret.ics")),
            new Op("DELETE calendar", (c, t) -> c.delete("/calendars/" + t + "/default/")),
            new Op("PROPPATCH calendar", (c, t) -> c.request("PROPPATCH", "/calendars/" + t + "/default/")
                    .xml("<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><D:displayname>pwned</D:displayname></D:prop></D:set></D:propertyupdate>").send()),
            new Op("PROPPATCH principal", (c, t) -> c.request("PROPPATCH", "/principals/" + t + "/")
                    .xml("<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><D:displayname>pwned</D:displayname></D:prop></D:set></D:propertyupdate>").send()),
            new Op("MKCALENDAR", (c, t) -> c.request("MKCALENDAR", "/calendars/" + t + "/extra/").send()),
            new Op("REPORT multiget", (c, t) -> c.request("REPORT", "/calendars/" + t + "/default/").xml(
                    "<C:calendar-multiget xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><C:calendar-data/></D:prop>"
                            + "<D:href>/calendars/" + t + "/default/secret.ics</D:href></C:calendar-multiget>").send()),
            new Op("REPORT calendar-query", (c, t) -> c.request("REPORT", "/calendars/" + t + "/default/").header("Depth", "1").xml(
                    "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/></D:prop>"
                            + "<C:filter><C:comp-filter name=\"VCALENDAR\"/></C:filter></C:calendar-query>").send()),
            new Op("REPORT sync-collection", (c, t) -> c.request("REPORT", "/calendars/" + t + "/default/").xml(
                    "<D:sync-collection xmlns:D=\"DAV:\"><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>").send()),
            new Op("REPORT free-busy", (c, t) -> c.request("REPORT", "/calendars/" + t + "/default/").xml(
                    "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:time-range start=\"20261201T000000Z\" end=\"20261210T000000Z\"/></C:free-busy-query>").send()),
            new Op("COPY object", (c, t) -> c.request("COPY", "/calendars/" + t + "/default/secret.ics")
                    .header("Destination", "/calendars/" + t + "/default/copy.ics").send()),
            new Op("MOVE object", (c, t) -> c.request("MOVE", "/calendars/" + t + "/default/secret.ics")
                    .header("Destination", "/calendars/" + t + "/default/moved.ics").send()),
            new Op("HEAD object", (c, t) -> c.request("HEAD", "/calendars/" + t + "/default/secret.ics").send()),
            new Op("MKCOL extended", (c, t) -> c.request("MKCOL", "/calendars/" + t + "/extra2/").xml(
                    "<D:mkcol xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop><D:resourcetype><D:collection/><C:calendar/>"
                            + "</D:resourcetype></D:prop></D:set></D:mkcol>").send()),
            new Op("POST outbox free-busy", (c, t) -> c.request("POST", "/calendars/" + t + "/outbox/").body("text/calendar", Ics.crlf("""
                    BEGIN:VCALENDAR
                    VERSION:2.0
                    PRODID:x
                    METHOD:REQUEST
                    BEGIN:VFREEBUSY
                    UID:matrix-fb
                    DTSTAMP:20261201T000000Z
                    DTSTART:20261203T000000Z
                    DTEND:20261204T000000Z
                    ORGANIZER:mailto:orgb-user@example.com
                    ATTENDEE:mailto:orgb-user@example.com
                    END:VFREEBUSY
                    END:VCALENDAR
                    """)).send()),
            new Op("REPORT expand-property", (c, t) -> c.request("REPORT", "/principals/" + t + "/").xml(
                    "<D:expand-property xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:property name=\"calendar-home-set\" namespace=\"urn:ietf:params:xml:ns:caldav\">"
                            + "<D:property name=\"displayname\"/></D:property></D:expand-property>").send()));

    @Test
    void nothingOfAnotherOrgCanBeReadOrChanged() {
        List<String> leaks = new ArrayList<>();
        for (String actor : List.of("orga-user", "orga-admin")) {
            DavClient c = as(actor);
            for (String[] target : new String[][]{{"users/orgb-user", "users/no-such-user"}, {"resources/orgb-room", "resources/no-such-room"}}) {
                for (Op op : OPS) {
                    HttpResponse<String> real = op.call().apply(c, target[0]);
                    HttpResponse<String> missing = op.call().apply(c, target[1]);
                    String realBody = real.body().replace(target[0], "X");
                    String missingBody = missing.body().replace(target[1], "X");
                    if (real.statusCode() != missing.statusCode() || !realBody.equals(missingBody)) {
                        leaks.add(actor + " " + op.name() + " " + target[0] + ": " + real.statusCode() + " vs " + missing.statusCode());
                    }
                    if (real.statusCode() < 400 && real.statusCode() != 207) leaks.add(actor + " " + op.name() + " " + target[0] + " succeeded: " + real.statusCode());
                    if (real.statusCode() == 207 && real.body().contains("secret")) leaks.add(actor + " " + op.name() + " leaked data");
                }
            }
        }
        assertEquals(List.of(), leaks);
        assertEquals(200, as("orgb-user").get("/calendars/users/orgb-user/default/secret.ics").statusCode(), "still there");
        assertEquals(404, as("orgb-user").get("/calendars/users/orgb-user/default/intruder.ics").statusCode());
        assertEquals(200, as("orgb-admin").get("/calendars/resources/orgb-room/default/booking.ics").statusCode());
    }

    @Test
    void anotherUsersCalendarsInTheSameOrgAreInvisibleToUsersAndOrgAdmins() {
        List<String> leaks = new ArrayList<>();
        for (String actor : List.of("orga-user", "orga-admin")) {
            DavClient c = as(actor);
            for (Op op : OPS) {
                if (op.name().endsWith("principal") || op.name().equals("REPORT expand-property")) continue; // principals are visible in the org
                HttpResponse<String> real = op.call().apply(c, "users/orga-other");
                HttpResponse<String> missing = op.call().apply(c, "users/no-such-user");
                if (real.statusCode() != missing.statusCode()
                        || !real.body().replace("users/orga-other", "X").equals(missing.body().replace("users/no-such-user", "X"))) {
                    leaks.add(actor + " " + op.name() + ": " + real.statusCode() + " vs " + missing.statusCode());
                }
            }
        }
        assertEquals(List.of(), leaks);
        assertEquals(200, as("orga-other").get("/calendars/users/orga-other/default/secret.ics").statusCode(), "still there");
        String expanded = as("orga-user").request("REPORT", "/principals/users/orga-other/").xml(
                "<D:expand-property xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:property name=\"calendar-home-set\" namespace=\"urn:ietf:params:xml:ns:caldav\">"
                        + "<D:property name=\"displayname\"/></D:property></D:expand-property>").send().body();
        assertTrue(expanded.contains("<d:href>/calendars/users/orga-other/</d:href><d:status>HTTP/1.1 404 Not Found</d:status>")
                && !expanded.contains("displayname"), "expand-property on a visible principal does not open its calendar home: " + expanded);
        assertEquals(403, as("orga-user").request("PROPPATCH", "/principals/users/orga-other/").xml(
                "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><D:displayname>x</D:displayname></D:prop></D:set></D:propertyupdate>").send().statusCode(),
                "a principal of the org is visible but not changeable by others");
    }

    @Test
    void ownCalendarsAndTheOrgsRoomsForItsAdmin() {
        for (String actor : List.of("orga-user", "orga-admin")) {
            DavClient c = as(actor);
            String cal = "/calendars/users/" + actor + "/default/";
            assertEquals(201, c.put(cal + "mine.ics", Ics.event("mine-" + actor, "20261203T100000Z", "20261203T110000Z", "Mine")).statusCode());
            assertEquals(200, c.get(cal + "mine.ics").statusCode());
            assertEquals(207, c.propfind(cal, "1", null).statusCode());
            assertEquals(204, c.delete(cal + "mine.ics").statusCode());
        }
        assertEquals(201, as("orga-admin").put("/calendars/resources/orga-room/default/maint.ics",
                Ics.event("room-maint", "20261203T100000Z", "20261203T110000Z", "Maintenance")).statusCode(), "org admins manage their org's rooms");
        assertEquals(404, as("orga-user").get("/calendars/resources/orga-room/default/maint.ics").statusCode(), "plain users do not see a room's calendar");
    }

    @Test
    void searchesFreeBusyAndSchedulingStayInTheOrg() {
        DavClient a = as("orga-user");
        HttpResponse<String> search = a.request("REPORT", "/principals/").xml("""
                <D:principal-property-search xmlns:D="DAV:" test="anyof">
                  <D:property-search><D:prop><D:displayname/></D:prop><D:match>org</D:match></D:property-search>
                  <D:prop><D:displayname/></D:prop><D:apply-to-principal-collection-set/>
                </D:principal-property-search>""").send();
        assertTrue(new Multistatus(search.body()).hrefs().stream().noneMatch(h -> h.contains("orgb")), search.body());
        HttpResponse<String> cs = a.request("REPORT", "/principals/").xml("""
                <B:calendarserver-principal-search xmlns:B="http://calendarserver.org/ns/" xmlns:A="DAV:"><B:search-token>orgb</B:search-token>
                <A:prop><A:displayname/></A:prop></B:calendarserver-principal-search>""").send();
        assertEquals(List.of(), new Multistatus(cs.body()).hrefs());
        HttpResponse<String> fb = a.request("POST", "/calendars/users/orga-user/outbox/").body("text/calendar", Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:x
                METHOD:REQUEST
                BEGIN:VFREEBUSY
                UID:iso-fb
                DTSTAMP:20261201T000000Z
                DTSTART:20261203T000000Z
                DTEND:20261204T000000Z
                ORGANIZER:mailto:orga-user@example.com
                ATTENDEE:mailto:orgb-user@example.com
                ATTENDEE:mailto:orgb-room@resources.example.com
                END:VFREEBUSY
                END:VCALENDAR
                """)).send();
        assertEquals(200, fb.statusCode());
        assertTrue(!fb.body().contains("FREEBUSY;") && fb.body().split("3\\.7").length == 3, fb.body());
        Multistatus expanded = new Multistatus(a.request("REPORT", "/principals/users/orga-user/").xml("""
                <A:expand-property xmlns:A="DAV:"><A:property name="principal-collection-set"/></A:expand-property>""").send().body());
        assertTrue(expanded.hrefs().stream().noneMatch(h -> h.contains("orgb")));
    }

    /** What org B holds, as org B's own people see it: used to prove org A's scheduling changed nothing there. */
    static String orgBState() {
        DavClient b = as("orgb-user");
        return b.propfind("/calendars/users/orgb-user/default/", "1", null).body() + b.propfind("/calendars/users/orgb-user/inbox/", "1", null).body()
                + as("orgb-admin").propfind("/calendars/resources/orgb-room/default/", "1", null).body();
    }

    @Test
    void invitingAnotherOrgsRoomOrUserDeliversNothingThere_rfc6638_section3_2_1() {
        String before = orgBState();
        for (String actor : List.of("orga-user", "orga-admin")) {
            DavClient a = as(actor);
            String path = "/calendars/users/" + actor + "/default/invite-b.ics";
            assertEquals(201, a.put(path, Ics.crlf("""
                    BEGIN:VCALENDAR
                    VERSION:2.0
                    PRODID:-//Apple Inc.//macOS 15.1//EN
                    BEGIN:VEVENT
                    UID:cross-org-invite-%1$s
                    DTSTAMP:20261201T000000Z
                    DTSTART:20261204T100000Z
                    DTEND:20261204T110000Z
                    SUMMARY:Cross-org invite
                    ORGANIZER:mailto:%1$s@example.com
                    ATTENDEE;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:%1$s@example.com
                    ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:orgb-room@resources.example.com
                    ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:orgb-user@example.com
                    END:VEVENT
                    END:VCALENDAR
                    """.formatted(actor))).statusCode());
            String stored = a.get(path).body().replace("\r\n ", "");
            assertTrue(stored.matches("(?s).*SCHEDULE-STATUS=3\\.7[^\r\n]*:mailto:orgb-room@resources.example.com.*"), stored);
            assertTrue(stored.matches("(?s).*SCHEDULE-STATUS=3\\.7[^\r\n]*:mailto:orgb-user@example.com.*"), stored);
            assertTrue(!stored.contains("PARTSTAT=DECLINED") && !stored.contains("PARTSTAT=ACCEPTED;CUTYPE=ROOM"), "no answer from another org's room agent: " + stored);
        }
        assertEquals(before, orgBState(), "nothing reached org B's calendars, inbox or room");
    }

    @Test
    void replyingToAnotherOrgsEventDeliversNothingThere_rfc6638_section3_2_2() {
        String before = orgBState();
        DavClient a = as("orga-user");
        String path = "/calendars/users/orga-user/default/reply-b.ics";
        String copy = """
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
                BEGIN:VEVENT
                UID:b-secret
                DTSTAMP:20261201T000000Z
                DTSTART:20261203T100000Z
                DTEND:20261203T110000Z
                SUMMARY:Forged reply
                ORGANIZER:mailto:orgb-user@example.com
                ATTENDEE;PARTSTAT=%s:mailto:orga-user@example.com
                ATTENDEE;CUTYPE=ROOM;PARTSTAT=ACCEPTED:mailto:orgb-room@resources.example.com
                END:VEVENT
                END:VCALENDAR
                """;
        assertEquals(201, a.put(path, Ics.crlf(copy.formatted("ACCEPTED"))).statusCode(), "an attendee copy of an outside organizer's event is stored");
        String etag = a.get(path).headers().firstValue("ETag").orElseThrow();
        assertTrue(a.request("PUT", path).header("If-Match", etag).body("text/calendar", Ics.crlf(copy.formatted("DECLINED"))).send().statusCode() < 300);
        assertEquals(204, a.delete(path).statusCode());
        assertEquals(before, orgBState(), "the replies of an org A attendee reached nothing in org B");
        assertTrue(as("orgb-user").get("/calendars/users/orgb-user/default/secret.ics").body().contains("SUMMARY:B secret"), "org B's event with that UID is untouched");
    }

    @Test
    void superAdminReachesEveryOrg() {
        assertEquals(200, root.get("/calendars/users/orgb-user/default/secret.ics").statusCode());
        assertEquals(207, root.propfind("/principals/resources/orga-room/", "0", null).statusCode());
    }
}
