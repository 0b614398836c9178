package io.calroom.server.dav;

import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of bad input gets a clear 4xx and leaves the store untouched. */
class BadInputTest {
    static final String CAL = "/calendars/users/frank/default/";
    static TestServer server;
    static DavClient frank;

    @BeforeAll
    static void start() {
        server = TestServer.start(BadInputTest.class, java.util.Map.of("CALDAV_MAX_REQUEST_BYTES", "200000",
                "CALDAV_MAX_RESOURCE_SIZE", "100000", "CALDAV_MAX_REPORT_RESULTS", "3"));
        server.user("frank");
        frank = server.client("frank");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private void assertNothingStored() {
        String listing = frank.propfind(CAL, "1", "<propfind xmlns=\"DAV:\"><prop><getetag/></prop></propfind>").body();
        assertTrue(!listing.contains(".ics"), listing);
    }

    @Test
    void malformedXmlIs400() {
        HttpResponse<String> r = frank.propfind(CAL, "0", "<propfind xmlns=\"DAV:\"><prop><getetag></propfind>");
        assertEquals(400, r.statusCode());
        assertEquals(400, frank.request("PROPPATCH", CAL).xml("<not-closed").send().statusCode());
    }

    @Test
    void dtdsAndExternalEntitiesAreRefused() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE propfind [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <propfind xmlns="DAV:"><prop><displayname>&xxe;</displayname></prop></propfind>""";
        HttpResponse<String> r = frank.propfind(CAL, "0", xxe);
        assertEquals(400, r.statusCode());
        assertTrue(!r.body().contains("root:"));
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
                <D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:displayname>&lol2;</D:displayname></D:prop></D:set></D:propertyupdate>""";
        assertEquals(400, frank.request("PROPPATCH", CAL).xml(laughs).send().statusCode());
    }

    @Test
    void oversizedBodiesAreRefused() {
        String big = Ics.event("big-1", "20261203T100000Z", "20261203T110000Z", "x".repeat(150_000));
        HttpResponse<String> r = frank.put(CAL + "big.ics", big);
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("max-resource-size"), r.body());
        HttpResponse<String> huge = frank.put(CAL + "huge.ics", Ics.event("huge-1", "20261203T100000Z", "20261203T110000Z", "y".repeat(300_000)));
        assertEquals(413, huge.statusCode());
        assertNothingStored();
    }

    @Test
    void nonUtf8NonIcalendarAndMissingContentTypeAreRefused() {
        byte[] latin1 = Ics.event("latin-1", "20261203T100000Z", "20261203T110000Z", "Caf\u00e9 m\u00fcnchen").getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> r = frank.request("PUT", CAL + "latin.ics").body("text/calendar", latin1).send();
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("valid-calendar-data"), r.body());
        HttpResponse<String> notIcal = frank.put(CAL + "text.ics", "Hello, this is not a calendar");
        assertEquals(403, notIcal.statusCode());
        assertTrue(notIcal.body().contains("valid-calendar-data"));
        HttpResponse<String> noType = frank.request("PUT", CAL + "notype.ics")
                .body(null, Ics.event("notype-1", "20261203T100000Z", "20261203T110000Z", "x").getBytes(StandardCharsets.UTF_8)).send();
        assertEquals(403, noType.statusCode(), "a failed CalDAV precondition is a 403 (RFC 4791 §1.3)");
        assertTrue(noType.body().contains("supported-calendar-data"));
        HttpResponse<String> wrongType = frank.request("PUT", CAL + "json.ics").body("application/json", "{}").send();
        assertEquals(403, wrongType.statusCode());
        assertTrue(wrongType.body().contains("supported-calendar-data"));
        assertNothingStored();
    }

    @Test
    void invalidCalendarObjectResourcesAreRefusedWithTheirPrecondition_rfc4791_section4_1() {
        String withMethod = Ics.event("m-1", "20261203T100000Z", "20261203T110000Z", "x").replace("VERSION:2.0", "VERSION:2.0\r\nMETHOD:REQUEST");
        HttpResponse<String> r = frank.put(CAL + "method.ics", withMethod);
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("valid-calendar-object-resource"), r.body());
        String twoUids = Ics.event("u-1", "20261203T100000Z", "20261203T110000Z", "x")
                .replace("END:VCALENDAR", "BEGIN:VEVENT\r\nUID:u-2\r\nDTSTAMP:20261101T120000Z\r\nDTSTART:20261204T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR");
        HttpResponse<String> r2 = frank.put(CAL + "twouids.ics", twoUids);
        assertEquals(403, r2.statusCode());
        assertTrue(r2.body().contains("valid-calendar-object-resource"), r2.body());
        assertNothingStored();
    }

    @Test
    void putToNonCalendarCollectionsIsRefused() {
        String body = Ics.event("nc-1", "20261203T100000Z", "20261203T110000Z", "x");
        assertEquals(403, frank.put("/calendars/users/frank/inbox/x.ics", body).statusCode());
        assertEquals(403, frank.put("/calendars/users/frank/x.ics", body).statusCode());
        assertEquals(405, frank.put(CAL, body).statusCode());
        assertEquals(409, frank.put("/calendars/users/frank/missing/x.ics", body).statusCode());
        assertNothingStored();
    }

    @Test
    void traversalEncodedSlashesAndBadBytesInPathsAre4xx() {
        String body = Ics.event("path-1", "20261203T100000Z", "20261203T110000Z", "x");
        for (String path : new String[]{CAL + "..%2F..%2Fx.ics", CAL + "a%2Fb.ics", CAL + "%2e%2e/x.ics",
                CAL + "x%00.ics", CAL + "%C3%28.ics", CAL + "x".repeat(300) + ".ics"}) {
            int status = frank.put(path, body).statusCode();
            assertTrue(status == 400 || status == 404, path + " gave " + status);
        }
        assertNothingStored();
    }

    @Test
    void unknownMethodsAre501AndUnknownReportsAre403() {
        assertEquals(501, frank.request("BREW", CAL).send().statusCode());
        HttpResponse<String> r = frank.request("REPORT", CAL).header("Depth", "1").xml("<x:unknown-report xmlns:x=\"urn:example\"/>").send();
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("supported-report"));
        assertEquals(400, frank.request("REPORT", CAL).xml("<broken").send().statusCode());
    }

    @Test
    void calendarQueryResultsAreCappedWith507() {
        String cal = "/calendars/users/frank/capped/";
        frank.request("MKCALENDAR", cal).send();
        for (int i = 0; i < 5; i++) frank.put(cal + "e" + i + ".ics", Ics.event("cap-" + i, "20261203T100000Z", "20261203T110000Z", "E" + i));
        HttpResponse<String> r = frank.request("REPORT", cal).header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop>
                <C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>""").send();
        var ms = new io.calroom.server.support.Multistatus(r.body());
        assertEquals(3, ms.hrefs().stream().filter(h -> h.endsWith(".ics")).count());
        assertTrue(ms.status(cal).contains("507"), r.body());
    }
}
