package io.calroom.ical;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Expands the components of one calendar object resource into {@link Occurrence}s (RFC 5545 §3.8.5, RFC 4791 §9.9).
 * Pure: no I/O, no clock, no shared mutable state apart from a cache of VTIMEZONE-derived rules.
 *
 * <h2>Recurrence set</h2>
 * DTSTART (always the first instance), the RRULE instances, RDATE values (DATE, DATE-TIME, PERIOD), minus EXDATE
 * values (RFC 5545 §3.8.5.1; a DATE EXDATE on a DATE-TIME series removes the instances of that local day). EXRULE
 * (deprecated by RFC 5545) is ignored. Each RECURRENCE-ID override replaces the instance whose original start equals
 * its RECURRENCE-ID and uses its own DTSTART/DTEND/DURATION/DUE/TRANSP/STATUS; an override that matches no instance
 * is added as an extra instance. RANGE=THISANDFUTURE is treated as a plain override of that one instance.
 *
 * <h2>Window</h2>
 * Instances of a recurring master are generated with an original start in {@code [windowStart, windowEnd)}
 * ({@code windowStart == null}: from DTSTART). If the recurrence continues at or after {@code windowEnd} the
 * expansion is {@link Expansion#unbounded() unbounded} and RDATEs and overrides are windowed the same way, so that
 * consecutive windows partition the set; otherwise every RDATE and override at or after {@code windowStart} is
 * included. A non-recurring component and an object of overrides only (no master) always yield all their
 * occurrences. {@link Expansion#expandedUntil()} is {@code windowEnd}.
 *
 * <h2>Limits</h2>
 * More than {@link CalendarObjectLimits#maxOccurrences()} occurrences is {@link CalDavPrecondition#MAX_INSTANCES};
 * iteration stops as soon as the cap is passed and is bounded for any rule (see {@link RuleIterator}).
 */
public final class OccurrenceExpander {

    private static final Set<String> TYPES = ComponentTypes.ITEMS;

    private static final Comparator<Occurrence> ORDER = Comparator
            .comparing(Occurrence::start, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Occurrence::end, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Occurrence::recurrenceId, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** Windows end here at the latest (RFC 5545 years have four digits). */
    private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T00:00:00Z");

    private final CalendarObjectLimits limits;
    private final VTimeZoneRulesCache zoneCache = new VTimeZoneRulesCache(64);

    public OccurrenceExpander(CalendarObjectLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The outcome of an expansion. */
    public record Expansion(List<Occurrence> occurrences, boolean unbounded, Instant expandedUntil) {
        public Expansion {
            occurrences = List.copyOf(occurrences);
        }
    }

    /** The time-zone resolver for {@code calendar}, sharing this expander's cache of VTIMEZONE rules. */
    public CalendarTimeZones timeZones(Calendar calendar) {
        return CalendarTimeZones.of(calendar, zoneCache);
    }

    /**
     * @param floatingZone zone of floating DATE-TIME and DATE values
     * @param windowStart  start of the window for recurring masters, {@code null} = from DTSTART
     * @param windowEnd    end of the window (exclusive)
     * @throws CalendarDataException VALID_CALENDAR_DATA for values that cannot be read, VALID_CALENDAR_OBJECT_RESOURCE
     *                               for structural errors met while expanding, MAX_INSTANCES past the cap
     */
    public Expansion expand(Calendar calendar, ZoneId floatingZone, Instant windowStart, Instant windowEnd)
            throws CalendarDataException {
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(floatingZone, "floatingZone");
        Objects.requireNonNull(windowEnd, "windowEnd");
        if (windowEnd.isAfter(LAST_INSTANT)) {
            windowEnd = LAST_INSTANT;
        }
        if (windowStart != null && !windowStart.isBefore(windowEnd)) {
            throw new IllegalArgumentException("windowStart " + windowStart + " is not before windowEnd " + windowEnd);
        }
        TimeContext time = new TimeContext(timeZones(calendar), floatingZone);
        List<Component> components = new ArrayList<>();
        for (Component c : calendar.getComponents()) {
            if (TYPES.contains(c.getName())) {
                components.add(c);
            }
        }
        if (components.isEmpty()) {
            return new Expansion(List.of(), false, windowEnd);
        }
        String type = components.get(0).getName();
        OccurrenceMapper mapper = new OccurrenceMapper(type, time);
        Component master = null;
        Map<Instant, Override> overrides = new LinkedHashMap<>();
        for (Component c : components) {
            if (!type.equals(c.getName())) {
                throw CalendarDataException.invalidObject("more than one component type (RFC 4791 §4.1)");
            }
            Optional<DateTimeValue> rid = ComponentProperties.dateTime(c, Property.RECURRENCE_ID);
            if (rid.isEmpty()) {
                if (master != null) {
                    throw CalendarDataException.invalidObject(
                            "more than one component without RECURRENCE-ID (RFC 4791 §4.1)");
                }
                master = c;
            } else {
                Instant ridInstant = time.toInstant(rid.get());
                if (overrides.put(ridInstant, new Override(rid.get(), ridInstant, c)) != null) {
                    throw CalendarDataException.invalidObject("duplicate RECURRENCE-ID " + ridInstant);
                }
            }
        }

        List<Occurrence> out = new ArrayList<>();
        boolean unbounded = false;
        if (master == null) {
            for (Override o : overrides.values()) {
                mapper.standalone(o.component(), o.instant()).ifPresent(out::add);
            }
        } else if (!isRecurring(master) && overrides.isEmpty()) {
            mapper.standalone(master, null).ifPresent(out::add);
        } else {
            unbounded = expandRecurring(master, overrides, mapper, time, windowStart, windowEnd, out);
        }
        if (out.size() > limits.maxOccurrences()) {
            throw tooMany(out.size());
        }
        out.sort(ORDER);
        return new Expansion(out, unbounded, windowEnd);
    }

    private static boolean isRecurring(Component master) {
        return ComponentProperties.has(master, Property.RRULE) || ComponentProperties.has(master, Property.RDATE);
    }

    private boolean expandRecurring(Component master, Map<Instant, Override> overrides, OccurrenceMapper mapper,
                                    TimeContext time, Instant windowStart, Instant windowEnd, List<Occurrence> out)
            throws CalendarDataException {
        OccurrenceMapper.Template template = mapper.template(master);
        DateTimeValue dtstart = template.dtstart();
        ZoneRules rules = time.rulesOf(dtstart);
        Exclusions exclusions = Exclusions.of(ComponentProperties.dateList(master, Property.EXDATE), time);
        boolean recurring = isRecurring(master);
        int cap = limits.maxOccurrences();

        TreeMap<Instant, Instance> instances = new TreeMap<>();
        RuleIterator.Sink sink = (local, start) -> {
            if (exclusions.excludes(start, local)) {
                return;
            }
            if (instances.putIfAbsent(start, new Instance(dtstart.withLocal(local), start, null)) == null
                    && instances.size() > cap) {
                throw tooMany(instances.size());
            }
        };
        boolean unbounded = false;
        List<RecurrenceRule> rrules = ComponentProperties.rrules(master);
        for (RecurrenceRule recur : rrules) {
            unbounded |= RuleIterator.iterate(recur, dtstart, rules, windowStart, windowEnd, sink);
        }
        if (rrules.isEmpty() && (windowStart == null || !template.start().isBefore(windowStart))) {
            sink.accept(dtstart.local(), template.start()); // DTSTART is the first instance (RFC 5545 §3.8.5.2)
        }
        for (DateTimeValue rdate : ComponentProperties.dateList(master, Property.RDATE)) {
            Instant start = time.toInstant(rdate);
            if (inWindow(start, windowStart, windowEnd, unbounded) && !exclusions.excludes(start, rdate.local())) {
                addInstance(instances, new Instance(rdate, start, null), cap);
            }
        }
        for (ComponentProperties.PeriodValue period : ComponentProperties.rdatePeriods(master)) {
            Instant start = time.toInstant(period.start());
            Instant end = time.toInstant(period.end());
            if (end.isBefore(start)) {
                throw CalendarDataException.invalidData("RDATE PERIOD ends before it starts");
            }
            if (inWindow(start, windowStart, windowEnd, unbounded)
                    && !exclusions.excludes(start, period.start().local())) {
                addInstance(instances, new Instance(period.start(), start, end), cap);
            }
        }

        Map<Instant, Override> pending = new LinkedHashMap<>(overrides);
        for (Instance instance : instances.values()) {
            Override override = pending.remove(instance.start());
            if (override == null && !pending.isEmpty() && instance.value().isDate()) {
                override = removeSameDay(pending, instance.value().date());
            }
            Instant recurrenceId = recurring ? instance.start() : null;
            if (override != null) {
                mapper.standalone(override.component(), override.instant()).ifPresent(out::add);
            } else {
                out.add(mapper.generated(template, instance.value(), instance.start(), instance.end(), recurrenceId));
            }
        }
        for (Override extra : pending.values()) {
            if (inWindow(extra.instant(), windowStart, windowEnd, unbounded)) {
                mapper.standalone(extra.component(), extra.instant()).ifPresent(out::add);
                if (out.size() > cap) {
                    throw tooMany(out.size());
                }
            }
        }
        return unbounded;
    }

    /** A DATE instance overridden by a DATE-TIME RECURRENCE-ID on the same day (lenient matching). */
    private static Override removeSameDay(Map<Instant, Override> pending, LocalDate day) {
        for (Map.Entry<Instant, Override> e : pending.entrySet()) {
            if (e.getValue().value().date().equals(day)) {
                return pending.remove(e.getKey());
            }
        }
        return null;
    }

    private static boolean inWindow(Instant start, Instant windowStart, Instant windowEnd, boolean unbounded) {
        return (windowStart == null || !start.isBefore(windowStart)) && (!unbounded || start.isBefore(windowEnd));
    }

    private void addInstance(TreeMap<Instant, Instance> instances, Instance instance, int cap)
            throws CalendarDataException {
        if (instances.putIfAbsent(instance.start(), instance) == null && instances.size() > cap) {
            throw tooMany(instances.size());
        }
    }

    private CalendarDataException tooMany(int count) {
        return CalendarDataException.tooManyInstances("more than " + limits.maxOccurrences()
                + " occurrences in the expansion window (RFC 4791 §5.2.8), stopped at " + count);
    }

    /** A generated instance: its start as written, as instant, and an explicit end (RDATE PERIOD) or null. */
    private record Instance(DateTimeValue value, Instant start, Instant end) {
    }

    /** A RECURRENCE-ID component. */
    private record Override(DateTimeValue value, Instant instant, Component component) {
    }

    /** EXDATE values (RFC 5545 §3.8.5.1). */
    private record Exclusions(Set<Instant> instants, Set<LocalDate> days) {

        static Exclusions of(List<DateTimeValue> values, TimeContext time) throws CalendarDataException {
            Set<Instant> instants = new HashSet<>();
            Set<LocalDate> days = new HashSet<>();
            for (DateTimeValue v : values) {
                instants.add(time.toInstant(v));
                if (v.isDate()) {
                    days.add(v.date());
                }
            }
            return new Exclusions(instants, days);
        }

        boolean excludes(Instant start, LocalDateTime local) {
            return instants.contains(start) || (!days.isEmpty() && days.contains(local.toLocalDate()));
        }
    }
}
