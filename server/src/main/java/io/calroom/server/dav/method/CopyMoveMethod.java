package io.calroom.server.dav.method;

import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;

/**
 * COPY and MOVE (RFC 4918 §9.8-9.9): the source node does it ({@link
 * io.calroom.server.dav.tree.DavNode#copyOrMove}; calendar objects are copied into calendars, with
 * implicit scheduling); collections cannot be copied or moved.
 */
public final class CopyMoveMethod implements DavMethod {
    private final boolean move;

    private CopyMoveMethod(boolean move) {
        this.move = move;
    }

    public static CopyMoveMethod copy() {
        return new CopyMoveMethod(false);
    }

    public static CopyMoveMethod move() {
        return new CopyMoveMethod(true);
    }

    @Override
    public String name() {
        return move ? "MOVE" : "COPY";
    }

    @Override
    public void handle(DavRequest req) {
        req.node().copyOrMove(req, move);
    }
}
