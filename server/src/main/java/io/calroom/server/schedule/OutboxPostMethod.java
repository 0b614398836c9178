package io.calroom.server.schedule;

import io.calroom.scheduling.freebusy.FreeBusyLookup;
import io.calroom.scheduling.itip.Addresses;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.property.PropertyWriter;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.XmlOut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * POST to a scheduling outbox (RFC 6638 §5): a VFREEBUSY request for one or many attendees,
 * answered with a CALDAV:schedule-response holding one response per recipient. Whoever may write
 * the owner's calendar home holds CALDAV:schedule-send on its outbox (RFC 6638 §6.2, §11.3): the
 * owner, and its write delegates (calendar-proxy-write, as Apple Calendar posts when a delegate
 * schedules for the delegator); anyone else who sees the outbox gets 403 DAV:need-privileges
 * (§5.2). The ORGANIZER must be the outbox's owner (§11.3, CALDAV:organizer-allowed), and busy time
 * is looked up as the owner would see it.
 */
public final class OutboxPostMethod implements DavMethod {
    @Override
    public String name() {
        return "POST";
    }

    @Override
    public void handle(DavRequest req) {
        DavNode node = req.node();
        if (!(node instanceof Outbox cal) || !cal.isOutbox()) {
            throw DavException.methodNotAllowed("POST is for scheduling outboxes", node.allowedMethods());
        }
        if (!cal.writable()) {
            throw DavException.forbidden(Ns.dav("need-privileges"),
                    "schedule-send is not granted on this outbox: only its owner and its write delegates may send from it");
        }
        String type = req.contentType() == null ? "" : req.contentType().split(";")[0].trim();
        if (!type.equalsIgnoreCase("text/calendar")) {
            throw DavException.caldav(403, "supported-calendar-data", "a scheduling message is text/calendar");
        }
        FreeBusyLookup.Request request;
        try {
            request = FreeBusyLookup.parse(new String(req.body(), StandardCharsets.UTF_8));
        } catch (FreeBusyLookup.InvalidRequest e) {
            throw DavException.caldav(403, "valid-scheduling-message", e.getMessage());
        }
        List<String> owners = new ArrayList<>(req.services().stores().principals().addresses(cal.owner().id()));
        owners.add(cal.owner().path());
        if (!Addresses.isOneOf(request.organizer(), owners)) {
            throw DavException.caldav(403, "organizer-allowed", "the ORGANIZER must be the outbox's owner, " + cal.owner().name());
        }
        var availability = new io.calroom.scheduling.freebusy.Availability(req.services().calendarParser(),
                new io.calroom.ical.OccurrenceExpander(req.services().limits()));
        List<FreeBusyLookup.Answer> answers = FreeBusyLookup.answer(req.services().database(), req.services().stores(), req.services().occurrenceIndex(),
                cal.owner(), request, req.services().clock().instant(), availability);
        req.response().setStatus(200);
        req.response().setContentType("application/xml; charset=utf-8");
        try {
            XmlOut out = new XmlOut(req.response().getOutputStream());
            out.start(Ns.caldav("schedule-response"));
            for (FreeBusyLookup.Answer a : answers) {
                out.start(Ns.caldav("response"));
                out.start(Ns.caldav("recipient"));
                PropertyWriter.href(out, a.recipient());
                out.end();
                out.element(Ns.caldav("request-status"), a.requestStatus());
                if (a.calendarData() != null) out.element(Ns.caldav("calendar-data"), a.calendarData());
                out.end();
            }
            out.end();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
