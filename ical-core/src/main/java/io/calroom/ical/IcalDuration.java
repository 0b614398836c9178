package io.calroom.ical;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.zone.ZoneRules;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DURATION value (RFC 5545 §3.3.6): weeks and days are nominal (a day is the same local time on the next day, 23
 * or 25 hours across a DST change), hours, minutes and seconds are exact. The one parser of DURATION values in the
 * project (validation, expansion, calendar-query and scheduling's comparisons all use it).
 * <p>
 * Lenient where the meaning is clear: weeks combined with days or a time ({@code P1W2D}), which some producers
 * emit, and a {@code T} with nothing after it behind a date part ({@code P1DT} is read as {@code P1D}; many clients
 * and servers write it). Refused: no number at all ({@code P}, {@code PT}, {@code -P}), a time part without
 * {@code T} ({@code P1H}), anything else.
 *
 * @param negative a leading "-"
 * @param days     the nominal part, weeks counted as 7 days
 * @param seconds  the exact part
 */
public record IcalDuration(boolean negative, long days, long seconds) {

    // RFC 5545 dur-value, also with weeks combined with days/time (P1W2D) and a trailing empty T (P1DT)
    private static final Pattern FORMAT = Pattern.compile(
            "([+-])?P(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?");

    /**
     * Parses a DURATION value.
     *
     * @throws CalendarDataException {@link CalDavPrecondition#VALID_CALENDAR_DATA} naming {@code propertyName}
     */
    public static IcalDuration parse(String text, String propertyName) throws CalendarDataException {
        String value = text == null ? "" : text.trim().toUpperCase(java.util.Locale.ROOT);
        Matcher m = FORMAT.matcher(value);
        if (!m.matches() || (m.group(2) == null && m.group(3) == null && m.group(4) == null && m.group(5) == null
                && m.group(6) == null)) {
            throw CalendarDataException.invalidData(propertyName + " has an invalid duration \"" + text
                    + "\" (RFC 5545 §3.3.6)");
        }
        try {
            long weeks = number(m.group(2));
            long days = Math.addExact(Math.multiplyExact(weeks, 7), number(m.group(3)));
            long seconds = Math.addExact(Math.addExact(Math.multiplyExact(number(m.group(4)), 3600),
                    Math.multiplyExact(number(m.group(5)), 60)), number(m.group(6)));
            if (days > 3_000_000 || seconds > 3_000_000L * 86_400) {
                throw CalendarDataException.invalidData(propertyName + " duration is out of range: " + text);
            }
            return new IcalDuration("-".equals(m.group(1)), days, seconds);
        } catch (ArithmeticException | NumberFormatException e) {
            throw CalendarDataException.invalidData(propertyName + " duration is out of range: " + text, e);
        }
    }

    /** RFC 5545 §3.3.6 dur-value exactly (no weeks with days, no empty T, upper case): for values that are refused, not read. */
    private static final Pattern RFC5545_FORM = Pattern.compile(
            "[+-]?P(\\d+W|\\d+D(T(\\d+H(\\d+M(\\d+S)?)?|\\d+M(\\d+S)?|\\d+S))?|T(\\d+H(\\d+M(\\d+S)?)?|\\d+M(\\d+S)?|\\d+S))");
    /** RFC 5545 §3.8.6.3: an absolute TRIGGER is a DATE-TIME in UTC. */
    private static final Pattern UTC_DATE_TIME_FORM = Pattern.compile("\\d{8}T\\d{6}Z");

    /** Whether {@code value} is written exactly as the RFC 5545 §3.3.6 grammar says (stricter than {@link #parse}). */
    public static boolean isRfc5545Form(String value) {
        return RFC5545_FORM.matcher(value).matches();
    }

    /** Whether {@code value} has the form of a UTC DATE-TIME ({@code yyyyMMdd'T'HHmmss'Z'}), the other TRIGGER value type. */
    public static boolean isUtcDateTimeForm(String value) {
        return UTC_DATE_TIME_FORM.matcher(value).matches();
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    /** The signed length with a day counted as 86,400 seconds (for comparing lengths, not for adding them). */
    public long nominalSeconds() {
        long total = days * 86_400 + seconds;
        return negative ? -total : total;
    }

    boolean isZero() {
        return days == 0 && seconds == 0;
    }

    boolean isNegative() {
        return negative && !isZero();
    }

    /** The end of a span of this duration starting at {@code local} in a zone with {@code rules}. */
    Instant addTo(LocalDateTime local, ZoneRules rules) {
        long sign = negative ? -1 : 1;
        Instant afterDays = CalendarTimeZones.toInstant(local.plusDays(sign * days), rules);
        return afterDays.plusSeconds(sign * seconds);
    }
}
