package io.calroom.server.dav;

import io.calroom.server.support.Caldav;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an RFC conformance suite checks in multistatus answers and reports: the shape of every
 * DAV:response, sync-collection at infinite depth, the reports each resource supports,
 * principal-match by property and getcontentlength on collections.
 */
class ConformanceTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ConformanceTest.class);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static DavClient user(String name) {
        server.user(name);
        return server.client(name);
    }

    private static String token(Multistatus ms) {
        return ms.root().getElementsByTagNameNS("DAV:", "sync-token").item(0).getTextContent();
    }

    private static HttpResponse<String> sync(DavClient c, String path, String token, String level, String prop) {
        return c.request("REPORT", path).xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <D:sync-collection xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/">
                  <D:sync-token>%s</D:sync-token>
                  <D:sync-level>%s</D:sync-level>
                  %s
                </D:sync-collection>""".formatted(token, level, prop)).send();
    }

    // ---- every DAV:response has a status or propstats (RFC 4918 §14.24) ----

    @Test
    void syncCollectionWithAnEmptyPropGivesEachChangedMemberAPropstat_rfc6578_section3_2() {
        DavClient c = user("emptyprop");
        String cal = "/calendars/users/emptyprop/default/";
        c.put(cal + "a.ics", Ics.event("ep-a", "20261203T100000Z", "20261203T110000Z", "A"));
        c.put(cal + "b.ics", Ics.event("ep-b", "20261203T120000Z", "20261203T130000Z", "B"));
        HttpResponse<String> initial = sync(c, cal, "", "1", "<D:prop/>");
        assertEquals(207, initial.statusCode(), initial.body());
        Multistatus first = new Multistatus(initial.body()).assertEveryResponseHasStatusXorPropstat();
        assertEquals(List.of(200), first.propstats(cal + "a.ics"), initial.body());

        c.delete(cal + "a.ics");
        c.put(cal + "c.ics", Ics.event("ep-c", "20261203T140000Z", "20261203T150000Z", "C"));
        Multistatus delta = new Multistatus(sync(c, cal, token(first), "1", "<D:prop/>").body()).assertEveryResponseHasStatusXorPropstat();
        assertTrue(delta.status(cal + "a.ics").contains("404"));
        assertEquals(List.of(200), delta.propstats(cal + "c.ics"));
        // the home, too (sync-level 1 and infinite)
        String home = "/calendars/users/emptyprop/";
        new Multistatus(sync(c, home, "", "1", "<D:prop/>").body()).assertEveryResponseHasStatusXorPropstat();
        new Multistatus(sync(c, home, "", "infinite", "<D:prop/>").body()).assertEveryResponseHasStatusXorPropstat();
    }

    @Test
    void multigetWithAllpropOrPropnameAnswersLikePropfind_rfc4791_section7_9() {
        DavClient c = user("mgall");
        String cal = "/calendars/users/mgall/default/";
        c.put(cal + "one.ics", Ics.event("mga-1", "20261203T100000Z", "20261203T110000Z", "One"));
        String etag = c.get(cal + "one.ics").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> all = c.request("REPORT", cal).xml("""
                <C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:allprop/><D:href>%1$sone.ics</D:href><D:href>%1$smissing.ics</D:href>
                </C:calendar-multiget>""".formatted(cal)).send();
        assertEquals(207, all.statusCode(), all.body());
        Multistatus ms = new Multistatus(all.body()).assertEveryResponseHasStatusXorPropstat();
        assertEquals(etag, ms.prop(cal + "one.ics", "DAV:", "getetag").text());
        assertEquals(200, ms.prop(cal + "one.ics", "DAV:", "getcontenttype").status());
        assertEquals(200, ms.prop(cal + "one.ics", "DAV:", "getlastmodified").status());
        assertFalse(ms.props(cal + "one.ics").containsKey(Multistatus.key(Caldav.NS, "calendar-data")), "calendar-data only when asked");
        assertTrue(ms.status(cal + "missing.ics").contains("404"));

        HttpResponse<String> names = c.request("REPORT", cal).xml("""
                <C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:propname/><D:href>%sone.ics</D:href>
                </C:calendar-multiget>""".formatted(cal)).send();
        Multistatus nm = new Multistatus(names.body()).assertEveryResponseHasStatusXorPropstat();
        assertTrue(nm.props(cal + "one.ics").containsKey(Multistatus.key("DAV:", "getetag")), names.body());
        assertEquals("", nm.prop(cal + "one.ics", "DAV:", "getetag").text(), "propname gives names, no values");
    }

    @Test
    void calendarQueryWithPropnameAndAllprop_rfc4791_section7_8() {
        DavClient c = user("qall");
        String cal = "/calendars/users/qall/default/";
        c.put(cal + "one.ics", Ics.event("qa-1", "20261203T100000Z", "20261203T110000Z", "One"));
        for (String kind : List.of("<D:propname/>", "<D:allprop/>")) {
            HttpResponse<String> r = c.request("REPORT", cal).header("Depth", "1").xml("""
                    <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">%s
                      <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
                    </C:calendar-query>""".formatted(kind)).send();
            Multistatus ms = new Multistatus(r.body()).assertEveryResponseHasStatusXorPropstat();
            assertTrue(ms.props(cal + "one.ics").containsKey(Multistatus.key("DAV:", "getetag")), kind + ": " + r.body());
        }
    }

    @Test
    void addressbookMultigetWithAllpropOrPropname_rfc6352_section8_7() {
        DavClient c = user("cardall");
        server.user("cardpeer");
        String card = "/addressbooks/users/cardall/directory/u-cardpeer.vcf";
        for (String kind : List.of("<D:allprop/>", "<D:propname/>")) {
            HttpResponse<String> r = c.request("REPORT", "/addressbooks/users/cardall/directory/").xml("""
                    <A:addressbook-multiget xmlns:D="DAV:" xmlns:A="urn:ietf:params:xml:ns:carddav">%s<D:href>%s</D:href></A:addressbook-multiget>"""
                    .formatted(kind, card)).send();
            assertEquals(207, r.statusCode(), r.body());
            Multistatus ms = new Multistatus(r.body()).assertEveryResponseHasStatusXorPropstat();
            assertTrue(ms.props(card).containsKey(Multistatus.key("DAV:", "getetag")), kind + ": " + r.body());
            assertTrue(ms.props(card).containsKey(Multistatus.key("DAV:", "getcontenttype")), kind + ": " + r.body());
            assertFalse(ms.props(card).containsKey(Multistatus.key(CARD, "address-data")), "address-data only when asked");
        }
    }

    // ---- sync-collection on the home at sync-level infinite (RFC 6578 §3.3) ----

    @Test
    void homeSyncAtInfiniteLevelReportsTheCalendarsAndTheirMembers_rfc6578_section3_3() {
        DavClient c = user("deep");
        String home = "/calendars/users/deep/";
        c.put(home + "default/a.ics", Ics.event("deep-a", "20261203T100000Z", "20261203T110000Z", "A"));
        assertEquals(201, c.request("MKCALENDAR", home + "work/").send().statusCode());
        c.put(home + "work/w.ics", Ics.event("deep-w", "20261203T120000Z", "20261203T130000Z", "W"));
        String prop = "<D:prop><D:getetag/><D:resourcetype/></D:prop>";

        HttpResponse<String> initial = sync(c, home, "", "infinite", prop);
        assertEquals(207, initial.statusCode(), initial.body());
        Multistatus first = new Multistatus(initial.body()).assertEveryResponseHasStatusXorPropstat();
        assertTrue(first.hrefs().containsAll(List.of(home + "default/", home + "work/", home + "inbox/", home + "outbox/",
                home + "default/a.ics", home + "work/w.ics")), first.hrefs().toString());
        assertEquals(c.get(home + "work/w.ics").headers().firstValue("ETag").orElseThrow(), first.prop(home + "work/w.ics", "DAV:", "getetag").text());
        String t1 = token(first);
        // RFC 6578 §3.3: the token does not depend on the level (the tokens' text may differ by the
        // transactions running at that moment in the cluster: compare what they stand for)
        String levelOne = token(new Multistatus(sync(c, home, "", "1", prop).body()));
        assertEquals(List.of(), new Multistatus(sync(c, home, levelOne, "infinite", prop).body()).hrefs());
        assertEquals(List.of(), new Multistatus(sync(c, home, t1, "1", prop).body()).hrefs());

        c.put(home + "work/w2.ics", Ics.event("deep-w2", "20261204T120000Z", "20261204T130000Z", "W2"));
        c.delete(home + "default/a.ics");
        Multistatus delta = new Multistatus(sync(c, home, t1, "infinite", prop).body()).assertEveryResponseHasStatusXorPropstat();
        assertEquals(Set.of(home + "work/w2.ics", home + "default/a.ics"), new TreeSet<>(delta.hrefs()));
        assertTrue(delta.status(home + "default/a.ics").contains("404"));
        String t2 = token(delta);

        // a removed collection is reported once, without its members (RFC 6578 §3.5.2)
        assertEquals(204, c.delete(home + "work/").statusCode());
        Multistatus gone = new Multistatus(sync(c, home, t2, "infinite", prop).body()).assertEveryResponseHasStatusXorPropstat();
        assertEquals(List.of(home + "work/"), gone.hrefs());
        assertTrue(gone.status(home + "work/").contains("404"));

        // DAV:limit pages through members too
        for (int i = 0; i < 3; i++) c.put(home + "default/p" + i + ".ics", Ics.event("deep-p" + i, "20261205T100000Z", "20261205T110000Z", "P" + i));
        String t3 = token(gone);
        HttpResponse<String> page = c.request("REPORT", home).xml("""
                <D:sync-collection xmlns:D="DAV:"><D:sync-token>%s</D:sync-token><D:sync-level>infinite</D:sync-level>
                <D:limit><D:nresults>2</D:nresults></D:limit><D:prop><D:getetag/></D:prop></D:sync-collection>""".formatted(t3)).send();
        Multistatus p1 = new Multistatus(page.body());
        assertTrue(p1.status(home).contains("507"), page.body());
        assertTrue(page.body().contains("number-of-matches-within-limits"), "RFC 6578 section 3.6: " + page.body());
        assertEquals(2, p1.hrefs().stream().filter(h -> h.endsWith(".ics")).count());
        Multistatus p2 = new Multistatus(sync(c, home, token(p1), "infinite", "<D:prop><D:getetag/></D:prop>").body());
        assertEquals(1, p2.hrefs().stream().filter(h -> h.endsWith(".ics")).count(), p2.hrefs().toString());
    }

    @Test
    void proppatchOfACalendarsLiveOrDeadPropertyMovesTheHomesToken_rfc6578_section3_5() {
        DavClient c = user("patchsync");
        String home = "/calendars/users/patchsync/";
        String cal = home + "default/";
        String prop = "<D:prop><D:displayname/></D:prop>";
        String t0 = token(new Multistatus(sync(c, home, "", "1", prop).body()));
        Map<String, String> patches = new LinkedHashMap<>();
        patches.put("displayname", "<D:displayname>Work</D:displayname>");
        patches.put("calendar-color", "<I:calendar-color xmlns:I=\"http://apple.com/ns/ical/\">#FF2968FF</I:calendar-color>");
        patches.put("a dead property", "<X:refreshrate xmlns:X=\"urn:example:props\">60</X:refreshrate>");
        patches.put("a default alarm", "<C:default-alarm-vevent-date xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
                + "BEGIN:VALARM&#13;\nTRIGGER:-PT15H&#13;\nACTION:AUDIO&#13;\nEND:VALARM&#13;\n</C:default-alarm-vevent-date>");
        String before = t0;
        for (var patch : patches.entrySet()) {
            HttpResponse<String> r = c.request("PROPPATCH", cal).xml("""
                    <D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>%s</D:prop></D:set></D:propertyupdate>""".formatted(patch.getValue())).send();
            assertTrue(r.body().contains("200 OK"), patch.getKey() + ": " + r.body());
            Multistatus delta = new Multistatus(sync(c, home, before, "1", prop).body());
            assertEquals(List.of(cal), delta.hrefs(), patch.getKey() + " is a change of the calendar");
            String after = token(delta);
            assertNotEquals(before, after, patch.getKey());
            assertEquals(List.of(), new Multistatus(sync(c, home, after, "1", prop).body()).hrefs(), patch.getKey() + ": reported once");
            before = after;
        }
    }

    // ---- supported-report-set is what REPORT accepts (RFC 3253 §3.6) ----

    private static final String C = "urn:ietf:params:xml:ns:caldav";
    private static final String CARD = "urn:ietf:params:xml:ns:carddav";
    private static final String CS = "http://calendarserver.org/ns/";

    /** A minimal, valid body of each report the server has, by "{namespace}local-name". */
    private static Map<String, String> reportBodies(String someHref) {
        Map<String, String> b = new LinkedHashMap<>();
        String ns = "xmlns:D=\"DAV:\" xmlns:C=\"" + C + "\" xmlns:A=\"" + CARD + "\" xmlns:S=\"" + CS + "\"";
        b.put("{" + C + "}calendar-multiget", "<C:calendar-multiget " + ns + "><D:prop><D:getetag/></D:prop><D:href>" + someHref + "</D:href></C:calendar-multiget>");
        b.put("{" + C + "}calendar-query", "<C:calendar-query " + ns + "><D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name=\"VCALENDAR\"/></C:filter></C:calendar-query>");
        b.put("{" + C + "}free-busy-query", "<C:free-busy-query " + ns + "><C:time-range start=\"20261201T000000Z\" end=\"20261202T000000Z\"/></C:free-busy-query>");
        b.put("{DAV:}sync-collection", "<D:sync-collection " + ns + "><D:sync-token/><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>");
        b.put("{DAV:}expand-property", "<D:expand-property " + ns + "><D:property name=\"displayname\"/></D:expand-property>");
        b.put("{DAV:}principal-property-search", "<D:principal-property-search " + ns + "><D:property-search><D:prop><D:displayname/></D:prop>"
                + "<D:match>x</D:match></D:property-search><D:prop><D:displayname/></D:prop></D:principal-property-search>");
        b.put("{DAV:}principal-search-property-set", "<D:principal-search-property-set " + ns + "/>");
        b.put("{DAV:}principal-match", "<D:principal-match " + ns + "><D:self/><D:prop><D:displayname/></D:prop></D:principal-match>");
        b.put("{" + CS + "}calendarserver-principal-search", "<S:calendarserver-principal-search " + ns + "><S:search-token>x</S:search-token>"
                + "<D:prop><D:displayname/></D:prop></S:calendarserver-principal-search>");
        b.put("{" + CARD + "}addressbook-multiget", "<A:addressbook-multiget " + ns + "><D:prop><D:getetag/></D:prop><D:href>" + someHref + "</D:href></A:addressbook-multiget>");
        b.put("{" + CARD + "}addressbook-query", "<A:addressbook-query " + ns + "><D:prop><D:getetag/></D:prop><A:filter><A:prop-filter name=\"FN\"/></A:filter></A:addressbook-query>");
        return b;
    }

    private static Set<String> advertised(DavClient c, String path) {
        HttpResponse<String> r = c.propfind(path, "0", "<propfind xmlns=\"DAV:\"><prop><supported-report-set/></prop></propfind>");
        Multistatus.Prop p = new Multistatus(r.body()).prop(path, "DAV:", "supported-report-set");
        Set<String> out = new TreeSet<>();
        if (p == null || p.status() != 200) return out;
        NodeList reports = p.element().getElementsByTagNameNS("DAV:", "report");
        for (int i = 0; i < reports.getLength(); i++) {
            for (Node n = reports.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) out.add("{" + e.getNamespaceURI() + "}" + e.getLocalName());
            }
        }
        return out;
    }

    @Test
    void everyResourceAcceptsExactlyTheReportsItAdvertises_rfc3253_section3_6() {
        DavClient c = user("reports");
        server.user("reports-peer");
        String cal = "/calendars/users/reports/default/";
        c.put(cal + "r.ics", Ics.event("rep-1", "20261203T100000Z", "20261203T110000Z", "R"));
        List<String> paths = List.of("/", "/principals/", "/principals/users/", "/principals/users/reports/",
                "/principals/users/reports/calendar-proxy-write/", "/calendars/", "/calendars/users/",
                "/calendars/users/reports/", cal, cal + "r.ics", "/calendars/users/reports/inbox/", "/calendars/users/reports/outbox/",
                "/addressbooks/users/reports/", "/addressbooks/users/reports/directory/",
                "/addressbooks/users/reports/directory/u-reports-peer.vcf");
        List<String> wrong = new ArrayList<>();
        for (String path : paths) {
            Set<String> listed = advertised(c, path);
            for (var report : reportBodies(path).entrySet()) {
                HttpResponse<String> r = c.request("REPORT", path).header("Depth", "0").xml(report.getValue()).send();
                boolean refused = r.statusCode() == 403 && r.body().contains("supported-report");
                boolean accepted = r.statusCode() == 200 || r.statusCode() == 207;
                if (listed.contains(report.getKey()) ? !accepted : !refused) {
                    wrong.add(path + " " + report.getKey() + (listed.contains(report.getKey()) ? " (listed)" : " (not listed)")
                            + " → " + r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length())));
                }
            }
        }
        assertEquals(List.of(), wrong);
        // what the RFCs require to be listed (RFC 4791 §7, RFC 6578 §3.2, RFC 3744 §9, RFC 6352 §8)
        assertTrue(advertised(c, cal + "r.ics").containsAll(Set.of("{" + C + "}calendar-multiget", "{" + C + "}calendar-query")));
        assertTrue(advertised(c, "/calendars/users/reports/").contains("{DAV:}sync-collection"));
        assertTrue(advertised(c, "/principals/").contains("{DAV:}principal-property-search"));
    }

    @Test
    void calendarQueryOnAnObjectMatchesThatObject_rfc4791_section7_8() {
        DavClient c = user("objq");
        String href = "/calendars/users/objq/default/q.ics";
        c.put(href, Ics.event("objq-1", "20261203T100000Z", "20261203T110000Z", "Lunch"));
        String body = """
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop>
                  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                    <C:prop-filter name="SUMMARY"><C:text-match>%s</C:text-match></C:prop-filter>
                  </C:comp-filter></C:comp-filter></C:filter>
                </C:calendar-query>""";
        assertEquals(List.of(href), new Multistatus(c.request("REPORT", href).header("Depth", "0").xml(body.formatted("lunch")).send().body()).hrefs());
        assertEquals(List.of(), new Multistatus(c.request("REPORT", href).header("Depth", "0").xml(body.formatted("dinner")).send().body()).hrefs());
    }

    // ---- principal reports are defined at Depth 0 only (RFC 3744 §9.3-9.5) ----

    @Test
    void principalReportsRefuseADepthOtherThanZero_rfc3744_section9() {
        DavClient c = user("depthy");
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("principal-match", "<D:principal-match xmlns:D=\"DAV:\"><D:self/><D:prop><D:displayname/></D:prop></D:principal-match>");
        bodies.put("principal-property-search", """
                <D:principal-property-search xmlns:D="DAV:"><D:property-search><D:prop><D:displayname/></D:prop>
                <D:match>depthy</D:match></D:property-search><D:prop><D:displayname/></D:prop></D:principal-property-search>""");
        bodies.put("principal-search-property-set", "<D:principal-search-property-set xmlns:D=\"DAV:\"/>");
        for (var b : bodies.entrySet()) {
            for (String depth : List.of("1", "infinity")) {
                HttpResponse<String> r = c.request("REPORT", "/principals/users/").header("Depth", depth).xml(b.getValue()).send();
                assertEquals(400, r.statusCode(), b.getKey() + " Depth " + depth);
            }
            int ok = b.getKey().equals("principal-search-property-set") ? 200 : 207;
            assertEquals(ok, c.request("REPORT", "/principals/users/").header("Depth", "0").xml(b.getValue()).send().statusCode(), b.getKey());
            assertEquals(ok, c.request("REPORT", "/principals/users/").xml(b.getValue()).send().statusCode(), b.getKey() + " without Depth (RFC 3253 §3.6: 0)");
        }
    }

    // ---- principal-match by property (RFC 3744 §9.3) ----

    @Test
    void principalMatchByOwnerFindsTheMembersTheCallerOwns_rfc3744_section9_3() {
        DavClient c = user("owner");
        String home = "/calendars/users/owner/";
        c.put(home + "default/o.ics", Ics.event("own-1", "20261203T100000Z", "20261203T110000Z", "Mine"));
        HttpResponse<String> r = c.request("REPORT", home).header("Depth", "0").xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <D:principal-match xmlns:D="DAV:">
                  <D:principal-property><D:owner/></D:principal-property>
                  <D:prop><D:displayname/></D:prop>
                </D:principal-match>""").send();
        assertEquals(207, r.statusCode(), r.body());
        Multistatus ms = new Multistatus(r.body()).assertEveryResponseHasStatusXorPropstat();
        assertTrue(ms.hrefs().containsAll(List.of(home + "default/", home + "inbox/", home + "outbox/", home + "default/o.ics")), ms.hrefs().toString());
        assertFalse(ms.hrefs().contains(home), "members only, not the collection itself");

        // without DAV:prop each match is a 200 status (the RFC's example)
        HttpResponse<String> bare = c.request("REPORT", home + "default/").xml("""
                <D:principal-match xmlns:D="DAV:"><D:principal-property><D:owner/></D:principal-property></D:principal-match>""").send();
        Multistatus b = new Multistatus(bare.body()).assertEveryResponseHasStatusXorPropstat();
        assertEquals(List.of(home + "default/o.ics"), b.hrefs());
        assertTrue(b.status(home + "default/o.ics").contains("200"));

        // on the principals: the caller's own principal owns itself; nobody else's does
        HttpResponse<String> principals = c.request("REPORT", "/principals/users/").xml("""
                <D:principal-match xmlns:D="DAV:"><D:principal-property><D:owner/></D:principal-property></D:principal-match>""").send();
        assertEquals(List.of("/principals/users/owner/"), new Multistatus(principals.body()).hrefs());
    }

    @Test
    void principalMatchByGroupMemberSetFindsTheGroupsTheCallerIsIn_rfc3744_section9_3() {
        DavClient boss = user("mboss");
        user("massistant");
        user("mother");
        HttpResponse<String> set = boss.request("PROPPATCH", "/principals/users/mboss/calendar-proxy-write/").xml("""
                <D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:group-member-set><D:href>/principals/users/massistant/</D:href>
                </D:group-member-set></D:prop></D:set></D:propertyupdate>""").send();
        assertTrue(set.body().contains("200 OK"), set.body());
        String body = """
                <D:principal-match xmlns:D="DAV:"><D:principal-property><D:group-member-set/></D:principal-property>
                <D:prop><D:displayname/></D:prop></D:principal-match>""";
        HttpResponse<String> r = server.client("massistant").request("REPORT", "/principals/users/").header("Depth", "0").xml(body).send();
        assertEquals(207, r.statusCode(), r.body());
        assertEquals(List.of("/principals/users/mboss/calendar-proxy-write/"), new Multistatus(r.body()).hrefs());
        assertEquals(List.of(), new Multistatus(server.client("mother").request("REPORT", "/principals/users/").xml(body).send().body()).hrefs());
    }

    // ---- getcontentlength where GET gives a body (RFC 4918 §15.4, §15.5) ----

    @Test
    void collectionsReportTheLengthAndTypeOfWhatGetReturns_rfc4918_section15_4() {
        DavClient c = user("lengths");
        for (String path : List.of("/", "/calendars/users/lengths/", "/calendars/users/lengths/default/", "/principals/users/lengths/",
                "/addressbooks/users/lengths/directory/")) {
            HttpResponse<String> get = c.get(path);
            assertEquals(200, get.statusCode(), path);
            Multistatus ms = new Multistatus(c.propfind(path, "0",
                    "<propfind xmlns=\"DAV:\"><prop><getcontentlength/><getcontenttype/></prop></propfind>").body());
            assertEquals(200, ms.prop(path, "DAV:", "getcontentlength").status(), path);
            assertEquals(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length), ms.prop(path, "DAV:", "getcontentlength").text(), path);
            assertEquals(get.headers().firstValue("Content-Length").orElseThrow(), ms.prop(path, "DAV:", "getcontentlength").text(), path);
            assertEquals(get.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase(java.util.Locale.ROOT),
                    ms.prop(path, "DAV:", "getcontenttype").text().replace(" ", "").toLowerCase(java.util.Locale.ROOT), path);
        }
    }
}
