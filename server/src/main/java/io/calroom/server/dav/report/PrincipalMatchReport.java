package io.calroom.server.dav.report;

import io.calroom.principal.Principal;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LiveProperties;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.tree.PlainCollectionNode;
import io.calroom.server.dav.tree.PrincipalCollectionNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import java.util.List;

/**
 * DAV:principal-match (RFC 3744 §9.3) with DAV:self on a principal collection: the current user's
 * own principal, if it lives in that collection. (Group principals, which would also match, do
 * not exist yet.)
 */
public final class PrincipalMatchReport implements ReportMethod.Report {
    private final LiveProperties live;

    public PrincipalMatchReport(LiveProperties live) {
        this.live = live;
    }

    @Override
    public void run(DavRequest req, Element body) {
        PrincipalReports.requireDepthZero(req, "9.3");
        DavNode target = req.node();
        boolean self = SafeXml.child(body, Ns.dav("self")).isPresent();
        if (!self && SafeXml.child(body, Ns.dav("principal-property")).isEmpty()) {
            throw DavException.badRequest("principal-match needs DAV:self or DAV:principal-property");
        }
        Principal me = req.user();
        boolean inScope = target instanceof PrincipalCollectionNode pc ? pc.kind() == me.kind()
                : target instanceof PlainCollectionNode && target.path().equals("/principals/");
        List<Principal> found = self && inScope ? List.of(me) : List.of();
        new PrincipalResponder(live, req, body).writeAll(found);
    }
}
