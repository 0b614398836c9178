package io.calroom.server.dav;

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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Apple Calendar (macOS) sends that other clients do not: its fallback principal search for
 * attendees and rooms, and the default alarms of draft-daboo-valarm-extensions §9, with the
 * request bodies it really sends.
 */
class AppleCalendarTest {
    static TestServer server;
    static DavClient ron;

    /**
     * The principal-property-search of OS X 10.7 and later, sent to the first href of the
     * principal's DAV:principal-collection-set with Depth 0 and without
     * DAV:apply-to-principal-collection-set, when the server does not announce
     * calendarserver-principal-search or for servers it does not know.
     */
    static final String OSX_PRINCIPAL_SEARCH = """
            <?xml version="1.0" encoding="UTF-8"?>
            <D:principal-property-search xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" test="anyof">
              <D:property-search><D:prop><D:displayname/></D:prop><D:match match-type="starts-with">%1$s</D:match></D:property-search>
              <D:property-search><D:prop><CS:email-address-set/></D:prop><D:match match-type="starts-with">%1$s</D:match></D:property-search>
              <D:property-search><D:prop><CS:first-name/></D:prop><D:match match-type="starts-with">%1$s</D:match></D:property-search>
              <D:property-search><D:prop><CS:last-name/></D:prop><D:match match-type="starts-with">%1$s</D:match></D:property-search>
              <D:prop>
                <C:calendar-user-address-set/><D:displayname/><C:calendar-user-type/>
                <CS:first-name/><CS:last-name/><CS:record-type/><D:principal-URL/>
              </D:prop>
            </D:principal-property-search>""";

    @BeforeAll
    static void start() {
        server = TestServer.start(AppleCalendarTest.class);
        server.user("apple-org", "ron", Role.USER);
        server.user("apple-org", "roosevelt", Role.USER);
        server.user("apple-org", "amy", Role.USER);
        server.user("other-org", "rooster", Role.USER);
        room("apple-org", "roof-terrace", "ROOM", "Roof Terrace");
        room("apple-org", "boardroom", "ROOM", "Boardroom");
        room("other-org", "roof-other", "ROOM", "Roof of another org");
        ron = server.client("ron");
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

    private static Set<String> found(HttpResponse<String> r) {
        assertEquals(207, r.statusCode(), r.body());
        return new TreeSet<>(new Multistatus(r.body()).hrefs());
    }

    /** The first href of the principal's DAV:principal-collection-set, as Apple Calendar reads it. */
    private static String firstPrincipalCollection() {
        HttpResponse<String> r = ron.propfind("/principals/users/ron/", "0", """
                <A:propfind xmlns:A="DAV:"><A:prop><A:principal-collection-set/></A:prop></A:propfind>""");
        List<String> hrefs = new Multistatus(r.body()).prop("/principals/users/ron/", "DAV:", "principal-collection-set").hrefs();
        assertFalse(hrefs.isEmpty(), r.body());
        return hrefs.get(0);
    }

    @Test
    void osx107PrincipalSearchOnTheFirstPrincipalCollectionFindsPeopleAndRooms_rfc3744_section9_4() {
        String collection = firstPrincipalCollection();
        HttpResponse<String> r = ron.request("REPORT", collection).header("Depth", "0")
                .xml(OSX_PRINCIPAL_SEARCH.formatted("Roo")).send();
        assertEquals(Set.of("/principals/users/roosevelt/", "/principals/resources/roof-terrace/"), found(r),
                "a person and a room of the org; not the other org's");
        Multistatus ms = new Multistatus(r.body());
        assertEquals("ROOM", ms.prop("/principals/resources/roof-terrace/", Caldav.NS, "calendar-user-type").text());
        assertEquals("locations", ms.prop("/principals/resources/roof-terrace/", Caldav.CS, "record-type").text());
        assertTrue(ms.prop("/principals/resources/roof-terrace/", Caldav.NS, "calendar-user-address-set").hrefs()
                .contains("mailto:roof-terrace@resources.example.com"));
    }

    @Test
    void theSingleRootStillAnswersEverySearchPath() {
        // Apple's current autocomplete (CS:calendarserver-principal-search) on the same collection
        String collection = firstPrincipalCollection();
        HttpResponse<String> cs = ron.request("REPORT", collection).header("Depth", "0").xml("""
                <B:calendarserver-principal-search xmlns:A="DAV:" xmlns:B="http://calendarserver.org/ns/" xmlns:C="urn:ietf:params:xml:ns:caldav" context="location">
                  <B:search-token>roof</B:search-token>
                  <B:limit><B:nresults>50</B:nresults></B:limit>
                  <A:prop><A:displayname/><B:email-address-set/><C:calendar-user-address-set/><C:calendar-user-type/><B:record-type/></A:prop>
                </B:calendarserver-principal-search>""").send();
        assertEquals(Set.of("/principals/resources/roof-terrace/"), found(cs));
        // a search on one kind's collection with apply-to-principal-collection-set searches the set
        HttpResponse<String> applied = ron.request("REPORT", "/principals/users/").header("Depth", "0").xml("""
                <D:principal-property-search xmlns:D="DAV:" test="anyof">
                  <D:property-search><D:prop><D:displayname/></D:prop><D:match match-type="starts-with">Roo</D:match></D:property-search>
                  <D:prop><D:displayname/></D:prop>
                  <D:apply-to-principal-collection-set/>
                </D:principal-property-search>""").send();
        assertEquals(Set.of("/principals/users/roosevelt/", "/principals/resources/roof-terrace/"), found(applied));
        // and without it, a kind's collection holds only its own members (RFC 3744 §9.4)
        HttpResponse<String> people = ron.request("REPORT", "/principals/users/").header("Depth", "0")
                .xml(OSX_PRINCIPAL_SEARCH.formatted("Roo")).send();
        assertEquals(Set.of("/principals/users/roosevelt/"), found(people));
    }

    // ---- default alarms (draft-daboo-valarm-extensions §9) ----

    /** Apple's PROPPATCH of a default alarm, as sent on the calendar home and each calendar during account setup. */
    private static String proppatch(String property, String valarm) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <A:propertyupdate xmlns:A="DAV:">
                  <A:set>
                    <A:prop>
                      <B:%1$s xmlns:B="urn:ietf:params:xml:ns:caldav">%2$s</B:%1$s>
                    </A:prop>
                  </A:set>
                </A:propertyupdate>""".formatted(property, valarm.replace("\r\n", "&#13;\n"));
    }

    static final String TIMED_ALARM = "BEGIN:VALARM\r\nX-WR-ALARMUID:5B8B96F6-2D0C-4D5B-A3D5-8E4C8E5B7F1A\r\n"
            + "UID:5B8B96F6-2D0C-4D5B-A3D5-8E4C8E5B7F1A\r\nTRIGGER;VALUE=DATE-TIME:19760401T005545Z\r\nACTION:NONE\r\nEND:VALARM\r\n";
    static final String ALL_DAY_ALARM = "BEGIN:VALARM\r\nX-WR-ALARMUID:0C8E6F45-7E21-4A0C-9B55-2C7B1D9E3F10\r\n"
            + "UID:0C8E6F45-7E21-4A0C-9B55-2C7B1D9E3F10\r\nTRIGGER:-PT15H\r\nATTACH;VALUE=URI:Basso\r\nACTION:AUDIO\r\n"
            + "X-APPLE-DEFAULT-ALARM:TRUE\r\nEND:VALARM\r\n";

    private static Multistatus.Prop read(String path, String property) {
        HttpResponse<String> r = ron.propfind(path, "0", """
                <A:propfind xmlns:A="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><A:prop><C:%s/></A:prop></A:propfind>""".formatted(property));
        assertEquals(207, r.statusCode(), r.body());
        return new Multistatus(r.body()).prop(path, Caldav.NS, property);
    }

    @Test
    void defaultAlarmsAreKeptOnTheHomeAndOnCalendars_draftDabooValarmExtensions_section9() {
        String home = "/calendars/users/ron/";
        HttpResponse<String> onHome = ron.request("PROPPATCH", home).xml(proppatch("default-alarm-vevent-datetime", TIMED_ALARM)).send();
        assertEquals(207, onHome.statusCode(), onHome.body());
        assertEquals(200, new Multistatus(onHome.body()).prop(home, Caldav.NS, "default-alarm-vevent-datetime").status(), onHome.body());
        Multistatus.Prop stored = read(home, "default-alarm-vevent-datetime");
        assertEquals(200, stored.status());
        assertTrue(stored.text().contains("TRIGGER;VALUE=DATE-TIME:19760401T005545Z") && stored.text().contains("ACTION:NONE"), stored.text());

        String cal = home + "default/";
        HttpResponse<String> onCalendar = ron.request("PROPPATCH", cal).xml(proppatch("default-alarm-vevent-date", ALL_DAY_ALARM)).send();
        assertEquals(200, new Multistatus(onCalendar.body()).prop(cal, Caldav.NS, "default-alarm-vevent-date").status(), onCalendar.body());
        assertTrue(read(cal, "default-alarm-vevent-date").text().contains("TRIGGER:-PT15H"));
        for (String name : List.of("default-alarm-vtodo-datetime", "default-alarm-vtodo-date")) {
            HttpResponse<String> todo = ron.request("PROPPATCH", cal).xml(proppatch(name, TIMED_ALARM)).send();
            assertEquals(200, new Multistatus(todo.body()).prop(cal, Caldav.NS, name).status(), todo.body());
        }

        // Apple's Depth 1 PROPFIND of the home during a refresh sees the home's and the calendar's
        HttpResponse<String> listing = ron.propfind(home, "1", """
                <A:propfind xmlns:A="DAV:" xmlns:B="urn:ietf:params:xml:ns:caldav">
                  <A:prop><B:default-alarm-vevent-date/><B:default-alarm-vevent-datetime/><A:displayname/></A:prop>
                </A:propfind>""");
        Multistatus ms = new Multistatus(listing.body());
        assertEquals(200, ms.prop(home, Caldav.NS, "default-alarm-vevent-datetime").status());
        assertEquals(404, ms.prop(home, Caldav.NS, "default-alarm-vevent-date").status());
        assertEquals(200, ms.prop(cal, Caldav.NS, "default-alarm-vevent-date").status());
        // they are properties of the home, not of the principal
        assertEquals(404, new Multistatus(ron.propfind("/principals/users/ron/", "0", """
                <A:propfind xmlns:A="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><A:prop><C:default-alarm-vevent-datetime/></A:prop></A:propfind>""")
                .body()).prop("/principals/users/ron/", Caldav.NS, "default-alarm-vevent-datetime").status());
        // propname lists them where they are set
        HttpResponse<String> names = ron.propfind(home, "0", "<propfind xmlns=\"DAV:\"><propname/></propfind>");
        assertTrue(new Multistatus(names.body()).props(home).containsKey(Multistatus.key(Caldav.NS, "default-alarm-vevent-datetime")), names.body());

        // an empty value means "no default alarm" and is kept as such
        HttpResponse<String> cleared = ron.request("PROPPATCH", cal).xml(proppatch("default-alarm-vevent-date", "")).send();
        assertEquals(200, new Multistatus(cleared.body()).prop(cal, Caldav.NS, "default-alarm-vevent-date").status(), cleared.body());
        assertEquals("", read(cal, "default-alarm-vevent-date").text());
        // and DAV:remove removes it
        HttpResponse<String> removed = ron.request("PROPPATCH", cal).xml("""
                <A:propertyupdate xmlns:A="DAV:"><A:remove><A:prop><B:default-alarm-vevent-date xmlns:B="urn:ietf:params:xml:ns:caldav"/></A:prop></A:remove></A:propertyupdate>""").send();
        assertEquals(207, removed.statusCode());
        assertEquals(404, read(cal, "default-alarm-vevent-date").status());
    }

    @Test
    void aDefaultAlarmThatIsNotExactlyOneValarmIsRefusedAndNothingIsStored() {
        String cal = "/calendars/users/amy/default/";
        DavClient amy = server.client("amy");
        List<String> invalid = List.of(
                "BEGIN:VALARM\r\nACTION:AUDIO\r\nEND:VALARM\r\n",                                     // no TRIGGER
                "BEGIN:VALARM\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n",                                   // no ACTION
                "BEGIN:VALARM\r\nTRIGGER:soon\r\nACTION:AUDIO\r\nEND:VALARM\r\n",                     // not a duration
                "BEGIN:VALARM\r\nTRIGGER;VALUE=DATE-TIME:tomorrow\r\nACTION:AUDIO\r\nEND:VALARM\r\n", // not a date-time
                "BEGIN:VEVENT\r\nTRIGGER:-PT15M\r\nACTION:AUDIO\r\nEND:VEVENT\r\n",                   // not a VALARM
                TIMED_ALARM + TIMED_ALARM,                                                             // two of them
                "BEGIN:VALARM\r\nTRIGGER:-PT15M\r\nACTION:AUDIO\r\nEND:VALARM\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nEND:VALARM\r\n",
                "TRIGGER:-PT15M\r\nACTION:AUDIO\r\n");
        for (String value : invalid) {
            HttpResponse<String> r = amy.request("PROPPATCH", cal).xml(proppatch("default-alarm-vevent-datetime", value)).send();
            assertEquals(207, r.statusCode(), r.body());
            Multistatus.Prop p = new Multistatus(r.body()).prop(cal, Caldav.NS, "default-alarm-vevent-datetime");
            assertEquals(403, p.status(), value + " → " + r.body());
            assertTrue(r.body().contains("valid-calendar-data") && r.body().contains("responsedescription"), r.body());
            HttpResponse<String> after = amy.propfind(cal, "0", """
                    <A:propfind xmlns:A="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><A:prop><C:default-alarm-vevent-datetime/></A:prop></A:propfind>""");
            assertEquals(404, new Multistatus(after.body()).prop(cal, Caldav.NS, "default-alarm-vevent-datetime").status(), value);
        }
        // only homes and calendars have default alarms
        HttpResponse<String> inbox = amy.request("PROPPATCH", "/calendars/users/amy/inbox/").xml(proppatch("default-alarm-vevent-datetime", TIMED_ALARM)).send();
        assertEquals(403, new Multistatus(inbox.body()).prop("/calendars/users/amy/inbox/", Caldav.NS, "default-alarm-vevent-datetime").status());
        assertNull(new Multistatus(amy.propfind(cal, "0", "<propfind xmlns=\"DAV:\"><propname/></propfind>").body())
                .props(cal).get(Multistatus.key(Caldav.NS, "default-alarm-vevent-datetime")));
    }
}
