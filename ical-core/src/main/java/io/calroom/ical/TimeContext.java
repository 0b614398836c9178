package io.calroom.ical;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Objects;

/** Turns {@link DateTimeValue}s of one calendar object into instants: TZIDs via its VTIMEZONEs, floating values and
 *  DATEs in the floating zone (the calendar's time zone, RFC 4791 §5.2.2). */
final class TimeContext {

    private static final ZoneRules UTC = ZoneOffset.UTC.getRules();

    private final CalendarTimeZones zones;
    private final ZoneRules floating;

    TimeContext(CalendarTimeZones zones, ZoneId floatingZone) {
        this.zones = Objects.requireNonNull(zones, "zones");
        this.floating = Objects.requireNonNull(floatingZone, "floatingZone").getRules();
    }

    /** The rules in which the local time of {@code value} is read. */
    ZoneRules rulesOf(DateTimeValue value) throws CalendarDataException {
        return switch (value.kind()) {
            case DATE, FLOATING -> floating;
            case UTC -> UTC;
            case ZONED -> zones.rules(value.tzid());
        };
    }

    Instant toInstant(DateTimeValue value) throws CalendarDataException {
        return toInstant(value.local(), rulesOf(value));
    }

    static Instant toInstant(LocalDateTime local, ZoneRules rules) {
        return CalendarTimeZones.toInstant(local, rules);
    }

    /** The local time of {@code instant} in {@code rules}. */
    static LocalDateTime toLocal(Instant instant, ZoneRules rules) {
        return LocalDateTime.ofInstant(instant, rules.getOffset(instant));
    }
}
