package io.calroom.server.dav.property;

import io.calroom.server.dav.xml.XmlOut;

import javax.xml.namespace.QName;
import java.util.List;
import java.util.function.Consumer;

/** The value of a property in a PROPFIND response. */
public sealed interface PropValue {
    /** Character data. */
    record Text(String text) implements PropValue {}

    /** One DAV:href with a decoded path (encoded on output) or an absolute URI. */
    record Href(String target) implements PropValue {}

    /** Several DAV:href elements (possibly none). */
    record Hrefs(List<String> targets) implements PropValue {
        public Hrefs {
            targets = List.copyOf(targets);
        }
    }

    /** Empty child elements, e.g. DAV:resourcetype. */
    record Elements(List<QName> names) implements PropValue {
        public Elements {
            names = List.copyOf(names);
        }
    }

    /** Any structured value. */
    record Custom(Consumer<XmlOut> body) implements PropValue {}

    /** A dead property: the client's whole element, written verbatim. */
    record RawElement(String xml) implements PropValue {}

    static PropValue text(String s) {
        return new Text(s);
    }
}
