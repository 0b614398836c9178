package io.calroom.ical;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The rows of the RFC 4791 §9.9 tables, each turned into the {@code [start,end)} (or point {@code [start,start]})
 * range that the store intersects with a query range; see {@link Occurrence} for the derivation. Pure functions.
 */
final class TimeRangeRules {

    private TimeRangeRules() {
    }

    /** A range; {@code start == end} is a point, {@code null} bounds are infinite. */
    record Range(Instant start, Instant end) {
    }

    private static Instant minusMicro(Instant t) {
        return t.minus(1, ChronoUnit.MICROS);
    }

    private static Instant plusMicro(Instant t) {
        return t.plus(1, ChronoUnit.MICROS);
    }

    /**
     * VEVENT, every row: {@code end} is DTEND, DTSTART+DURATION, or the default (DTSTART+P1D for a DATE, DTSTART for a
     * DATE-TIME). {@code (start < end AND end > DTSTART)} when end &gt; DTSTART, else
     * {@code (start <= DTSTART AND end > DTSTART)}.
     */
    static Range vevent(Instant dtstart, Instant end) {
        return end.isAfter(dtstart) ? new Range(dtstart, end) : new Range(dtstart, dtstart);
    }

    /** VTODO with DTSTART and DURATION: {@code (start <= E) AND ((end > S) OR (end >= E))}, E = DTSTART+DURATION. */
    static Range vtodoStartDuration(Instant dtstart, Instant end) {
        if (end.isAfter(dtstart)) {
            return new Range(dtstart, plusMicro(end));
        }
        return aroundPoint(dtstart);
    }

    /** VTODO with DTSTART and DUE: {@code ((start < DUE) OR (start <= S)) AND ((end > S) OR (end >= DUE))}. */
    static Range vtodoStartDue(Instant dtstart, Instant due) {
        if (due.isAfter(dtstart)) {
            return new Range(dtstart, due);
        }
        return aroundPoint(dtstart);
    }

    /** VTODO with DTSTART only: {@code (start <= DTSTART) AND (end > DTSTART)}. */
    static Range vtodoStartOnly(Instant dtstart) {
        return new Range(dtstart, dtstart);
    }

    /** VTODO with DUE only: {@code (start < DUE) AND (end >= DUE)}. */
    static Range vtodoDueOnly(Instant due) {
        return new Range(minusMicro(due), due);
    }

    /**
     * VTODO without DTSTART and DUE: COMPLETED and/or CREATED decide.
     * Both: {@code ((start <= CREATED) OR (start <= COMPLETED)) AND ((end >= CREATED) OR (end >= COMPLETED))};
     * COMPLETED: {@code (start <= COMPLETED) AND (end >= COMPLETED)}; CREATED: {@code (end > CREATED)};
     * neither: TRUE.
     */
    static Range vtodoCompletedCreated(Instant completed, Instant created) {
        if (completed != null && created != null) {
            Instant low = completed.isBefore(created) ? completed : created;
            Instant high = completed.isBefore(created) ? created : completed;
            return new Range(minusMicro(low), plusMicro(high));
        }
        if (completed != null) {
            return aroundPoint(completed);
        }
        if (created != null) {
            return new Range(created, null);
        }
        return new Range(null, null);
    }

    /**
     * VJOURNAL with DTSTART: DATE-TIME {@code (start <= DTSTART) AND (end > DTSTART)}; DATE
     * {@code (start < DTSTART+P1D) AND (end > DTSTART)} ({@code nextDay} is DTSTART+P1D, {@code null} for DATE-TIME).
     * A VJOURNAL without DTSTART matches nothing (FALSE) and has no occurrence.
     */
    static Range vjournal(Instant dtstart, Instant nextDay) {
        return nextDay == null ? new Range(dtstart, dtstart) : new Range(dtstart, nextDay);
    }

    /** {@code start <= t AND end >= t}: the half-open range {@code [t-1µs, t+1µs)}. */
    private static Range aroundPoint(Instant t) {
        return new Range(minusMicro(t), plusMicro(t));
    }
}
