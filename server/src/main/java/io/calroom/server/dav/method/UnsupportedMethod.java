package io.calroom.server.dav.method;

import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.tree.DavNode;

import java.util.Optional;

/**
 * Methods Milton knows but the server does not offer (POST outside scheduling, LOCK, UNLOCK, ACL,
 * TRACE, CONNECT): 405 with the resource's Allow header, in our error format, never Milton's HTML.
 */
public final class UnsupportedMethod implements DavMethod {
    private final String name;

    public UnsupportedMethod(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void handle(DavRequest req) {
        Optional<DavNode> node = req.services().tree().resolve(req.segments(), req.user());
        if (node.isEmpty()) throw DavException.notFound();
        throw DavException.methodNotAllowed(name + " is not supported on " + node.get().path(), node.get().allowedMethods());
    }
}
