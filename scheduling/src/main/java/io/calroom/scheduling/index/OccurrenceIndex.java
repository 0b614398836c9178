package io.calroom.scheduling.index;

import io.calroom.scheduling.SchedulingStores;
import io.calroom.scheduling.delivery.StorableObjects;
import io.calroom.ical.CalDavPrecondition;
import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.Occurrence;
import io.calroom.ical.OccurrenceExpander;
import io.calroom.schema.store.BusyInstance;
import io.calroom.schema.store.OccurrenceLookups;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.InstanceRow;
import io.calroom.schema.store.OccurrenceIndexStore;
import io.calroom.schema.store.OccurrenceIndexStore.IndexState;
import io.calroom.schema.store.OccurrenceIndexStore.Locked;
import io.calroom.schema.store.StoredCalendar;
import net.fortuna.ical4j.model.Calendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the occurrence index ({@code calendar_instances}) complete for what is asked of it. A
 * write stores an object's occurrences up to {@code max(now, DTSTART) + horizon}; an open-ended
 * series has none stored past its {@code expanded_until}, and an object stored by an older build
 * has occurrences an older expansion computed ({@link io.calroom.schema.store.ExpansionVersion}).
 * Every lookup that answers from the index (free-busy, the room agent's conflict check,
 * calendar-query time ranges) first calls {@link #cover}: inside the lookup's transaction it
 * extends the open-ended series that end before the lookup's range and recomputes the stale
 * objects, then answers. The maintenance job ({@link OccurrenceMaintenance}) does the same ahead of
 * time, so that lookups within the horizon find nothing to do.
 *
 * <h2>Locks</h2>
 * An object is extended or recomputed only under its row lock, taken with {@code FOR UPDATE SKIP
 * LOCKED} ({@link OccurrenceIndexStore#lock}): the lock a write of the object takes too, so a writer
 * that comes later waits and then replaces everything stored here, and one that came first is never
 * waited for. A lookup that finds an object locked (being written, or extended by another process)
 * never waits: it computes that object's occurrences for its own answer without storing them
 * ({@link Coverage#computed()}). So the index work can add no lock wait to a lookup, whatever it
 * already holds (the room agent holds the room's advisory lock and UID locks of the organizer's
 * write), and no deadlock can form through it. An extension is one conditional update of the row
 * plus the insert of the new occurrences, in the caller's transaction: it commits or rolls back
 * with the lookup.
 *
 * <h2>How far</h2>
 * A lookup reaching {@code end} stores occurrences up to {@code end + horizon}, never further than
 * {@link #STORED_HORIZONS} horizons ahead of now, and at most {@code max-instances} occurrences per
 * object and call, in windows of at most one horizon (each within the limit a write of the object
 * was held to). What lies beyond is computed for the answer only, from a month before the range,
 * so that a lookup far in the future (a booking in 2200) costs occurrences around 2200, not the
 * centuries before. Windows are taken by original start (RECURRENCE-ID), as the expansion of a
 * write is: consecutive windows never repeat or lose an occurrence.
 */
public final class OccurrenceIndex {
    private static final Logger log = LoggerFactory.getLogger(OccurrenceIndex.class);

    /** A lookup stores occurrences at most this many horizons ahead of now; further ones it computes. */
    static final int STORED_HORIZONS = 4;
    /** How far before a lookup's range the occurrences it computes without storing begin (long events). */
    static final Duration LOOKBACK = Duration.ofDays(31);
    /**
     * A stale object is recomputed for a lookup when its stored span comes this close to the range:
     * an older expansion may have put an occurrence on another day or week (another WKST, another
     * zone), not further.
     */
    static final Duration STALE_SLACK = Duration.ofDays(14);
    /** The smallest window a too-dense series is split into before the rest is given up. */
    private static final Duration SMALLEST_WINDOW = Duration.ofDays(1);
    /** Windows end here at the latest (RFC 5545 years have four digits; the expansion stops there too). */
    private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T00:00:00Z");

    private final CalendarObjectParser parser;
    private final OccurrenceExpander expander;
    private final CalendarObjectLimits limits;
    private final SchedulingStores stores;

    public OccurrenceIndex(SchedulingStores stores, CalendarObjectParser parser, CalendarObjectLimits limits) {
        this.stores = stores;
        this.parser = parser;
        this.expander = new OccurrenceExpander(limits);
        this.limits = limits;
    }

    /** How far ahead a write expands open-ended series ({@code CALDAV_EXPANSION_HORIZON_DAYS}). */
    public Duration horizon() {
        return limits.expansionHorizon();
    }

    /** The most occurrences one object expands to in one window ({@code CALDAV_MAX_OCCURRENCES}). */
    public int maxOccurrences() {
        return limits.maxOccurrences();
    }

    /** What a lookup needs of {@link #cover}. */
    public enum Mode {
        /**
         * The lookup answers from the occurrence table alone (free-busy, conflict checks): stale
         * objects are recomputed and open-ended series extended, and what cannot be stored is
         * computed for the answer ({@link Coverage}).
         */
        ANSWER,
        /**
         * The lookup parses the objects the table does not cover itself (calendar-query: stale
         * objects and series stored only part of the way are uncertain candidates): open-ended
         * series are extended where they can be, nothing else is done, and the coverage is
         * {@link Coverage#COMPLETE}. Stale objects are left to the maintenance job, so that a query
         * during the upgrade does not recompute a whole calendar.
         */
        EXTEND
    }

    /** An occurrence computed for one answer and not stored. */
    public record Computed(long objectId, long calendarId, String uid, String componentType, InstanceRow row) {}

    /**
     * What a lookup must add to the stored occurrences: {@code ignored} objects' stored occurrences
     * are to be left out (an older expansion computed them) and {@code computed} taken instead, with
     * the occurrences of series stored only part of the way.
     */
    public record Coverage(Set<Long> ignored, List<Computed> computed) {
        public static final Coverage COMPLETE = new Coverage(Set.of(), List.of());

        public Coverage {
            ignored = Set.copyOf(ignored);
            computed = List.copyOf(computed);
        }

        /**
         * The computed busy time over [start, end) of events (RFC 4791 §7.10: opaque, not cancelled;
         * TENTATIVE kept as the status), leaving out the event {@code maskUid} (null: none).
         */
        public List<BusyInstance> busy(Instant start, Instant end, String maskUid) {
            return busy(start, end, maskUid, null);
        }

        /** As {@link #busy(Instant, Instant, String)}, of the objects of {@code calendarIds} only (null: all). */
        public List<BusyInstance> busy(Instant start, Instant end, String maskUid, Collection<Long> calendarIds) {
            List<BusyInstance> out = new ArrayList<>();
            for (Computed c : computed) {
                if (calendarIds != null && !calendarIds.contains(c.calendarId())) continue;
                InstanceRow r = c.row();
                if (!"VEVENT".equals(c.componentType()) || r.transparent() || "CANCELLED".equals(r.status())) continue;
                if (maskUid != null && maskUid.equals(c.uid())) continue;
                if (!overlaps(r.start(), r.end(), start, end)) continue;
                Instant s = r.start() == null || r.start().isBefore(start) ? start : r.start();
                Instant e = r.end() == null || r.end().isAfter(end) ? end : r.end();
                if (e.isAfter(s)) out.add(new BusyInstance(s, e, "TENTATIVE".equals(r.status()) ? "TENTATIVE" : null));
            }
            return out;
        }

        /**
         * For each period ({@link io.calroom.schema.store.OccurrenceLookups#blockingOverlaps}'s), the computed blocking occurrences
         * (opaque, not cancelled) of events other than {@code excludeUid} that overlap it.
         */
        public List<OccurrenceLookups.OverlappingBooking> blockingOverlaps(String excludeUid, List<Instant[]> periods) {
            List<OccurrenceLookups.OverlappingBooking> out = new ArrayList<>();
            if (computed.isEmpty()) return out;
            for (int i = 0; i < periods.size(); i++) {
                Instant[] p = periods.get(i);
                for (Computed c : computed) {
                    InstanceRow r = c.row();
                    if (r.transparent() || "CANCELLED".equals(r.status()) || c.uid().equals(excludeUid)) continue;
                    if (overlaps(r.start(), r.end(), p[0], p[1])) {
                        out.add(new OccurrenceLookups.OverlappingBooking(i, c.objectId(), c.uid(), r.start(), r.end()));
                    }
                }
            }
            return out;
        }
    }

    /**
     * Whether the stored range of an occurrence ([start, end), or the point [start, start]; null
     * bounds infinite) overlaps the query range [from, to) (the point [from, from] when equal), as
     * PostgreSQL's {@code &&} decides it for the stored rows.
     */
    static boolean overlaps(Instant start, Instant end, Instant from, Instant to) {
        boolean point = start != null && start.equals(end);
        boolean queryPoint = from != null && from.equals(to);
        if (point && queryPoint) return start.equals(from);
        if (point) return (from == null || !start.isBefore(from)) && (to == null || start.isBefore(to));
        if (queryPoint) return (start == null || !from.isBefore(start)) && (end == null || from.isBefore(end));
        return (end == null || from == null || from.isBefore(end)) && (start == null || to == null || start.isBefore(to));
    }

    /**
     * Makes the occurrences the index holds for these calendars complete over [start, end) (start
     * null: from the beginning), in the caller's transaction, for objects other than
     * {@code excludeUid} (null: all). Stale objects are recomputed and open-ended series that end
     * before {@code end} extended, as far as the limits allow (see the class comment).
     *
     * @param mode {@link Mode#ANSWER} for lookups that answer from the table alone, {@link Mode#EXTEND}
     *             for those that parse what the table does not cover themselves
     */
    public Coverage cover(Collection<Long> calendarIds, String excludeUid, Instant start, Instant end,
                          Instant now, Mode mode) {
        if (end == null || calendarIds.isEmpty()) return Coverage.COMPLETE;
        boolean computeMissing = mode == Mode.ANSWER;
        OccurrenceIndexStore store = stores.occurrenceIndex();
        List<IndexState> todo = store.needingWork(calendarIds, start, end, STALE_SLACK).stream()
                .filter(s -> excludeUid == null || !excludeUid.equals(s.uid()))
                .filter(s -> computeMissing || !s.stale()).toList();
        if (todo.isEmpty()) return Coverage.COMPLETE;

        Instant storeLimit = now.plus(horizon().multipliedBy(STORED_HORIZONS));
        Instant reach = min(end.plus(horizon()), storeLimit);
        Zones zones = new Zones();
        Map<Long, Locked> locked = new HashMap<>();
        for (Locked l : store.lock(todo.stream().map(IndexState::id).toList())) locked.put(l.state().id(), l);

        Set<Long> ignored = new HashSet<>();
        List<Computed> computed = new ArrayList<>();
        Instant from = start == null ? null : start.minus(LOOKBACK);
        for (IndexState s : todo) {
            Locked l = locked.get(s.id());
            IndexState current = s;
            if (l != null) {
                Optional<IndexState> after = bringUpToDate(store, l, reach, now, zones);
                if (after.isEmpty() || after.get().covers(end)) continue;
                current = after.get();
            }
            if (!computeMissing) continue;
            // what is not stored: computed for this answer
            String text = l != null ? l.ical() : stores.objects().ical(s.id()).orElse(null);
            if (text == null) continue; // deleted since
            Instant windowStart;
            ZoneId zone;
            if (current.stale()) {
                ignored.add(s.id());
                windowStart = from;
                zone = zones.computed(s.calendarId());
            } else {
                windowStart = from == null || from.isBefore(current.expandedUntil()) ? current.expandedUntil() : from;
                zone = zones.recorded(current);
            }
            if (zone == null || (windowStart != null && !windowStart.isBefore(end))) continue;
            computed.addAll(computeFor(current, text, zone, windowStart, start, end));
        }
        return new Coverage(ignored, computed);
    }

    /**
     * {@link #cover} for a lookup outside any transaction (REPORT, POST): the look for work is one
     * statement without a transaction, and only when there is some does {@code cover} run, in a
     * transaction of its own that commits before the caller reads the table.
     */
    public Coverage cover(io.calroom.schema.Database database, Collection<Long> calendarIds, String excludeUid, Instant start,
                          Instant end, Instant now, Mode mode) {
        if (end == null || calendarIds.isEmpty()) return Coverage.COMPLETE;
        boolean any = stores.occurrenceIndex().needingWork(calendarIds, start, end, STALE_SLACK).stream()
                .anyMatch(s -> (excludeUid == null || !excludeUid.equals(s.uid())) && (mode == Mode.ANSWER || !s.stale()));
        if (!any) return Coverage.COMPLETE;
        return database.transaction(() -> cover(calendarIds, excludeUid, start, end, now, mode));
    }

    /**
     * Recomputes up to {@code limit} stale objects (locked, skipping those others hold), in the
     * caller's transaction; the upgrade step of the maintenance job. Returns how many it took.
     */
    public int recomputeStale(Instant now, int limit) {
        OccurrenceIndexStore store = stores.occurrenceIndex();
        Zones zones = new Zones();
        List<Locked> batch = store.lockStaleBatch(limit);
        for (Locked l : batch) bringUpToDate(store, l, now.plus(horizon()), now, zones);
        return batch.size();
    }

    /**
     * Extends up to {@code limit} open-ended series (other than {@code skip}) whose occurrences are
     * stored to before {@code until}, each to {@code target}, in the caller's transaction. Adds to
     * {@code skip} the ones that could not be brought to {@code until} (so that a run ends). Returns
     * how many it took.
     */
    public int extendOpen(Instant now, Instant until, Instant target, Set<Long> skip, int limit) {
        OccurrenceIndexStore store = stores.occurrenceIndex();
        Zones zones = new Zones();
        List<Locked> batch = store.lockOpenBatch(until, skip, limit);
        for (Locked l : batch) {
            Optional<IndexState> after = bringUpToDate(store, l, target, now, zones);
            if (after.isPresent() && !after.get().covers(until)
                    && (after.get().expandedUntil() == null || !after.get().expandedUntil().isAfter(l.state().expandedUntil()))) {
                skip.add(l.state().id());
            }
        }
        return batch.size();
    }

    // ---- one object ----

    /**
     * Brings a locked object's stored occurrences up to date, up to {@code reach}: a stale object
     * is recomputed from its start, an open-ended series extended from its {@code expanded_until}.
     * Returns its state afterwards, empty when nothing more is needed or possible (it is not in a
     * calendar collection, or its stored occurrences must stand as they are).
     */
    private Optional<IndexState> bringUpToDate(OccurrenceIndexStore store, Locked l, Instant reach, Instant now, Zones zones) {
        IndexState s = l.state();
        if (s.stale()) return recompute(store, l, reach, now, zones);
        if (!s.unbounded() || s.expandedUntil() == null || !s.expandedUntil().isBefore(reach)) return Optional.of(s);
        ZoneId zone = zones.recorded(s);
        if (zone == null) return Optional.of(s);
        Steps steps;
        try {
            Calendar calendar = parser.parse(l.ical().getBytes(StandardCharsets.UTF_8));
            steps = expandSteps(calendar, zone, s.expandedUntil(), reach, limits.maxOccurrences(), s);
        } catch (CalendarDataException e) {
            log.warn("occurrence index: cannot extend {} (object {}, calendar {}) past {}: {}", s.uri(), s.id(),
                    s.calendarId(), s.expandedUntil(), e.getMessage());
            return Optional.of(s);
        }
        if (!steps.until().isAfter(s.expandedUntil())) return Optional.of(s);
        List<InstanceRow> rows = steps.occurrences().stream().map(StorableObjects::rowOf).toList();
        if (!store.append(s, rows, steps.until(), steps.unbounded())) return Optional.of(s);
        return Optional.of(new IndexState(s.id(), s.calendarId(), s.uri(), s.uid(), s.componentType(), steps.unbounded(),
                steps.until(), s.expansionVersion(), s.expansionZone()));
    }

    /**
     * Recomputes all occurrences of a stale object, from its start up to the later of where it was
     * expanded, {@code now + horizon} and {@code reach} (or, when that is more than the limits
     * allow, up to where it was expanded), in the zone its calendar prescribes now
     * ({@link OccurrenceZones}). An object this build cannot expand keeps what an older one stored.
     */
    private Optional<IndexState> recompute(OccurrenceIndexStore store, Locked l, Instant reach, Instant now, Zones zones) {
        IndexState s = l.state();
        StoredCalendar calendar = zones.calendar(s.calendarId());
        if (calendar == null || calendar.kind() != CollectionKind.CALENDAR) {
            store.markCurrent(s.id()); // scheduling messages: no occurrences are indexed
            return Optional.empty();
        }
        ZoneId zone = zones.computed(s.calendarId());
        Instant windowEnd = later(later(s.expandedUntil(), now.plus(horizon())), reach);
        OccurrenceExpander.Expansion expansion;
        try {
            Calendar parsed = parser.parse(l.ical().getBytes(StandardCharsets.UTF_8));
            try {
                expansion = expander.expand(parsed, zone, null, windowEnd);
            } catch (CalendarDataException e) {
                if (e.precondition() != CalDavPrecondition.MAX_INSTANCES || s.expandedUntil() == null
                        || !s.expandedUntil().isBefore(windowEnd)) throw e;
                expansion = expander.expand(parsed, zone, null, s.expandedUntil());
            }
        } catch (CalendarDataException | RuntimeException e) {
            log.warn("occurrence index: cannot recompute the occurrences of {} (object {}, calendar {}); keeping the ones "
                    + "an older version stored: {}", s.uri(), s.id(), s.calendarId(), e.getMessage());
            store.markCurrent(s.id());
            return Optional.empty();
        }
        List<Occurrence> occurrences = expansion.occurrences();
        List<InstanceRow> rows = occurrences.stream().map(StorableObjects::rowOf).toList();
        Instant first = occurrences.isEmpty() ? null : occurrences.get(0).start();
        store.replace(s, rows, first, expansion.unbounded() ? null : lastEnd(occurrences), expansion.unbounded(),
                expansion.expandedUntil(), zone.getId());
        return Optional.of(new IndexState(s.id(), s.calendarId(), s.uri(), s.uid(), s.componentType(), expansion.unbounded(),
                expansion.expandedUntil(), io.calroom.schema.store.ExpansionVersion.CURRENT, zone.getId()));
    }

    /** The occurrences of an object in [windowStart, end) by original start that overlap [start, end), not stored. */
    private List<Computed> computeFor(IndexState s, String text, ZoneId zone, Instant windowStart, Instant start, Instant end) {
        Steps steps;
        try {
            Calendar calendar = parser.parse(text.getBytes(StandardCharsets.UTF_8));
            steps = expandSteps(calendar, zone, windowStart, end, limits.maxOccurrences(), s);
        } catch (CalendarDataException e) {
            log.warn("occurrence index: cannot compute the occurrences of {} (object {}, calendar {}) over [{}, {}): {}",
                    s.uri(), s.id(), s.calendarId(), start, end, e.getMessage());
            return List.of();
        }
        List<Computed> out = new ArrayList<>();
        for (Occurrence o : steps.occurrences()) {
            if (overlaps(o.start(), o.end(), start, end)) {
                out.add(new Computed(s.id(), s.calendarId(), s.uid(), s.componentType(), StorableObjects.rowOf(o)));
            }
        }
        return out;
    }

    // ---- expansion in windows ----

    /**
     * Occurrences of a calendar with an original start in [from, ..): as many windows of at most one
     * horizon as fit into [from, to) and {@code cap} occurrences. {@code until} is where the windows
     * stopped, {@code unbounded} whether the series goes on from there.
     */
    public record Steps(List<Occurrence> occurrences, Instant until, boolean unbounded) {}

    /**
     * Expands {@code calendar} in windows from {@code from} (null: from its start, in one window)
     * towards {@code to}; a window the expansion refuses as too dense is halved, down to a day
     * (from the start: refused with {@link CalDavPrecondition#MAX_INSTANCES}). Used for the index
     * and, by the room agent, for a request's own occurrences.
     */
    public Steps expandSteps(Calendar calendar, ZoneId zone, Instant from, Instant to, int cap) throws CalendarDataException {
        return expandSteps(calendar, zone, from, to, cap, null);
    }

    private Steps expandSteps(Calendar calendar, ZoneId zone, Instant from, Instant to, int cap, IndexState forLog)
            throws CalendarDataException {
        List<Occurrence> out = new ArrayList<>();
        if (to.isAfter(LAST_INSTANT)) to = LAST_INSTANT;
        Instant at = from;
        boolean unbounded = true;
        Duration window = horizon();
        while (unbounded && (at == null || at.isBefore(to))) {
            Instant windowEnd = at == null ? to : min(to, at.plus(window));
            OccurrenceExpander.Expansion e;
            try {
                e = expander.expand(calendar, zone, at, windowEnd);
            } catch (CalendarDataException ex) {
                if (ex.precondition() != CalDavPrecondition.MAX_INSTANCES) throw ex;
                if (at == null) throw ex; // from the start: no smaller window to try
                Duration span = Duration.between(at, windowEnd);
                if (span.compareTo(SMALLEST_WINDOW.multipliedBy(2)) < 0) {
                    if (forLog != null) {
                        log.warn("occurrence index: {} (object {}, calendar {}) has too many occurrences after {} to be expanded "
                                + "further: {}", forLog.uri(), forLog.id(), forLog.calendarId(), at, ex.getMessage());
                    }
                    break;
                }
                window = span.dividedBy(2);
                continue;
            }
            if (out.size() + e.occurrences().size() > cap) break;
            out.addAll(e.occurrences());
            unbounded = e.unbounded();
            at = e.expandedUntil();
            window = horizon();
        }
        return new Steps(out, at == null ? from : at, unbounded);
    }

    // ---- helpers ----

    /** Zones and calendars of one call, each looked up once. */
    private final class Zones {
        private final Map<Long, Optional<StoredCalendar>> calendars = new HashMap<>();
        private final Map<Long, ZoneId> computed = new HashMap<>();


        StoredCalendar calendar(long id) {
            return calendars.computeIfAbsent(id, k -> stores.collections().calendarById(k)).orElse(null);
        }

        /** The zone the calendar prescribes now ({@link OccurrenceZones#of}). */
        ZoneId computed(long calendarId) {
            return computed.computeIfAbsent(calendarId, k -> {
                StoredCalendar c = calendar(k);
                return c == null ? null : OccurrenceZones.of(stores, c);
            });
        }

        /** The zone an object's stored occurrences were computed in, or the calendar's when none is recorded. */
        ZoneId recorded(IndexState s) {
            if (s.expansionZone() != null) {
                try {
                    return ZoneId.of(s.expansionZone());
                } catch (DateTimeException e) {
                    log.warn("occurrence index: object {} records the unknown zone '{}'", s.id(), s.expansionZone());
                }
            }
            return computed(s.calendarId());
        }
    }

    private static Instant lastEnd(List<Occurrence> occurrences) {
        Instant last = null;
        for (Occurrence o : occurrences) {
            if (o.end() == null) return null;
            if (last == null || o.end().isAfter(last)) last = o.end();
        }
        return last;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }
}
