package io.calroom.server.dav;

import io.calroom.server.support.Caldav;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resource names with characters that must be percent-encoded in a URL (RFC 3986 §2.1, §2.4):
 * a request path is decoded exactly once, the name is stored and served as decoded, and every
 * href the server writes encodes it again. Paths that are really ambiguous stay refused, with a
 * reason in the body.
 */
class ResourceNamesTest {
    static final String CAL = "/calendars/users/nina/default/";
    static final String OTHER = "/calendars/users/nina/other/";
    static TestServer server;
    static DavClient nina;

    /** A stored name and how it travels in a URL. */
    record Name(String name, String encoded) {}

    static final List<Name> NAMES = List.of(
            new Name("3%20a.ics", "3%2520a.ics"),   // the name holds "%20" itself: "%25" is the octet '%'
            new Name("with space.ics", "with%20space.ics"),
            new Name("a+b.ics", "a+b.ics"),         // '+' is a sub-delimiter, not a space, in a path
            new Name("café.ics", "caf%C3%A9.ics"),   // UTF-8 octets
            new Name("100%.ics", "100%25.ics"));

    @BeforeAll
    static void start() {
        server = TestServer.start(ResourceNamesTest.class);
        server.user("nina");
        nina = server.client("nina");
        assertEquals(201, nina.request("MKCALENDAR", OTHER).send().statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static List<String> listing(String collection) {
        HttpResponse<String> r = nina.propfind(collection, "1", "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop></D:propfind>");
        assertEquals(207, r.statusCode(), r.body());
        return new Multistatus(r.body()).rawHrefs();
    }

    @Test
    void anEncodedPercentSignIsAnOrdinaryOctet_rfc3986_section2_4() {
        String body = Ics.event("pct-1", "20271203T100000Z", "20271203T110000Z", "Percent");
        HttpResponse<String> put = nina.put(CAL + "3%2520a.ics", body);
        assertEquals(201, put.statusCode(), "the name is \"3%20a.ics\": " + put.body());
        assertEquals(body, nina.get(CAL + "3%2520a.ics").body());
        assertTrue(listing(CAL).contains(CAL + "3%2520a.ics"), listing(CAL).toString());
        assertEquals(404, nina.get(CAL + "3%20a.ics").statusCode(), "\"3 a.ics\" is another name");
        assertEquals(204, nina.delete(CAL + "3%2520a.ics").statusCode());
        assertEquals(404, nina.get(CAL + "3%2520a.ics").statusCode());
    }

    @Test
    void everyNameRoundTripsThroughEveryMethodAndHref() {
        int i = 0;
        for (Name n : NAMES) {
            String uid = "name-" + i++;
            String href = CAL + n.encoded();
            String body = Ics.event(uid, "20271204T100000Z", "20271204T110000Z", n.name());
            assertEquals(201, nina.put(href, body).statusCode(), n.name());
            HttpResponse<String> get = nina.get(href);
            assertEquals(200, get.statusCode(), n.name());
            assertEquals(body, get.body());

            assertTrue(listing(CAL).contains(href), n.name() + ": PROPFIND lists " + listing(CAL));

            HttpResponse<String> multiget = nina.request("REPORT", CAL).header("Depth", "1").xml("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                      <D:prop><D:getetag/><C:calendar-data/></D:prop>
                      <D:href>%s</D:href>
                    </C:calendar-multiget>""".formatted(href)).send();
            assertEquals(207, multiget.statusCode(), multiget.body());
            Multistatus ms = new Multistatus(multiget.body());
            assertEquals(List.of(href), ms.rawHrefs(), n.name());
            assertTrue(ms.prop(URLDecoder.decode(href, StandardCharsets.UTF_8), Caldav.NS, "calendar-data")
                    .text().contains("UID:" + uid), multiget.body());

            HttpResponse<String> sync = nina.request("REPORT", CAL).header("Depth", "1").xml("""
                    <?xml version="1.0" encoding="utf-8" ?>
                    <D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level>
                      <D:prop><D:getetag/></D:prop></D:sync-collection>""").send();
            assertEquals(207, sync.statusCode(), sync.body());
            assertTrue(new Multistatus(sync.body()).rawHrefs().contains(href), n.name() + ": " + sync.body());

            String copied = OTHER + "copy-" + n.encoded();
            HttpResponse<String> copy = nina.request("COPY", href).header("Destination", server.baseUrl() + copied).send();
            assertEquals(201, copy.statusCode(), n.name() + ": " + copy.body());
            assertEquals(body, nina.get(copied).body());
            String moved = OTHER + "moved-" + n.encoded();
            assertEquals(201, nina.request("MOVE", copied).header("Destination", moved).send().statusCode(), n.name());
            assertEquals(404, nina.get(copied).statusCode());
            assertTrue(listing(OTHER).contains(moved), n.name() + ": " + listing(OTHER));

            assertEquals(204, nina.delete(moved).statusCode(), n.name());
            assertEquals(204, nina.delete(href).statusCode(), n.name());
            assertEquals(404, nina.get(href).statusCode(), n.name());
        }
    }

    @Test
    void ambiguousPathsAreStill400AndEveryRefusalSaysWhy() {
        String cal = "/calendars/users/nina/refused/";
        assertEquals(201, nina.request("MKCALENDAR", cal).send().statusCode());
        String body = Ics.event("bad-path", "20271205T100000Z", "20271205T110000Z", "x");
        for (String path : new String[]{cal + "a%2Fb.ics", cal + "%2e%2e/x.ics", cal + "..%2Fx.ics", cal + "x%00.ics",
                cal + "%C3%28.ics", cal + "x%5Cy.ics"}) {
            HttpResponse<String> put = nina.put(path, body);
            assertEquals(400, put.statusCode(), path);
            assertFalse(put.body().isBlank(), path + ": a 400 carries its reason");
            assertEquals("close", put.headers().firstValue("Connection").orElse(null), path);
            HttpResponse<String> propfind = nina.propfind(path, "0", null);
            assertEquals(400, propfind.statusCode(), path);
            assertFalse(propfind.body().isBlank(), path);
        }
        assertEquals(List.of(cal), listing(cal), "nothing was stored");
    }
}
