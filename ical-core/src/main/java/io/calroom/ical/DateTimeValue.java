package io.calroom.ical;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DATE or DATE-TIME value as written in the iCalendar text (RFC 5545 §3.3.4, §3.3.5), before any time zone is
 * applied.
 *
 * @param kind  DATE, FLOATING (form #1), UTC (form #2) or ZONED (form #3, with {@code tzid})
 * @param local the written date and time; midnight for a DATE
 * @param tzid  the TZID parameter for ZONED, else {@code null}
 */
record DateTimeValue(Kind kind, LocalDateTime local, String tzid) {

    enum Kind { DATE, FLOATING, UTC, ZONED }

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(?:T(\\d{2})(\\d{2})(\\d{2})(Z)?)?");

    DateTimeValue {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(local, "local");
        if ((kind == Kind.ZONED) != (tzid != null)) {
            throw new IllegalArgumentException("tzid must be given exactly for ZONED values");
        }
    }

    static DateTimeValue date(LocalDate date) {
        return new DateTimeValue(Kind.DATE, date.atStartOfDay(), null);
    }

    /**
     * Parses one value. {@code valueParam} is the VALUE parameter (or {@code null}), {@code tzid} the TZID parameter
     * (or {@code null}); a TZID on a DATE or on a UTC value is ignored, as real clients send such values.
     */
    static DateTimeValue parse(String text, String tzid, String valueParam, String propertyName)
            throws CalendarDataException {
        String value = text == null ? "" : text.trim();
        Matcher m = FORMAT.matcher(value);
        if (!m.matches()) {
            throw CalendarDataException.invalidData(propertyName + " has an invalid DATE/DATE-TIME value \""
                    + value + "\" (RFC 5545 §3.3.4, §3.3.5)");
        }
        boolean dateParam = valueParam != null && valueParam.equalsIgnoreCase("DATE");
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                return date(date);
            }
            if (dateParam) {
                throw CalendarDataException.invalidData(propertyName + " has VALUE=DATE but a DATE-TIME value \""
                        + value + "\"");
            }
            int hour = Integer.parseInt(m.group(4));
            int minute = Integer.parseInt(m.group(5));
            int second = Math.min(59, Integer.parseInt(m.group(6))); // RFC 5545 allows 60 for a leap second
            LocalDateTime local = date.atTime(hour, minute, second);
            if (m.group(7) != null) {
                return new DateTimeValue(Kind.UTC, local, null);
            }
            if (tzid != null && !tzid.isBlank()) {
                return new DateTimeValue(Kind.ZONED, local, CalendarTimeZones.unquote(tzid));
            }
            return new DateTimeValue(Kind.FLOATING, local, null);
        } catch (DateTimeException | NumberFormatException e) {
            throw CalendarDataException.invalidData(propertyName + " has an invalid DATE/DATE-TIME value \""
                    + value + "\": " + e.getMessage(), e);
        }
    }

    boolean isDate() {
        return kind == Kind.DATE;
    }

    /** A DATE or a floating DATE-TIME: read in the calendar's floating zone. */
    boolean isFloating() {
        return kind == Kind.DATE || kind == Kind.FLOATING;
    }

    LocalDate date() {
        return local.toLocalDate();
    }

    /** The same kind of value (same zone) at another local time. */
    DateTimeValue withLocal(LocalDateTime other) {
        return new DateTimeValue(kind, kind == Kind.DATE ? other.toLocalDate().atStartOfDay() : other, tzid);
    }
}
