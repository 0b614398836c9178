package io.calroom.server.dav.method;

import io.calroom.server.caldav.CollectionCreation;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.caldav.CalendarHomeNode;
import io.calroom.server.dav.xml.Ns;

/**
 * Extended MKCOL (RFC 5689 §3): creates a calendar when the body's DAV:resourcetype says so. Plain
 * collections are not supported in calendar homes (403 DAV:valid-resourcetype).
 */
public final class MkcolMethod implements DavMethod {
    @Override
    public String name() {
        return "MKCOL";
    }

    @Override
    public void handle(DavRequest req) {
        CalendarHomeNode home = CollectionCreation.targetHome(req, true);
        byte[] body = req.body();
        if (body.length > 0 && req.contentType() != null && !req.contentType().toLowerCase(java.util.Locale.ROOT).contains("xml")) {
            throw new DavException(415, null, "an extended MKCOL body must be XML");
        }
        var props = CollectionCreation.setProperties(req.services().xml().parse(body), Ns.dav("mkcol"));
        CollectionCreation.create(req, home, props, true);
    }
}
