package io.calroom.ical;

import io.calroom.ical.RecurrenceRule.Frequency;
import io.calroom.ical.RecurrenceRule.WeekdayNum;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The periods of one recurrence rule and the candidate instances of each (RFC 5545 §3.3.10), in the local time of
 * DTSTART, with {@code java.time} only: no {@code Locale}, no {@code java.util.Calendar}, no default time zone.
 *
 * <h2>Periods</h2>
 * Period {@code k} (k ≥ 0) is the k-th "interval" of the rule counted from the one that holds DTSTART: the calendar
 * year, month, week (starting on WKST, default Monday), day, hour, minute or second of DTSTART, moved by
 * {@code k × INTERVAL} units. The phase is always counted from DTSTART, so a window that starts later never shifts
 * which weeks (months, ...) of an INTERVAL&gt;1 rule are used.
 *
 * <h2>Candidates of a period (the table on page 44 of RFC 5545)</h2>
 * The period's days are the days it covers (YEARLY: the year, MONTHLY: the month, WEEKLY: the seven days from WKST,
 * DAILY and finer: the period's day) that pass every day part given:
 * <ul>
 * <li>BYMONTH: the day's month; BYWEEKNO: the day's week number, where week 1 is the first week starting on WKST
 *     with at least four days in its year (ISO 8601 with WKST), so the last days of December can be week 1 of the
 *     next year and the first days of January week 52 or 53 of the previous one, and −1 is the last week of the
 *     year the week belongs to; BYYEARDAY and BYMONTHDAY: the day's number in its year or month, negative values
 *     from the end; BYDAY: the weekday, and with an ordinal (MONTHLY, or YEARLY with BYMONTH: within the month;
 *     YEARLY without BYMONTH: within the year) the n-th such weekday from the start or end. Ordinals are ignored for
 *     the other frequencies, where RFC 5545 forbids them.</li>
 * <li>"Expand" and "limit" in the table come out of the same filter: a part finer than the period picks days in
 *     it, a part as coarse as the period or coarser decides whether the period's single day is kept. The parts the
 *     table marks N/A (BYMONTHDAY with WEEKLY, BYYEARDAY with DAILY/WEEKLY/MONTHLY, BYWEEKNO other than YEARLY)
 *     act as limits.</li>
 * <li>When none of BYDAY, BYMONTHDAY, BYYEARDAY and BYWEEKNO is given, the day comes from DTSTART ("Information,
 *     not contained in the rule, ... [is] derived from DTSTART"): YEARLY on DTSTART's day of the month in the
 *     BYMONTH months (DTSTART's month without BYMONTH), MONTHLY on DTSTART's day of the month, WEEKLY on DTSTART's
 *     weekday.</li>
 * <li>Days that do not exist are never generated: BYMONTHDAY=30 in February, BYMONTHDAY=-31 in April, DTSTART's
 *     29 February in other years ("Such recurrence instances MUST be ignored and MUST NOT be counted").</li>
 * </ul>
 * Each day is combined with the times of BYHOUR × BYMINUTE × BYSECOND, each defaulting to DTSTART's for frequencies
 * coarser than the part; for HOURLY, MINUTELY and SECONDLY the period's own hour (minute, second) must pass BYHOUR
 * (BYMINUTE, BYSECOND) instead. BYSECOND=60 names a leap second, which local time does not have: it yields nothing.
 * With a DATE DTSTART, BYHOUR, BYMINUTE and BYSECOND are ignored ("These rule parts MUST be ignored").
 * Finally BYSETPOS picks positions in the period's sorted set ("BYSETPOS operates on a set of recurrence instances
 * in one interval of the recurrence rule").
 */
final class RulePeriods {

    /** Periods lying after this year are never generated (RFC 5545 years have four digits). */
    static final int LAST_YEAR = 9999;

    private final RecurrenceRule rule;
    private final Frequency frequency;
    private final long interval;
    private final LocalDateTime dtstart;
    private final boolean dateOnly;
    /** The start of period 0, truncated to the period's unit. */
    private final LocalDateTime origin;
    /** Units from {@link #origin} to the end of {@value #LAST_YEAR}. */
    private final long maxUnits;

    private final boolean[] months = new boolean[13];
    private final List<Integer> monthDays;
    private final List<WeekdayNum> weekdays;
    private final boolean ordinalsInMonth;
    private final boolean useOrdinals;
    private final List<Integer> hours;
    private final List<Integer> minutes;
    private final List<Integer> seconds;
    private final List<LocalTime> times;
    /** The calendar year the weekOne* fields are for (BYWEEKNO), or {@code Integer.MIN_VALUE}. */
    private int weeksOfYear = Integer.MIN_VALUE;
    private long weekOnePrevious;
    private long weekOneThis;
    private long weekOneNext;
    private long weekOneAfterNext;

    RulePeriods(RecurrenceRule rule, LocalDateTime dtstart, boolean dateOnly) {
        this.rule = rule;
        this.frequency = rule.frequency();
        this.interval = rule.interval();
        this.dtstart = dtstart;
        this.dateOnly = dateOnly;
        this.origin = switch (frequency) {
            case YEARLY -> dtstart.toLocalDate().withDayOfYear(1).atStartOfDay();
            case MONTHLY -> dtstart.toLocalDate().withDayOfMonth(1).atStartOfDay();
            case WEEKLY -> dtstart.toLocalDate().with(TemporalAdjusters.previousOrSame(rule.weekStart()))
                    .atStartOfDay();
            case DAILY -> dtstart.toLocalDate().atStartOfDay();
            case HOURLY -> dtstart.truncatedTo(ChronoUnit.HOURS);
            case MINUTELY -> dtstart.truncatedTo(ChronoUnit.MINUTES);
            case SECONDLY -> dtstart;
        };
        this.maxUnits = frequency.unit.between(origin, LocalDateTime.of(LAST_YEAR + 1, 1, 1, 0, 0));

        // days taken from DTSTART when the rule names none
        boolean dayParts = rule.hasDayParts();
        List<Integer> byMonth = rule.byMonth();
        if (frequency == Frequency.YEARLY && !dayParts && byMonth.isEmpty()) {
            byMonth = List.of(dtstart.getMonthValue());
        }
        for (int m : byMonth) {
            months[m] = true;
        }
        if (byMonth.isEmpty()) {
            java.util.Arrays.fill(months, true);
        }
        this.monthDays = !dayParts && (frequency == Frequency.YEARLY || frequency == Frequency.MONTHLY)
                ? List.of(dtstart.getDayOfMonth()) : rule.byMonthDay();
        this.weekdays = !dayParts && frequency == Frequency.WEEKLY
                ? List.of(new WeekdayNum(0, dtstart.getDayOfWeek())) : rule.byDay();
        this.useOrdinals = frequency == Frequency.MONTHLY || frequency == Frequency.YEARLY;
        this.ordinalsInMonth = frequency == Frequency.MONTHLY || !rule.byMonth().isEmpty();

        // times
        if (dateOnly) {
            this.hours = List.of(0);
            this.minutes = List.of(0);
            this.seconds = List.of(0);
        } else {
            this.hours = rule.byHour().isEmpty() ? List.of(dtstart.getHour()) : rule.byHour();
            this.minutes = rule.byMinute().isEmpty() ? List.of(dtstart.getMinute()) : rule.byMinute();
            this.seconds = rule.bySecond().isEmpty() ? List.of(dtstart.getSecond())
                    : rule.bySecond().stream().filter(s -> s < 60).toList();
        }
        this.times = timesOfDay();
    }

    /** The times of day of a DAILY or coarser rule, sorted. */
    private List<LocalTime> timesOfDay() {
        List<LocalTime> out = new ArrayList<>(hours.size() * minutes.size() * seconds.size());
        for (int h : hours) {
            for (int m : minutes) {
                for (int s : seconds) {
                    out.add(LocalTime.of(h, m, s));
                }
            }
        }
        return out;
    }

    /** The start of period {@code k}, or {@code null} past {@value #LAST_YEAR} (or past what a long can count). */
    LocalDateTime periodStart(long k) {
        long units;
        try {
            units = Math.multiplyExact(k, interval);
        } catch (ArithmeticException e) {
            return null;
        }
        if (units > maxUnits) {
            return null;
        }
        return origin.plus(units, frequency.unit);
    }

    /** The largest period index whose period starts at or before {@code local} (0 when {@code local} is earlier). */
    long periodAtOrBefore(LocalDateTime local) {
        if (!local.isAfter(origin)) {
            return 0;
        }
        return frequency.unit.between(origin, local) / interval;
    }

    /** The candidates of period {@code k}, sorted, BYSETPOS applied; empty past the last period. */
    List<LocalDateTime> candidates(long k) {
        LocalDateTime start = periodStart(k);
        if (start == null) {
            return List.of();
        }
        List<LocalDateTime> all = switch (frequency) {
            case YEARLY, MONTHLY, WEEKLY, DAILY -> withTimes(days(start.toLocalDate()));
            case HOURLY -> subDaily(start, ChronoUnit.HOURS);
            case MINUTELY -> subDaily(start, ChronoUnit.MINUTES);
            case SECONDLY -> subDaily(start, ChronoUnit.SECONDS);
        };
        return rule.bySetPos().isEmpty() ? all : setPositions(all);
    }

    // ---- days -------------------------------------------------------------------------------------------------

    private List<LocalDate> days(LocalDate periodStart) {
        List<LocalDate> out = new ArrayList<>();
        switch (frequency) {
            case YEARLY -> {
                int year = periodStart.getYear();
                if (!rule.byWeekNo().isEmpty()) {
                    addWeeks(out, year);
                } else {
                    for (int m = 1; m <= 12; m++) {
                        if (months[m]) {
                            addMonth(out, YearMonth.of(year, m));
                        }
                    }
                }
            }
            case MONTHLY -> {
                if (months[periodStart.getMonthValue()]) {
                    addMonth(out, YearMonth.from(periodStart));
                }
            }
            case WEEKLY -> {
                for (int i = 0; i < 7; i++) {
                    LocalDate d = periodStart.plusDays(i);
                    if (d.getYear() <= LAST_YEAR && matches(d)) {
                        out.add(d);
                    }
                }
            }
            default -> {
                if (matches(periodStart)) {
                    out.add(periodStart);
                }
            }
        }
        return out;
    }

    /** The days of calendar year {@code year} in the BYWEEKNO weeks (of its own, the previous or the next year). */
    private void addWeeks(List<LocalDate> out, int year) {
        TreeSet<LocalDate> picked = new TreeSet<>();
        DayOfWeek wkst = rule.weekStart();
        for (int weekYear = year - 1; weekYear <= year + 1; weekYear++) {
            LocalDate first = weekOne(weekYear, wkst);
            int weeks = (int) (ChronoUnit.DAYS.between(first, weekOne(weekYear + 1, wkst)) / 7);
            for (int n : rule.byWeekNo()) {
                int week = n > 0 ? n : weeks + 1 + n;
                if (week < 1 || week > weeks) {
                    continue;
                }
                LocalDate start = first.plusWeeks(week - 1L);
                for (int i = 0; i < 7; i++) {
                    LocalDate d = start.plusDays(i);
                    if (d.getYear() == year && matches(d)) {
                        picked.add(d);
                    }
                }
            }
        }
        out.addAll(picked);
    }

    private void addMonth(List<LocalDate> out, YearMonth month) {
        if (rule.byYearDay().isEmpty() && rule.byWeekNo().isEmpty() && weekdays.isEmpty() && !monthDays.isEmpty()) {
            // only month days: pick them directly instead of testing every day
            TreeSet<Integer> picked = new TreeSet<>();
            int length = month.lengthOfMonth();
            for (int md : monthDays) {
                int day = md > 0 ? md : length + 1 + md;
                if (day >= 1 && day <= length) {
                    picked.add(day);
                }
            }
            for (int day : picked) {
                out.add(month.atDay(day));
            }
            return;
        }
        for (int day = 1, length = month.lengthOfMonth(); day <= length; day++) {
            LocalDate d = month.atDay(day);
            if (matches(d)) {
                out.add(d);
            }
        }
    }

    /** Whether {@code d} passes every day part (BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY, BYDAY). */
    private boolean matches(LocalDate d) {
        return months[d.getMonthValue()] && matchesWeekNo(d) && matchesYearDay(d) && matchesMonthDay(d)
                && matchesWeekday(d);
    }

    private boolean matchesYearDay(LocalDate d) {
        if (rule.byYearDay().isEmpty()) {
            return true;
        }
        int day = d.getDayOfYear();
        int fromEnd = day - d.lengthOfYear() - 1;
        return rule.byYearDay().contains(day) || rule.byYearDay().contains(fromEnd);
    }

    private boolean matchesMonthDay(LocalDate d) {
        if (monthDays.isEmpty()) {
            return true;
        }
        int day = d.getDayOfMonth();
        int fromEnd = day - d.lengthOfMonth() - 1;
        return monthDays.contains(day) || monthDays.contains(fromEnd);
    }

    private boolean matchesWeekday(LocalDate d) {
        if (weekdays.isEmpty()) {
            return true;
        }
        DayOfWeek dow = d.getDayOfWeek();
        for (WeekdayNum w : weekdays) {
            if (w.day() != dow) {
                continue;
            }
            if (w.ordinal() == 0 || !useOrdinals) {
                return true;
            }
            LocalDate first;
            LocalDate last;
            if (ordinalsInMonth) {
                first = d.withDayOfMonth(1);
                last = d.withDayOfMonth(d.lengthOfMonth());
            } else {
                first = d.withDayOfYear(1);
                last = d.withDayOfYear(d.lengthOfYear());
            }
            long n = w.ordinal() > 0
                    ? ChronoUnit.DAYS.between(first, d) / 7 + 1
                    : -(ChronoUnit.DAYS.between(d, last) / 7 + 1);
            if (n == w.ordinal()) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesWeekNo(LocalDate d) {
        if (rule.byWeekNo().isEmpty()) {
            return true;
        }
        int year = d.getYear();
        if (year != weeksOfYear) {
            // the starts of week 1 of the previous, this and the next year, computed once per calendar year
            DayOfWeek wkst = rule.weekStart();
            weekOnePrevious = weekOne(year - 1, wkst).toEpochDay();
            weekOneThis = weekOne(year, wkst).toEpochDay();
            weekOneNext = weekOne(year + 1, wkst).toEpochDay();
            weekOneAfterNext = weekOne(year + 2, wkst).toEpochDay();
            weeksOfYear = year;
        }
        long day = d.toEpochDay();
        long start;
        long end;
        if (day < weekOneThis) {
            start = weekOnePrevious;
            end = weekOneThis;
        } else if (day < weekOneNext) {
            start = weekOneThis;
            end = weekOneNext;
        } else {
            start = weekOneNext;
            end = weekOneAfterNext;
        }
        int week = (int) ((day - start) / 7) + 1;
        int weeks = (int) ((end - start) / 7);
        return rule.byWeekNo().contains(week) || rule.byWeekNo().contains(week - weeks - 1);
    }

    /**
     * The first day of week 1 of {@code year}: the first week starting on {@code wkst} with at least four days in
     * the year (RFC 5545 §3.3.10), i.e. the {@code wkst} day on or before 4 January.
     */
    static LocalDate weekOne(int year, DayOfWeek wkst) {
        return LocalDate.of(year, 1, 4).with(TemporalAdjusters.previousOrSame(wkst));
    }

    // ---- times ------------------------------------------------------------------------------------------------

    private List<LocalDateTime> withTimes(List<LocalDate> days) {
        List<LocalDateTime> out = new ArrayList<>(days.size() * times.size());
        for (LocalDate d : days) {
            for (LocalTime t : times) {
                out.add(d.atTime(t));
            }
        }
        return out;
    }

    /** HOURLY, MINUTELY, SECONDLY: the period's own day and time must pass the coarser parts. */
    private List<LocalDateTime> subDaily(LocalDateTime start, ChronoUnit unit) {
        if (start.getYear() > LAST_YEAR || !matches(start.toLocalDate())
                || (!rule.byHour().isEmpty() && !rule.byHour().contains(start.getHour()))) {
            return List.of();
        }
        if (unit == ChronoUnit.HOURS) {
            List<LocalDateTime> out = new ArrayList<>(minutes.size() * seconds.size());
            for (int m : minutes) {
                for (int s : seconds) {
                    out.add(start.withMinute(m).withSecond(s));
                }
            }
            return out;
        }
        if (!rule.byMinute().isEmpty() && !rule.byMinute().contains(start.getMinute())) {
            return List.of();
        }
        if (unit == ChronoUnit.MINUTES) {
            List<LocalDateTime> out = new ArrayList<>(seconds.size());
            for (int s : seconds) {
                out.add(start.withSecond(s));
            }
            return out;
        }
        if (!rule.bySecond().isEmpty() && !rule.bySecond().contains(start.getSecond())) {
            return List.of();
        }
        return List.of(start);
    }

    // ---- BYSETPOS ---------------------------------------------------------------------------------------------

    private List<LocalDateTime> setPositions(List<LocalDateTime> all) {
        TreeSet<LocalDateTime> picked = new TreeSet<>();
        int size = all.size();
        for (int pos : rule.bySetPos()) {
            int index = pos > 0 ? pos - 1 : size + pos;
            if (index >= 0 && index < size) {
                picked.add(all.get(index));
            }
        }
        return new ArrayList<>(picked);
    }

    /**
     * An upper bound of the candidates one period can hold before BYSETPOS selects among them (the "expand" parts
     * multiplied out), for refusing rules whose single period would be too large to materialise.
     */
    static long candidatesPerPeriod(RecurrenceRule rule, boolean dateOnly) {
        Frequency f = rule.frequency();
        boolean dayParts = rule.hasDayParts();
        long days = switch (f) {
            case YEARLY -> dayParts ? 366 : Math.max(1, rule.byMonth().size());
            case MONTHLY -> dayParts ? 31 : 1;
            case WEEKLY -> dayParts ? 7 : 1;
            default -> 1;
        };
        long total = days;
        if (!dateOnly) {
            if (f.compareTo(Frequency.DAILY) >= 0) {
                total *= Math.max(1, rule.byHour().size());
            }
            if (f.compareTo(Frequency.HOURLY) >= 0) {
                total *= Math.max(1, rule.byMinute().size());
            }
            if (f.compareTo(Frequency.MINUTELY) >= 0) {
                total *= Math.max(1, rule.bySecond().size());
            }
        }
        return total;
    }

    /** DTSTART as the rule sees it. */
    LocalDateTime dtstart() {
        return dtstart;
    }

    boolean dateOnly() {
        return dateOnly;
    }
}
