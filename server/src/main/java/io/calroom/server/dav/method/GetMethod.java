package io.calroom.server.dav.method;

import io.calroom.schema.store.CalendarStore;
import io.calroom.schema.store.StoredObject;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.property.DescriptionPage;
import io.calroom.server.dav.property.LiveProperties;
import io.calroom.server.caldav.CalendarObjectNode;
import io.calroom.server.dav.tree.DavNode;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GET and HEAD: a calendar object's iCalendar text with its strong ETag (304 when If-None-Match
 * matches, RFC 9110 §13.1.2); collections answer with a one-line description.
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
        if (node instanceof io.calroom.server.carddav.VCardNode card) {
            resp.setHeader("ETag", card.etag());
            java.util.List<String> none = req.writeCondition().ifNoneMatch();
            if (none != null && (none.contains("*") || none.contains(card.etag()))) {
                resp.setStatus(304);
                return;
            }
            resp.setStatus(200);
            resp.setContentType("text/vcard; charset=utf-8");
            write(resp, card.text().getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!(node instanceof CalendarObjectNode obj)) {
            resp.setStatus(200);
            resp.setContentType(DescriptionPage.CONTENT_TYPE);
            write(resp, DescriptionPage.body(node));
            return;
        }
        StoredObject o = obj.object();
        resp.setHeader("ETag", o.etag());
        resp.setHeader("Last-Modified", LiveProperties.httpDate(o.updatedAt()));
        if (o.scheduleTag() != null) resp.setHeader("Schedule-Tag", o.scheduleTag());
        List<String> ifNoneMatch = req.writeCondition().ifNoneMatch();
        if (ifNoneMatch != null && (ifNoneMatch.contains("*") || ifNoneMatch.contains(o.etag()))) {
            resp.setStatus(304);
            return;
        }
        String ical = new CalendarStore(req.services().database().dsl()).ical(o.id()).orElseThrow(DavException::notFound);
        resp.setStatus(200);
        resp.setContentType(LiveProperties.contentType(o.componentType()));
        write(resp, ical.getBytes(StandardCharsets.UTF_8));
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
