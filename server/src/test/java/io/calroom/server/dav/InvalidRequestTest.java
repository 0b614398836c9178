package io.calroom.server.dav;

import io.calroom.server.support.Caldav;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filters, report bodies and property values that are invalid are refused, not answered empty. */
class InvalidRequestTest {
    static TestServer server;
    static DavClient vera;
    static final String CAL = "/calendars/users/vera/default/";

    @BeforeAll
    static void start() {
        server = TestServer.start(InvalidRequestTest.class);
        server.user("vera");
        vera = server.client("vera");
        vera.put(CAL + "e.ics", Ics.event("inv-1", "20261203T100000Z", "20261203T110000Z", "Lunch").replace("END:VEVENT",
                "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<String> query(String filter, String extra) {
        return vera.request("REPORT", CAL).header("Depth", "1").xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><D:getetag/></D:prop>
                  <C:filter>%s</C:filter>%s
                </C:calendar-query>""".formatted(filter, extra)).send();
    }

    private static final String RANGE = "<C:time-range start=\"20261201T000000Z\" end=\"20261231T000000Z\"/>";

    @Test
    void filtersWithoutADefinedMeaningAreRefusedWithValidFilter_rfc4791_section9_7_and_9_9() {
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("time-range on VCALENDAR", "<C:comp-filter name=\"VCALENDAR\">" + RANGE + "</C:comp-filter>");
        invalid.put("time-range on VTIMEZONE", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VTIMEZONE\">" + RANGE + "</C:comp-filter></C:comp-filter>");
        invalid.put("time-range on SUMMARY", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"SUMMARY\">"
                + RANGE + "</C:prop-filter></C:comp-filter></C:comp-filter>");
        invalid.put("time-range on ATTENDEE", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"ATTENDEE\">"
                + RANGE + "</C:prop-filter></C:comp-filter></C:comp-filter>");
        invalid.put("VALARM at the top level", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VALARM\">" + RANGE + "</C:comp-filter></C:comp-filter>");
        invalid.put("VEVENT inside VEVENT", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:comp-filter name=\"VEVENT\"/></C:comp-filter></C:comp-filter>");
        invalid.put("VCALENDAR inside VCALENDAR", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VCALENDAR\"/></C:comp-filter>");
        invalid.put("STANDARD inside VEVENT", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:comp-filter name=\"STANDARD\"/></C:comp-filter></C:comp-filter>");
        for (var e : invalid.entrySet()) {
            HttpResponse<String> r = query(e.getValue(), "");
            assertEquals(403, r.statusCode(), e.getKey() + ": " + r.body());
            assertTrue(r.body().contains("valid-filter"), e.getKey() + ": " + r.body());
        }
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("time-range on VEVENT", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\">" + RANGE + "</C:comp-filter></C:comp-filter>");
        valid.put("time-range on VALARM in VEVENT", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:comp-filter name=\"VALARM\">"
                + "<C:time-range start=\"20261203T000000Z\" end=\"20261204T000000Z\"/></C:comp-filter></C:comp-filter></C:comp-filter>");
        valid.put("time-range on DTSTART", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"DTSTART\">"
                + RANGE + "</C:prop-filter></C:comp-filter></C:comp-filter>");
        valid.put("time-range on DTSTAMP", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"DTSTAMP\">"
                + "<C:time-range start=\"20261101T000000Z\" end=\"20261102T000000Z\"/></C:prop-filter></C:comp-filter></C:comp-filter>");
        valid.put("text-match on SUMMARY", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"SUMMARY\">"
                + "<C:text-match>lunch</C:text-match></C:prop-filter></C:comp-filter></C:comp-filter>");
        valid.put("an X- component", "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"X-THING\"><C:is-not-defined/></C:comp-filter></C:comp-filter>");
        for (var e : valid.entrySet()) {
            HttpResponse<String> r = query(e.getValue(), "");
            assertEquals(207, r.statusCode(), e.getKey() + ": " + r.body());
            assertEquals(List.of(CAL + "e.ics"), new Multistatus(r.body()).hrefs(), e.getKey());
        }
    }

    @Test
    void calendarDataOfAnotherMediaTypeOrVersionIsRefused_rfc4791_section9_6() {
        String filter = "<C:comp-filter name=\"VCALENDAR\"/>";
        for (String attributes : List.of("content-type=\"application/calendar+json\"", "version=\"3.0\"",
                "content-type=\"text/vcard\" version=\"2.0\"")) {
            HttpResponse<String> r = vera.request("REPORT", CAL).header("Depth", "1").xml("""
                    <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                      <D:prop><D:getetag/><C:calendar-data %s/></D:prop><C:filter>%s</C:filter>
                    </C:calendar-query>""".formatted(attributes, filter)).send();
            assertEquals(403, r.statusCode(), attributes + ": " + r.body());
            assertTrue(r.body().contains("supported-calendar-data"), r.body());
            HttpResponse<String> multiget = vera.request("REPORT", CAL).xml("""
                    <C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                      <D:prop><C:calendar-data %s/></D:prop><D:href>%se.ics</D:href>
                    </C:calendar-multiget>""".formatted(attributes, CAL)).send();
            assertEquals(403, multiget.statusCode(), attributes + ": " + multiget.body());
        }
        HttpResponse<String> ok = vera.request("REPORT", CAL).header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><C:calendar-data content-type="text/calendar" version="2.0"/></D:prop><C:filter>%s</C:filter>
                </C:calendar-query>""".formatted(filter)).send();
        assertEquals(207, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("BEGIN:VCALENDAR"), ok.body());
    }

    static final String TWO_ZONES = Ics.crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//x//y//EN\n" + Ics.BERLIN_TZ
            + Ics.BERLIN_TZ.replace("Europe/Berlin", "Europe/Paris") + "END:VCALENDAR\n");
    static final String ZONE_AND_EVENT = Ics.crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//x//y//EN\n" + Ics.BERLIN_TZ
            + "BEGIN:VEVENT\nUID:tz-smuggled\nDTSTAMP:20261101T000000Z\nDTSTART:20261203T100000Z\nEND:VEVENT\nEND:VCALENDAR\n");
    static final String NO_ZONE = Ics.crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//x//y//EN\nEND:VCALENDAR\n");
    static final String ONE_ZONE = Ics.crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//x//y//EN\n" + Ics.BERLIN_TZ + "END:VCALENDAR\n");

    @Test
    void aTimezoneThatIsNotExactlyOneVtimezoneIsRefused_rfc4791_section5_2_2_and_7_8() {
        String filter = "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\">" + RANGE + "</C:comp-filter></C:comp-filter>";
        for (String tz : List.of(TWO_ZONES, ZONE_AND_EVENT, NO_ZONE, "not iCalendar at all")) {
            HttpResponse<String> r = query(filter, "<C:timezone>" + tz + "</C:timezone>");
            assertEquals(403, r.statusCode(), tz + ": " + r.body());
            assertTrue(r.body().contains("valid-calendar-data"), r.body());

            HttpResponse<String> patch = vera.request("PROPPATCH", CAL).xml("""
                    <D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
                      <C:calendar-timezone>%s</C:calendar-timezone></D:prop></D:set></D:propertyupdate>""".formatted(tz)).send();
            assertEquals(403, new Multistatus(patch.body()).prop(CAL, Caldav.NS, "calendar-timezone").status(), patch.body());
            assertTrue(patch.body().contains("valid-calendar-data"), patch.body());

            String path = "/calendars/users/vera/tz-" + Integer.toHexString(tz.hashCode()) + "/";
            HttpResponse<String> mk = vera.request("MKCALENDAR", path).xml("""
                    <C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
                      <C:calendar-timezone>%s</C:calendar-timezone></D:prop></D:set></C:mkcalendar>""".formatted(tz)).send();
            assertTrue(mk.statusCode() >= 400 || mk.body().contains("403"), mk.statusCode() + " " + mk.body());
            assertEquals(404, vera.propfind(path, "0", null).statusCode(), "nothing was created");
        }
        assertEquals(207, query(filter, "<C:timezone>" + ONE_ZONE + "</C:timezone>").statusCode());
        HttpResponse<String> patch = vera.request("PROPPATCH", CAL).xml("""
                <D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
                  <C:calendar-timezone>%s</C:calendar-timezone></D:prop></D:set></D:propertyupdate>""".formatted(ONE_ZONE)).send();
        assertTrue(patch.body().contains("200 OK"), patch.body());
    }

    @Test
    void propfindWithTwoKindsOfRequestIsABadRequest_rfc4918_section14_20() {
        for (String inner : List.of("<allprop/><propname/>", "<propname/><prop><getetag/></prop>", "<allprop/><prop><getetag/></prop>")) {
            HttpResponse<String> r = vera.propfind(CAL, "0", "<propfind xmlns=\"DAV:\">" + inner + "</propfind>");
            assertEquals(400, r.statusCode(), inner);
        }
        assertEquals(207, vera.propfind(CAL, "0", "<propfind xmlns=\"DAV:\"><allprop/><include><supported-report-set/></include></propfind>").statusCode());
    }
}
