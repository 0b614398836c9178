package io.calroom.ical;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits applied to one calendar object resource.
 *
 * @param maxOccurrences    most recurrence instances one object may have inside its expansion window
 *                          (RFC 4791 §5.2.8 CALDAV:max-instances)
 * @param maxAttendees      most ATTENDEE properties in one component (RFC 4791 §5.2.9 CALDAV:max-attendees-per-instance)
 * @param expansionHorizon  how far past {@code max(now, DTSTART)} open-ended recurrences are expanded
 */
public record CalendarObjectLimits(int maxOccurrences, int maxAttendees, Duration expansionHorizon) {

    public CalendarObjectLimits {
        if (maxOccurrences < 1) {
            throw new IllegalArgumentException("maxOccurrences must be positive: " + maxOccurrences);
        }
        if (maxAttendees < 0) {
            throw new IllegalArgumentException("maxAttendees must not be negative: " + maxAttendees);
        }
        Objects.requireNonNull(expansionHorizon, "expansionHorizon");
        if (expansionHorizon.isNegative() || expansionHorizon.isZero()) {
            throw new IllegalArgumentException("expansionHorizon must be positive: " + expansionHorizon);
        }
    }

    /** 20,000 occurrences, 500 attendees, a horizon of 2 years (730 days). */
    public static CalendarObjectLimits defaults() {
        return new CalendarObjectLimits(20_000, 500, Duration.ofDays(730));
    }
}
