package io.calroom.server.dav;

import io.calroom.server.support.Caldav;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication, RFC 6764 bootstrapping and principal discovery as Apple Calendar and Thunderbird do it. */
class DiscoveryTest {
    static TestServer server;
    static DavClient alice;

    @BeforeAll
    static void start() {
        server = TestServer.start(DiscoveryTest.class);
        server.user("alice");
        server.user("bob");
        alice = server.client("alice");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void wellKnownCaldavRedirectsToTheRootWithoutAuthentication_rfc6764_section5() {
        HttpResponse<String> r = DavClient.anonymous(server.baseUrl()).request("PROPFIND", "/.well-known/caldav").send();
        assertEquals(301, r.statusCode());
        assertEquals("/", r.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void everyDavPathNeedsAuthentication() {
        for (String path : List.of("/", "/principals/users/alice/", "/calendars/users/alice/default/", "/no/such/path")) {
            HttpResponse<String> r = DavClient.anonymous(server.baseUrl()).propfind(path, "0", null);
            assertEquals(401, r.statusCode(), path);
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="), path);
        }
    }

    @Test
    void wrongPasswordAndUnknownSchemesAre401NeverA500() {
        assertEquals(401, new DavClient(server.baseUrl(), "alice", "wrong").propfind("/", "0", null).statusCode());
        assertEquals(401, new DavClient(server.baseUrl(), "nobody", "x").propfind("/", "0", null).statusCode());
        for (String auth : List.of("Token abc", "Negotiate xyz", "Basic !!!notbase64", "Basic", "Digest username=\"a\"", "Bearer not.a.jwt")) {
            HttpResponse<String> r = DavClient.anonymous(server.baseUrl()).request("PROPFIND", "/")
                    .header("Depth", "0").header("Authorization", auth).send();
            assertEquals(401, r.statusCode(), auth);
        }
    }

    @Test
    void healthNeedsNoAuthentication() {
        HttpResponse<String> r = DavClient.anonymous(server.baseUrl()).get("/health");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"up\""));
    }

    @Test
    void rootGivesCurrentUserPrincipal_rfc5397() {
        HttpResponse<String> r = alice.propfind("/", "0", """
                <?xml version="1.0" encoding="UTF-8"?>
                <A:propfind xmlns:A="DAV:"><A:prop><A:current-user-principal/><A:principal-URL/><A:resourcetype/></A:prop></A:propfind>
                """);
        assertEquals(207, r.statusCode());
        Multistatus ms = new Multistatus(r.body());
        assertEquals(List.of("/principals/users/alice/"), ms.prop("/", "DAV:", "current-user-principal").hrefs());
        assertEquals(404, ms.prop("/", "DAV:", "principal-URL").status());
    }

    @Test
    void principalPropertiesAsAppleCalendarAsksForThem() {
        HttpResponse<String> r = alice.propfind("/principals/users/alice/", "0", """
                <?xml version="1.0" encoding="UTF-8"?>
                <A:propfind xmlns:A="DAV:" xmlns:B="urn:ietf:params:xml:ns:caldav" xmlns:C="http://calendarserver.org/ns/">
                  <A:prop>
                    <A:displayname/><A:principal-URL/><B:calendar-home-set/><B:calendar-user-address-set/>
                    <C:email-address-set/><B:calendar-user-type/><B:schedule-inbox-URL/><B:schedule-outbox-URL/>
                    <A:supported-report-set/><A:resourcetype/><A:current-user-principal/>
                  </A:prop>
                </A:propfind>
                """);
        assertEquals(207, r.statusCode());
        Multistatus ms = new Multistatus(r.body());
        String p = "/principals/users/alice/";
        assertEquals("alice Example", ms.prop(p, "DAV:", "displayname").text());
        assertEquals(List.of(p), ms.prop(p, "DAV:", "principal-URL").hrefs());
        assertEquals(List.of("/calendars/users/alice/"), ms.prop(p, Caldav.NS, "calendar-home-set").hrefs());
        List<String> addresses = ms.prop(p, Caldav.NS, "calendar-user-address-set").hrefs();
        assertEquals("mailto:alice@example.com", addresses.get(0));
        assertTrue(addresses.stream().anyMatch(a -> a.startsWith("urn:uuid:")));
        assertEquals("alice@example.com", ms.prop(p, "http://calendarserver.org/ns/", "email-address-set").text());
        assertEquals("INDIVIDUAL", ms.prop(p, Caldav.NS, "calendar-user-type").text());
        assertEquals(List.of("/calendars/users/alice/inbox/"), ms.prop(p, Caldav.NS, "schedule-inbox-URL").hrefs());
        assertEquals(List.of("/calendars/users/alice/outbox/"), ms.prop(p, Caldav.NS, "schedule-outbox-URL").hrefs());
        assertEquals(200, ms.prop(p, "DAV:", "supported-report-set").status());
        assertTrue(ms.prop(p, "DAV:", "resourcetype").children().contains("principal"));
    }

    @Test
    void optionsAdvertisesCalendarAccess_rfc4791_section5_1() {
        HttpResponse<String> r = alice.request("OPTIONS", "/calendars/users/alice/default/").send();
        assertEquals(200, r.statusCode());
        String dav = r.headers().firstValue("DAV").orElse("");
        for (String c : List.of("1", "3", "access-control", "calendar-access", "extended-mkcol")) {
            assertTrue(List.of(dav.split(",\\s*")).contains(c), dav);
        }
        String allow = r.headers().firstValue("Allow").orElse("");
        assertTrue(allow.contains("PROPFIND") && allow.contains("REPORT") && allow.contains("DELETE"), allow);
        String homeAllow = alice.request("OPTIONS", "/calendars/users/alice/").send().headers().firstValue("Allow").orElse("");
        assertTrue(homeAllow.contains("MKCALENDAR"), homeAllow);
    }

    @Test
    void calendarHomeListsDefaultCalendarInboxAndOutboxWithTheirProperties() {
        HttpResponse<String> r = alice.propfind("/calendars/users/alice/", "1", """
                <?xml version="1.0" encoding="UTF-8"?>
                <A:propfind xmlns:A="DAV:" xmlns:B="urn:ietf:params:xml:ns:caldav" xmlns:C="http://calendarserver.org/ns/" xmlns:D="http://apple.com/ns/ical/">
                  <A:prop>
                    <A:resourcetype/><A:displayname/><B:calendar-description/><B:calendar-timezone/>
                    <B:supported-calendar-component-set/><B:supported-calendar-data/><B:max-resource-size/>
                    <C:getctag/><A:sync-token/><D:calendar-color/><D:calendar-order/><A:owner/>
                    <A:current-user-privilege-set/>
                  </A:prop>
                </A:propfind>
                """);
        assertEquals(207, r.statusCode());
        Multistatus ms = new Multistatus(r.body());
        assertTrue(ms.hrefs().containsAll(List.of("/calendars/users/alice/", "/calendars/users/alice/default/",
                "/calendars/users/alice/inbox/", "/calendars/users/alice/outbox/")), ms.hrefs().toString());
        String cal = "/calendars/users/alice/default/";
        assertTrue(ms.prop(cal, "DAV:", "resourcetype").children().containsAll(List.of("collection", "calendar")));
        assertEquals(List.of("comp", "comp"), ms.prop(cal, Caldav.NS, "supported-calendar-component-set").children());
        assertEquals(200, ms.prop(cal, Caldav.NS, "supported-calendar-data").status());
        assertEquals(200, ms.prop(cal, Caldav.NS, "max-resource-size").status());
        assertEquals(200, ms.prop(cal, "http://calendarserver.org/ns/", "getctag").status());
        assertTrue(ms.prop(cal, "DAV:", "sync-token").text().startsWith("urn:"));
        assertEquals(List.of("/principals/users/alice/"), ms.prop(cal, "DAV:", "owner").hrefs());
        assertTrue(ms.prop(cal, "DAV:", "current-user-privilege-set").element().getTextContent() != null);
        assertEquals(404, ms.prop(cal, "http://apple.com/ns/ical/", "calendar-color").status());
        assertTrue(ms.prop("/calendars/users/alice/inbox/", "DAV:", "resourcetype").children().contains("schedule-inbox"));
        assertTrue(ms.prop("/calendars/users/alice/outbox/", "DAV:", "resourcetype").children().contains("schedule-outbox"));
    }

    @Test
    void unknownPropertiesComeBackAs404InTheirOwnNamespace() {
        HttpResponse<String> r = alice.propfind("/calendars/users/alice/default/", "0", """
                <propfind xmlns="DAV:"><prop><getetag/><x:no-such-prop xmlns:x="urn:example:unknown"/></prop></propfind>
                """);
        Multistatus ms = new Multistatus(r.body());
        assertEquals(404, ms.prop("/calendars/users/alice/default/", "urn:example:unknown", "no-such-prop").status());
    }

    @Test
    void preferReturnMinimalDropsThe404Propstat_rfc8144() {
        for (String[] header : new String[][]{{"Prefer", "return=minimal"}, {"Brief", "t"}}) {
            HttpResponse<String> r = alice.request("PROPFIND", "/calendars/users/alice/default/").header("Depth", "0")
                    .header(header[0], header[1])
                    .xml("<propfind xmlns=\"DAV:\"><prop><displayname/><x:nope xmlns:x=\"urn:x\"/></prop></propfind>").send();
            Multistatus ms = new Multistatus(r.body());
            assertNull(ms.prop("/calendars/users/alice/default/", "urn:x", "nope"), header[0]);
            assertNotNull(ms.prop("/calendars/users/alice/default/", "DAV:", "displayname"), header[0]);
        }
    }

    @Test
    void depthInfinityIsRefused_rfc4918_section9_1() {
        HttpResponse<String> r = alice.request("PROPFIND", "/calendars/users/alice/").header("Depth", "infinity")
                .xml("<propfind xmlns=\"DAV:\"><allprop/></propfind>").send();
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("propfind-finite-depth"), r.body());
    }

    @Test
    void anotherUsersHomeAnswersExactlyLikeAMissingOne() {
        HttpResponse<String> bobs = alice.propfind("/calendars/users/bob/default/", "0", null);
        HttpResponse<String> missing = alice.propfind("/calendars/users/nobody/default/", "0", null);
        assertEquals(404, bobs.statusCode());
        assertEquals(missing.statusCode(), bobs.statusCode());
        assertEquals(missing.body().replace("nobody", "bob"), bobs.body());
        assertEquals(404, alice.get("/calendars/users/bob/default/x.ics").statusCode());
        assertEquals(alice.put("/calendars/users/nobody/default/x.ics", "x").statusCode(),
                alice.put("/calendars/users/bob/default/x.ics", "x").statusCode());
    }

    @Test
    void allpropAndPropname() {
        HttpResponse<String> all = alice.propfind("/calendars/users/alice/default/", "0", "<propfind xmlns=\"DAV:\"><allprop/></propfind>");
        Multistatus ms = new Multistatus(all.body());
        assertNotNull(ms.prop("/calendars/users/alice/default/", "DAV:", "resourcetype"));
        HttpResponse<String> names = alice.propfind("/calendars/users/alice/default/", "0", "<propfind xmlns=\"DAV:\"><propname/></propfind>");
        assertTrue(new Multistatus(names.body()).props("/calendars/users/alice/default/").containsKey(Multistatus.key("http://calendarserver.org/ns/", "getctag")));
        assertFalse(names.body().contains("urn:calroom:sync"), "propname has no values");
    }
}
