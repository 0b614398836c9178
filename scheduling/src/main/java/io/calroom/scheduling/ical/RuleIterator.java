package io.calroom.scheduling.ical;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Spliterator;
import java.util.function.Consumer;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.transform.recurrence.Frequency;

/**
 * Iterates one RRULE (RFC 5545 §3.3.10, §3.8.5.3) over a window, bounded in time and memory whatever the rule says.
 * <p>
 * The rule is evaluated by ical4j in the local time of DTSTART (so a 10:00 Europe/Berlin meeting stays at 10:00
 * across DST), lazily, one candidate at a time, through the spliterator of {@link Recur#getDatesAsStream}. COUNT and
 * UNTIL are taken out of the rule and applied here, INTERVAL is clamped so that no period index can overflow, and:
 * <ul>
 * <li>a rule whose single period could hold more than {@value #MAX_CANDIDATES_PER_PERIOD} candidates (e.g.
 *     {@code FREQ=YEARLY;BYHOUR=0,…,23;BYMINUTE=0,…,59;BYSECOND=0,…,59;BYSETPOS=1}) is refused before iterating,
 *     since ical4j materialises a whole period at once;</li>
 * <li>every period ical4j walks through (found from the distance between consecutive candidates, so empty periods
 *     of rules like {@code FREQ=SECONDLY;BYMINUTE=0;BYSECOND=0} count) is charged against a work budget of
 *     {@value #WORK_BUDGET}; with BYSETPOS a period costs its size, as ical4j materialises it whole; the caller
 *     stops as soon as its occurrence cap is exceeded;</li>
 * <li>a sub-daily rule over a span whose period index would not fit an {@code int} is refused.</li>
 * </ul>
 * All refusals are {@link CalDavPrecondition#MAX_INSTANCES}.
 */
final class RuleIterator {

    static final int MAX_CANDIDATES_PER_PERIOD = 20_000;
    static final long WORK_BUDGET = 200_000;

    private RuleIterator() {
    }

    /** Receives instances in ascending order. */
    interface Sink {
        void accept(LocalDateTime local, Instant start) throws CalendarDataException;
    }

    /**
     * Feeds {@code sink} with the instances of {@code recur} seeded at {@code dtstart} (which always counts as the
     * first instance, RFC 5545 §3.8.5.3) whose start lies in {@code [windowStart, windowEnd)}.
     *
     * @param windowStart lower bound, {@code null} for none
     * @return {@code true} if the rule may continue at or after {@code windowEnd}, {@code false} if COUNT or UNTIL
     *         ended it before
     */
    static boolean iterate(Recur<?> recur, DateTimeValue dtstart, ZoneRules rules, Instant windowStart,
                           Instant windowEnd, Sink sink) throws CalendarDataException {
        boolean dateOnly = dtstart.isDate();
        Frequency frequency = recur.getFrequency();
        ChronoUnit unit = unitOf(frequency);
        if (dateOnly && unit.compareTo(ChronoUnit.DAYS) < 0) {
            throw CalendarDataException.invalidData("RRULE FREQ=" + frequency + " cannot repeat a DATE DTSTART");
        }
        int count = recur.getCount(); // -1 when absent
        if (count == 0 || count < -1) {
            throw CalendarDataException.invalidData("RRULE COUNT must be positive: " + recur);
        }
        boolean counted = count > 0;
        LocalDateTime seedLocal = dtstart.local();
        Instant seedInstant = TimeContext.toInstant(seedLocal, rules);
        Until until = Until.of(recur.getUntil(), rules);

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

        // 2. bounds of the local period given to ical4j (slack: offsets differ by at most 26 hours)
        Instant endBound = windowEnd;
        if (until != null && until.approximate().isBefore(endBound)) {
            endBound = until.approximate();
        }
        LocalDateTime localEnd = TimeContext.toLocal(endBound, rules).plusDays(2);
        long units = unit.between(seedLocal, localEnd);
        if (units > Integer.MAX_VALUE / 2) {
            throw CalendarDataException.tooManyInstances("RRULE FREQ=" + frequency
                    + " spans too long a time to be expanded (RFC 4791 §5.2.8)");
        }
        int interval = (int) Math.min(Math.max(recur.getInterval(), 1), Math.max(units, 0) + 2);
        int perPeriod = candidatesPerPeriod(recur, dateOnly);
        if (perPeriod > MAX_CANDIDATES_PER_PERIOD) {
            throw CalendarDataException.tooManyInstances("RRULE " + recur + " may yield up to " + perPeriod
                    + " instances per " + unit.toString().toLowerCase(java.util.Locale.ROOT)
                    + "; refused (RFC 4791 §5.2.8)");
        }
        int setPositions = recur.getSetPosList().size();
        long costPerStep = setPositions == 0 ? 1 : Math.max(1, perPeriod / setPositions);

        Recur<Temporal> rule = strip(recur, interval, dateOnly);
        LocalDateTime periodStartLocal = seedLocal;
        if (!counted && windowStart != null && windowStart.isAfter(seedInstant)) {
            LocalDateTime near = TimeContext.toLocal(windowStart, rules).minusDays(2);
            if (near.isAfter(seedLocal)) {
                periodStartLocal = near;
            }
        }
        Temporal seed = dateOnly ? seedLocal.toLocalDate() : seedLocal;
        Temporal periodStart = dateOnly ? periodStartLocal.toLocalDate() : periodStartLocal;
        Temporal periodEnd = dateOnly ? localEnd.toLocalDate() : localEnd;

        // 3. lazy iteration
        Holder holder = new Holder();
        Spliterator<Temporal> candidates;
        try {
            candidates = rule.getDatesAsStream(seed, periodStart, periodEnd, -1).spliterator();
        } catch (RuntimeException e) {
            throw CalendarDataException.invalidData("RRULE " + recur + " cannot be evaluated: " + e.getMessage(), e);
        }
        long work = 0;
        int index = 1;
        LocalDateTime previous = periodStartLocal;
        while (true) {
            work++;
            if (work > WORK_BUDGET) {
                throw tooExpensive(recur);
            }
            boolean advanced;
            try {
                advanced = candidates.tryAdvance(holder);
            } catch (DateTimeException | ArithmeticException e) {
                // the rule ran off the representable calendar: nothing more inside any window
                break;
            } catch (RuntimeException e) {
                throw CalendarDataException.invalidData("RRULE " + recur + " cannot be evaluated: "
                        + e.getMessage(), e);
            }
            if (!advanced) {
                break;
            }
            Temporal next = holder.take();
            if (next == null) {
                continue;
            }
            LocalDateTime local = next instanceof LocalDate d ? d.atStartOfDay() : LocalDateTime.from(next);
            // charge the periods ical4j went through to find this candidate (empty ones included)
            long periods = Math.max(1, unit.between(previous, local) / interval);
            previous = local;
            work += periods * costPerStep;
            if (work > WORK_BUDGET) {
                throw tooExpensive(recur);
            }
            if (!local.isAfter(seedLocal)) {
                continue; // DTSTART was counted already
            }
            Instant instant = TimeContext.toInstant(local, rules);
            if (until != null && until.excludes(local, instant)) {
                return false;
            }
            index++;
            if (!instant.isBefore(windowEnd)) {
                return true;
            }
            if (windowStart == null || !instant.isBefore(windowStart)) {
                sink.accept(local, instant);
            }
            if (counted && index >= count) {
                return false;
            }
        }
        // ical4j found no further candidate up to the end of the window
        return until == null || !until.approximate().isBefore(windowEnd);
    }

    private static CalendarDataException tooExpensive(Recur<?> recur) {
        return CalendarDataException.tooManyInstances("RRULE " + recur
                + " is too expensive to expand (RFC 4791 §5.2.8)");
    }

    private static ChronoUnit unitOf(Frequency frequency) {
        return switch (frequency) {
            case SECONDLY -> ChronoUnit.SECONDS;
            case MINUTELY -> ChronoUnit.MINUTES;
            case HOURLY -> ChronoUnit.HOURS;
            case DAILY -> ChronoUnit.DAYS;
            case WEEKLY -> ChronoUnit.WEEKS;
            case MONTHLY -> ChronoUnit.MONTHS;
            case YEARLY -> ChronoUnit.YEARS;
        };
    }

    /**
     * An upper bound of the candidates ical4j generates for one period of the rule before BYSETPOS selects among
     * them (the BYxxx "expand" parts of RFC 5545 §3.3.10 multiplied out).
     */
    static int candidatesPerPeriod(Recur<?> recur, boolean dateOnly) {
        Frequency f = recur.getFrequency();
        boolean dayParts = !recur.getYearDayList().isEmpty() || !recur.getMonthDayList().isEmpty()
                || !recur.getDayList().isEmpty() || !recur.getWeekNoList().isEmpty();
        long days = switch (f) {
            case YEARLY -> dayParts ? 366 : Math.max(1, recur.getMonthList().size());
            case MONTHLY -> (!recur.getMonthDayList().isEmpty() || !recur.getDayList().isEmpty()) ? 31 : 1;
            case WEEKLY -> recur.getDayList().isEmpty() ? 1 : 7;
            default -> 1;
        };
        long total = days;
        if (!dateOnly) {
            if (f.compareTo(Frequency.DAILY) >= 0) {
                total *= Math.max(1, recur.getHourList().size());
            }
            if (f.compareTo(Frequency.HOURLY) >= 0) {
                total *= Math.max(1, recur.getMinuteList().size());
            }
            if (f.compareTo(Frequency.MINUTELY) >= 0) {
                total *= Math.max(1, recur.getSecondList().size());
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    @SuppressWarnings("unchecked")
    private static Recur<Temporal> strip(Recur<?> recur, int interval, boolean dateOnly) {
        Recur.Builder<Temporal> builder = new Recur.Builder<>((Recur<Temporal>) recur)
                .until(null).count(null).interval(interval);
        if (dateOnly) {
            // RFC 5545 §3.3.10: BYSECOND, BYMINUTE and BYHOUR MUST be ignored with a DATE DTSTART
            builder.hourList(new ArrayList<>()).minuteList(new ArrayList<>()).secondList(new ArrayList<>());
        }
        return builder.build();
    }

    /** UNTIL (RFC 5545 §3.3.10): inclusive; compared in UTC, or in local time for DATE and floating values. */
    private record Until(Instant instant, LocalDate date, LocalDateTime local, Instant approximate) {

        static Until of(Temporal until, ZoneRules rules) {
            if (until == null) {
                return null;
            }
            if (until instanceof LocalDate d) {
                return new Until(null, d, null, TimeContext.toInstant(d.plusDays(1).atStartOfDay(), rules));
            }
            if (until instanceof LocalDateTime l) {
                return new Until(null, null, l, TimeContext.toInstant(l, rules));
            }
            Instant i = until instanceof Instant x ? x
                    : until instanceof OffsetDateTime o ? o.toInstant()
                    : until instanceof ZonedDateTime z ? z.toInstant()
                    : Instant.from(until);
            return new Until(i, null, null, i);
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

    /** Receives the candidate that ical4j's spliterator hands out (it may advance without handing out any). */
    private static final class Holder implements Consumer<Temporal> {
        private Temporal value;

        @Override
        public void accept(Temporal t) {
            value = t;
        }

        Temporal take() {
            Temporal t = value;
            value = null;
            return t;
        }
    }
}
