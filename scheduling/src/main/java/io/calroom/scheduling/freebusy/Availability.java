package io.calroom.scheduling.freebusy;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.Occurrence;
import io.calroom.ical.OccurrenceExpander;
import io.calroom.ical.tree.IcalTree;
import io.calroom.schema.store.BusyInstance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * RFC 7953 calendar availability: the time a calendar user is not available, to be reported as
 * BUSY-UNAVAILABLE (or the VAVAILABILITY's BUSYTYPE) by free-busy lookups. Each VAVAILABILITY
 * covers its DTSTART–DTEND (or all time); inside it, only its AVAILABLE periods (with their
 * recurrence rules) are free. Overlapping VAVAILABILITY components are combined without their
 * PRIORITY (a simplification: available in any of them is available).
 */
public final class Availability {
    private final CalendarObjectParser parser;
    private final OccurrenceExpander expander;

    public Availability(CalendarObjectParser parser, OccurrenceExpander expander) {
        this.parser = parser;
        this.expander = expander;
    }

    /** Checks that the text is a VCALENDAR holding at least one VAVAILABILITY (for PROPPATCH). */
    public static boolean isValid(String text) {
        try {
            IcalTree.Component root = IcalTree.parse(text);
            return root.name().equals("VCALENDAR") && root.children().stream().anyMatch(c -> c.name().equals("VAVAILABILITY"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The unavailable periods within [start, end). */
    public List<BusyInstance> unavailable(String text, Instant start, Instant end) {
        if (text == null || text.isBlank()) return List.of();
        IcalTree.Component root;
        try {
            root = IcalTree.parse(text);
        } catch (RuntimeException e) {
            return List.of();
        }
        List<IcalTree.Component> zones = root.children().stream().filter(c -> c.name().equals("VTIMEZONE")).toList();
        List<Instant[]> covered = new ArrayList<>();
        List<Instant[]> available = new ArrayList<>();
        String busyType = "BUSY-UNAVAILABLE";
        for (IcalTree.Component va : root.children()) {
            if (!va.name().equals("VAVAILABILITY")) continue;
            IcalTree.Line bt = va.line("BUSYTYPE");
            if (bt != null && !bt.value().isBlank()) busyType = bt.value().trim().toUpperCase(java.util.Locale.ROOT);
            Instant[] span = span(root, zones, va, start, end);
            if (span == null) continue;
            covered.add(span);
            for (IcalTree.Component av : va.children()) {
                if (av.name().equals("AVAILABLE")) available.addAll(periods(root, zones, av, span[0], span[1]));
            }
        }
        List<BusyInstance> out = new ArrayList<>();
        for (Instant[] c : covered) {
            for (Instant[] gap : subtract(c, available)) out.add(new BusyInstance(gap[0], gap[1], busyType));
        }
        return out;
    }

    /** The VAVAILABILITY's own period clipped to [start, end), or null when outside. */
    private Instant[] span(IcalTree.Component root, List<IcalTree.Component> zones, IcalTree.Component va, Instant start, Instant end) {
        Instant s = start, e = end;
        if (va.line("DTSTART") != null) {
            List<Instant[]> p = periods(root, zones, asEvent(va), Instant.MIN.plusSeconds(1), Instant.parse("9999-01-01T00:00:00Z"));
            if (p.isEmpty()) return null;
            if (p.get(0)[0].isAfter(s)) s = p.get(0)[0];
            if (va.line("DTEND") != null || va.line("DURATION") != null) {
                if (p.get(0)[1].isBefore(e)) e = p.get(0)[1];
            }
        }
        return s.isBefore(e) ? new Instant[]{s, e} : null;
    }

    /** A component with DTSTART, DTEND/DURATION and recurrence rules, expanded over [from, to). */
    private List<Instant[]> periods(IcalTree.Component root, List<IcalTree.Component> zones, IcalTree.Component c, Instant from, Instant to) {
        IcalTree.Component cal = new IcalTree.Component("VCALENDAR");
        cal.lines().add(new IcalTree.Line("VERSION", "VERSION:2.0"));
        cal.lines().add(new IcalTree.Line("PRODID", "PRODID:-//Calroom//availability//EN"));
        cal.children().addAll(zones);
        IcalTree.Component event = c.name().equals("VEVENT") ? c : asEvent(c);
        cal.children().add(event);
        try {
            var parsed = parser.parse(cal.text().getBytes(StandardCharsets.UTF_8));
            Instant windowStart = from.isAfter(Instant.parse("1900-01-01T00:00:00Z")) ? from : null;
            List<Occurrence> occ = expander.expand(parsed, ZoneOffset.UTC, null, to).occurrences();
            List<Instant[]> out = new ArrayList<>();
            for (Occurrence o : occ) {
                if (o.start() == null || o.end() == null) continue;
                Instant s = o.start(), e = o.end();
                if (windowStart != null && !e.isAfter(windowStart)) continue;
                if (!s.isBefore(to)) continue;
                out.add(new Instant[]{s, e});
            }
            return out;
        } catch (CalendarDataException e) {
            return List.of();
        }
    }

    /** The same content lines as a VEVENT (RFC 7953's components share VEVENT's time properties). */
    private static IcalTree.Component asEvent(IcalTree.Component c) {
        IcalTree.Component e = new IcalTree.Component("VEVENT");
        for (IcalTree.Line l : c.lines()) {
            if (l.name().equals("BUSYTYPE") || l.name().equals("PRIORITY")) continue;
            e.lines().add(l);
        }
        if (e.line("UID") == null) e.lines().add(new IcalTree.Line("UID", "UID:availability-" + Integer.toHexString(c.text().hashCode())));
        if (e.line("DTSTAMP") == null) e.lines().add(new IcalTree.Line("DTSTAMP", "DTSTAMP:20000101T000000Z"));
        return e;
    }

    /** The parts of {@code span} not covered by any of {@code holes}. */
    static List<Instant[]> subtract(Instant[] span, List<Instant[]> holes) {
        List<Instant[]> sorted = holes.stream().sorted(Comparator.comparing(h -> h[0])).toList();
        List<Instant[]> out = new ArrayList<>();
        Instant cursor = span[0];
        for (Instant[] h : sorted) {
            if (!h[1].isAfter(cursor)) continue;
            if (!h[0].isBefore(span[1])) break;
            if (h[0].isAfter(cursor)) out.add(new Instant[]{cursor, h[0]});
            if (h[1].isAfter(cursor)) cursor = h[1];
        }
        if (cursor.isBefore(span[1])) out.add(new Instant[]{cursor, span[1]});
        return out;
    }
}
