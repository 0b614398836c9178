package io.calroom.ical;

import static io.calroom.ical.ComponentProperties.dateTime;
import static io.calroom.ical.ComponentProperties.duration;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.Optional;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;

/**
 * Builds {@link Occurrence}s from components (RFC 4791 §9.9 through {@link TimeRangeRules}): a component on its own
 * (a non-recurring one, or a RECURRENCE-ID override), or one generated instance of a recurring master.
 */
final class OccurrenceMapper {

    private final String type;
    private final TimeContext time;

    OccurrenceMapper(String type, TimeContext time) {
        this.type = type;
        this.time = time;
    }

    /**
     * The instance a component describes with its own properties, or empty for a VJOURNAL without DTSTART
     * (RFC 4791 §9.9: FALSE).
     */
    Optional<Occurrence> standalone(Component component, Instant recurrenceId) throws CalendarDataException {
        Optional<DateTimeValue> dtstart = dateTime(component, Property.DTSTART);
        boolean transparent = transparent(component);
        String status = ComponentProperties.upperText(component, Property.STATUS);
        switch (type) {
            case Component.VEVENT -> {
                DateTimeValue s = dtstart.orElseThrow(() -> CalendarDataException.invalidObject(
                        "VEVENT without DTSTART (RFC 5545 §3.6.1)"));
                Instant start = time.toInstant(s);
                Instant end = veventEnd(component, s, start);
                TimeRangeRules.Range range = TimeRangeRules.vevent(start, end);
                return Optional.of(occurrence(range, recurrenceId, transparent, status, s));
            }
            case Component.VTODO -> {
                Optional<DateTimeValue> due = dateTime(component, Property.DUE);
                if (dtstart.isPresent()) {
                    DateTimeValue s = dtstart.get();
                    Instant start = time.toInstant(s);
                    Optional<IcalDuration> dur = duration(component);
                    TimeRangeRules.Range range;
                    if (due.isPresent()) {
                        range = TimeRangeRules.vtodoStartDue(start, time.toInstant(due.get()));
                    } else if (dur.isPresent()) {
                        range = TimeRangeRules.vtodoStartDuration(start, dur.get().addTo(s.local(), time.rulesOf(s)));
                    } else {
                        range = TimeRangeRules.vtodoStartOnly(start);
                    }
                    return Optional.of(occurrence(range, recurrenceId, false, status, s));
                }
                if (due.isPresent()) {
                    TimeRangeRules.Range range = TimeRangeRules.vtodoDueOnly(time.toInstant(due.get()));
                    return Optional.of(occurrence(range, recurrenceId, false, status, due.get()));
                }
                Instant completed = utc(component, Property.COMPLETED);
                Instant created = utc(component, Property.CREATED);
                TimeRangeRules.Range range = TimeRangeRules.vtodoCompletedCreated(completed, created);
                return Optional.of(new Occurrence(range.start(), range.end(), recurrenceId, false, status, false,
                        false));
            }
            case Component.VJOURNAL -> {
                if (dtstart.isEmpty()) {
                    return Optional.empty();
                }
                DateTimeValue s = dtstart.get();
                Instant start = time.toInstant(s);
                Instant nextDay = s.isDate() ? TimeContext.toInstant(s.local().plusDays(1), time.rulesOf(s)) : null;
                return Optional.of(occurrence(TimeRangeRules.vjournal(start, nextDay), recurrenceId, false, status,
                        s));
            }
            default -> throw new CalendarDataException(CalDavPrecondition.SUPPORTED_CALENDAR_COMPONENT,
                    "component " + type + " cannot be stored");
        }
    }

    private Instant veventEnd(Component component, DateTimeValue s, Instant start) throws CalendarDataException {
        Optional<DateTimeValue> dtend = dateTime(component, Property.DTEND);
        if (dtend.isPresent()) {
            return time.toInstant(dtend.get());
        }
        Optional<IcalDuration> dur = duration(component);
        if (dur.isPresent()) {
            return dur.get().addTo(s.local(), time.rulesOf(s));
        }
        if (s.isDate()) {
            return TimeContext.toInstant(s.local().plusDays(1), time.rulesOf(s));
        }
        return start;
    }

    private Instant utc(Component component, String name) throws CalendarDataException {
        Optional<DateTimeValue> value = dateTime(component, name);
        return value.isPresent() ? time.toInstant(value.get()) : null;
    }

    private static boolean transparent(Component component) {
        return Component.VEVENT.equals(component.getName())
                && "TRANSPARENT".equals(ComponentProperties.upperText(component, Property.TRANSP));
    }

    private static Occurrence occurrence(TimeRangeRules.Range range, Instant recurrenceId, boolean transparent,
                                         String status, DateTimeValue defining) {
        return new Occurrence(range.start(), range.end(), recurrenceId, transparent, status, defining.isDate(),
                defining.isFloating());
    }

    /** The shape of the instances of a recurring master (RFC 5545 §3.8.5.3: how each instance's end is derived). */
    Template template(Component master) throws CalendarDataException {
        DateTimeValue dtstart = dateTime(master, Property.DTSTART).orElseThrow(() ->
                CalendarDataException.invalidObject(type + " with RRULE or RDATE but without DTSTART"));
        Instant start = time.toInstant(dtstart);
        Optional<DateTimeValue> endValue = Component.VEVENT.equals(type) ? dateTime(master, Property.DTEND)
                : Component.VTODO.equals(type) ? dateTime(master, Property.DUE) : Optional.empty();
        Optional<IcalDuration> dur = Component.VJOURNAL.equals(type) ? Optional.empty() : duration(master);
        EndKind kind;
        Duration exact = Duration.ZERO;
        long nominalDays = -1;
        if (endValue.isPresent()) {
            kind = Component.VEVENT.equals(type) ? EndKind.DTEND : EndKind.DUE;
            if (dtstart.isDate() && endValue.get().isDate()) {
                nominalDays = ChronoUnit.DAYS.between(dtstart.date(), endValue.get().date());
            } else {
                exact = Duration.between(start, time.toInstant(endValue.get()));
            }
        } else if (dur.isPresent()) {
            kind = EndKind.DURATION;
        } else {
            kind = EndKind.NONE;
        }
        return new Template(dtstart, start, kind, exact, nominalDays, dur.orElse(null), transparent(master),
                ComponentProperties.upperText(master, Property.STATUS));
    }

    /** How an instance's end is derived from its start. */
    enum EndKind { DTEND, DUE, DURATION, NONE }

    /**
     * The recurring master's DTSTART and end rule. With DTEND/DUE the instance keeps the master's exact duration
     * (for DATE DTSTART and DATE DTEND: the same number of days); with DURATION the same nominal duration.
     */
    record Template(DateTimeValue dtstart, Instant start, EndKind kind, Duration exact, long nominalDays,
                    IcalDuration duration, boolean transparent, String status) {
    }

    /**
     * One generated instance of {@code template}: {@code startValue} is its start as written (the master's DTSTART
     * moved by the rule, or an RDATE value), {@code explicitEnd} the end of an RDATE PERIOD or {@code null}.
     */
    Occurrence generated(Template template, DateTimeValue startValue, Instant start, Instant explicitEnd,
                         Instant recurrenceId) throws CalendarDataException {
        ZoneRules rules = time.rulesOf(startValue);
        TimeRangeRules.Range range;
        switch (type) {
            case Component.VEVENT -> {
                Instant end = explicitEnd != null ? explicitEnd : switch (template.kind()) {
                    case DTEND, DUE -> template.nominalDays() >= 0
                            ? TimeContext.toInstant(startValue.local().plusDays(template.nominalDays()), rules)
                            : start.plus(template.exact());
                    case DURATION -> template.duration().addTo(startValue.local(), rules);
                    case NONE -> startValue.isDate()
                            ? TimeContext.toInstant(startValue.local().plusDays(1), rules) : start;
                };
                if (end.isBefore(start)) {
                    throw CalendarDataException.invalidObject("an instance of the VEVENT ends before it starts");
                }
                range = TimeRangeRules.vevent(start, end);
            }
            case Component.VTODO -> {
                if (explicitEnd != null) {
                    range = TimeRangeRules.vtodoStartDue(start, explicitEnd.isBefore(start) ? start : explicitEnd);
                } else {
                    range = switch (template.kind()) {
                        case DTEND, DUE -> TimeRangeRules.vtodoStartDue(start, template.nominalDays() >= 0
                                ? TimeContext.toInstant(startValue.local().plusDays(template.nominalDays()), rules)
                                : start.plus(template.exact()));
                        case DURATION -> TimeRangeRules.vtodoStartDuration(start,
                                template.duration().addTo(startValue.local(), rules));
                        case NONE -> TimeRangeRules.vtodoStartOnly(start);
                    };
                }
            }
            case Component.VJOURNAL -> range = TimeRangeRules.vjournal(start, startValue.isDate()
                    ? TimeContext.toInstant(startValue.local().plusDays(1), rules) : null);
            default -> throw new CalendarDataException(CalDavPrecondition.SUPPORTED_CALENDAR_COMPONENT,
                    "component " + type + " cannot be stored");
        }
        return new Occurrence(range.start(), range.end(), recurrenceId, template.transparent(), template.status(),
                startValue.isDate(), startValue.isFloating());
    }
}
