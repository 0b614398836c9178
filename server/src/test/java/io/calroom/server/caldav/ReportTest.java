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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** calendar-multiget (RFC 4791 §7.9), sync-collection (RFC 6578) and free-busy-query (RFC 4791 §7.10). */
class ReportTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ReportTest.class);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static DavClient userWithCalendar(String name) {
        server.user(name);
        return server.client(name);
    }

    @Test
    void multigetReturnsDataForExistingHrefsAnd404ForMissingOnes_rfc4791_section7_9() {
        DavClient c = userWithCalendar("mg");
        String cal = "/calendars/users/mg/default/";
        String body = Ics.event("mg-1", "20261203T100000Z", "20261203T110000Z", "One");
        c.put(cal + "one.ics", body);
        c.put(cal + "two.ics", Ics.event("mg-2", "20261204T100000Z", "20261204T110000Z", "Two"));
        HttpResponse<String> r = c.request("REPORT", cal).header("Depth", "1").xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><D:getetag/><C:calendar-data/></D:prop>
                  <D:href>%1$sone.ics</D:href>
                  <D:href>%1$stwo.ics</D:href>
                  <D:href>%1$smissing.ics</D:href>
                  <D:href>/calendars/users/someone-else/default/x.ics</D:href>
                </C:calendar-multiget>""".formatted(cal)).send();
        assertEquals(207, r.statusCode());
        Multistatus ms = new Multistatus(r.body());
        assertEquals(body, ms.prop(cal + "one.ics", Caldav.NS, "calendar-data").element().getTextContent());
        assertEquals(c.get(cal + "two.ics").headers().firstValue("ETag").orElseThrow(), ms.prop(cal + "two.ics", "DAV:", "getetag").text());
        assertTrue(ms.status(cal + "missing.ics").contains("404"));
        assertTrue(ms.status("/calendars/users/someone-else/default/x.ics").contains("404"));
    }

    @Test
    void multigetWithEncodedAndRepeatedHrefsPartialRetrievalAndExpand_rfc4791_section9_6() {
        DavClient c = userWithCalendar("mgx");
        String cal = "/calendars/users/mgx/default/";
        c.put(cal + "w.ics", Ics.weeklyWithExceptions("mgx-w"));
        c.put(cal + "a%20b.ics", Ics.event("mgx-a", "20261208T100000Z", "20261208T110000Z", "Spaced"));
        String hrefs = "<D:href>%1$sw.ics</D:href><D:href>%1$sa%%20b.ics</D:href><D:href>%1$sw.ics</D:href>".formatted(cal);

        // the whole objects, an encoded href decoded to its member, a repeated href answered again
        String plain = c.request("REPORT", cal).header("Depth", "1").xml("""
                <C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><D:getetag/><C:calendar-data/></D:prop>%s
                </C:calendar-multiget>""".formatted(hrefs)).send().body();
        Multistatus ms = new Multistatus(plain);
        assertEquals(Ics.weeklyWithExceptions("mgx-w"), ms.prop(cal + "w.ics", Caldav.NS, "calendar-data").element().getTextContent());
        assertTrue(ms.prop(cal + "a b.ics", Caldav.NS, "calendar-data").element().getTextContent().contains("UID:mgx-a"), plain);
        assertTrue(plain.contains(cal + "a%20b.ics"), "the href stays encoded: " + plain);
        assertEquals(3, plain.split("<d:response>", -1).length - 1, plain);

        // partial retrieval: only the properties asked for
        String partial = c.request("REPORT", cal).header("Depth", "1").xml("""
                <C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><C:calendar-data><C:comp name="VCALENDAR"><C:prop name="VERSION"/>
                    <C:comp name="VEVENT"><C:prop name="UID"/><C:prop name="DTSTART"/></C:comp></C:comp></C:calendar-data></D:prop>%s
                </C:calendar-multiget>""".formatted(hrefs)).send().body();
        String w = new Multistatus(partial).prop(cal + "w.ics", Caldav.NS, "calendar-data").element().getTextContent();
        assertTrue(w.contains("UID:mgx-w") && w.contains("DTSTART;TZID=Europe/Berlin:20261207T100000"), w);
        assertTrue(!w.contains("SUMMARY") && !w.contains("RRULE") && !w.contains("VTIMEZONE"), w);

        // expand: the occurrences of one week in UTC, no rule
        String expanded = c.request("REPORT", cal).header("Depth", "1").xml("""
                <C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><C:calendar-data><C:expand start="20261214T000000Z" end="20261221T000000Z"/></C:calendar-data></D:prop>%s
                </C:calendar-multiget>""".formatted(hrefs)).send().body();
        String e = new Multistatus(expanded).prop(cal + "w.ics", Caldav.NS, "calendar-data").element().getTextContent();
        assertTrue(e.contains("DTSTART:20261215T130000Z") && e.contains("RECURRENCE-ID:20261214T090000Z"), e);
        assertTrue(!e.contains("RRULE") && !e.contains("20261207"), e);
    }

    @Test
    void syncCollectionInitialThenIncrementalWithDeletions_rfc6578_section3() {
        DavClient c = userWithCalendar("sync");
        String cal = "/calendars/users/sync/default/";
        c.put(cal + "a.ics", Ics.event("s-a", "20261203T100000Z", "20261203T110000Z", "A"));
        c.put(cal + "b.ics", Ics.event("s-b", "20261203T120000Z", "20261203T130000Z", "B"));
        Multistatus initial = sync(c, cal, "", null);
        assertTrue(initial.hrefs().containsAll(List.of(cal + "a.ics", cal + "b.ics")));
        assertEquals(200, initial.prop(cal + "a.ics", "DAV:", "getetag").status());
        String token1 = token(initial);

        Multistatus nothing = sync(c, cal, token1, null);
        assertEquals(List.of(), nothing.hrefs());
        assertEquals(token1, token(nothing));

        c.put(cal + "c.ics", Ics.event("s-c", "20261205T100000Z", "20261205T110000Z", "C"));
        c.delete(cal + "a.ics");
        Multistatus delta = sync(c, cal, token1, null);
        assertEquals(2, delta.hrefs().size(), delta.hrefs().toString());
        assertTrue(delta.status(cal + "a.ics").contains("404"));
        assertEquals(200, delta.prop(cal + "c.ics", "DAV:", "getcontenttype").status());
        assertNotEquals(token1, token(delta));
    }

    @Test
    void syncCollectionRejectsForeignAndMalformedTokens() {
        DavClient c = userWithCalendar("badtoken");
        String cal = "/calendars/users/badtoken/default/";
        for (String t : List.of("urn:calroom:sync:999999:1", "http://example.com/sync/1", "urn:calroom:sync:1:notanumber")) {
            HttpResponse<String> r = c.request("REPORT", cal).xml(syncBody(t, null)).send();
            assertEquals(403, r.statusCode(), t);
            assertTrue(r.body().contains("valid-sync-token"), r.body());
        }
    }

    @Test
    void syncCollectionLimitTruncatesWith507AndContinues_rfc6578_section3_6() {
        DavClient c = userWithCalendar("limit");
        String cal = "/calendars/users/limit/default/";
        for (int i = 0; i < 5; i++) c.put(cal + "e" + i + ".ics", Ics.event("lim-" + i, "20261203T100000Z", "20261203T110000Z", "E" + i));
        Multistatus first = sync(c, cal, "", 3);
        assertEquals(3, first.hrefs().stream().filter(h -> h.endsWith(".ics")).count());
        assertTrue(first.status(cal).contains("507"));
        Multistatus rest = sync(c, cal, token(first), 3);
        assertEquals(2, rest.hrefs().stream().filter(h -> h.endsWith(".ics")).count());
        assertNull(rest.status(cal));
    }

    @Test
    void freeBusyQueryMergesBusyTimeAndSkipsTransparentAndCancelled_rfc4791_section7_10() {
        DavClient c = userWithCalendar("fb");
        String cal = "/calendars/users/fb/default/";
        c.put(cal + "a.ics", Ics.event("fb-a", "20261203T100000Z", "20261203T110000Z", "A"));
        c.put(cal + "b.ics", Ics.event("fb-b", "20261203T103000Z", "20261203T120000Z", "B"));
        c.put(cal + "t.ics", Ics.event("fb-t", "20261203T140000Z", "20261203T150000Z", "T").replace("SUMMARY:T", "SUMMARY:T\r\nTRANSP:TRANSPARENT"));
        c.put(cal + "x.ics", Ics.event("fb-x", "20261203T160000Z", "20261203T170000Z", "X").replace("SUMMARY:X", "SUMMARY:X\r\nSTATUS:CANCELLED"));
        c.put(cal + "y.ics", Ics.event("fb-y", "20261203T180000Z", "20261203T190000Z", "Y").replace("SUMMARY:Y", "SUMMARY:Y\r\nSTATUS:TENTATIVE"));
        c.put(cal + "w.ics", Ics.weeklyWithExceptions("fb-w"));
        HttpResponse<String> r = c.request("REPORT", cal).header("Depth", "1").xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <C:time-range start="20261203T000000Z" end="20261216T000000Z"/>
                </C:free-busy-query>""").send();
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/calendar"));
        String fb = r.body();
        assertTrue(fb.contains("FREEBUSY;FBTYPE=BUSY:20261203T100000Z/20261203T120000Z"), fb);
        assertTrue(fb.contains("FREEBUSY;FBTYPE=BUSY-TENTATIVE:20261203T180000Z/20261203T190000Z"), fb);
        assertTrue(!fb.contains("20261203T140000Z") && !fb.contains("20261203T160000Z"), fb);
        assertTrue(fb.contains("20261207T090000Z/20261207T100000Z"), "weekly occurrence in winter time: " + fb);
        assertTrue(fb.contains("20261215T130000Z/20261215T140000Z"), "the moved override: " + fb);
        assertTrue(!fb.contains("20261214T090000Z"), "the original of the moved occurrence is free: " + fb);
    }

    @Test
    void freeBusyQueryIgnoresTodosInRange_rfc4791_section7_10() {
        DavClient c = userWithCalendar("fbtodo");
        String cal = "/calendars/users/fbtodo/default/";
        c.put(cal + "e.ics", Ics.event("fbt-e", "20261203T100000Z", "20261203T110000Z", "E"));
        c.put(cal + "t.ics", Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example Corp.//CalDAV Client//EN
                BEGIN:VTODO
                UID:fbt-t
                DTSTAMP:20261101T120000Z
                DTSTART:20261204T090000Z
                DUE:20261204T170000Z
                SUMMARY:Task in range
                END:VTODO
                END:VCALENDAR
                """));
        HttpResponse<String> r = c.request("REPORT", cal).header("Depth", "1").xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <C:time-range start="20261203T000000Z" end="20261206T000000Z"/>
                </C:free-busy-query>""").send();
        assertEquals(200, r.statusCode(), r.body());
        String fb = r.body();
        assertTrue(fb.contains("FREEBUSY;FBTYPE=BUSY:20261203T100000Z/20261203T110000Z"), fb);
        assertTrue(!fb.contains("20261204T"), "a to-do is never busy time: " + fb);
    }

    @Test
    void calendarAdvertisesItsReports() {
        DavClient c = userWithCalendar("rs");
        String cal = "/calendars/users/rs/default/";
        Multistatus ms = new Multistatus(c.propfind(cal, "0", "<propfind xmlns=\"DAV:\"><prop><supported-report-set/></prop></propfind>").body());
        String xml = ms.prop(cal, "DAV:", "supported-report-set").element().getTextContent();
        var el = ms.prop(cal, "DAV:", "supported-report-set").element();
        assertEquals(1, el.getElementsByTagNameNS(Caldav.NS, "calendar-multiget").getLength(), xml);
        assertEquals(1, el.getElementsByTagNameNS("DAV:", "sync-collection").getLength());
    }

    private static String syncBody(String token, Integer limit) {
        return """
                <?xml version="1.0" encoding="utf-8" ?>
                <D:sync-collection xmlns:D="DAV:">
                  <D:sync-token>%s</D:sync-token>
                  <D:sync-level>1</D:sync-level>%s
                  <D:prop><D:getetag/><D:getcontenttype/></D:prop>
                </D:sync-collection>""".formatted(token, limit == null ? "" : "<D:limit><D:nresults>" + limit + "</D:nresults></D:limit>");
    }

    private static Multistatus sync(DavClient c, String cal, String token, Integer limit) {
        HttpResponse<String> r = c.request("REPORT", cal).xml(syncBody(token, limit)).send();
        assertEquals(207, r.statusCode(), r.body());
        return new Multistatus(r.body());
    }

    private static String token(Multistatus ms) {
        return ms.root().getElementsByTagNameNS("DAV:", "sync-token").item(0).getTextContent();
    }

    @Test
    void expandPropertyReplacesHrefsWithTheirProperties_rfc3253_section3_8() {
        DavClient c = userWithCalendar("ep");
        HttpResponse<String> r = c.request("REPORT", "/principals/users/ep/").header("Depth", "0").xml("""
                <?xml version="1.0" encoding="utf-8"?>
                <A:expand-property xmlns:A="DAV:">
                  <A:property name="calendar-home-set" namespace="urn:ietf:params:xml:ns:caldav">
                    <A:property name="resourcetype"/><A:property name="owner"/>
                  </A:property>
                  <A:property name="displayname"/>
                  <A:property name="no-such" namespace="urn:x"/>
                </A:expand-property>""").send();
        assertEquals(207, r.statusCode(), r.body());
        Multistatus ms = new Multistatus(r.body());
        String p = "/principals/users/ep/";
        assertEquals("ep Example", ms.prop(p, "DAV:", "displayname").text());
        assertEquals(404, ms.prop(p, "urn:x", "no-such").status());
        var home = ms.prop(p, Caldav.NS, "calendar-home-set").element();
        var inner = home.getElementsByTagNameNS("DAV:", "response");
        assertEquals(1, inner.getLength(), r.body());
        assertTrue(home.getTextContent().contains("/calendars/users/ep/"));
        assertEquals(1, home.getElementsByTagNameNS("DAV:", "owner").getLength());
    }

    @Test
    void methodsTheServerDoesNotOfferAre405WithAllow() {
        DavClient c = userWithCalendar("m405");
        for (String m : List.of("POST", "LOCK", "ACL")) {
            HttpResponse<String> r = c.request(m, "/calendars/users/m405/default/").send();
            assertEquals(405, r.statusCode(), m);
            assertTrue(r.headers().firstValue("Allow").orElse("").contains("PROPFIND"), m);
        }
    }

    private static String multigetData(DavClient c, String href, String calendarDataBody) {
        HttpResponse<String> r = c.request("REPORT", href.substring(0, href.lastIndexOf('/') + 1)).xml("""
                <C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><C:calendar-data>%s</C:calendar-data></D:prop><D:href>%s</D:href>
                </C:calendar-multiget>""".formatted(calendarDataBody, href)).send();
        assertEquals(207, r.statusCode(), r.body());
        return new Multistatus(r.body()).prop(href, Caldav.NS, "calendar-data").element().getTextContent();
    }

    @Test
    void calendarDataExpandGivesEachOccurrenceInUtc_rfc4791_section9_6_5() {
        DavClient c = userWithCalendar("expand");
        String href = "/calendars/users/expand/default/w.ics";
        c.put(href, Ics.weeklyWithExceptions("exp-w"));
        String data = multigetData(c, href, "<C:expand start=\"20261207T000000Z\" end=\"20261221T000000Z\"/>");
        assertEquals(2, data.split("BEGIN:VEVENT").length - 1, data);
        assertTrue(data.contains("DTSTART:20261207T090000Z") && data.contains("RECURRENCE-ID:20261207T090000Z"), data);
        assertTrue(data.contains("DTSTART:20261215T130000Z") && data.contains("RECURRENCE-ID:20261214T090000Z"), data);
        assertTrue(data.contains("SUMMARY:Weekly sync (moved)"), data);
        assertTrue(!data.contains("RRULE") && !data.contains("EXDATE") && !data.contains("VTIMEZONE"), data);
        assertTrue(data.contains("BEGIN:VALARM"), "sub-components of the master are kept: " + data);
    }

    @Test
    void calendarDataPartialRetrieval_rfc4791_section9_6_1() {
        DavClient c = userWithCalendar("partial");
        String href = "/calendars/users/partial/default/w.ics";
        c.put(href, Ics.weeklyWithExceptions("partial-w"));
        String data = multigetData(c, href, """
                <C:comp name="VCALENDAR"><C:prop name="VERSION"/>
                  <C:comp name="VEVENT"><C:prop name="SUMMARY"/><C:prop name="UID"/></C:comp>
                </C:comp>""");
        assertTrue(data.contains("VERSION:2.0") && data.contains("UID:partial-w") && data.contains("SUMMARY:Weekly sync"), data);
        assertTrue(!data.contains("DTSTART") && !data.contains("VTIMEZONE") && !data.contains("PRODID"), data);
        String limited = multigetData(c, href, "<C:limit-recurrence-set start=\"20270101T000000Z\" end=\"20270201T000000Z\"/>");
        assertEquals(1, limited.split("BEGIN:VEVENT").length - 1, "the December override is outside the range: " + limited);
    }

    @Test
    void syncCollectionOnTheHomeReportsChangedCalendars() {
        DavClient c = userWithCalendar("homesync");
        String home = "/calendars/users/homesync/";
        String body = """
                <D:sync-collection xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/">
                  <D:sync-token>%s</D:sync-token><D:sync-level>1</D:sync-level>
                  <D:prop><D:displayname/><CS:getctag/><D:resourcetype/></D:prop>
                </D:sync-collection>""";
        HttpResponse<String> initial = c.request("REPORT", home).xml(body.formatted("")).send();
        assertEquals(207, initial.statusCode(), initial.body());
        Multistatus first = new Multistatus(initial.body());
        assertTrue(first.hrefs().containsAll(List.of(home + "default/", home + "inbox/", home + "outbox/")), first.hrefs().toString());
        String t1 = token(first);

        c.put(home + "default/x.ics", Ics.event("hs-1", "20261203T100000Z", "20261203T110000Z", "x"));
        c.request("MKCALENDAR", home + "new/").send();
        Multistatus delta = new Multistatus(c.request("REPORT", home).xml(body.formatted(t1)).send().body());
        assertEquals(List.of(home + "default/", home + "new/"), delta.hrefs().stream().sorted().toList());
        String t2 = token(delta);

        c.delete(home + "new/");
        Multistatus gone = new Multistatus(c.request("REPORT", home).xml(body.formatted(t2)).send().body());
        assertTrue(gone.status(home + "new/").contains("404"), gone.hrefs().toString());
        Multistatus homeProps = new Multistatus(c.propfind(home, "0", "<propfind xmlns=\"DAV:\"><prop><sync-token/></prop></propfind>").body());
        assertEquals(token(gone), homeProps.prop(home, "DAV:", "sync-token").text());
    }
}
