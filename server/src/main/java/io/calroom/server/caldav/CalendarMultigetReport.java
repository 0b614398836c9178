package io.calroom.server.caldav;

import io.calroom.schema.store.ObjectWithData;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.Hrefs;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CALDAV:calendar-multiget (RFC 4791 §7.9): the requested properties of each href, members of the
 * target calendar fetched in one query; any href that is missing or not visible is a 404 response.
 */
public final class CalendarMultigetReport implements ReportMethod.Report {
    public static final int MAX_HREFS = 5_000;
    private final LivePropertySet live;

    public CalendarMultigetReport(LivePropertySet live) {
        this.live = live;
    }

    @Override
    public void run(DavRequest req, Element body) {
        DavNode target = req.node();
        List<String> hrefs = new ArrayList<>();
        for (Element h : SafeXml.children(body)) {
            if (SafeXml.is(h, Ns.dav("href"))) hrefs.add(h.getTextContent().trim());
        }
        if (hrefs.isEmpty()) throw DavException.badRequest("calendar-multiget needs at least one DAV:href");
        if (hrefs.size() > MAX_HREFS) {
            throw DavException.forbidden(Ns.dav("number-of-matches-within-limits"), "at most " + MAX_HREFS + " hrefs per multiget");
        }
        ObjectResponder responder = new ObjectResponder(live, req, body);

        // Members of the target calendar: one query for all of them.
        Map<String, String> memberUri = new LinkedHashMap<>();
        CalendarCollection targetCalendar = target instanceof CalendarCollection c ? c : null;
        if (targetCalendar != null) {
            for (String href : hrefs) {
                pathSegments(href).filter(s -> s.size() == req.segments().size() + 1 && s.subList(0, s.size() - 1).equals(req.segments()))
                        .ifPresent(s -> memberUri.put(href, s.get(s.size() - 1)));
            }
        }
        Map<String, ObjectWithData> byUri = new HashMap<>();
        if (targetCalendar != null && !memberUri.isEmpty()) {
            for (ObjectWithData o : req.services().stores().objects().objectsWithData(targetCalendar.calendar().id(), memberUri.values())) {
                byUri.put(o.object().uri(), o);
            }
        }
        responder.prefetch(byUri.values());
        MultistatusWriter out = new MultistatusWriter(req.response());
        for (String href : hrefs) {
            String uri = memberUri.get(href);
            if (uri != null) {
                ObjectWithData o = byUri.get(uri);
                if (o == null) out.status(targetCalendar.path() + uri, 404);
                else responder.write(out, targetCalendar, o);
                continue;
            }
            Optional<DavNode> node = pathSegments(href).flatMap(s -> req.services().tree().resolve(s, req.user()));
            if (node.isPresent() && node.get() instanceof CalendarObject obj) {
                String ical = req.services().stores().objects().ical(obj.object().id()).orElse(null);
                if (ical != null) {
                    responder.write(out, new CalendarNode(obj.owner(), obj.calendar(), obj.writable()), new ObjectWithData(obj.object(), ical));
                    continue;
                }
            }
            out.status(pathSegments(href).map(s -> "/" + String.join("/", s)).orElse(href), 404);
        }
        out.finish();
    }

    private static Optional<List<String>> pathSegments(String href) {
        return Hrefs.pathOf(href).flatMap(Hrefs::segments);
    }
}
