package io.calroom.server.dav.method;

import io.calroom.server.dav.AllowedMethods;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.tree.DavNode;

import java.util.Optional;

/** OPTIONS (RFC 4918 §10.1, RFC 4791 §5.1): the DAV compliance classes and the allowed methods. */
public final class OptionsMethod implements DavMethod {
    public static final String DAV_HEADER = "1, 3, access-control, calendar-access, calendar-auto-schedule, extended-mkcol, addressbook, "
            + "calendar-proxy, inbox-availability, calendarserver-principal-search, calendarserver-home-sync";

    @Override
    public String name() {
        return "OPTIONS";
    }

    @Override
    public void handle(DavRequest req) {
        Optional<DavNode> node = req.services().tree().resolve(req.segments(), req.user());
        req.response().setHeader("DAV", DAV_HEADER);
        req.response().setHeader("Allow", node.map(AllowedMethods::of).orElse(AllowedMethods.ofUnmappedMember()));
        req.response().setContentLength(0);
        req.response().setStatus(200);
    }
}
