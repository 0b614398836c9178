package io.calroom.server.dav.method;

import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;

/**
 * DELETE (RFC 4918 §9.6): asks the node ({@link io.calroom.server.dav.tree.DavNode#delete}); what
 * cannot be deleted says so with 403 DAV:need-privileges.
 */
public final class DeleteMethod implements DavMethod {
    @Override
    public String name() {
        return "DELETE";
    }

    @Override
    public void handle(DavRequest req) {
        req.node().delete(req);
    }
}
