package io.calroom.server.caldav;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.query.CalendarQueryEvaluator;
import io.calroom.ical.query.CompFilter;
import io.calroom.ical.query.UnsupportedCollationException;
import io.calroom.scheduling.index.OccurrenceZones;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.OccurrenceLookups;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.TimeRangeCandidates;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

/**
 * CALDAV:calendar-query (RFC 4791 §7.8). The time-range of the top-level component is answered
 * from the occurrence table, after open-ended series that end before the range are extended
 * ({@link io.calroom.scheduling.index.OccurrenceIndex#cover}); objects are parsed only when the filter
 * asks more than a time-range, or when an occurrence is uncertain (floating times read in another
 * zone, recurrences stored only part of the way, objects an older expansion indexed). Results are
 * streamed page by page.
 */
public final class CalendarQueryReport implements ReportMethod.Report {
    private static final Logger log = LoggerFactory.getLogger(CalendarQueryReport.class);
    /** Floating times can be up to 14 hours either side of UTC. */
    private static final Duration FLOATING_SLACK = Duration.ofHours(14);
    private final LivePropertySet live;
    private final CalendarQueryEvaluator evaluator;

    public CalendarQueryReport(LivePropertySet live, CalendarQueryEvaluator evaluator) {
        this.live = live;
        this.evaluator = evaluator;
    }

    @Override
    public void run(DavRequest req, Element body) {
        DavNode target = req.node();
        Element filterElement = SafeXml.child(body, Ns.caldav("filter"))
                .orElseThrow(() -> DavException.forbidden(Ns.caldav("valid-filter"), "calendar-query needs a CALDAV:filter"));
        CompFilter filter = CalendarFilterParser.parse(filterElement);
        try {
            CalendarQueryEvaluator.checkCollations(filter);
        } catch (UnsupportedCollationException e) {
            throw DavException.forbidden(Ns.caldav("supported-collation"), e.getMessage());
        }
        ObjectResponder responder = new ObjectResponder(live, req, body);
        MultistatusWriter out;
        if (target instanceof CalendarObject obj) {
            // on a calendar object resource the query tests that object (RFC 4791 §7.8), whatever the Depth
            CalendarNode parent = new CalendarNode(obj.owner(), obj.calendar(), obj.writable());
            ZoneId zone = SafeXml.child(body, Ns.caldav("timezone")).map(tz -> requestZone(req, tz.getTextContent()))
                    .orElse(CalendarObjectIntake.floatingZone(obj.calendar()));
            String ical = req.services().stores().objects().ical(obj.object().id()).orElse(null);
            out = new MultistatusWriter(req.response());
            if (ical != null && evaluate(req, ical, filter, zone)) {
                io.calroom.schema.store.ObjectWithData o = new io.calroom.schema.store.ObjectWithData(obj.object(), ical);
                responder.prefetch(java.util.List.of(o));
                responder.write(out, parent, o);
            }
            out.finish();
            return;
        }
        if (!(target instanceof CalendarCollection cal) || cal.kind() == CollectionKind.OUTBOX || req.depth(1) == 0) {
            // Depth 0 on a collection, or a collection without calendar objects: nothing matches.
            out = new MultistatusWriter(req.response());
            out.finish();
            return;
        }
        ZoneId calendarZone = CalendarObjectIntake.floatingZone(cal.calendar());
        ZoneId zone = SafeXml.child(body, Ns.caldav("timezone")).map(tz -> requestZone(req, tz.getTextContent()))
                .orElse(calendarZone);
        OccurrenceLookups occurrenceLookups = req.services().stores().occurrences();
        CalendarObjectStore objectStore = req.services().stores().objects();
        // the zone the occurrence rows were computed in (a room's own zone, else the calendar's)
        ZoneId storedZone = OccurrenceZones.of(req.services().stores(), cal.owner(), cal.calendar());

        Set<Long> certain = new HashSet<>();
        Set<Long> toCheck = new HashSet<>();
        CompFilter child = filter.compFilters().size() == 1 ? filter.compFilters().get(0) : null;
        boolean onlyTimeRange = child != null && !child.isNotDefined() && child.propFilters().isEmpty()
                && child.compFilters().isEmpty() && filter.propFilters().isEmpty() && !filter.isNotDefined();
        if (child != null && !child.isNotDefined() && child.timeRange() != null) {
            // open-ended series that end before the range are extended first (stored, in a transaction
            // of their own); what cannot be stored stays uncertain below and is parsed
            long calendarId = cal.calendar().id();
            req.services().occurrenceIndex().cover(req.services().database(), java.util.List.of(calendarId), null,
                    child.timeRange().start(), child.timeRange().end(), req.services().clock().instant(),
                    io.calroom.scheduling.index.OccurrenceIndex.Mode.EXTEND);
            TimeRangeCandidates c = occurrenceLookups.timeRangeCandidates(cal.calendar().id(), child.name(),
                    child.timeRange().start(), child.timeRange().end(), zone.equals(storedZone), FLOATING_SLACK);
            if (onlyTimeRange) certain.addAll(c.exact());
            else toCheck.addAll(c.exact());
            toCheck.addAll(c.uncertain());
        } else if (child != null && !child.isNotDefined() && filter.compFilters().size() == 1) {
            Set<Long> ofType = objectStore.objectIdsOfType(cal.calendar().id(), child.name());
            if (onlyTimeRange) certain.addAll(ofType);
            else toCheck.addAll(ofType);
        } else {
            toCheck = null; // every object must be checked
        }

        out = new MultistatusWriter(req.response());
        Set<Long> ids = toCheck == null ? null : union(certain, toCheck);
        Set<Long> check = toCheck;
        MultistatusWriter writer = out;
        if (ids == null || !ids.isEmpty()) {
            int max = req.services().config().maxReportResults();
            int[] written = {0};
            boolean[] truncated = {false};
            objectStore.forEachPageWithData(cal.calendar().id(), ids, 200, page -> {
                if (truncated[0]) return;
                java.util.List<io.calroom.schema.store.ObjectWithData> hits = page.stream()
                        .filter(o -> check != null && !check.contains(o.object().id()) || evaluate(req, o.ical(), filter, zone)).toList();
                if (written[0] + hits.size() > max) {
                    hits = hits.subList(0, max - written[0]);
                    truncated[0] = true;
                }
                responder.prefetch(hits);
                hits.forEach(o -> responder.write(writer, cal, o));
                written[0] += hits.size();
            });
            // RFC 4918 §9.2-style truncation marker: the collection answers 507, the client narrows its query
            if (truncated[0]) out.truncated(cal.path());
        }
        out.finish();
    }

    private boolean evaluate(DavRequest req, String ical, CompFilter filter, ZoneId zone) {
        try {
            var calendar = req.services().calendarParser().parse(ical.getBytes(StandardCharsets.UTF_8));
            return evaluator.matches(calendar, filter, zone);
        } catch (CalendarDataException e) {
            log.warn("stored object no longer parses, skipped in calendar-query: {}", e.getMessage());
            return false;
        }
    }

    /** The zone of CALDAV:timezone (RFC 4791 §9.8): exactly one VTIMEZONE, else 403 valid-calendar-data (§7.8). */
    private static ZoneId requestZone(DavRequest req, String vtimezone) {
        String problem = TimezoneProperty.problem(vtimezone, req.services().calendarParser());
        if (problem != null) throw DavException.forbidden(Ns.caldav("valid-calendar-data"), "CALDAV:timezone: " + problem);
        String tzid = io.calroom.ical.tree.ObjectText.firstLineValue(vtimezone, "TZID");
        if (tzid == null) throw DavException.forbidden(Ns.caldav("valid-calendar-data"), "CALDAV:timezone must hold a VTIMEZONE");
        try {
            return ZoneId.of(tzid);
        } catch (java.time.DateTimeException e) {
            return java.time.ZoneOffset.UTC;
        }
    }

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        Set<Long> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
