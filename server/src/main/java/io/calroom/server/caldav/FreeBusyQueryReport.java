package io.calroom.server.caldav;

import io.calroom.scheduling.freebusy.BusyPeriods;
import io.calroom.scheduling.index.OccurrenceIndex;
import io.calroom.schema.store.BusyInstance;
import io.calroom.schema.store.CollectionKind;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CALDAV:free-busy-query (RFC 4791 §7.10): a 200 text/calendar VFREEBUSY for a calendar over a
 * time range, answered from the occurrence table, made complete over the range first (open-ended
 * series extended past their horizon, see {@link OccurrenceIndex}). Transparent and cancelled events do not count;
 * tentative ones are BUSY-TENTATIVE; overlapping periods of one type are merged.
 */
public final class FreeBusyQueryReport implements ReportMethod.Report {
    private static final java.time.Duration MAX_RANGE = java.time.Duration.ofDays(3 * 366);

    @Override
    public void run(DavRequest req, Element body) {
        DavNode target = req.node();
        if (!(target instanceof CalendarCollection cal) || cal.kind() != CollectionKind.CALENDAR) {
            throw DavException.forbidden(Ns.dav("supported-report"), "free-busy-query is supported on calendar collections");
        }
        Element tr = SafeXml.child(body, Ns.caldav("time-range"))
                .orElseThrow(() -> DavException.badRequest("free-busy-query needs a CALDAV:time-range"));
        TimeRanges.Range range = TimeRanges.parse(tr);
        if (range.start() == null || range.end() == null) throw DavException.badRequest("free-busy-query needs both start and end");
        if (java.time.Duration.between(range.start(), range.end()).compareTo(MAX_RANGE) > 0) {
            throw DavException.forbidden(Ns.caldav("max-date-time"), "a free-busy range may span at most 3 years");
        }
        // the occurrence table made complete over the range first (open-ended series extended, stale objects recomputed)
        long calendarId = cal.calendar().id();
        OccurrenceIndex.Coverage coverage = req.services().occurrenceIndex().cover(req.services().database(), List.of(calendarId), null,
                range.start(), range.end(), req.services().clock().instant(), OccurrenceIndex.Mode.ANSWER);
        List<BusyInstance> busy = new ArrayList<>(req.services().stores().occurrences()
                .busyInstances(calendarId, range.start(), range.end(), coverage.ignored()));
        busy.addAll(coverage.busy(range.start(), range.end(), null));
        StringBuilder ics = new StringBuilder();
        ics.append("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Calroom//CalDAV Server//EN\r\nBEGIN:VFREEBUSY\r\n");
        ics.append("DTSTAMP:").append(TimeRanges.format(req.services().clock().instant())).append("\r\n");
        ics.append("DTSTART:").append(TimeRanges.format(range.start())).append("\r\n");
        ics.append("DTEND:").append(TimeRanges.format(range.end())).append("\r\n");
        ics.append(BusyPeriods.lines(BusyPeriods.merge(busy)));
        ics.append("END:VFREEBUSY\r\nEND:VCALENDAR\r\n");
        byte[] bytes = ics.toString().getBytes(StandardCharsets.UTF_8);
        req.response().setStatus(200);
        req.response().setContentType("text/calendar; charset=utf-8");
        req.response().setContentLength(bytes.length);
        try {
            req.response().getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
