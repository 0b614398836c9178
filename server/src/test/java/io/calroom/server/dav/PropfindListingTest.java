package io.calroom.server.dav;

import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A calendar's members listed by PROPFIND Depth 1 and by an initial sync-collection (which read
 * only the columns the requested properties need) answer exactly what PROPFIND Depth 0 on each
 * member answers: same properties, values, 404 propstats and dead properties.
 */
class PropfindListingTest {
    static final String CAL = "/calendars/users/lea/default/";
    static TestServer server;
    static DavClient lea;

    static final String PROPS = """
            <D:getetag/><D:getcontenttype/><D:getcontentlength/><D:getlastmodified/><D:creationdate/>
            <D:resourcetype/><D:owner/><D:current-user-privilege-set/><C:schedule-tag/><D:displayname/>
            <X:colour/><X:nothing/>""";

    @BeforeAll
    static void start() {
        server = TestServer.start(PropfindListingTest.class);
        server.user("lea");
        lea = server.client("lea");
        assertEquals(201, lea.put(CAL + "a.ics", Ics.event("a", "20270105T100000Z", "20270105T110000Z", "A & <b>")).statusCode());
        assertEquals(201, lea.put(CAL + "b%20c.ics", Ics.weeklyWithExceptions("b")).statusCode());
        assertEquals(201, lea.put(CAL + "t.ics", Ics.todo("t")).statusCode());
        HttpResponse<String> patch = lea.request("PROPPATCH", CAL + "a.ics").xml("""
                <D:propertyupdate xmlns:D="DAV:" xmlns:X="urn:example:x"><D:set><D:prop>
                <X:colour>red &amp; blue</X:colour></D:prop></D:set></D:propertyupdate>""").send();
        assertEquals(207, patch.statusCode(), patch.body());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void depthOneAnswersWhatDepthZeroAnswers() {
        String body = "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\" xmlns:X=\"urn:example:x\"><D:prop>"
                + PROPS + "</D:prop></D:propfind>";
        assertSameAsDepthZero(body, 3);
        assertTrue(responses(lea.propfind(CAL, "1", body).body()).get(CAL + "a.ics").contains("red &amp; blue"));
    }

    @Test
    void allpropAndPropnameToo() {
        assertSameAsDepthZero("<D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>", 3);
        assertSameAsDepthZero("<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:allprop/>"
                + "<D:include><C:schedule-tag/><D:current-user-privilege-set/></D:include></D:propfind>", 3);
        assertSameAsDepthZero("<D:propfind xmlns:D=\"DAV:\"><D:propname/></D:propfind>", 3);
        assertSameAsDepthZero("<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop></D:propfind>", 3);
    }

    @Test
    void initialSyncAnswersWhatDepthZeroAnswers() {
        String prop = "<D:prop>" + PROPS + "</D:prop>";
        HttpResponse<String> sync = lea.request("REPORT", CAL).header("Depth", "1").xml(
                "<D:sync-collection xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\" xmlns:X=\"urn:example:x\">"
                        + "<D:sync-token/><D:sync-level>1</D:sync-level>" + prop + "</D:sync-collection>").send();
        assertEquals(207, sync.statusCode(), sync.body());
        Map<String, String> members = responses(sync.body());
        assertEquals(3, members.size(), sync.body());
        String depthZero = "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\" xmlns:X=\"urn:example:x\">"
                + prop + "</D:propfind>";
        members.forEach((href, response) -> assertEquals(responses(lea.propfind(href, "0", depthZero).body()).get(href), response, href));
    }

    private static void assertSameAsDepthZero(String body, int members) {
        HttpResponse<String> listing = lea.propfind(CAL, "1", body);
        assertEquals(207, listing.statusCode(), listing.body());
        Map<String, String> all = responses(listing.body());
        assertEquals(members + 1, all.size(), listing.body());
        all.forEach((href, response) -> {
            HttpResponse<String> one = lea.propfind(href, "0", body);
            assertEquals(207, one.statusCode(), one.body());
            assertEquals(responses(one.body()).get(href), response, href);
        });
    }

    private static final Pattern RESPONSE = Pattern.compile("<d:response>(?:(?!</d:response>).)*?<d:href>([^<]*)</d:href>.*?</d:response>",
            Pattern.DOTALL);

    /** Each d:response element as written, by its (still encoded) href; generated prefixes (x0, x1...) made alike. */
    private static Map<String, String> responses(String xml) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = RESPONSE.matcher(xml);
        while (m.find()) out.put(m.group(1), m.group().replaceAll("\\bx\\d+(?=[:=])", "xN"));
        return out;
    }
}
