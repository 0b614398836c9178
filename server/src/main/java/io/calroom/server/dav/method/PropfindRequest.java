package io.calroom.server.dav.method;

import io.calroom.server.dav.DavException;
import io.calroom.server.dav.property.PropertyRequest;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import java.util.List;
import java.util.Optional;

/** Parses a PROPFIND body (RFC 4918 §14.20): exactly one of prop, allprop (with include) and propname. */
public final class PropfindRequest {
    private PropfindRequest() {
    }

    /** An empty body means allprop (RFC 4918 §9.1); anything but a DAV:propfind with one of the three is a 400. */
    public static PropertyRequest parse(Optional<Element> body) {
        if (body.isEmpty()) return PropertyRequest.allprop(List.of());
        Element root = body.get();
        if (!SafeXml.is(root, Ns.dav("propfind"))) throw DavException.badRequest("PROPFIND body must be a DAV:propfind");
        return PropertyRequest.of(root).orElseThrow(() -> DavException.badRequest("DAV:propfind needs prop, allprop or propname"));
    }
}
