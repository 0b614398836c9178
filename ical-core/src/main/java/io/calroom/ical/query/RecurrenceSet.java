package io.calroom.ical.query;

import io.calroom.ical.CalDavPrecondition;
import io.calroom.ical.CalendarDataException;
import io.calroom.ical.Occurrence;
import io.calroom.ical.OccurrenceExpander;
import java.time.Instant;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;

/**
 * The VEVENT, VTODO or VJOURNAL components of one UID in one scope: an optional master and its RECURRENCE-ID
 * overrides (RFC 5545 §3.8.4.4). Instances come from {@link OccurrenceExpander}; this class only chooses the windows
 * it is asked for, so that evaluation stays bounded.
 *
 * <h2>Windows</h2>
 * An override is always evaluated on its own (its instance is where its own DTSTART/DTEND/DUE put it, whatever
 * window its RECURRENCE-ID falls in). The instances the master generates (those not replaced by an override) are
 * searched in a window of instance starts derived from the query range: the range widened by the longest instance
 * (DTEND−DTSTART, DURATION, RDATE periods, plus two days of slack for nominal days and DST) and, for alarms, by the
 * trigger offsets. For a range open towards the future an expansion that is {@link OccurrenceExpander.Expansion#unbounded()
 * unbounded} proves an instance after the window, hence a match.
 *
 * <h2>Limits</h2>
 * The expander refuses (CALDAV:max-instances) windows with more than {@code maxOccurrences} instances or rules that
 * are too expensive. Such a window is halved, depth first, until a part can be expanded; the number of refused
 * expansions per evaluation is bounded ({@link FilterEvaluation#spendRefusal()}). When that budget runs out the answer is
 * undecided ({@code null}), which callers count as a match: only recurrences dense enough to exceed the limits inside
 * the query range get there.
 */
final class RecurrenceSet {

    static final Instant FAR_PAST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");
    static final long SLACK_SECONDS = 2 * 86_400;
    private static final int MAX_DEPTH = 40;

    /** The instants an alarm of an instance is anchored at (RFC 5545 §3.8.6.3), with the rules of their zones. */
    record Anchor(Instant start, Instant end, ZoneRules startRules, ZoneRules endRules) {
    }

    private final FilterEvaluation evaluation;
    private final String type;
    private final Component master;
    private final List<Component> overrides;
    private final List<Component> members;

    private Calendar calendar;
    private Set<Instant> overrideRids;
    private List<Occurrence> overrideOccurrences;
    private boolean spanComputed;
    private Long span;
    private final Map<List<Instant>, Object> expansions = new HashMap<>();

    RecurrenceSet(FilterEvaluation evaluation, String type, Component master, List<Component> overrides) {
        this.evaluation = evaluation;
        this.type = type;
        this.master = master;
        this.overrides = List.copyOf(overrides);
        List<Component> all = new ArrayList<>();
        if (master != null) {
            all.add(master);
        }
        all.addAll(overrides);
        this.members = List.copyOf(all);
    }

    /** The master (if any) first, then the overrides. */
    List<Component> members() {
        return members;
    }

    boolean isRecurringMaster(Component c) {
        return c == master && isRecurring(master);
    }

    private static boolean isRecurring(Component c) {
        return !c.getProperties(Property.RRULE).isEmpty() || !c.getProperties(Property.RDATE).isEmpty();
    }

    /** RFC 4791 §9.9: does any instance of the set overlap {@code [qs, qe)}? {@code null}: undecided. */
    Boolean overlaps(Instant qs, Instant qe) {
        for (Occurrence o : overrideOccurrences()) {
            if (overlaps(o, qs, qe)) {
                return Boolean.TRUE;
            }
        }
        if (master == null) {
            return Boolean.FALSE;
        }
        Long margin = span();
        Predicate<Occurrence> test = o -> overlaps(o, qs, qe);
        if (qs == null && qe != null && margin != null && isRecurring(master)) {
            // open towards the past: the first instances usually decide, try them before the whole history
            TimeValues.Value start = evaluation.values().value(master, Property.DTSTART);
            Instant probeEnd = start == null ? null : minus(start.instant(), -margin);
            if (probeEnd != null && probeEnd.isBefore(qe)
                    && Boolean.TRUE.equals(searchGenerated(null, probeEnd, false, test))) {
                return Boolean.TRUE;
            }
        }
        Instant ws = qs == null || margin == null ? null : minus(qs, margin);
        return searchGenerated(ws, windowEnd(qs, qe, 0), qe == null, test);
    }

    /**
     * An occurrence as the store intersects it ({@link Occurrence}): {@code [start, end)}, or the point
     * {@code [start, start]}; {@code null} bounds are infinite.
     */
    static boolean overlaps(Occurrence o, Instant qs, Instant qe) {
        if (o.isPoint()) {
            Instant p = o.start();
            return (qs == null || !qs.isAfter(p)) && (qe == null || p.isBefore(qe));
        }
        return (qs == null || o.end() == null || qs.isBefore(o.end()))
                && (qe == null || o.start() == null || o.start().isBefore(qe));
    }

    /**
     * Searches the instances of member {@code c} for one whose anchor passes {@code test}. For a recurring master:
     * the instances it generates (not replaced by an override) starting in {@code [ws, we)}, and with
     * {@code openEnded} any instance after {@code we} passes; for an override or a non-recurring master: its one
     * instance, read from its own properties. {@code null}: undecided within the limits.
     */
    Boolean searchAnchors(Component c, Instant ws, Instant we, boolean openEnded, Predicate<Anchor> test) {
        if (!isRecurringMaster(c)) {
            if (c == master) {
                // a non-recurring master has its one instance unless an override replaces it
                Boolean present = searchGenerated(null, FAR_PAST, false, o -> true);
                if (!Boolean.TRUE.equals(present)) {
                    return present;
                }
            }
            Anchor a = evaluation.standaloneAnchor(c);
            return a != null && test.test(a);
        }
        TimeValues.Value start = evaluation.values().value(master, Property.DTSTART);
        if (start == null) {
            return Boolean.FALSE;
        }
        ZoneRules rules = start.rules();
        return searchGenerated(ws, we, openEnded, o -> test.test(anchorOf(o, rules)));
    }

    /** The anchors of a generated instance: the expander's occurrence with the §9.9 adjustments undone. */
    private Anchor anchorOf(Occurrence o, ZoneRules rules) {
        Instant start = o.recurrenceId() != null ? o.recurrenceId() : o.start();
        Instant end = switch (type) {
            case "VEVENT" -> o.end();
            // VTODO occurrences are [S, DUE), [S, S+DUR+1µs), [S-1µs, S+1µs) or the point [S, S] (no end): the
            // values are whole seconds, so the end second is the DUE (or DTSTART+DURATION)
            case "VTODO" -> o.end() == null || o.isPoint() ? null : Instant.ofEpochSecond(o.end().getEpochSecond());
            default -> null;
        };
        return new Anchor(start, end, rules, rules);
    }

    /**
     * The largest (end − start) of an instance the master generates, in seconds, plus {@link #SLACK_SECONDS};
     * {@code null} if it cannot be told.
     */
    Long span() {
        if (!spanComputed) {
            spanComputed = true;
            span = computeSpan();
        }
        return span;
    }

    private Long computeSpan() {
        if (master == null) {
            return null;
        }
        TimeValues values = evaluation.values();
        TimeValues.Value start = values.value(master, Property.DTSTART);
        if (start == null) {
            return null;
        }
        long length = 0;
        String endName = switch (type) {
            case "VEVENT" -> Property.DTEND;
            case "VTODO" -> Property.DUE;
            default -> null;
        };
        if (endName != null && !master.getProperties(endName).isEmpty()) {
            TimeValues.Value end = values.value(master, endName);
            if (end == null) {
                return null;
            }
            length = Math.abs(end.instant().getEpochSecond() - start.instant().getEpochSecond());
        } else if (endName != null && !master.getProperties(Property.DURATION).isEmpty()) {
            TimeValues.Dur dur = TimeValues.duration(master);
            if (dur == null) {
                return null;
            }
            length = Math.abs(dur.approxSeconds());
        } else if (start.date() && !"VTODO".equals(type)) {
            length = 86_400;
        }
        for (long l : values.rdatePeriodLengths(master)) {
            length = Math.max(length, l);
        }
        return length + SLACK_SECONDS;
    }

    /** The exclusive end of a window of instance starts for the range {@code [qs, qe)} moved back by shift. */
    Instant windowEnd(Instant qs, Instant qe, long shiftSeconds) {
        Instant base = qe != null ? qe : qs;
        if (base == null) {
            TimeValues.Value start = master == null ? null : evaluation.values().value(master, Property.DTSTART);
            base = start == null ? FAR_PAST : start.instant();
        }
        return minus(base, shiftSeconds - 1);
    }

    /** {@code t - seconds}, kept within years 1..9999. */
    static Instant minus(Instant t, long seconds) {
        Instant r;
        try {
            r = t.minusSeconds(seconds);
        } catch (RuntimeException e) {
            r = seconds > 0 ? FAR_PAST : FAR_FUTURE;
        }
        return r.isBefore(FAR_PAST) ? FAR_PAST : r.isAfter(FAR_FUTURE) ? FAR_FUTURE : r;
    }

    /**
     * Searches the instances the master generates (those no override replaces) that start in {@code [ws, we)};
     * RDATEs and overrides the expander adds outside the window are harmless. TRUE, FALSE or {@code null}
     * (undecided within the limits).
     */
    Boolean searchGenerated(Instant ws, Instant we, boolean openEnded, Predicate<Occurrence> test) {
        if (master == null) {
            return Boolean.FALSE;
        }
        if (!isRecurring(master)) {
            ws = null; // one instance whatever the window: expand once
            we = FAR_PAST;
            openEnded = false;
        }
        return search(ws, we, openEnded, test, 0);
    }

    private Boolean search(Instant ws, Instant we, boolean openEnded, Predicate<Occurrence> test, int depth) {
        Object outcome = expansion(ws, we);
        if (outcome instanceof OccurrenceExpander.Expansion e) {
            Set<Instant> rids = overrideRids();
            for (Occurrence o : e.occurrences()) {
                boolean generated = o.recurrenceId() == null || !rids.contains(o.recurrenceId());
                if (generated && test.test(o)) {
                    return Boolean.TRUE;
                }
            }
            return openEnded && e.unbounded() ? Boolean.TRUE : Boolean.FALSE;
        }
        if (outcome != CalDavPrecondition.MAX_INSTANCES) {
            return Boolean.FALSE; // the component cannot be interpreted: it matches no time-range
        }
        if (depth >= MAX_DEPTH || !evaluation.spendRefusal()) {
            return null;
        }
        Instant low = ws;
        if (low == null) {
            TimeValues.Value start = evaluation.values().value(master, Property.DTSTART);
            low = start == null ? null : start.instant();
        }
        if (low == null || !low.isBefore(we) || we.getEpochSecond() - low.getEpochSecond() < 2) {
            return null;
        }
        Instant mid = low.plusSeconds((we.getEpochSecond() - low.getEpochSecond()) / 2);
        Boolean first = search(ws, mid, false, test, depth + 1);
        if (Boolean.TRUE.equals(first)) {
            return Boolean.TRUE;
        }
        Boolean second = search(mid, we, openEnded, test, depth + 1);
        if (Boolean.TRUE.equals(second)) {
            return Boolean.TRUE;
        }
        return first == null || second == null ? null : Boolean.FALSE;
    }

    /** The expansion of the whole set over a window (cached), or the precondition that refused it. */
    private Object expansion(Instant ws, Instant we) {
        List<Instant> key = new ArrayList<>(2);
        key.add(ws);
        key.add(we);
        Object cached = expansions.get(key);
        if (cached == null) {
            try {
                cached = evaluation.expand(calendar(), ws, we);
            } catch (CalendarDataException e) {
                cached = e.precondition();
            } catch (RuntimeException e) {
                cached = CalDavPrecondition.VALID_CALENDAR_DATA;
            }
            expansions.put(key, cached);
        }
        return cached;
    }

    private Calendar calendar() {
        if (calendar == null) {
            calendar = evaluation.calendarOf(members);
        }
        return calendar;
    }

    /** The instants of the RECURRENCE-IDs of the overrides, as the expander computes them. */
    private Set<Instant> overrideRids() {
        if (overrideRids == null) {
            Set<Instant> rids = new HashSet<>();
            for (Component o : overrides) {
                TimeValues.Value rid = evaluation.values().value(o, Property.RECURRENCE_ID);
                if (rid != null) {
                    rids.add(rid.instant());
                }
            }
            overrideRids = rids;
        }
        return overrideRids;
    }

    /** Each override's own instance (none for a VJOURNAL override without DTSTART or an unreadable one). */
    private List<Occurrence> overrideOccurrences() {
        if (overrideOccurrences == null) {
            List<Occurrence> out = new ArrayList<>();
            for (Component o : overrides) {
                try {
                    out.addAll(evaluation.expand(evaluation.calendarOf(List.of(o)), null, FAR_PAST).occurrences());
                } catch (CalendarDataException | RuntimeException e) {
                    // unreadable: this override matches no time-range
                }
            }
            overrideOccurrences = out;
        }
        return overrideOccurrences;
    }
}
