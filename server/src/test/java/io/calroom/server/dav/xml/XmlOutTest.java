package io.calroom.server.dav.xml;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The buffered writer: escaping, and nothing lost or reordered across buffer boundaries. */
class XmlOutTest {
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    private static final String ROOT_NS = " xmlns:d=\"DAV:\" xmlns:cal=\"" + Ns.CALDAV + "\" xmlns:cs=\"" + Ns.CS
            + "\" xmlns:ical=\"" + Ns.APPLE + "\" xmlns:cr=\"" + Ns.CALROOM + "\" xmlns:card=\"" + Ns.CARDDAV + "\"";

    @Test
    void escapesTextAndAttributes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        XmlOut out = new XmlOut(bytes);
        out.start(Ns.dav("multistatus"))
                .element(Ns.dav("href"), "a<b>&\"c\"\r\n\td\u0001e\u00e9\u20ac\ud83d\ude00")
                .emptyWithAttributes(Ns.caldav("comp"), "name", "x&\"y\"")
                .element(Ns.dav("getetag"), "\"plain\"")
                .element(Ns.dav("displayname"), "nothing to escape")
                .end();
        out.flush();
        assertEquals(HEAD + "<d:multistatus" + ROOT_NS + ">"
                + "<d:href>a&lt;b&gt;&amp;&quot;c&quot;&#13;\n\tde\u00e9\u20ac\ud83d\ude00</d:href>"
                + "<cal:comp name=\"x&amp;&quot;y&quot;\"/>"
                + "<d:getetag>&quot;plain&quot;</d:getetag>"
                + "<d:displayname>nothing to escape</d:displayname>"
                + "</d:multistatus>", bytes.toString(StandardCharsets.UTF_8));
        assertEquals("a&lt;&#13;b", XmlOut.escape("a<\r\u0002b"));
    }

    @Test
    void longOutputSurvivesTheBuffer() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        XmlOut out = new XmlOut(bytes);
        out.start(Ns.dav("multistatus"));
        StringBuilder expected = new StringBuilder();
        String big = "x".repeat(40_000) + "&" + "\u00e9".repeat(20_000);
        for (int i = 0; i < 3000; i++) {
            String text = i % 1000 == 7 ? big : "/calendars/users/u/default/" + i + ".ics";
            out.element(Ns.dav("href"), text);
            expected.append("<d:href>").append(XmlOut.escape(text)).append("</d:href>");
        }
        out.end();
        out.flush();
        String written = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(written.startsWith(HEAD + "<d:multistatus" + ROOT_NS + ">"));
        assertEquals(HEAD + "<d:multistatus" + ROOT_NS + ">" + expected + "</d:multistatus>", written);
    }
}
