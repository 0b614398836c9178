package io.calroom.benchmark;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A parsed 207 Multi-Status body (RFC 4918 §13): per response its href, status, getetag and calendar-data. */
final class Multistatus {
    static final String DAV = "DAV:";
    static final String CALDAV = "urn:ietf:params:xml:ns:caldav";

    /** One DAV:response; {@code status} is the response-level status or, for propstat responses, 200. */
    record Response(String href, int status, String etag, String calendarData) {}

    final List<Response> responses;
    final String syncToken;

    private Multistatus(List<Response> responses, String syncToken) {
        this.responses = responses;
        this.syncToken = syncToken;
    }

    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(() -> {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    });

    static Multistatus parse(byte[] body) throws Mismatch {
        Document doc;
        try {
            doc = BUILDER.get().parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new Mismatch("the 207 body is not well-formed XML: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!is(root, DAV, "multistatus")) throw new Mismatch("the body is not a DAV:multistatus but " + root.getLocalName());
        List<Response> out = new ArrayList<>();
        String token = null;
        for (Element e : children(root)) {
            if (is(e, DAV, "sync-token")) token = e.getTextContent().trim();
            if (!is(e, DAV, "response")) continue;
            String href = null;
            int status = -1;
            String etag = null;
            String data = null;
            for (Element c : children(e)) {
                if (is(c, DAV, "href")) href = c.getTextContent().trim();
                else if (is(c, DAV, "status")) status = statusCode(c.getTextContent());
                else if (is(c, DAV, "propstat")) {
                    int ps = -1;
                    Element prop = null;
                    for (Element pc : children(c)) {
                        if (is(pc, DAV, "status")) ps = statusCode(pc.getTextContent());
                        if (is(pc, DAV, "prop")) prop = pc;
                    }
                    if (ps == 200 && prop != null) {
                        if (status < 0) status = 200;
                        for (Element p : children(prop)) {
                            if (is(p, DAV, "getetag")) etag = p.getTextContent().trim();
                            if (is(p, CALDAV, "calendar-data")) data = p.getTextContent();
                        }
                    }
                }
            }
            if (href == null) throw new Mismatch("a DAV:response without DAV:href");
            out.add(new Response(path(href), status, etag, data));
        }
        return new Multistatus(out, token);
    }

    /** One CALDAV:response of a CALDAV:schedule-response (RFC 6638 §10.2): recipient, request-status, calendar-data. */
    record ScheduleResponse(String recipient, String requestStatus, String calendarData) {}

    /** Parses a CALDAV:schedule-response body (the answer to a POST to an outbox). */
    static List<ScheduleResponse> scheduleResponse(byte[] body) throws Mismatch {
        Document doc;
        try {
            doc = BUILDER.get().parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new Mismatch("the schedule-response body is not well-formed XML: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!is(root, CALDAV, "schedule-response")) {
            throw new Mismatch("the body is not a CALDAV:schedule-response but " + root.getLocalName());
        }
        List<ScheduleResponse> out = new ArrayList<>();
        for (Element e : children(root)) {
            if (!is(e, CALDAV, "response")) continue;
            String recipient = null, status = null, data = null;
            for (Element c : children(e)) {
                if (is(c, CALDAV, "recipient")) {
                    for (Element h : children(c)) if (is(h, DAV, "href")) recipient = h.getTextContent().trim();
                } else if (is(c, CALDAV, "request-status")) {
                    status = c.getTextContent().trim();
                } else if (is(c, CALDAV, "calendar-data")) {
                    data = c.getTextContent();
                }
            }
            out.add(new ScheduleResponse(recipient, status, data));
        }
        return out;
    }

    /** The path of an href (they may be absolute URLs or percent-encoded). */
    static String path(String href) {
        try {
            return URI.create(href).getPath();
        } catch (IllegalArgumentException e) {
            return href;
        }
    }

    private static int statusCode(String line) {
        String[] parts = line.trim().split("\\s+");
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean is(Element e, String ns, String local) {
        return ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) out.add(c);
        }
        return out;
    }
}
