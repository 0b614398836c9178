package io.calroom.server.support;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed 207 body, for assertions: per href, each property's status and element. */
public final class Multistatus {
    public static final String DAV = "DAV:";
    private final Document doc;
    private final Map<String, Map<String, Prop>> responses = new LinkedHashMap<>();
    private final Map<String, String> statusOnly = new LinkedHashMap<>();
    private final List<String> rawHrefs = new ArrayList<>();
    private final Map<String, List<Integer>> propstatStatuses = new LinkedHashMap<>();

    public record Prop(int status, Element element) {
        public String text() {
            return element.getTextContent().trim();
        }

        /** The text of every DAV:href inside the property. */
        public List<String> hrefs() {
            List<String> out = new ArrayList<>();
            NodeList l = element.getElementsByTagNameNS(DAV, "href");
            for (int i = 0; i < l.getLength(); i++) out.add(l.item(i).getTextContent().trim());
            return out;
        }

        /** Local names of the element's child elements. */
        public List<String> children() {
            List<String> out = new ArrayList<>();
            for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) out.add(e.getLocalName());
            }
            return out;
        }
    }

    public Multistatus(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + xml, e);
        }
        Element root = doc.getDocumentElement();
        if (!DAV.equals(root.getNamespaceURI()) || !"multistatus".equals(root.getLocalName())) {
            throw new AssertionError("not a DAV:multistatus: " + xml);
        }
        for (Element response : children(root, "response")) {
            rawHrefs.add(children(response, "href").get(0).getTextContent().trim());
            String href = URLDecoder.decode(children(response, "href").get(0).getTextContent().trim(), StandardCharsets.UTF_8);
            Map<String, Prop> props = new LinkedHashMap<>();
            List<Integer> statuses = new ArrayList<>();
            for (Element propstat : children(response, "propstat")) {
                int status = statusCode(children(propstat, "status").get(0).getTextContent());
                statuses.add(status);
                for (Element prop : children(propstat, "prop")) {
                    for (Node n = prop.getFirstChild(); n != null; n = n.getNextSibling()) {
                        if (n instanceof Element e) props.put(key(e.getNamespaceURI(), e.getLocalName()), new Prop(status, e));
                    }
                }
            }
            List<Element> st = children(response, "status");
            if (!st.isEmpty()) statusOnly.put(href, st.get(0).getTextContent().trim());
            responses.put(href, props);
            propstatStatuses.put(href, statuses);
        }
    }

    public static String key(String ns, String local) {
        return "{" + ns + "}" + local;
    }

    public List<String> hrefs() {
        return new ArrayList<>(responses.keySet());
    }

    /** The responses' hrefs as the server wrote them, still percent-encoded (hrefs() decodes '+' to a space). */
    public List<String> rawHrefs() {
        return List.copyOf(rawHrefs);
    }

    public Map<String, Prop> props(String href) {
        Map<String, Prop> p = responses.get(href);
        if (p == null) throw new AssertionError("no response for " + href + " in " + responses.keySet());
        return p;
    }

    public Prop prop(String href, String ns, String local) {
        return props(href).get(key(ns, local));
    }

    /** The DAV:status of a response without propstat (e.g. 404 in a multiget), or null. */
    public String status(String href) {
        return statusOnly.get(href);
    }

    /** The status of each DAV:propstat of the response for this href, in document order (empty: none). */
    public List<Integer> propstats(String href) {
        List<Integer> p = propstatStatuses.get(href);
        if (p == null) throw new AssertionError("no response for " + href + " in " + responses.keySet());
        return p;
    }

    /**
     * RFC 4918 §14.24: a DAV:response holds either a DAV:status or DAV:propstat elements, never
     * neither and never both; fails naming the first response that does not.
     */
    public Multistatus assertEveryResponseHasStatusXorPropstat() {
        for (String href : responses.keySet()) {
            boolean status = statusOnly.containsKey(href);
            boolean propstat = !propstatStatuses.get(href).isEmpty();
            if (status == propstat) {
                throw new AssertionError("the response for " + href + (status ? " has both a status and a propstat" : " has neither a status nor a propstat"));
            }
        }
        return this;
    }

    public Element root() {
        return doc.getDocumentElement();
    }

    private static int statusCode(String line) {
        String[] parts = line.trim().split(" ");
        return Integer.parseInt(parts[1]);
    }

    static List<Element> children(Element e, String davLocal) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && DAV.equals(c.getNamespaceURI()) && davLocal.equals(c.getLocalName())) out.add(c);
        }
        return out;
    }
}
