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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MKCALENDAR, extended MKCOL, PROPPATCH and DELETE of calendar collections. */
class CollectionTest {
    static final String HOME = "/calendars/users/dave/";
    static TestServer server;
    static DavClient dave;

    @BeforeAll
    static void start() {
        server = TestServer.start(CollectionTest.class);
        server.user("dave");
        dave = server.client("dave");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The request body of RFC 4791 §5.3.1.2. */
    static final String RFC_MKCALENDAR = """
            <?xml version="1.0" encoding="utf-8" ?>
            <C:mkcalendar xmlns:D="DAV:"
                          xmlns:C="urn:ietf:params:xml:ns:caldav">
              <D:set>
                <D:prop>
                  <D:displayname>Lisa's Events</D:displayname>
                  <C:calendar-description xml:lang="en"
            >Calendar restricted to events.</C:calendar-description>
                  <C:supported-calendar-component-set>
                    <C:comp name="VEVENT"/>
                  </C:supported-calendar-component-set>
                  <C:calendar-timezone><![CDATA[BEGIN:VCALENDAR
            PRODID:-//Example Corp.//CalDAV Client//EN
            VERSION:2.0
            BEGIN:VTIMEZONE
            TZID:US-Eastern
            LAST-MODIFIED:19870101T000000Z
            BEGIN:STANDARD
            DTSTART:19671029T020000
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
            TZOFFSETFROM:-0400
            TZOFFSETTO:-0500
            TZNAME:Eastern Standard Time (US & Canada)
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:19870405T020000
            RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4
            TZOFFSETFROM:-0500
            TZOFFSETTO:-0400
            TZNAME:Eastern Daylight Time (US & Canada)
            END:DAYLIGHT
            END:VTIMEZONE
            END:VCALENDAR
            ]]></C:calendar-timezone>
                </D:prop>
              </D:set>
            </C:mkcalendar>
            """;

    @Test
    void mkcalendarWithTheRfcExampleBody_rfc4791_section5_3_1_2() {
        HttpResponse<String> r = dave.request("MKCALENDAR", HOME + "events/").xml(RFC_MKCALENDAR).send();
        assertEquals(201, r.statusCode(), r.body());
        Multistatus ms = new Multistatus(dave.propfind(HOME + "events/", "0", """
                <propfind xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><prop>
                <displayname/><C:calendar-description/><C:supported-calendar-component-set/><C:calendar-timezone/><resourcetype/>
                </prop></propfind>""").body());
        String p = HOME + "events/";
        assertEquals("Lisa's Events", ms.prop(p, "DAV:", "displayname").text());
        assertEquals("Calendar restricted to events.", ms.prop(p, Caldav.NS, "calendar-description").text());
        assertEquals("VEVENT", ms.prop(p, Caldav.NS, "supported-calendar-component-set").element()
                .getElementsByTagNameNS(Caldav.NS, "comp").item(0).getAttributes().getNamedItem("name").getNodeValue());
        assertTrue(ms.prop(p, Caldav.NS, "calendar-timezone").text().contains("TZID:US-Eastern"));

        HttpResponse<String> todo = dave.put(p + "todo.ics", Ics.todo("todo-in-events"));
        assertEquals(403, todo.statusCode());
        assertTrue(todo.body().contains("supported-calendar-component"), todo.body());

        HttpResponse<String> again = dave.request("MKCALENDAR", HOME + "events/").xml(RFC_MKCALENDAR).send();
        assertEquals(403, again.statusCode(), "RFC 4791 §5.3.1: a failed precondition, not 405");
        assertTrue(again.body().contains("resource-must-be-null"));
    }

    @Test
    void mkcalendarOnAnExistingResourceFailsResourceMustBeNull_rfc4791_section5_3_1() {
        String object = HOME + "default/exists.ics";
        assertEquals(201, dave.put(object, Ics.event("exists-1", "20271203T100000Z", "20271203T110000Z", "Here")).statusCode());
        String etag = dave.get(object).headers().firstValue("ETag").orElseThrow();
        for (String target : new String[]{HOME + "default/", object, object + "/", HOME + "inbox/", HOME}) {
            HttpResponse<String> r = dave.request("MKCALENDAR", target).xml(RFC_MKCALENDAR).send();
            assertEquals(403, r.statusCode(), target + ": " + r.body());
            assertTrue(r.body().contains("<d:resource-must-be-null/>"), target + ": " + r.body());
        }
        assertEquals(etag, dave.get(object).headers().firstValue("ETag").orElse(null), "the object is untouched");
        Multistatus ms = new Multistatus(dave.propfind(HOME + "default/", "0", "<propfind xmlns=\"DAV:\"><prop><displayname/></prop></propfind>").body());
        assertTrue(!ms.prop(HOME + "default/", "DAV:", "displayname").text().equals("Lisa's Events"), "the calendar's properties are untouched");

        // extended MKCOL on a mapped URL answers as MKCOL does (RFC 5689 §3.2, RFC 4918 §9.3.1)
        HttpResponse<String> mkcol = dave.request("MKCOL", HOME + "default/").xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
                  <D:resourcetype><D:collection/><C:calendar/></D:resourcetype></D:prop></D:set></D:mkcol>""").send();
        assertEquals(405, mkcol.statusCode(), mkcol.body());
        assertTrue(mkcol.headers().firstValue("Allow").orElse("").contains("PROPFIND"), mkcol.headers().map().toString());
        assertTrue(!mkcol.body().isBlank());
    }

    @Test
    void mkcalendarAnswersWithAnEncodedLocationAndNoCache_rfc4791_section5_3_1() {
        HttpResponse<String> r = dave.request("MKCALENDAR", HOME + "team%20plans/").send();
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(HOME + "team%20plans/", r.headers().firstValue("Location").orElse(null));
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(207, dave.propfind(HOME + "team%20plans/", "0", null).statusCode());
    }

    @Test
    void mkcalendarOutsideAHomeOrInAnotherUsersHomeIsRefused() {
        assertEquals(403, dave.request("MKCALENDAR", HOME + "default/nested/").send().statusCode());
        assertEquals(409, dave.request("MKCALENDAR", HOME + "nope/deeper/").send().statusCode());
        server.user("erin");
        assertEquals(409, dave.request("MKCALENDAR", "/calendars/users/erin/mine/").send().statusCode());
    }

    @Test
    void extendedMkcol_rfc5689_section5() {
        HttpResponse<String> r = dave.request("MKCOL", HOME + "mkcol-cal/").xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:set><D:prop>
                    <D:resourcetype><D:collection/><C:calendar/></D:resourcetype>
                    <D:displayname>Special Resource</D:displayname>
                  </D:prop></D:set>
                </D:mkcol>""").send();
        assertEquals(201, r.statusCode(), r.body());
        Multistatus ms = new Multistatus(dave.propfind(HOME + "mkcol-cal/", "0", "<propfind xmlns=\"DAV:\"><prop><resourcetype/><displayname/></prop></propfind>").body());
        assertTrue(ms.prop(HOME + "mkcol-cal/", "DAV:", "resourcetype").children().contains("calendar"));
        HttpResponse<String> plain = dave.request("MKCOL", HOME + "plain/").send();
        assertEquals(403, plain.statusCode());
        assertTrue(plain.body().contains("valid-resourcetype"));
    }

    @Test
    void proppatchDisplayPropertiesAndDeadPropertiesWithAttributes() {
        String cal = HOME + "default/";
        HttpResponse<String> r = dave.request("PROPPATCH", cal).xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <D:propertyupdate xmlns:D="DAV:" xmlns:I="http://apple.com/ns/ical/" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:Z="http://example.com/ns/">
                  <D:set><D:prop>
                    <D:displayname>Work</D:displayname>
                    <I:calendar-color symbolic-color="blue">#0000FFFF</I:calendar-color>
                    <I:calendar-order>3</I:calendar-order>
                    <C:calendar-description>My work calendar</C:calendar-description>
                    <Z:Authors><Z:Author>Jim Whitehead</Z:Author><Z:Author>Roy Fielding</Z:Author></Z:Authors>
                  </D:prop></D:set>
                </D:propertyupdate>""").send();
        assertEquals(207, r.statusCode());
        Multistatus patched = new Multistatus(r.body());
        assertEquals(200, patched.prop(cal, "DAV:", "displayname").status());
        assertEquals(200, patched.prop(cal, "http://example.com/ns/", "Authors").status());

        Multistatus ms = new Multistatus(dave.propfind(cal, "0", """
                <propfind xmlns="DAV:" xmlns:I="http://apple.com/ns/ical/" xmlns:Z="http://example.com/ns/"><prop>
                <displayname/><I:calendar-color/><I:calendar-order/><Z:Authors/></prop></propfind>""").body());
        assertEquals("Work", ms.prop(cal, "DAV:", "displayname").text());
        assertEquals("#0000FFFF", ms.prop(cal, Caldav.APPLE, "calendar-color").text());
        assertEquals("3", ms.prop(cal, Caldav.APPLE, "calendar-order").text());
        var authors = ms.prop(cal, "http://example.com/ns/", "Authors").element();
        assertEquals(2, authors.getElementsByTagNameNS("http://example.com/ns/", "Author").getLength());

        dave.request("PROPPATCH", cal).xml("""
                <D:propertyupdate xmlns:D="DAV:" xmlns:Z="http://example.com/ns/"><D:remove><D:prop><Z:Authors/></D:prop></D:remove></D:propertyupdate>""").send();
        Multistatus after = new Multistatus(dave.propfind(cal, "0", "<propfind xmlns=\"DAV:\" xmlns:Z=\"http://example.com/ns/\"><prop><Z:Authors/></prop></propfind>").body());
        assertEquals(404, after.prop(cal, "http://example.com/ns/", "Authors").status());
    }

    @Test
    void deadPropertyKeepsItsAttributes() {
        String cal = HOME + "default/";
        dave.request("PROPPATCH", cal).xml("""
                <D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:example:attrs"><D:set><D:prop>
                <Z:flag level="high" Z:scope="team">on</Z:flag></D:prop></D:set></D:propertyupdate>""").send();
        HttpResponse<String> r = dave.propfind(cal, "0", "<propfind xmlns=\"DAV:\" xmlns:Z=\"urn:example:attrs\"><prop><Z:flag/></prop></propfind>");
        var flag = new Multistatus(r.body()).prop(cal, "urn:example:attrs", "flag").element();
        assertEquals("high", flag.getAttribute("level"));
        assertEquals("team", flag.getAttributeNS("urn:example:attrs", "scope"));
        assertEquals("on", flag.getTextContent());
    }

    @Test
    void proppatchIsAllOrNothing_rfc4918_section9_2() {
        String cal = HOME + "default/";
        HttpResponse<String> r = dave.request("PROPPATCH", cal).xml("""
                <D:propertyupdate xmlns:D="DAV:" xmlns:I="http://apple.com/ns/ical/"><D:set><D:prop>
                <D:displayname>Should not stick</D:displayname><D:getetag>"x"</D:getetag><I:calendar-order>not-a-number</I:calendar-order>
                </D:prop></D:set></D:propertyupdate>""").send();
        assertEquals(207, r.statusCode());
        Multistatus ms = new Multistatus(r.body());
        assertEquals(424, ms.prop(cal, "DAV:", "displayname").status());
        assertEquals(403, ms.prop(cal, "DAV:", "getetag").status());
        assertEquals(409, ms.prop(cal, Caldav.APPLE, "calendar-order").status());
        String name = new Multistatus(dave.propfind(cal, "0", "<propfind xmlns=\"DAV:\"><prop><displayname/></prop></propfind>").body())
                .prop(cal, "DAV:", "displayname").text();
        assertTrue(!name.equals("Should not stick"));
    }

    @Test
    void deleteCalendarWithEverythingInIt() {
        assertEquals(201, dave.request("MKCALENDAR", HOME + "doomed/").send().statusCode());
        assertEquals(201, dave.put(HOME + "doomed/a.ics", Ics.event("doomed-a", "20261203T100000Z", "20261203T110000Z", "a")).statusCode());
        assertEquals(204, dave.delete(HOME + "doomed/").statusCode());
        assertEquals(404, dave.get(HOME + "doomed/a.ics").statusCode());
        assertEquals(404, dave.propfind(HOME + "doomed/", "0", null).statusCode());
        assertEquals(403, dave.delete(HOME + "inbox/").statusCode());
        assertEquals(403, dave.delete(HOME).statusCode());
        List<String> hrefs = new Multistatus(dave.propfind(HOME, "1", "<propfind xmlns=\"DAV:\"><prop><resourcetype/></prop></propfind>").body()).hrefs();
        assertTrue(!hrefs.contains(HOME + "doomed/"));
    }
}
