package io.calroom.server.dav.method;

import io.calroom.server.dav.DavException;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A parsed DAV:propfind body (RFC 4918 §14.20): prop, allprop (with include) or propname. */
public record PropfindRequest(Kind kind, List<QName> properties, java.util.Set<QName> wanted) {
    public enum Kind { PROP, ALLPROP, PROPNAME }

    /** {@code wanted}: the live properties to compute, null for allprop and propname (all of them). */
    public PropfindRequest {
        properties = List.copyOf(properties);
    }

    PropfindRequest(Kind kind, List<QName> properties) {
        this(kind, properties, kind == Kind.PROP ? java.util.Set.copyOf(properties) : null);
    }

    /** An empty body means allprop (RFC 4918 §9.1). */
    public static PropfindRequest parse(Optional<Element> body) {
        if (body.isEmpty()) return new PropfindRequest(Kind.ALLPROP, List.of());
        Element root = body.get();
        if (!SafeXml.is(root, Ns.dav("propfind"))) throw DavException.badRequest("PROPFIND body must be a DAV:propfind");
        Kind kind = null;
        List<QName> names = new ArrayList<>();
        for (Element c : SafeXml.children(root)) {
            if (SafeXml.is(c, Ns.dav("prop"))) {
                kind = Kind.PROP;
                for (Element p : SafeXml.children(c)) names.add(SafeXml.name(p));
            } else if (SafeXml.is(c, Ns.dav("allprop"))) {
                kind = Kind.ALLPROP;
            } else if (SafeXml.is(c, Ns.dav("propname"))) {
                kind = Kind.PROPNAME;
            } else if (SafeXml.is(c, Ns.dav("include"))) {
                for (Element p : SafeXml.children(c)) names.add(SafeXml.name(p));
            }
        }
        if (kind == null) throw DavException.badRequest("DAV:propfind needs prop, allprop or propname");
        return new PropfindRequest(kind, names);
    }
}
