package io.calroom.server.admin;

import io.calroom.server.support.DavClient;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin API as mounted in the server: provisioning shows up in CalDAV at once, caches follow changes. */
class AdminApiThroughServerTest {
    static TestServer server;
    static DavClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(AdminApiThroughServerTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"));
        admin = new DavClient(server.baseUrl(), "root", "root-pass");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<String> json(DavClient c, String method, String path, String body) {
        DavClient.Request r = c.request(method, path);
        if (body != null) r.body("application/json", body);
        return r.send();
    }

    @Test
    void provisionedUsersAndRoomsAppearInCalDavAtOnce() {
        assertEquals(201, json(admin, "POST", "/api/v1/orgs", "{\"slug\":\"acme\",\"name\":\"Acme\"}").statusCode());
        HttpResponse<String> user = json(admin, "POST", "/api/v1/orgs/acme/users",
                "{\"username\":\"dana\",\"email\":\"dana@acme.example\",\"displayName\":\"Dana\",\"password\":\"dana-pass-1\",\"role\":\"user\"}");
        assertEquals(201, user.statusCode(), user.body());
        DavClient dana = new DavClient(server.baseUrl(), "dana", "dana-pass-1");
        assertEquals(207, dana.propfind("/calendars/users/dana/default/", "0", null).statusCode());

        HttpResponse<String> room = json(admin, "POST", "/api/v1/orgs/acme/resources",
                "{\"id\":\"room-7\",\"type\":\"ROOM\",\"name\":\"Room 7\",\"capacity\":8,\"location\":\"2nd floor\",\"tags\":[\"video\"]}");
        assertEquals(201, room.statusCode(), room.body());
        Multistatus ms = new Multistatus(dana.propfind("/principals/resources/room-7/", "0",
                "<propfind xmlns=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><prop><displayname/><C:calendar-user-type/><C:calendar-user-address-set/></prop></propfind>").body());
        assertEquals("ROOM", ms.prop("/principals/resources/room-7/", "urn:ietf:params:xml:ns:caldav", "calendar-user-type").text());
        assertEquals("Room 7", ms.prop("/principals/resources/room-7/", "DAV:", "displayname").text());

        // a password change or deactivation takes effect on the very next request
        assertEquals(200, json(admin, "PATCH", "/api/v1/orgs/acme/users/dana", "{\"password\":\"dana-pass-2\"}").statusCode());
        assertEquals(401, dana.propfind("/", "0", null).statusCode());
        DavClient dana2 = new DavClient(server.baseUrl(), "dana", "dana-pass-2");
        assertEquals(207, dana2.propfind("/", "0", null).statusCode());
        assertEquals(200, json(admin, "PATCH", "/api/v1/orgs/acme/users/dana", "{\"active\":false}").statusCode());
        assertEquals(401, dana2.propfind("/", "0", null).statusCode());
    }

    @Test
    void serviceTokenFromTheApiProxiesCalDavForItsOrg() {
        json(admin, "POST", "/api/v1/orgs", "{\"slug\":\"initech\",\"name\":\"Initech\"}");
        json(admin, "POST", "/api/v1/orgs/initech/users", "{\"username\":\"peter\",\"email\":\"peter@initech.example\",\"displayName\":\"Peter\",\"role\":\"user\"}");
        HttpResponse<String> t = json(admin, "POST", "/api/v1/orgs/initech/tokens", "{\"name\":\"booking app\",\"scopes\":[\"caldav-proxy\",\"admin\"]}");
        assertEquals(201, t.statusCode(), t.body());
        Matcher m = Pattern.compile("\"(crt_[A-Za-z0-9_-]+)\"").matcher(t.body());
        assertTrue(m.find(), t.body());
        String token = m.group(1);
        HttpResponse<String> r = DavClient.anonymous(server.baseUrl()).request("PROPFIND", "/calendars/users/peter/")
                .header("Depth", "0").header("Authorization", "Bearer " + token).header("X-Calroom-Acting-User", "peter").send();
        assertEquals(207, r.statusCode(), r.body());
        HttpResponse<String> list = DavClient.anonymous(server.baseUrl()).request("GET", "/api/v1/orgs/initech/users")
                .header("Authorization", "Bearer " + token).send();
        assertEquals(200, list.statusCode(), "an admin-scoped token administers its own org");
        assertEquals(404, DavClient.anonymous(server.baseUrl()).request("GET", "/api/v1/orgs/acme/users")
                .header("Authorization", "Bearer " + token).send().statusCode(), "and no other");
    }

    @Test
    void openApiIsServedAndTheApiNeedsCredentials() {
        HttpResponse<String> spec = DavClient.anonymous(server.baseUrl()).get("/api/v1/openapi.json");
        assertEquals(200, spec.statusCode());
        assertTrue(spec.body().contains("\"openapi\""));
        HttpResponse<String> anon = DavClient.anonymous(server.baseUrl()).get("/api/v1/orgs");
        assertEquals(401, anon.statusCode());
    }
}
