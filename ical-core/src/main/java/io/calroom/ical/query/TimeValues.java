package io.calroom.ical.query;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarTimeZones;
import io.calroom.ical.IcalDuration;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.property.RDate;

/**
 * Reads DATE, DATE-TIME, DURATION and PERIOD values of one calendar object as the expander does (see
 * {@code io.calroom.ical.TimeContext}): TZIDs through {@link CalendarTimeZones}, floating times and DATEs
 * in the floating zone, local times turned into instants by {@link CalendarTimeZones#toInstant}. Values that cannot
 * be read are {@code null}/empty: the evaluator treats them as matching nothing. Not thread-safe.
 */
final class TimeValues {

    private static final Pattern DATE_TIME =
            Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(?:T(\\d{2})(\\d{2})(\\d{2})(Z)?)?");
    private static final ZoneRules UTC = ZoneOffset.UTC.getRules();

    private final CalendarTimeZones zones;
    private final ZoneRules floating;
    private final Map<String, Optional<ZoneRules>> tzids = new HashMap<>();

    /** @param zones the object's TZIDs, resolved with a shared cache of VTIMEZONE rules */
    TimeValues(CalendarTimeZones zones, ZoneId floatingZone) {
        this.zones = zones;
        this.floating = floatingZone.getRules();
    }

    /** A DATE or DATE-TIME value with the rules its local time is read in. */
    record Value(LocalDateTime local, ZoneRules rules, boolean date) {
        Instant instant() {
            return CalendarTimeZones.toInstant(local, rules);
        }
    }

    /** A DURATION (RFC 5545 §3.3.6): days (weeks × 7) nominal, seconds exact. */
    record Dur(boolean negative, long days, long seconds) {

        /** {@code anchor} plus this duration, days counted in the local time of {@code rules}. */
        Instant addTo(Instant anchor, ZoneRules rules) {
            long sign = negative ? -1 : 1;
            LocalDateTime local = LocalDateTime.ofInstant(anchor, rules.getOffset(anchor));
            return CalendarTimeZones.toInstant(local.plusDays(sign * days), rules).plusSeconds(sign * seconds);
        }

        /** The length with a day counted as 86,400 s. */
        long approxSeconds() {
            return (negative ? -1 : 1) * (days * 86_400 + seconds);
        }
    }

    /** Parses one DATE or DATE-TIME value; {@code null} if it is not one or names an unknown TZID. */
    Value value(String text, String tzid) {
        if (text == null) {
            return null;
        }
        Matcher m = DATE_TIME.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                return new Value(date.atStartOfDay(), floating, true);
            }
            LocalDateTime local = date.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Math.min(59, Integer.parseInt(m.group(6))));
            if (m.group(7) != null) {
                return new Value(local, UTC, false);
            }
            if (tzid != null && !tzid.isBlank()) {
                ZoneRules rules = rules(tzid);
                return rules == null ? null : new Value(local, rules, false);
            }
            return new Value(local, floating, false);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** The first value of property {@code name} of {@code component}, or {@code null}. */
    Value value(Component component, String name) {
        Optional<Property> p = component.getProperty(name);
        return p.isPresent() ? value(p.get()) : null;
    }

    /** The (first) value of a DATE/DATE-TIME property, or {@code null}. */
    Value value(Property p) {
        List<Value> all = values(p);
        return all.isEmpty() ? null : all.get(0);
    }

    /**
     * Every DATE/DATE-TIME value of a property (EXDATE and RDATE hold lists); of a PERIOD its start. Values that
     * cannot be read are left out.
     */
    List<Value> values(Property p) {
        List<Value> out = new ArrayList<>();
        String tzid = parameter(p, Parameter.TZID);
        if (p instanceof RDate<?> rdate && "PERIOD".equalsIgnoreCase(parameter(p, Parameter.VALUE))) {
            // ical4j re-renders RDATE periods without their "Z": read the parsed periods instead
            for (Period<?> period : periods(rdate)) {
                Value v = fromTemporal(period.getStart(), tzid);
                if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        for (String item : text(p).split(",")) {
            int slash = item.indexOf('/');
            Value v = value(slash >= 0 ? item.substring(0, slash) : item, tzid);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** A DURATION value, or {@code null}. */
    static Dur duration(String text) {
        if (text == null) {
            return null;
        }
        try {
            IcalDuration d = IcalDuration.parse(text, "DURATION");
            return new Dur(d.negative(), d.days(), d.seconds());
        } catch (CalendarDataException e) {
            return null;
        }
    }

    /** The DURATION property of {@code component}, or {@code null}. */
    static Dur duration(Component component) {
        return component.getProperty(Property.DURATION).map(p -> duration(text(p))).orElse(null);
    }

    /** A period: [start, end). */
    record Span(Instant start, Instant end) {
    }

    /**
     * The periods of a FREEBUSY property (RFC 5545 §3.8.2.6: comma-separated UTC {@code start/end} or
     * {@code start/duration}); unreadable periods are left out.
     */
    List<Span> periods(Property p) {
        List<Span> out = new ArrayList<>();
        String tzid = parameter(p, Parameter.TZID);
        for (String item : text(p).split(",")) {
            int slash = item.indexOf('/');
            if (slash < 0) {
                continue;
            }
            Value start = value(item.substring(0, slash), tzid);
            if (start == null) {
                continue;
            }
            String second = item.substring(slash + 1).trim();
            Instant s = start.instant();
            Instant e;
            Dur dur = duration(second);
            if (dur != null) {
                e = dur.addTo(s, start.rules());
            } else {
                Value end = value(second, tzid);
                e = end == null ? null : end.instant();
            }
            if (e != null && !e.isBefore(s)) {
                out.add(new Span(s, e));
            }
        }
        return out;
    }

    /** The lengths of the RDATE;VALUE=PERIOD values of {@code component}, in seconds. */
    List<Long> rdatePeriodLengths(Component component) {
        List<Long> out = new ArrayList<>();
        for (Property p : component.getProperties(Property.RDATE)) {
            if (p instanceof RDate<?> rdate && "PERIOD".equalsIgnoreCase(parameter(p, Parameter.VALUE))) {
                String tzid = parameter(p, Parameter.TZID);
                for (Period<?> period : periods(rdate)) {
                    Value s = fromTemporal(period.getStart(), tzid);
                    Value e = fromTemporal(period.getEnd(), tzid);
                    if (s != null && e != null) {
                        out.add(Math.abs(e.instant().getEpochSecond() - s.instant().getEpochSecond()));
                    }
                }
            }
        }
        return out;
    }

    private static List<Period<?>> periods(RDate<?> rdate) {
        try {
            return new ArrayList<>(rdate.getPeriods().orElse(java.util.Set.of()));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private Value fromTemporal(Temporal t, String tzid) {
        try {
            if (t instanceof LocalDate d) {
                return new Value(d.atStartOfDay(), floating, true);
            }
            if (t instanceof LocalDateTime l) {
                if (tzid != null) {
                    ZoneRules rules = rules(tzid);
                    return rules == null ? null : new Value(l, rules, false);
                }
                return new Value(l, floating, false);
            }
            Instant i = t instanceof Instant x ? x
                    : t instanceof OffsetDateTime o ? o.toInstant()
                    : t instanceof ZonedDateTime z ? z.toInstant()
                    : Instant.from(t);
            return new Value(LocalDateTime.ofInstant(i, ZoneOffset.UTC), UTC, false);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private ZoneRules rules(String tzid) {
        return tzids.computeIfAbsent(tzid, id -> {
            try {
                return Optional.of(zones.rules(id));
            } catch (CalendarDataException | RuntimeException e) {
                return Optional.empty();
            }
        }).orElse(null);
    }

    /** A property's value as ical4j gives it, {@code ""} if it has none or cannot be rendered. */
    static String text(Property p) {
        try {
            String v = p.getValue();
            return v == null ? "" : v;
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** A parameter value without surrounding quotes, or {@code null}. */
    static String parameter(Property p, String name) {
        for (Parameter parameter : p.getParameterList().getAll()) {
            if (parameter.getName().equalsIgnoreCase(name)) {
                return unquote(parameter.getValue());
            }
        }
        return null;
    }

    static String unquote(String value) {
        if (value == null) {
            return "";
        }
        String v = value.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }
}
