package io.calroom.ical;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static io.calroom.ical.CalendarDataException.invalidData;
import static io.calroom.ical.CalendarDataException.invalidObject;

/**
 * The restrictions RFC 4791 §4.1 puts on a calendar object resource, and the RFC 5545 rules on the properties the
 * server interprets. Checks run in this order and the first failure wins:
 * <ol>
 * <li>VERSION:2.0 present ({@code valid-calendar-data}; a missing PRODID is tolerated);</li>
 * <li>no METHOD property; at least one component besides VTIMEZONE; a single component type (top-level X-
 *     components are ignored) ({@code valid-calendar-object-resource});</li>
 * <li>the type is VEVENT, VTODO or VJOURNAL and one of the collection's supported components
 *     ({@code supported-calendar-component});</li>
 * <li>per component: exactly one UID, the same in all components; at most one of each of DTSTART, DTEND, DUE,
 *     DURATION, RECURRENCE-ID; at most {@link CalendarObjectLimits#maxAttendees()} ATTENDEEs
 *     ({@code max-attendees-per-instance});</li>
 * <li>VEVENT: DTSTART required, not both DTEND and DURATION, DTEND not before DTSTART (equal is accepted as a zero
 *     length event), DURATION not negative; VTODO: not both DUE and DURATION, DURATION only with DTSTART, DUE not
 *     before DTSTART; RRULE/RDATE only with DTSTART ({@code valid-calendar-object-resource});</li>
 * <li>at most one component without RECURRENCE-ID, no RECURRENCE-ID twice ({@code valid-calendar-object-resource}).
 * </li>
 * </ol>
 * Date, duration and TZID values that cannot be read are {@code valid-calendar-data} wherever they are met.
 */
final class CalendarObjectValidator {

    private static final Set<String> STORABLE = ComponentTypes.ITEMS;
    private static final List<String> SINGLE_VALUED = List.of(Property.UID, Property.DTSTART, Property.DTEND,
            Property.DUE, Property.DURATION, Property.RECURRENCE_ID);

    private final CalendarObjectLimits limits;

    CalendarObjectValidator(CalendarObjectLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * @param uid           the object's UID
     * @param componentType VEVENT, VTODO or VJOURNAL
     * @param anchor        the master's DTSTART, else the earliest DTSTART of an override, else {@code null}
     */
    record Result(String uid, String componentType, Instant anchor) {
    }

    Result validate(Calendar calendar, Set<String> allowedComponents, TimeContext time)
            throws CalendarDataException {
        checkCalendarProperties(calendar);
        List<Component> components = new ArrayList<>();
        Set<String> types = new LinkedHashSet<>();
        for (Component c : calendar.getComponents()) {
            String name = c.getName().toUpperCase(Locale.ROOT);
            if (name.equals(Component.VTIMEZONE) || name.startsWith("X-")) {
                continue;
            }
            components.add(c);
            types.add(name);
        }
        if (components.isEmpty()) {
            throw invalidObject("the object contains no calendar component (RFC 4791 §4.1)");
        }
        if (types.size() > 1) {
            throw invalidObject("the object mixes component types " + types + " (RFC 4791 §4.1)");
        }
        String type = types.iterator().next();
        if (!STORABLE.contains(type) || !isAllowed(type, allowedComponents)) {
            throw new CalendarDataException(CalDavPrecondition.SUPPORTED_CALENDAR_COMPONENT,
                    "component " + type + " is not supported by this calendar collection (RFC 4791 §5.3.2.1)");
        }

        String uid = null;
        Instant masterStart = null;
        Instant earliestOverride = null;
        boolean hasMaster = false;
        Set<Instant> recurrenceIds = new HashSet<>();
        for (Component c : components) {
            checkCardinality(c, type);
            String componentUid = ComponentProperties.text(c, Property.UID);
            if (componentUid == null || componentUid.isBlank()) {
                throw invalidObject(type + " without UID (RFC 4791 §4.1)");
            }
            if (uid == null) {
                uid = componentUid;
            } else if (!uid.equals(componentUid)) {
                throw invalidObject("components with different UIDs in one object (RFC 4791 §4.1)");
            }
            Optional<Instant> start = checkTimes(c, type, time);
            Optional<DateTimeValue> rid = ComponentProperties.dateTime(c, Property.RECURRENCE_ID);
            if (rid.isEmpty()) {
                if (hasMaster) {
                    throw invalidObject("more than one " + type + " without RECURRENCE-ID (RFC 4791 §4.1)");
                }
                hasMaster = true;
                masterStart = start.orElse(null);
            } else {
                Instant ridInstant = time.toInstant(rid.get());
                if (!recurrenceIds.add(ridInstant)) {
                    throw invalidObject("RECURRENCE-ID " + ridInstant + " occurs twice (RFC 5545 §3.8.4.4)");
                }
                if (start.isPresent() && (earliestOverride == null || start.get().isBefore(earliestOverride))) {
                    earliestOverride = start.get();
                }
            }
        }
        return new Result(uid, type, hasMaster ? masterStart : earliestOverride);
    }

    private static void checkCalendarProperties(Calendar calendar) throws CalendarDataException {
        List<Property> versions = calendar.getProperties(Property.VERSION);
        if (versions.size() != 1 || !"2.0".equals(versions.get(0).getValue().trim())) {
            throw invalidData("the object needs exactly one VERSION:2.0 property (RFC 5545 §3.7.4)");
        }
        if (!calendar.getProperties(Property.METHOD).isEmpty()) {
            throw invalidObject("a calendar object resource must not have a METHOD property (RFC 4791 §4.1)");
        }
    }

    private static boolean isAllowed(String type, Set<String> allowedComponents) {
        for (String allowed : allowedComponents) {
            if (allowed.equalsIgnoreCase(type)) {
                return true;
            }
        }
        return false;
    }

    private void checkCardinality(Component c, String type) throws CalendarDataException {
        for (String name : SINGLE_VALUED) {
            if (ComponentProperties.count(c, name) > 1) {
                throw invalidObject(type + " has more than one " + name + " (RFC 5545 §3.6)");
            }
        }
        int attendees = ComponentProperties.count(c, Property.ATTENDEE);
        if (attendees > limits.maxAttendees()) {
            throw new CalendarDataException(CalDavPrecondition.MAX_ATTENDEES_PER_INSTANCE, type + " has "
                    + attendees + " ATTENDEE properties, more than " + limits.maxAttendees()
                    + " (RFC 4791 §5.2.9)");
        }
    }

    /** Checks DTSTART/DTEND/DUE/DURATION and returns DTSTART as an instant. */
    private static Optional<Instant> checkTimes(Component c, String type, TimeContext time)
            throws CalendarDataException {
        Optional<DateTimeValue> dtstart = ComponentProperties.dateTime(c, Property.DTSTART);
        Optional<IcalDuration> duration = ComponentProperties.duration(c);
        Instant start = dtstart.isPresent() ? time.toInstant(dtstart.get()) : null;
        boolean recurring = ComponentProperties.has(c, Property.RRULE) || ComponentProperties.has(c, Property.RDATE);
        if (recurring && start == null) {
            throw invalidObject(type + " with RRULE or RDATE needs DTSTART (RFC 5545 §3.8.5.3)");
        }
        switch (type) {
            case Component.VEVENT -> {
                if (start == null) {
                    throw invalidObject("VEVENT without DTSTART (RFC 5545 §3.6.1, RFC 4791 §9.9)");
                }
                Optional<DateTimeValue> dtend = ComponentProperties.dateTime(c, Property.DTEND);
                if (dtend.isPresent() && duration.isPresent()) {
                    throw invalidObject("VEVENT has both DTEND and DURATION (RFC 5545 §3.6.1)");
                }
                if (dtend.isPresent() && time.toInstant(dtend.get()).isBefore(start)) {
                    throw invalidObject("VEVENT DTEND is before DTSTART (RFC 5545 §3.8.2.2)");
                }
                if (duration.isPresent() && duration.get().isNegative()) {
                    throw invalidObject("VEVENT DURATION is negative (RFC 5545 §3.8.2.5)");
                }
            }
            case Component.VTODO -> {
                Optional<DateTimeValue> due = ComponentProperties.dateTime(c, Property.DUE);
                if (due.isPresent() && duration.isPresent()) {
                    throw invalidObject("VTODO has both DUE and DURATION (RFC 5545 §3.6.2)");
                }
                if (duration.isPresent() && start == null) {
                    throw invalidObject("VTODO has DURATION without DTSTART (RFC 5545 §3.6.2)");
                }
                if (duration.isPresent() && duration.get().isNegative()) {
                    throw invalidObject("VTODO DURATION is negative (RFC 5545 §3.8.2.5)");
                }
                if (due.isPresent() && start != null && time.toInstant(due.get()).isBefore(start)) {
                    throw invalidObject("VTODO DUE is before DTSTART (RFC 5545 §3.8.2.3)");
                }
                readUtc(c, Property.COMPLETED, time);
                readUtc(c, Property.CREATED, time);
            }
            default -> {
                // VJOURNAL: DTSTART is optional and has no end
            }
        }
        return Optional.ofNullable(start);
    }

    private static void readUtc(Component c, String name, TimeContext time) throws CalendarDataException {
        Optional<DateTimeValue> value = ComponentProperties.dateTime(c, name);
        if (value.isPresent()) {
            time.toInstant(value.get());
        }
    }
}
