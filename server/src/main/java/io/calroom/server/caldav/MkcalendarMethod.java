package io.calroom.server.caldav;

import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.MkcolMethod;
import io.calroom.server.dav.xml.Ns;

/** MKCALENDAR (RFC 4791 §5.3.1): a new calendar collection, with the properties of its body. */
public final class MkcalendarMethod implements DavMethod {
    @Override
    public String name() {
        return "MKCALENDAR";
    }

    @Override
    public void handle(DavRequest req) {
        MkcolMethod.parentOfNew(req, false).createCollection(req,
                () -> MkcolMethod.setProperties(req.services().xml().parse(req.body()), Ns.caldav("mkcalendar")), false);
    }
}
