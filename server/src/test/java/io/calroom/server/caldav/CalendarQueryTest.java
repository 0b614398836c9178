package io.calroom.server.caldav;

import io.calroom.server.support.Caldav;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CALDAV:calendar-query (RFC 4791 §7.8) with the bodies Thunderbird, Apple Calendar and web front ends send. */
class CalendarQueryTest {
    static final String CAL = "/calendars/users/quinn/default/";
    static TestServer server;
    static DavClient quinn;

    @BeforeAll
    static void start() {
        server = TestServer.start(CalendarQueryTest.class);
        server.user("quinn");
        quinn = server.client("quinn");
        put("single.ics", Ics.event("q-single", "20261203T100000Z", "20261203T110000Z", "Budget review"));
        put("other.ics", Ics.event("q-other", "20261210T100000Z", "20261210T110000Z", "Team lunch"));
        put("weekly.ics", Ics.weeklyWithExceptions("q-weekly"));
        put("allday.ics", Ics.allDay("q-allday"));
        put("todo.ics", Ics.todo("q-todo"));
        put("floating.ics", Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example//EN
                BEGIN:VEVENT
                UID:q-floating
                DTSTAMP:20261101T120000Z
                DTSTART:20261205T230000
                DTEND:20261205T233000
                SUMMARY:Floating late call
                END:VEVENT
                END:VCALENDAR
                """));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static void put(String name, String body) {
        assertEquals(201, quinn.put(CAL + name, body).statusCode(), name);
    }

    private static HttpResponse<String> query(String filter, String extra) {
        return quinn.request("REPORT", CAL).header("Depth", "1").xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><D:getetag/></D:prop>
                  <C:filter>%s</C:filter>%s
                </C:calendar-query>""".formatted(filter, extra)).send();
    }

    private static Set<String> hits(String filter) {
        return hits(filter, "");
    }

    private static Set<String> hits(String filter, String extra) {
        HttpResponse<String> r = query(filter, extra);
        assertEquals(207, r.statusCode(), r.body());
        Set<String> names = new TreeSet<>();
        for (String h : new Multistatus(r.body()).hrefs()) names.add(h.substring(h.lastIndexOf('/') + 1));
        return names;
    }

    private static String events(String range) {
        return "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\">" + range + "</C:comp-filter></C:comp-filter>";
    }

    @Test
    void timeRangeOnEventsAsThunderbirdAsks_rfc4791_section7_8_1() {
        assertEquals(Set.of("single.ics", "allday.ics", "floating.ics", "weekly.ics"),
                hits(events("<C:time-range start=\"20261201T000000Z\" end=\"20261208T000000Z\"/>")));
        assertEquals(Set.of("single.ics", "allday.ics"), hits(events("<C:time-range start=\"20261203T103000Z\" end=\"20261203T104000Z\"/>")),
                "the all-day event covers the whole of 3 December");
        assertEquals(Set.of("allday.ics"), hits(events("<C:time-range start=\"20261203T110000Z\" end=\"20261203T120000Z\"/>")),
                "an event ending at the range start does not overlap");
    }

    @Test
    void recurringEventsMatchByOccurrence_withExdateAndOverride() {
        assertEquals(Set.of(), hits(events("<C:time-range start=\"20261221T000000Z\" end=\"20261222T000000Z\"/>")),
                "the 21 December occurrence is excluded by EXDATE");
        assertEquals(Set.of("weekly.ics"), hits(events("<C:time-range start=\"20261215T120000Z\" end=\"20261215T140000Z\"/>")),
                "the override moved the 14th to the 15th");
        assertEquals(Set.of(), hits(events("<C:time-range start=\"20261214T080000Z\" end=\"20261214T120000Z\"/>")));
        assertEquals(Set.of("weekly.ics"), hits(events("<C:time-range start=\"20270201T000000Z\" end=\"20270202T000000Z\"/>")));
    }

    @Test
    void floatingTimesAreReadInTheRequestedTimezone_rfc4791_section7_3() {
        String range = events("<C:time-range start=\"20261205T220000Z\" end=\"20261205T223000Z\"/>");
        assertEquals(Set.of(), hits(range), "in UTC the floating call is at 23:00");
        String newYork = "<C:timezone>BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
                + "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
                + "END:VTIMEZONE\r\nEND:VCALENDAR\r\n</C:timezone>";
        assertEquals(Set.of("floating.ics"), hits(range, newYork), "in Berlin 23:00 is 22:00Z");
    }

    @Test
    void todosAsThunderbirdAsksForThem() {
        assertEquals(Set.of("todo.ics"), hits("<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VTODO\"/></C:comp-filter>"));
        assertEquals(Set.of("todo.ics"), hits("""
                <C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO">
                  <C:prop-filter name="COMPLETED"><C:is-not-defined/></C:prop-filter>
                  <C:prop-filter name="STATUS"><C:text-match negate-condition="yes">CANCELLED</C:text-match></C:prop-filter>
                </C:comp-filter></C:comp-filter>"""));
    }

    @Test
    void textMatchWithCollationsAndNegation_rfc4791_section9_7_5() {
        assertEquals(Set.of("single.ics"), hits("""
                <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                  <C:prop-filter name="SUMMARY"><C:text-match collation="i;ascii-casemap">BUDGET</C:text-match></C:prop-filter>
                </C:comp-filter></C:comp-filter>"""));
        assertEquals(Set.of(), hits("""
                <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                  <C:prop-filter name="SUMMARY"><C:text-match collation="i;octet">BUDGET</C:text-match></C:prop-filter>
                </C:comp-filter></C:comp-filter>"""));
        assertEquals(Set.of("single.ics"), hits("""
                <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                  <C:prop-filter name="UID"><C:text-match collation="i;octet">q-single</C:text-match></C:prop-filter>
                </C:comp-filter></C:comp-filter>"""));
        Set<String> notBudget = hits("""
                <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                  <C:prop-filter name="SUMMARY"><C:text-match negate-condition="yes">budget</C:text-match></C:prop-filter>
                </C:comp-filter></C:comp-filter>""");
        assertTrue(notBudget.contains("other.ics") && !notBudget.contains("single.ics"), notBudget.toString());
    }

    @Test
    void timeRangeCombinedWithPropertyFilters() {
        assertEquals(Set.of("other.ics"), hits("""
                <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                  <C:time-range start="20261201T000000Z" end="20261231T000000Z"/>
                  <C:prop-filter name="SUMMARY"><C:text-match>lunch</C:text-match></C:prop-filter>
                </C:comp-filter></C:comp-filter>"""));
    }

    @Test
    void queryWithExpandReturnsInstances() {
        HttpResponse<String> r = quinn.request("REPORT", CAL).header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><C:calendar-data><C:expand start="20261207T000000Z" end="20261214T000000Z"/></C:calendar-data></D:prop>
                  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                    <C:time-range start="20261207T000000Z" end="20261214T000000Z"/>
                  </C:comp-filter></C:comp-filter></C:filter>
                </C:calendar-query>""").send();
        Multistatus ms = new Multistatus(r.body());
        assertEquals(List.of(CAL + "other.ics", CAL + "weekly.ics"), ms.hrefs().stream().sorted().toList());
        String weekly = ms.prop(CAL + "weekly.ics", Caldav.NS, "calendar-data").element().getTextContent();
        assertTrue(weekly.contains("DTSTART:20261207T090000Z") && !weekly.contains("RRULE"), weekly);
    }

    @Test
    void depthZeroOnTheCollectionMatchesNothing() {
        HttpResponse<String> r = quinn.request("REPORT", CAL).header("Depth", "0")
                .xml("<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/></D:prop>"
                        + "<C:filter><C:comp-filter name=\"VCALENDAR\"/></C:filter></C:calendar-query>").send();
        assertEquals(207, r.statusCode());
        assertEquals(List.of(), new Multistatus(r.body()).hrefs());
    }

    @Test
    void noDepthHeaderSearchesTheMembers() {
        HttpResponse<String> r = quinn.request("REPORT", CAL)
                .xml("<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/></D:prop>"
                        + "<C:filter><C:comp-filter name=\"VCALENDAR\"/></C:filter></C:calendar-query>").send();
        assertEquals(6, new Multistatus(r.body()).hrefs().size());
    }

    @Test
    void invalidFiltersAndUnknownCollationsAreRefused() {
        HttpResponse<String> badRoot = query("<C:comp-filter name=\"VEVENT\"/>", "");
        assertEquals(403, badRoot.statusCode());
        assertTrue(badRoot.body().contains("valid-filter"));
        HttpResponse<String> collation = query("""
                <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                  <C:prop-filter name="SUMMARY"><C:text-match collation="i;klingon">x</C:text-match></C:prop-filter>
                </C:comp-filter></C:comp-filter>""", "");
        assertEquals(403, collation.statusCode());
        assertTrue(collation.body().contains("supported-collation"));
        HttpResponse<String> badTime = query(events("<C:time-range start=\"yesterday\"/>"), "");
        assertEquals(403, badTime.statusCode());
        HttpResponse<String> contradictory = query("""
                <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                  <C:prop-filter name="SUMMARY"><C:is-not-defined/><C:text-match>x</C:text-match></C:prop-filter>
                </C:comp-filter></C:comp-filter>""", "");
        assertEquals(403, contradictory.statusCode());
        assertTrue(contradictory.body().contains("valid-filter"));
    }
}
