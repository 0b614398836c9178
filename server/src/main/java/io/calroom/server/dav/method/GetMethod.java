package io.calroom.server.dav.method;

import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.property.DescriptionPage;
import io.calroom.server.dav.tree.DavNode;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * GET and HEAD: a resource's own content ({@link DavNode#representation}: a calendar object's
 * iCalendar text, a card) with its strong ETag (304 when If-None-Match matches, RFC 9110 §13.1.2);
 * collections answer with a one-line description.
 */
public final class GetMethod implements DavMethod {
    private final String name;

    private GetMethod(String name) {
        this.name = name;
    }

    public static GetMethod get() {
        return new GetMethod("GET");
    }

    public static GetMethod head() {
        return new GetMethod("HEAD");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void handle(DavRequest req) {
        DavNode node = req.node();
        HttpServletResponse resp = req.response();
        DavNode.Representation r = node.hasOwnContent() ? node.representation(req.services()) : null;
        if (r == null) {
            resp.setStatus(200);
            resp.setContentType(DescriptionPage.CONTENT_TYPE);
            write(resp, DescriptionPage.body(node));
            return;
        }
        r.headers().forEach(resp::setHeader);
        List<String> ifNoneMatch = req.writeCondition().ifNoneMatch();
        if (ifNoneMatch != null && (ifNoneMatch.contains("*") || ifNoneMatch.contains(r.etag()))) {
            resp.setStatus(304);
            return;
        }
        byte[] body = r.body().get();
        resp.setStatus(200);
        resp.setContentType(r.contentType());
        write(resp, body);
    }

    private void write(HttpServletResponse resp, byte[] bytes) {
        resp.setContentLength(bytes.length);
        if (name.equals("HEAD")) return;
        try {
            resp.getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
