package io.calroom.server.dav.property;

import io.calroom.server.dav.DavException;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which properties a PROPFIND or a report asks for: {@code prop}, {@code allprop} (with its
 * {@code include}) or {@code propname} (RFC 4918 §14.20; the reports of RFC 4791 §9.5 and §9.10,
 * RFC 6352 §10.3 and §10.7 take the same choice).
 *
 * @param properties the names of {@code prop}, or those of {@code include} for allprop
 * @param wanted     the live properties to compute: the names of {@code prop}, null for allprop and
 *                   propname (all of them)
 */
public record PropertyRequest(Kind kind, List<QName> properties, Set<QName> wanted) {
    public enum Kind { PROP, ALLPROP, PROPNAME }

    public PropertyRequest {
        properties = List.copyOf(properties);
    }

    public static PropertyRequest prop(List<QName> names) {
        return new PropertyRequest(Kind.PROP, names, Set.copyOf(names));
    }

    public static PropertyRequest allprop(List<QName> include) {
        return new PropertyRequest(Kind.ALLPROP, include, null);
    }

    public static PropertyRequest propname() {
        return new PropertyRequest(Kind.PROPNAME, List.of(), null);
    }

    /** True when {@code prop} names this property (allprop and propname never return report-only values). */
    public boolean names(QName property) {
        return kind == Kind.PROP && properties.contains(property);
    }

    /**
     * The {@code prop}, {@code allprop} (with {@code include}) or {@code propname} child of a
     * DAV:propfind or report element, or empty when it has none. More than one of them, or an
     * {@code include} without {@code allprop}, is a 400: the DTD allows exactly one.
     */
    public static Optional<PropertyRequest> of(Element parent) {
        Kind kind = null;
        List<QName> names = new ArrayList<>();
        List<QName> include = null;
        for (Element c : SafeXml.children(parent)) {
            Kind k;
            if (SafeXml.is(c, Ns.dav("prop"))) k = Kind.PROP;
            else if (SafeXml.is(c, Ns.dav("allprop"))) k = Kind.ALLPROP;
            else if (SafeXml.is(c, Ns.dav("propname"))) k = Kind.PROPNAME;
            else {
                if (SafeXml.is(c, Ns.dav("include"))) {
                    if (include == null) include = new ArrayList<>();
                    for (Element p : SafeXml.children(c)) include.add(SafeXml.name(p));
                }
                continue;
            }
            if (kind != null) {
                throw DavException.badRequest(SafeXml.name(parent).getLocalPart() + " holds exactly one of prop, allprop and propname");
            }
            kind = k;
            if (k == Kind.PROP) for (Element p : SafeXml.children(c)) names.add(SafeXml.name(p));
        }
        if (include != null && kind != Kind.ALLPROP) throw DavException.badRequest("DAV:include goes with DAV:allprop only");
        if (kind == null) return Optional.empty();
        return Optional.of(switch (kind) {
            case PROP -> prop(names);
            case ALLPROP -> allprop(include == null ? List.of() : include);
            case PROPNAME -> propname();
        });
    }
}
