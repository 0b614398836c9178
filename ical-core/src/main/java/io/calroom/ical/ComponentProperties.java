package io.calroom.ical;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.property.RDate;

/**
 * Reads the time-related properties of an ical4j {@link Component} as written, and parses them strictly with
 * {@link DateTimeValue} and {@link IcalDuration}. ical4j's own typed accessors are avoided for TZID values: they
 * go through its global time-zone registry (see {@link CalendarTimeZones}).
 */
final class ComponentProperties {

    private ComponentProperties() {
    }

    static int count(Component component, String name) {
        return component.getProperties(name).size();
    }

    static boolean has(Component component, String name) {
        return !component.getProperties(name).isEmpty();
    }

    /** The first value of a text property, or {@code null}. */
    static String text(Component component, String name) {
        Optional<Property> property = component.getProperty(name);
        return property.map(Property::getValue).orElse(null);
    }

    /** The first value of a text property in upper case, or {@code null}. */
    static String upperText(Component component, String name) {
        String value = text(component, name);
        return value == null ? null : value.trim().toUpperCase(Locale.ROOT);
    }

    static Optional<DateTimeValue> dateTime(Component component, String name) throws CalendarDataException {
        Optional<Property> property = component.getProperty(name);
        if (property.isEmpty()) {
            return Optional.empty();
        }
        Property p = property.get();
        return Optional.of(DateTimeValue.parse(valueOf(p), parameter(p, Parameter.TZID),
                parameter(p, Parameter.VALUE), name));
    }

    static Optional<IcalDuration> duration(Component component) throws CalendarDataException {
        Optional<Property> property = component.getProperty(Property.DURATION);
        if (property.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(IcalDuration.parse(valueOf(property.get()), Property.DURATION));
    }

    /** All values of all EXDATE (or RDATE without VALUE=PERIOD) properties. */
    static List<DateTimeValue> dateList(Component component, String name) throws CalendarDataException {
        List<DateTimeValue> values = new ArrayList<>();
        for (Property p : component.getProperties(name)) {
            if (isPeriodList(p)) {
                continue;
            }
            String tzid = parameter(p, Parameter.TZID);
            String valueParam = parameter(p, Parameter.VALUE);
            for (String item : valueOf(p).split(",")) {
                if (!item.isBlank()) {
                    values.add(DateTimeValue.parse(item, tzid, valueParam, name));
                }
            }
        }
        return values;
    }

    /** RDATE;VALUE=PERIOD values (RFC 5545 §3.8.5.2): start and explicit end. */
    static List<PeriodValue> rdatePeriods(Component component) throws CalendarDataException {
        List<PeriodValue> values = new ArrayList<>();
        for (Property p : component.getProperties(Property.RDATE)) {
            if (!isPeriodList(p) || !(p instanceof RDate<?> rdate)) {
                continue;
            }
            String tzid = parameter(p, Parameter.TZID);
            try {
                for (Period<?> period : rdate.getPeriods().orElse(java.util.Set.of())) {
                    values.add(new PeriodValue(fromTemporal(period.getStart(), tzid),
                            fromTemporal(period.getEnd(), tzid)));
                }
            } catch (RuntimeException e) {
                throw CalendarDataException.invalidData("RDATE has an invalid PERIOD value: " + e.getMessage(), e);
            }
        }
        return values;
    }

    /**
     * The RRULE values (RFC 5545 §3.8.5.3; more than one is deprecated but still read), parsed from their text by
     * {@link RecurrenceRule#parse}.
     */
    static List<RecurrenceRule> rrules(Component component) throws CalendarDataException {
        List<RecurrenceRule> rules = new ArrayList<>();
        for (Property p : component.getProperties(Property.RRULE)) {
            rules.add(RecurrenceRule.parse(valueOf(p)));
        }
        return rules;
    }

    private static boolean isPeriodList(Property p) {
        String value = parameter(p, Parameter.VALUE);
        return value != null && value.equalsIgnoreCase("PERIOD");
    }

    private static DateTimeValue fromTemporal(Temporal temporal, String tzid) throws CalendarDataException {
        if (temporal instanceof LocalDate date) {
            return DateTimeValue.date(date);
        }
        if (temporal instanceof LocalDateTime local) {
            return tzid != null ? new DateTimeValue(DateTimeValue.Kind.ZONED, local, CalendarTimeZones.unquote(tzid))
                    : new DateTimeValue(DateTimeValue.Kind.FLOATING, local, null);
        }
        Instant instant;
        if (temporal instanceof Instant i) {
            instant = i;
        } else if (temporal instanceof OffsetDateTime o) {
            instant = o.toInstant();
        } else if (temporal instanceof ZonedDateTime z) {
            instant = z.toInstant();
        } else {
            throw CalendarDataException.invalidData("unsupported PERIOD value " + temporal);
        }
        return new DateTimeValue(DateTimeValue.Kind.UTC, LocalDateTime.ofInstant(instant, ZoneOffset.UTC), null);
    }

    private static String valueOf(Property p) throws CalendarDataException {
        try {
            String value = p.getValue();
            return value == null ? "" : value;
        } catch (RuntimeException e) {
            throw CalendarDataException.invalidData(p.getName() + " has an invalid value: " + e.getMessage(), e);
        }
    }

    /** A parameter value without quotes, or {@code null}. */
    static String parameter(Property p, String name) {
        Optional<Parameter> parameter = p.getParameter(name);
        return parameter.map(value -> CalendarTimeZones.unquote(value.getValue())).orElse(null);
    }

    /** An RDATE;VALUE=PERIOD value. */
    record PeriodValue(DateTimeValue start, DateTimeValue end) {
    }
}
