package io.calroom.server.acl;

import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;

/** What the principal reports of RFC 3744 §9 share. */
final class PrincipalReports {
    private PrincipalReports() {
    }

    /**
     * RFC 3744 §9.3-9.5: "This report is only defined when the Depth header has value "0"; other
     * values result in a 400 (Bad Request)"; a missing Depth is 0 (RFC 3253 §3.6).
     */
    static void requireDepthZero(DavRequest req, String section) {
        if (req.depth(0) != 0) {
            throw DavException.badRequest("this report is only defined with Depth: 0 (RFC 3744 section " + section + ")");
        }
    }
}
