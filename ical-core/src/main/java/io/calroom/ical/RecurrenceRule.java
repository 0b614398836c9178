package io.calroom.ical;

import java.time.DayOfWeek;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One RECUR value (RFC 5545 §3.3.10) as parsed from the text of an RRULE: no locale, no default time zone, no
 * ical4j. Parsing is strict about the grammar and lenient only where the meaning is clear:
 * <ul>
 * <li>rule part names and values are case-insensitive (RFC 5545 §2), parts may come in any order, blanks around
 *     names and values and empty parts ({@code FREQ=DAILY;}) are ignored;</li>
 * <li>COUNT together with UNTIL (the grammar says MUST NOT) is kept: the rule ends at whichever comes first;</li>
 * <li>{@code RSCALE=GREGORIAN} (RFC 7529) is the calendar used anyway and accepted, with {@code SKIP=OMIT} (its
 *     default); other calendars and SKIP values are refused, as they would change the instances;</li>
 * <li>a part given twice, an unknown part, a value out of its range and a missing FREQ are refused with
 *     {@link CalDavPrecondition#VALID_CALENDAR_DATA}.</li>
 * </ul>
 * How the parts are evaluated is {@link RulePeriods}' business.
 *
 * @param frequency  FREQ
 * @param interval   INTERVAL, at least 1 (default 1)
 * @param count      COUNT, or {@code null}
 * @param until      UNTIL (a DATE, a floating or a UTC DATE-TIME), or {@code null}
 * @param bySecond   BYSECOND, sorted, without duplicates; empty when absent (likewise the other BYxxx lists)
 * @param byMinute   BYMINUTE
 * @param byHour     BYHOUR
 * @param byDay      BYDAY
 * @param byMonthDay BYMONTHDAY (−31…−1, 1…31)
 * @param byYearDay  BYYEARDAY (−366…−1, 1…366)
 * @param byWeekNo   BYWEEKNO (−53…−1, 1…53)
 * @param byMonth    BYMONTH (1…12)
 * @param bySetPos   BYSETPOS (−366…−1, 1…366)
 * @param weekStart  WKST, {@link DayOfWeek#MONDAY} when absent (RFC 5545 §3.3.10: "The default value is MO")
 * @param text       the value as written, for messages
 */
record RecurrenceRule(Frequency frequency, int interval, Integer count, DateTimeValue until,
                      List<Integer> bySecond, List<Integer> byMinute, List<Integer> byHour, List<WeekdayNum> byDay,
                      List<Integer> byMonthDay, List<Integer> byYearDay, List<Integer> byWeekNo,
                      List<Integer> byMonth, List<Integer> bySetPos, DayOfWeek weekStart, String text) {

    /** FREQ values, finest first. */
    enum Frequency {
        SECONDLY(ChronoUnit.SECONDS), MINUTELY(ChronoUnit.MINUTES), HOURLY(ChronoUnit.HOURS), DAILY(ChronoUnit.DAYS),
        WEEKLY(ChronoUnit.WEEKS), MONTHLY(ChronoUnit.MONTHS), YEARLY(ChronoUnit.YEARS);

        final ChronoUnit unit;

        Frequency(ChronoUnit unit) {
            this.unit = unit;
        }

        /** SECONDLY, MINUTELY or HOURLY. */
        boolean isSubDaily() {
            return compareTo(DAILY) < 0;
        }
    }

    /**
     * One BYDAY value: a weekday with an optional ordinal ({@code 0} when absent; {@code 1MO} is the first Monday,
     * {@code -1MO} the last one, of the month or year, RFC 5545 §3.3.10).
     */
    record WeekdayNum(int ordinal, DayOfWeek day) {
        @Override
        public String toString() {
            return (ordinal == 0 ? "" : Integer.toString(ordinal)) + CODES.get(day);
        }
    }

    private static final Map<DayOfWeek, String> CODES = new EnumMap<>(Map.of(DayOfWeek.MONDAY, "MO",
            DayOfWeek.TUESDAY, "TU", DayOfWeek.WEDNESDAY, "WE", DayOfWeek.THURSDAY, "TH", DayOfWeek.FRIDAY, "FR",
            DayOfWeek.SATURDAY, "SA", DayOfWeek.SUNDAY, "SU"));

    RecurrenceRule {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(weekStart, "weekStart");
        bySecond = List.copyOf(bySecond);
        byMinute = List.copyOf(byMinute);
        byHour = List.copyOf(byHour);
        byDay = List.copyOf(byDay);
        byMonthDay = List.copyOf(byMonthDay);
        byYearDay = List.copyOf(byYearDay);
        byWeekNo = List.copyOf(byWeekNo);
        byMonth = List.copyOf(byMonth);
        bySetPos = List.copyOf(bySetPos);
        if (interval < 1) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
    }

    /** True when BYDAY, BYMONTHDAY, BYYEARDAY or BYWEEKNO is given: then no day is taken from DTSTART. */
    boolean hasDayParts() {
        return !byDay.isEmpty() || !byMonthDay.isEmpty() || !byYearDay.isEmpty() || !byWeekNo.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * Parses an RRULE value.
     *
     * @throws CalendarDataException {@link CalDavPrecondition#VALID_CALENDAR_DATA} with the reason
     */
    static RecurrenceRule parse(String value) throws CalendarDataException {
        String text = value == null ? "" : value.trim();
        Map<String, String> parts = new java.util.LinkedHashMap<>();
        for (String part : text.split(";", -1)) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw invalid(text, "\"" + part.trim() + "\" is not a NAME=VALUE rule part");
            }
            String name = part.substring(0, eq).trim().toUpperCase(Locale.ROOT);
            String v = part.substring(eq + 1).trim();
            if (v.isEmpty()) {
                throw invalid(text, name + " has no value");
            }
            if (parts.put(name, v) != null) {
                throw invalid(text, name + " is given more than once");
            }
        }
        String freq = parts.remove("FREQ");
        if (freq == null) {
            throw invalid(text, "FREQ is missing");
        }
        Frequency frequency;
        try {
            frequency = Frequency.valueOf(freq.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(text, "FREQ=" + freq + " is not a frequency");
        }
        int interval = 1;
        Integer count = null;
        DateTimeValue until = null;
        List<Integer> bySecond = List.of();
        List<Integer> byMinute = List.of();
        List<Integer> byHour = List.of();
        List<WeekdayNum> byDay = List.of();
        List<Integer> byMonthDay = List.of();
        List<Integer> byYearDay = List.of();
        List<Integer> byWeekNo = List.of();
        List<Integer> byMonth = List.of();
        List<Integer> bySetPos = List.of();
        DayOfWeek weekStart = DayOfWeek.MONDAY;
        for (Map.Entry<String, String> part : parts.entrySet()) {
            String v = part.getValue();
            switch (part.getKey()) {
                case "INTERVAL" -> interval = number(text, "INTERVAL", v, 1, Integer.MAX_VALUE);
                case "COUNT" -> count = number(text, "COUNT", v, 1, Integer.MAX_VALUE);
                case "UNTIL" -> until = DateTimeValue.parse(v, null, null, "RRULE UNTIL");
                case "BYSECOND" -> bySecond = numbers(text, "BYSECOND", v, 0, 60, false);
                case "BYMINUTE" -> byMinute = numbers(text, "BYMINUTE", v, 0, 59, false);
                case "BYHOUR" -> byHour = numbers(text, "BYHOUR", v, 0, 23, false);
                case "BYMONTHDAY" -> byMonthDay = numbers(text, "BYMONTHDAY", v, 1, 31, true);
                case "BYYEARDAY" -> byYearDay = numbers(text, "BYYEARDAY", v, 1, 366, true);
                case "BYWEEKNO" -> byWeekNo = numbers(text, "BYWEEKNO", v, 1, 53, true);
                case "BYMONTH" -> byMonth = numbers(text, "BYMONTH", v, 1, 12, false);
                case "BYSETPOS" -> bySetPos = numbers(text, "BYSETPOS", v, 1, 366, true);
                case "BYDAY" -> byDay = weekdays(text, v);
                case "WKST" -> weekStart = weekday(text, "WKST", v);
                case "RSCALE" -> {
                    if (!v.equalsIgnoreCase("GREGORIAN")) {
                        throw invalid(text, "RSCALE=" + v + " is not supported (only GREGORIAN, RFC 7529)");
                    }
                }
                case "SKIP" -> {
                    if (!v.equalsIgnoreCase("OMIT")) {
                        throw invalid(text, "SKIP=" + v + " is not supported (only OMIT, RFC 7529)");
                    }
                }
                default -> throw invalid(text, "unknown rule part " + part.getKey());
            }
        }
        if (until != null && until.kind() == DateTimeValue.Kind.ZONED) {
            throw invalid(text, "UNTIL cannot carry a time zone");
        }
        return new RecurrenceRule(frequency, interval, count, until, bySecond, byMinute, byHour, byDay, byMonthDay,
                byYearDay, byWeekNo, byMonth, bySetPos, weekStart, text);
    }

    private static int number(String text, String name, String v, int min, int max) throws CalendarDataException {
        if (!isDigits(v)) {
            throw invalid(text, name + "=" + v + " is not a positive integer");
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            n = Long.MAX_VALUE;
        }
        if (n < min) {
            throw invalid(text, name + "=" + v + " must be at least " + min);
        }
        return (int) Math.min(n, max);
    }

    /** A comma-separated list of integers in {@code [min, max]}, or also {@code [-max, -min]} when signed. */
    private static List<Integer> numbers(String text, String name, String v, int min, int max, boolean signed)
            throws CalendarDataException {
        TreeSet<Integer> out = new TreeSet<>();
        for (String item : v.split(",", -1)) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue; // "BYMONTH=1,": a trailing comma, as some producers write
            }
            boolean negative = s.startsWith("-");
            String digits = negative || s.startsWith("+") ? s.substring(1) : s;
            if (!isDigits(digits) || digits.length() > 3 || (!signed && negative)) {
                throw invalid(text, name + " value \"" + s + "\" is not valid");
            }
            int n = Integer.parseInt(digits);
            if (n < min || n > max) {
                throw invalid(text, name + " value " + s + " is out of range");
            }
            out.add(negative ? -n : n);
        }
        if (out.isEmpty()) {
            throw invalid(text, name + " has no value");
        }
        return new ArrayList<>(out);
    }

    private static List<WeekdayNum> weekdays(String text, String v) throws CalendarDataException {
        List<WeekdayNum> out = new ArrayList<>();
        for (String item : v.split(",", -1)) {
            String s = item.trim().toUpperCase(Locale.ROOT);
            if (s.isEmpty()) {
                continue;
            }
            if (s.length() < 2) {
                throw invalid(text, "BYDAY value \"" + s + "\" is not valid");
            }
            DayOfWeek day = weekday(text, "BYDAY", s.substring(s.length() - 2));
            String ordinal = s.substring(0, s.length() - 2);
            int n = 0;
            if (!ordinal.isEmpty()) {
                boolean negative = ordinal.startsWith("-");
                String digits = negative || ordinal.startsWith("+") ? ordinal.substring(1) : ordinal;
                if (!isDigits(digits) || digits.length() > 2) {
                    throw invalid(text, "BYDAY value \"" + s + "\" is not valid");
                }
                n = Integer.parseInt(digits);
                if (n < 1 || n > 53) {
                    throw invalid(text, "BYDAY ordinal in \"" + s + "\" is out of range (1 to 53)");
                }
                n = negative ? -n : n;
            }
            WeekdayNum w = new WeekdayNum(n, day);
            if (!out.contains(w)) {
                out.add(w);
            }
        }
        if (out.isEmpty()) {
            throw invalid(text, "BYDAY has no value");
        }
        return out;
    }

    private static DayOfWeek weekday(String text, String name, String v) throws CalendarDataException {
        String code = v.trim().toUpperCase(Locale.ROOT);
        for (Map.Entry<DayOfWeek, String> e : CODES.entrySet()) {
            if (e.getValue().equals(code)) {
                return e.getKey();
            }
        }
        throw invalid(text, name + " value \"" + v + "\" is not a weekday (SU, MO, TU, WE, TH, FR, SA)");
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static CalendarDataException invalid(String text, String reason) {
        return CalendarDataException.invalidData("RRULE:" + text + " is not valid: " + reason + " (RFC 5545 §3.3.10)");
    }
}
