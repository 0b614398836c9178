package io.calroom.server.dav.xml;

import io.calroom.server.dav.DavException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one XML parser of the server, hardened for untrusted request bodies: no DOCTYPE at all (so no
 * DTDs, external entities or entity expansion), no XInclude, namespace-aware, and a depth limit.
 * Every failure is a 400 Bad Request.
 */
public final class SafeXml {
    private static final int MAX_DEPTH = 64;
    private final DocumentBuilderFactory factory;

    public SafeXml() {
        factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be hardened", e);
        }
    }

    /** Parses a request body; an empty body gives an empty Optional. */
    public Optional<Element> parse(byte[] body) {
        if (body.length == 0 || isBlank(body)) return Optional.empty();
        try {
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document doc = builder.parse(new ByteArrayInputStream(body));
            Element root = doc.getDocumentElement();
            if (depth(root, 1) > MAX_DEPTH) throw DavException.badRequest("XML nesting deeper than " + MAX_DEPTH);
            return Optional.of(root);
        } catch (SAXException e) {
            throw DavException.badRequest("malformed XML request body: " + e.getMessage());
        } catch (IOException | ParserConfigurationException e) {
            throw DavException.badRequest("unreadable XML request body");
        }
    }

    public static QName name(Element e) {
        return new QName(e.getNamespaceURI() == null ? "" : e.getNamespaceURI(), e.getLocalName());
    }

    public static boolean is(Element e, QName name) {
        return name.equals(name(e));
    }

    /** The element children of {@code e}, in document order. */
    public static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) out.add(child);
        }
        return out;
    }

    public static Optional<Element> child(Element e, QName name) {
        for (Element c : children(e)) if (is(c, name)) return Optional.of(c);
        return Optional.empty();
    }

    /** Serialises an element with the namespace declarations it needs, for storing as a dead property. */
    public static String serialize(Element e) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(e), new StreamResult(w));
            return w.toString();
        } catch (TransformerException ex) {
            throw new IllegalStateException("cannot serialise a parsed element", ex);
        }
    }

    private static int depth(Element e, int level) {
        if (level > MAX_DEPTH) return level;
        int max = level;
        for (Element c : children(e)) max = Math.max(max, depth(c, level + 1));
        return max;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
        return true;
    }
}
