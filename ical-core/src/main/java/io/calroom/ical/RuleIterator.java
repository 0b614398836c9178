package io.calroom.ical;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;

/**
 * Iterates one RRULE (RFC 5545 §3.3.10, §3.8.5.3) over a window, lazily and bounded in time and memory whatever the
 * rule says. The rule is evaluated by {@link RulePeriods} in the local time of DTSTART (so a 10:00 Europe/Berlin
 * meeting stays at 10:00 across DST), one period at a time; here:
 * <ul>
 * <li>DTSTART is always the first instance and counts for COUNT ("The "DTSTART" property value always counts as the
 *     first occurrence"), even when it does not match the rule;</li>
 * <li>each candidate's local time becomes an instant as RFC 5545 §3.3.10 says ("If the computed local start time of a
 *     recurrence instance does not exist, or occurs more than once, for the specified time zone, the time of the
 *     recurrence instance is interpreted in the same manner as an explicit DATE-TIME value", §3.3.5): a local time
 *     in a DST gap is read with the offset before the gap (02:30 becomes 03:30 summer time), a repeated local time
 *     means its first occurrence. The earlier sentence of §3.3.10 that ignores instances at "nonexistent local
 *     time" contradicts it; the later, more specific one is followed, as Python's zoneinfo (fold=0) and the
 *     clients do, so a weekly 02:30 meeting does not vanish on the day clocks change. Invalid dates (30 February)
 *     are never generated;</li>
 * <li>UNTIL is inclusive: a UTC UNTIL is compared with the instance's instant, a floating one with its local time,
 *     a DATE UNTIL with its local date (the instances of that whole day are kept); COUNT counts the candidates the
 *     rule generates from DTSTART on (two local times that fall on the same instant across a DST gap count twice,
 *     and the recurrence set keeps one);</li>
 * <li>a window that starts after DTSTART is entered directly at its period (the period index is still counted from
 *     DTSTART's, so INTERVAL keeps its phase) unless COUNT needs every earlier instance counted;</li>
 * <li>a rule whose single period could hold more than {@value #MAX_CANDIDATES_PER_PERIOD} candidates (e.g.
 *     {@code FREQ=YEARLY;BYHOUR=0,…,23;BYMINUTE=0,…,59;BYSECOND=0,…,59;BYSETPOS=1}) is refused before iterating;
 *     every period walked costs 1 plus its candidates against a work budget of {@value #WORK_BUDGET}, so rules
 *     with mostly empty periods ({@code FREQ=SECONDLY;BYMINUTE=0;BYSECOND=0}) are refused too; the caller stops as
 *     soon as its occurrence cap is exceeded.</li>
 * </ul>
 * All refusals are {@link CalDavPrecondition#MAX_INSTANCES}.
 */
final class RuleIterator {

    static final int MAX_CANDIDATES_PER_PERIOD = 20_000;
    static final long WORK_BUDGET = 200_000;

    private RuleIterator() {
    }

    /**
     * Receives instances in ascending local time, hence ascending instants except inside a DST gap (02:30 in a gap
     * is read as 03:30 summer time, after a real 03:00); the walk stops at the first instance at or after the
     * window's end, so an instance in a gap right at that end may be left to the next window.
     */
    interface Sink {
        void accept(LocalDateTime local, Instant start) throws CalendarDataException;
    }

    /**
     * Feeds {@code sink} with the instances of {@code rule} seeded at {@code dtstart} whose start lies in
     * {@code [windowStart, windowEnd)}.
     *
     * @param windowStart lower bound, {@code null} for none
     * @return {@code true} if the rule may continue at or after {@code windowEnd}, {@code false} if COUNT or UNTIL
     *         ended it before
     */
    static boolean iterate(RecurrenceRule rule, DateTimeValue dtstart, ZoneRules rules, Instant windowStart,
                           Instant windowEnd, Sink sink) throws CalendarDataException {
        boolean dateOnly = dtstart.isDate();
        if (dateOnly && rule.frequency().isSubDaily()) {
            throw CalendarDataException.invalidData("RRULE FREQ=" + rule.frequency()
                    + " cannot repeat a DATE DTSTART (RFC 5545 §3.3.10)");
        }
        long perPeriod = RulePeriods.candidatesPerPeriod(rule, dateOnly);
        if (perPeriod > MAX_CANDIDATES_PER_PERIOD) {
            throw CalendarDataException.tooManyInstances("RRULE " + rule + " may yield up to " + perPeriod
                    + " instances per " + rule.frequency().unit.toString().toLowerCase(Locale.ROOT)
                    + "; refused (RFC 4791 §5.2.8)");
        }
        Integer count = rule.count();
        boolean counted = count != null;
        LocalDateTime seedLocal = dtstart.local();
        Instant seedInstant = TimeContext.toInstant(seedLocal, rules);
        Until until = Until.of(rule.until(), rules);

        // 1. the first instance is DTSTART
        if (!seedInstant.isBefore(windowEnd)) {
            return true;
        }
        if (windowStart == null || !seedInstant.isBefore(windowStart)) {
            sink.accept(seedLocal, seedInstant);
        }
        if (counted && count == 1) {
            return false;
        }

        // 2. local bounds (slack: offsets differ by at most 26 hours)
        Instant endBound = windowEnd;
        if (until != null && until.approximate().isBefore(endBound)) {
            endBound = until.approximate();
        }
        LocalDateTime localEnd = TimeContext.toLocal(endBound, rules).plusDays(2);
        RulePeriods periods = new RulePeriods(rule, seedLocal, dateOnly);
        long period = 0;
        if (!counted && windowStart != null && windowStart.isAfter(seedInstant)) {
            LocalDateTime near = TimeContext.toLocal(windowStart, rules).minusDays(2);
            if (near.isAfter(seedLocal)) {
                period = periods.periodAtOrBefore(near);
            }
        }

        // 3. period by period
        long work = 0;
        int index = 1;
        while (true) {
            LocalDateTime periodStart = periods.periodStart(period);
            if (periodStart == null || periodStart.isAfter(localEnd)) {
                break;
            }
            List<LocalDateTime> candidates = periods.candidates(period);
            work += 1 + candidates.size();
            if (work > WORK_BUDGET) {
                throw CalendarDataException.tooManyInstances("RRULE " + rule
                        + " is too expensive to expand (RFC 4791 §5.2.8)");
            }
            for (LocalDateTime local : candidates) {
                if (!local.isAfter(seedLocal)) {
                    continue; // DTSTART was counted already; earlier candidates of its period are not instances
                }
                Instant instant = TimeContext.toInstant(local, rules);
                if (until != null && until.excludes(local, instant)) {
                    return false;
                }
                index++;
                if (!instant.isBefore(windowEnd)) {
                    return true; // an instance at or after the window's end: the rule goes on there
                }
                if (windowStart == null || !instant.isBefore(windowStart)) {
                    sink.accept(local, instant);
                }
                if (counted && index >= count) {
                    return false;
                }
            }
            period++;
        }
        // no further candidate up to the end of the window (or of year 9999)
        return periods.periodStart(period) != null && (until == null || !until.approximate().isBefore(windowEnd));
    }

    /** UNTIL (RFC 5545 §3.3.10): inclusive; compared in UTC, or in local time for DATE and floating values. */
    private record Until(Instant instant, LocalDate date, LocalDateTime local, Instant approximate) {

        static Until of(DateTimeValue until, ZoneRules rules) {
            if (until == null) {
                return null;
            }
            return switch (until.kind()) {
                case DATE -> new Until(null, until.date(), null,
                        TimeContext.toInstant(until.date().plusDays(1).atStartOfDay(), rules));
                case FLOATING, ZONED -> new Until(null, null, until.local(),
                        TimeContext.toInstant(until.local(), rules));
                case UTC -> {
                    Instant i = until.local().toInstant(java.time.ZoneOffset.UTC);
                    yield new Until(i, null, null, i);
                }
            };
        }

        /** The candidate lies after UNTIL. */
        boolean excludes(LocalDateTime candidate, Instant candidateInstant) {
            if (instant != null) {
                return candidateInstant.isAfter(instant);
            }
            if (date != null) {
                return candidate.toLocalDate().isAfter(date);
            }
            return candidate.isAfter(local);
        }
    }
}
