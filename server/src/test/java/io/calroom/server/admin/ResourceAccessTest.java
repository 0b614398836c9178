package io.calroom.server.admin;

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

/** Rooms as principals: their metadata over DAV, who may change it, and who may use their calendar. */
class ResourceAccessTest {
    static final String ROOM = "/principals/resources/room-9/";
    static final String ROOM_CAL = "/calendars/resources/room-9/default/";
    static final String CR = "urn:calroom:ns";
    static TestServer server;
    static DavClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start(ResourceAccessTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"));
        root = new DavClient(server.baseUrl(), "root", "root-pass");
        json("POST", "/api/v1/orgs", "{\"slug\":\"acme\",\"name\":\"Acme\"}");
        json("POST", "/api/v1/orgs", "{\"slug\":\"globex\",\"name\":\"Globex\"}");
        for (String[] u : new String[][]{{"acme", "ada", "org-admin"}, {"acme", "mia", "user"}, {"acme", "rex", "user"},
                {"acme", "uma", "user"}, {"globex", "gus", "org-admin"}}) {
            json("POST", "/api/v1/orgs/" + u[0] + "/users", "{\"username\":\"" + u[1] + "\",\"email\":\"" + u[1] + "@" + u[0]
                    + ".example\",\"displayName\":\"" + u[1] + "\",\"password\":\"pass-" + u[1] + "\",\"role\":\"" + u[2] + "\"}");
        }
        json("POST", "/api/v1/orgs/acme/resources", "{\"id\":\"room-9\",\"type\":\"ROOM\",\"name\":\"Room 9\",\"capacity\":6,\"location\":\"Ground floor\"}");
        assertEquals(200, json("PUT", "/api/v1/orgs/acme/resources/room-9/managers/mia", "{\"access\":\"read-write\"}").statusCode());
        assertEquals(200, json("PUT", "/api/v1/orgs/acme/resources/room-9/managers/rex", "{\"access\":\"read\"}").statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<String> json(String method, String path, String body) {
        DavClient.Request r = root.request(method, path);
        if (body != null) r.body("application/json", body);
        return r.send();
    }

    static DavClient as(String user) {
        return new DavClient(server.baseUrl(), user, "pass-" + user);
    }

    static HttpResponse<String> patch(DavClient c, String props) {
        return c.request("PROPPATCH", ROOM).xml("""
                <D:propertyupdate xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/" xmlns:R="urn:calroom:ns">
                  <D:set><D:prop>%s</D:prop></D:set>
                </D:propertyupdate>""".formatted(props)).send();
    }

    static Multistatus props(DavClient c) {
        return new Multistatus(c.propfind(ROOM, "0", """
                <D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/" xmlns:R="urn:calroom:ns"><D:prop>
                <D:displayname/><CS:capacity/><R:location/><R:equipment/><R:auto-schedule-mode/><R:multiple-bookings/>
                <R:working-hours/><R:is-active/><R:max-booking-duration/></D:prop></D:propfind>""").body());
    }

    @Test
    void resourceMetadataIsReadableByTheOrg() {
        Multistatus ms = props(as("uma"));
        assertTrue(ms.prop(ROOM, "http://calendarserver.org/ns/", "capacity").text().matches("\\d+"));
        assertEquals("Ground floor", ms.prop(ROOM, CR, "location").text());
        assertEquals(200, ms.prop(ROOM, CR, "auto-schedule-mode").status());
        assertEquals("true", ms.prop(ROOM, CR, "is-active").text());
        assertEquals(404, as("gus").propfind(ROOM, "0", null).statusCode(), "another org's admin does not see the room");
    }

    @Test
    void orgAdminsAndManagersChangeItWithValidation() {
        HttpResponse<String> ok = patch(as("ada"), "<CS:capacity>12</CS:capacity><R:auto-schedule-mode>none</R:auto-schedule-mode>"
                + "<R:equipment><R:item>Projector</R:item><R:item>Whiteboard</R:item></R:equipment>"
                + "<R:working-hours>MO-FR 08:00-18:00</R:working-hours><R:max-booking-duration>PT4H</R:max-booking-duration>");
        assertEquals(207, ok.statusCode(), ok.body());
        Multistatus after = props(as("uma"));
        assertEquals("12", after.prop(ROOM, "http://calendarserver.org/ns/", "capacity").text());
        assertEquals("manual", after.prop(ROOM, CR, "auto-schedule-mode").text(), "Apple's none is manual");
        assertEquals(2, after.prop(ROOM, CR, "equipment").children().size());
        assertTrue(after.prop(ROOM, CR, "working-hours").text().startsWith("MO 08:00-18:00"), after.prop(ROOM, CR, "working-hours").text());

        HttpResponse<String> bad = patch(as("mia"), "<CS:capacity>-3</CS:capacity><D:displayname>Room Nine</D:displayname>");
        assertEquals(207, bad.statusCode());
        Multistatus failed = new Multistatus(bad.body());
        assertEquals(409, failed.prop(ROOM, "http://calendarserver.org/ns/", "capacity").status());
        assertEquals(424, failed.prop(ROOM, "DAV:", "displayname").status());
        assertEquals("12", props(as("uma")).prop(ROOM, "http://calendarserver.org/ns/", "capacity").text(), "nothing changed");

        assertEquals(200, new Multistatus(patch(as("mia"), "<D:displayname>Room Nine</D:displayname>").body())
                .prop(ROOM, "DAV:", "displayname").status(), "a read-write manager may change it");
        assertEquals(403, patch(as("uma"), "<CS:capacity>1</CS:capacity>").statusCode(), "a plain user may not");
        assertEquals(403, patch(as("rex"), "<CS:capacity>1</CS:capacity>").statusCode(), "a read-only manager may not");
    }

    @Test
    void managersUseTheRoomCalendarByTheirAccess() {
        String event = Ics.event("room9-manual", "20261210T100000Z", "20261210T110000Z", "Blocked for maintenance");
        assertEquals(201, as("mia").put(ROOM_CAL + "maint.ics", event).statusCode(), "read-write manager");
        assertEquals(200, as("rex").get(ROOM_CAL + "maint.ics").statusCode(), "read-only manager reads");
        HttpResponse<String> denied = as("rex").put(ROOM_CAL + "other.ics", Ics.event("x1", "20261211T100000Z", "20261211T110000Z", "x"));
        assertEquals(403, denied.statusCode());
        assertTrue(denied.body().contains("need-privileges"));
        Multistatus privs = new Multistatus(as("rex").propfind(ROOM_CAL, "0",
                "<propfind xmlns=\"DAV:\"><prop><current-user-privilege-set/></prop></propfind>").body());
        String set = privs.prop(ROOM_CAL, "DAV:", "current-user-privilege-set").element().getTextContent();
        assertTrue(privs.prop(ROOM_CAL, "DAV:", "current-user-privilege-set").element().getElementsByTagNameNS("DAV:", "write").getLength() == 0, set);
        assertEquals(404, as("uma").get(ROOM_CAL + "maint.ics").statusCode(), "no grant: the room calendar is invisible");
        assertEquals(200, as("ada").get(ROOM_CAL + "maint.ics").statusCode(), "the org admin manages it");
        assertEquals(404, as("gus").get(ROOM_CAL + "maint.ics").statusCode(), "another org's admin does not");
    }

    @Test
    void aResourceHasExactlyOneCalendar() {
        assertEquals(403, as("ada").request("MKCALENDAR", "/calendars/resources/room-9/second/").send().statusCode());
        assertEquals(403, as("ada").delete(ROOM_CAL).statusCode());
        List<String> hrefs = new Multistatus(as("ada").propfind("/calendars/resources/room-9/", "1",
                "<propfind xmlns=\"DAV:\"><prop><resourcetype/></prop></propfind>").body()).hrefs();
        assertTrue(hrefs.containsAll(List.of(ROOM_CAL, "/calendars/resources/room-9/inbox/", "/calendars/resources/room-9/outbox/")), hrefs.toString());
    }
}
