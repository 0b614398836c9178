package io.calroom.server.dav.property;

import io.calroom.server.dav.tree.DavNode;

import java.nio.charset.StandardCharsets;

/**
 * What GET returns for a resource that is neither a calendar object nor a card (collections and
 * principals): a one-line text. PROPFIND reports its DAV:getcontentlength and DAV:getcontenttype
 * from here, so the two always agree (RFC 4918 §15.4, §15.5).
 */
public final class DescriptionPage {
    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    private DescriptionPage() {
    }

    public static byte[] body(DavNode node) {
        return ("Calroom CalDAV collection " + node.path() + ": use a CalDAV client.\n").getBytes(StandardCharsets.UTF_8);
    }
}
