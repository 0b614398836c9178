package io.calroom.ical.query;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A CALDAV:time-range element (RFC 4791 §9.9): {@code start} inclusive, {@code end} exclusive.
 *
 * @param start inclusive start; {@code null} = "-infinity" (attribute absent)
 * @param end   exclusive end; {@code null} = "+infinity" (attribute absent)
 * @throws IllegalArgumentException if both are given and {@code end} is not after {@code start} (RFC 4791 §9.9: "the
 *                                  value of the end attribute MUST be greater than the value of the start attribute";
 *                                  a request parser should answer CALDAV:valid-filter before building the model).
 *                                  Both {@code null} is accepted and means all of time, although RFC 4791 requires
 *                                  the parser to refuse an element without attributes.
 */
public record TimeRange(Instant start, Instant end) {

    private static final DateTimeFormatter UTC_DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", java.util.Locale.ROOT);

    public TimeRange {
        if (start != null && end != null && !end.isAfter(start)) {
            throw new IllegalArgumentException("time-range end " + end + " is not after its start " + start);
        }
    }

    /**
     * Parses the attribute values of a CALDAV:time-range element, iCalendar "date with UTC time" values such as
     * {@code 20060104T000000Z} (RFC 5545 §3.3.5 form #2); {@code null} for an absent attribute.
     *
     * @throws IllegalArgumentException if a value is not a UTC DATE-TIME or the range is empty
     */
    public static TimeRange ofUtc(String start, String end) {
        return new TimeRange(parseUtc(start), parseUtc(end));
    }

    private static Instant parseUtc(String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.trim(), UTC_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an iCalendar UTC date-time (like 20060104T000000Z): " + value, e);
        }
    }

    /** {@code start <= t AND end > t}: the §9.9 condition for a point in time (missing bounds are infinite). */
    public boolean contains(Instant t) {
        return (start == null || !start.isAfter(t)) && (end == null || end.isAfter(t));
    }
}
