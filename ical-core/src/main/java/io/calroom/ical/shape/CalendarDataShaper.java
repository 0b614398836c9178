package io.calroom.ical.shape;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.Occurrence;
import io.calroom.ical.OccurrenceExpander;
import io.calroom.ical.tree.IcalTree;
import io.calroom.ical.VTimeZoneRulesCache;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Shapes a stored calendar object for a CALDAV:calendar-data answer (RFC 4791 §9.6): partial
 * retrieval (§9.6.1-4), expand (§9.6.5: each VEVENT occurrence in the range as its own component
 * with a RECURRENCE-ID, times in UTC, no recurrence rules, no VTIMEZONE), limit-recurrence-set
 * (§9.6.6: the master and the overrides that touch the range) and limit-freebusy-set (§9.6.7).
 * It works on the text tree, so properties the server does not know are kept as stored.
 */
public final class CalendarDataShaper {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
    private static final Set<String> TIME_LINES = Set.of("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RRULE",
            "RDATE", "EXDATE", "EXRULE");
    private static final Instant FAR_FUTURE = Instant.parse("2200-01-01T00:00:00Z");

    private final CalendarObjectParser parser;
    private final OccurrenceExpander expander;
    /** Rules of the VTIMEZONEs of stored objects, by the definition's stored text (a client sends the same few). */
    private final VTimeZoneRulesCache storedZoneRules = new VTimeZoneRulesCache(64);

    public CalendarDataShaper(CalendarObjectLimits limits) {
        this.parser = new CalendarObjectParser(limits);
        this.expander = new OccurrenceExpander(limits);
    }

    public String shape(String ical, CalendarDataSpec spec, ZoneId floatingZone) throws CalendarDataException {
        return shape(ical, spec, floatingZone, null);
    }

    /**
     * @param knownOccurrences the object's occurrences in the expand range as the occurrence table
     *                         holds them, or null to compute them here (when the table does not cover
     *                         the range): with them, expand needs no iCalendar parsing at all
     */
    public String shape(String ical, CalendarDataSpec spec, ZoneId floatingZone, List<Occurrence> knownOccurrences)
            throws CalendarDataException {
        if (spec.isWhole()) return ical;
        IcalTree.Component root = IcalTree.parse(ical);
        if (spec.expand() != null) root = expand(ical, root, spec.expand(), floatingZone, knownOccurrences);
        else if (spec.limitRecurrenceSet() != null) root = limitRecurrenceSet(ical, root, spec.limitRecurrenceSet(), floatingZone);
        if (spec.limitFreebusySet() != null) limitFreebusy(root, spec.limitFreebusySet());
        if (spec.selection() != null) {
            if (!spec.selection().name().equals(root.name())) return "";
            root = select(root, spec.selection());
        }
        return root.text();
    }

    // ---- partial retrieval ----

    static IcalTree.Component select(IcalTree.Component c, CalendarDataSpec.Comp spec) {
        IcalTree.Component out = new IcalTree.Component(c.name());
        for (IcalTree.Line l : c.lines()) if (spec.allProps() || spec.props().contains(l.name())) out.lines().add(l);
        for (IcalTree.Component child : c.children()) {
            if (spec.allComps()) {
                out.children().add(child.copy());
                continue;
            }
            for (CalendarDataSpec.Comp cs : spec.comps()) {
                if (cs.name().equals(child.name())) {
                    out.children().add(select(child, cs));
                    break;
                }
            }
        }
        return out;
    }

    // ---- expand ----

    private IcalTree.Component expand(String ical, IcalTree.Component root, CalendarDataSpec.Range range, ZoneId zone,
                                      List<Occurrence> known) throws CalendarDataException {
        Instant end = range.end() == null ? FAR_FUTURE : range.end();
        List<Occurrence> occurrences = known != null ? known
                : expander.expand(parser.parse(ical.getBytes(StandardCharsets.UTF_8)), zone, null, end).occurrences();
        IcalTree.Component master = null;
        List<IcalTree.Component> overrides = new ArrayList<>();
        String type = null;
        IcalTree.Component out = new IcalTree.Component(root.name());
        out.lines().addAll(root.lines());
        for (IcalTree.Component c : root.children()) {
            if (c.name().equals("VTIMEZONE")) continue;
            if (!c.name().equals("VEVENT")) {
                out.children().add(c.copy()); // only events are expanded; to-dos and journals are returned as stored
                continue;
            }
            type = c.name();
            if (c.line("RECURRENCE-ID") == null) master = c;
            else overrides.add(c);
        }
        if (type == null) return out;
        Map<Instant, IcalTree.Component> overrideByRid = overrideInstants(root, overrides, zone);
        for (Occurrence o : occurrences) {
            if (!overlaps(o, range)) continue;
            IcalTree.Component source = o.recurrenceId() == null ? master : overrideByRid.getOrDefault(o.recurrenceId(), master);
            if (source == null) continue;
            out.children().add(instance(source, o, zone));
        }
        return out;
    }

    private static boolean overlaps(Occurrence o, CalendarDataSpec.Range r) {
        Instant s = o.start(), e = o.end();
        if (s != null && e != null && s.equals(e)) {
            return (r.start() == null || !s.isBefore(r.start())) && (r.end() == null || s.isBefore(r.end()));
        }
        return (r.end() == null || s == null || s.isBefore(r.end())) && (r.start() == null || e == null || e.isAfter(r.start()));
    }

    /** One occurrence as a stand-alone component: the source's lines, with its times in UTC. */
    private static IcalTree.Component instance(IcalTree.Component source, Occurrence o, ZoneId zone) {
        IcalTree.Component c = new IcalTree.Component(source.name());
        c.lines().add(line("DTSTART", o.start(), o.allDay(), zone));
        if (o.end() != null && !o.end().equals(o.start())) c.lines().add(line("DTEND", o.end(), o.allDay(), zone));
        if (o.recurrenceId() != null) c.lines().add(line("RECURRENCE-ID", o.recurrenceId(), o.allDay(), zone));
        for (IcalTree.Line l : source.lines()) if (!TIME_LINES.contains(l.name())) c.lines().add(l);
        for (IcalTree.Component child : source.children()) c.children().add(child.copy());
        return c;
    }

    private static IcalTree.Line line(String name, Instant t, boolean date, ZoneId zone) {
        String raw = date ? name + ";VALUE=DATE:" + DATE.format(LocalDate.ofInstant(t, zone)) : name + ":" + UTC.format(t);
        return new IcalTree.Line(name, raw);
    }

    /** The RECURRENCE-ID instant of each override, resolved with the object's own time zones. */
    private Map<Instant, IcalTree.Component> overrideInstants(IcalTree.Component root, List<IcalTree.Component> overrides,
                                                              ZoneId zone) throws CalendarDataException {
        Map<Instant, IcalTree.Component> fast = overrideInstantsWithoutParsing(root, overrides, zone);
        if (fast != null) return fast;
        Map<Instant, IcalTree.Component> out = new HashMap<>();
        for (IcalTree.Component ov : overrides) {
            IcalTree.Component single = new IcalTree.Component(root.name());
            single.lines().addAll(root.lines());
            for (IcalTree.Component c : root.children()) if (c.name().equals("VTIMEZONE")) single.children().add(c);
            single.children().add(ov);
            var cal = parser.parse(single.text().getBytes(StandardCharsets.UTF_8));
            for (Occurrence o : expander.expand(cal, zone, null, FAR_FUTURE).occurrences()) {
                if (o.recurrenceId() != null) out.put(o.recurrenceId(), ov);
            }
        }
        return out;
    }

    /**
     * The fast way: a RECURRENCE-ID in UTC, floating, as a DATE or with a TZID is read directly: a TZID
     * through the object's own VTIMEZONE when it has one (RFC 5545 §3.6.5: its definition wins; only the
     * VTIMEZONEs are parsed, and their rules come from the shared cache), else as an IANA name; null when
     * a TZID is neither (then the whole object is parsed).
     */
    private Map<Instant, IcalTree.Component> overrideInstantsWithoutParsing(IcalTree.Component root,
                                                                         List<IcalTree.Component> overrides, ZoneId zone) {
        Map<String, IcalTree.Component> defined = new HashMap<>();
        for (IcalTree.Component c : root.children()) {
            if (c.name().equals("VTIMEZONE") && c.line("TZID") != null) {
                defined.putIfAbsent(unquote(c.line("TZID").value()), c);
            }
        }
        Map<Instant, IcalTree.Component> out = new HashMap<>();
        for (IcalTree.Component ov : overrides) {
            IcalTree.Line rid = ov.line("RECURRENCE-ID");
            String head = rid.unfolded();
            head = head.substring(0, head.length() - rid.value().length());
            String value = rid.value().trim();
            java.time.zone.ZoneRules rules = zone.getRules();
            java.util.regex.Matcher tz = TZID_PARAM.matcher(head);
            try {
                if (tz.find() && !value.endsWith("Z") && value.length() > 8) {
                    String tzid = unquote(tz.group(1));
                    IcalTree.Component definition = defined.get(tzid);
                    if (definition != null) {
                        rules = storedRules(root, definition, tzid);
                    } else {
                        java.util.Optional<ZoneId> iana = io.calroom.ical.CalendarTimeZones.ianaZone(tzid);
                        if (iana.isEmpty()) return null;
                        rules = iana.get().getRules();
                    }
                }
                Instant t;
                if (value.length() == 8) t = LocalDate.parse(value, DATE).atStartOfDay(zone).toInstant();
                else if (value.endsWith("Z")) t = Instant.from(UTC.parse(value));
                else t = io.calroom.ical.CalendarTimeZones.toInstant(java.time.LocalDateTime.parse(value, LOCAL), rules);
                out.put(t, ov);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return out;
    }

    /**
     * The rules of one stored VTIMEZONE, parsed (as a VCALENDAR holding only it) the first time its text is seen;
     * throws an unchecked exception, which sends the caller the slow way, if it cannot be read.
     */
    private java.time.zone.ZoneRules storedRules(IcalTree.Component root, IcalTree.Component definition, String tzid) {
        return storedZoneRules.get(definition.text(), () -> {
            IcalTree.Component zoneOnly = new IcalTree.Component(root.name());
            zoneOnly.lines().addAll(root.lines());
            zoneOnly.children().add(definition);
            try {
                return parser.timeZones(parser.parse(zoneOnly.text().getBytes(StandardCharsets.UTF_8))).rules(tzid);
            } catch (CalendarDataException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
    }

    private static String unquote(String v) {
        return v.trim().replace("\"", "").trim();
    }

    private static final java.util.regex.Pattern TZID_PARAM = java.util.regex.Pattern.compile(";TZID=(\"[^\"]*\"|[^;:]*)", java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);

    // ---- limit-recurrence-set and limit-freebusy-set ----

    private IcalTree.Component limitRecurrenceSet(String ical, IcalTree.Component root, CalendarDataSpec.Range range,
                                                  ZoneId zone) throws CalendarDataException {
        List<IcalTree.Component> overrides = new ArrayList<>();
        for (IcalTree.Component c : root.children()) if (c.line("RECURRENCE-ID") != null) overrides.add(c);
        if (overrides.isEmpty()) return root;
        Map<Instant, IcalTree.Component> byRid = overrideInstants(root, overrides, zone);
        var calendar = parser.parse(ical.getBytes(StandardCharsets.UTF_8));
        Set<IcalTree.Component> keep = new java.util.HashSet<>();
        Instant end = range.end() == null ? FAR_FUTURE : range.end();
        for (Occurrence o : expander.expand(calendar, zone, null, end).occurrences()) {
            IcalTree.Component ov = o.recurrenceId() == null ? null : byRid.get(o.recurrenceId());
            if (ov != null && (overlaps(o, range) || inRange(o.recurrenceId(), range))) keep.add(ov);
        }
        IcalTree.Component out = new IcalTree.Component(root.name());
        out.lines().addAll(root.lines());
        for (IcalTree.Component c : root.children()) {
            if (c.line("RECURRENCE-ID") == null || keep.contains(c)) out.children().add(c);
        }
        return out;
    }

    private static boolean inRange(Instant t, CalendarDataSpec.Range r) {
        return (r.start() == null || !t.isBefore(r.start())) && (r.end() == null || t.isBefore(r.end()));
    }

    private static void limitFreebusy(IcalTree.Component root, CalendarDataSpec.Range range) {
        for (IcalTree.Component c : root.children()) {
            if (!c.name().equals("VFREEBUSY")) continue;
            c.lines().removeIf(l -> l.name().equals("FREEBUSY") && !anyPeriodOverlaps(l.value(), range));
        }
    }

    private static boolean anyPeriodOverlaps(String value, CalendarDataSpec.Range range) {
        for (String period : value.split(",")) {
            String[] p = period.split("/");
            if (p.length != 2) return true;
            try {
                Instant s = Instant.from(UTC.parse(p[0].trim()));
                Instant e = p[1].trim().startsWith("P")
                        ? s.plus(java.time.Duration.parse(p[1].trim()))
                        : Instant.from(UTC.parse(p[1].trim()));
                if ((range.end() == null || s.isBefore(range.end())) && (range.start() == null || e.isAfter(range.start()))) return true;
            } catch (RuntimeException ex) {
                return true; // keep what cannot be read rather than lose it
            }
        }
        return false;
    }
}
