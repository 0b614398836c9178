package io.calroom.server.dav.method;

import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.tree.DavNode;

import java.util.List;
import java.util.Optional;

/**
 * PUT (RFC 4918 §9.7): the parent collection stores the member ({@link DavNode#putMember}; the
 * calendar collections of CalDAV validate and write calendar objects). A collection cannot be PUT.
 */
public final class PutMethod implements DavMethod {
    @Override
    public String name() {
        return "PUT";
    }

    @Override
    public void handle(DavRequest req) {
        List<String> segments = req.segments();
        if (segments.isEmpty() || req.hasTrailingSlash()) {
            throw DavException.methodNotAllowed("PUT is for calendar objects, not collections",
                    req.services().tree().resolve(segments, req.user()).map(DavNode::allowedMethods).orElse(null));
        }
        // (a member of a collection that takes PUT is never a collection: no need to look the target up)
        Optional<DavNode> parent = req.services().tree().resolve(segments.subList(0, segments.size() - 1), req.user());
        if (parent.isEmpty()) throw DavException.conflict(null, "the parent collection does not exist");
        parent.get().putMember(req, segments.get(segments.size() - 1));
    }
}
