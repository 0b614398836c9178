package io.calroom.ical;

import java.time.Instant;

/**
 * One instance of a calendar object resource, reduced to the range that answers CALDAV:time-range queries
 * (RFC 4791 §9.9) in the store.
 *
 * <h2>How the store uses {@code start}/{@code end}</h2>
 * The store saves the PostgreSQL range {@code tstzrange(start, end, '[)')} when {@code start < end} and the closed
 * point range {@code '[start,start]'} when {@code start == end}; a {@code null} bound is infinite. A query range
 * {@code [qs, qe)} (either side possibly infinite) matches when the ranges overlap ({@code &&}). For a half-open row
 * that is {@code qs < end AND start < qe}; for a point row it is {@code qs <= start AND start < qe}. Values are whole
 * seconds, PostgreSQL keeps microseconds, so "{@code qs <= X}" is written {@code qs < X+1µs} and "{@code qe >= X}" is
 * {@code X-1µs < qe}.
 *
 * <h2>Mapping of RFC 4791 §9.9 (S = DTSTART, E = the instance's end, D = DUE, C = COMPLETED, R = CREATED)</h2>
 * <pre>
 * VEVENT   DTEND (E &gt; S)                    start&lt;E AND end&gt;S                       → [S, E)
 *          DTEND = S (RFC 5545 says E &gt; S; accepted as zero length)                   → [S, S]
 *          DURATION &gt; 0                     start&lt;S+DUR AND end&gt;S                   → [S, S+DUR)
 *          DURATION = 0                     start&lt;=S AND end&gt;S                      → [S, S]
 *          no DTEND/DURATION, DATE-TIME     start&lt;=S AND end&gt;S                      → [S, S]
 *          no DTEND/DURATION, DATE          start&lt;S+P1D AND end&gt;S                   → [S, S+P1D)
 * VTODO    DTSTART+DURATION, E=S+DUR &gt; S   start&lt;=E AND (end&gt;S OR end&gt;=E)         → [S, E+1µs)
 *          DTSTART+DURATION, E = S          start&lt;=S AND end&gt;=S                     → [S-1µs, S+1µs)
 *          DTSTART+DUE, D &gt; S              (start&lt;D OR start&lt;=S) AND (end&gt;S OR end&gt;=D) → [S, D)
 *          DTSTART+DUE, D = S               start&lt;=S AND end&gt;=S                     → [S-1µs, S+1µs)
 *          DTSTART only                     start&lt;=S AND end&gt;S                      → [S, S]
 *          DUE only                         start&lt;D AND end&gt;=D                      → [D-1µs, D)
 *          COMPLETED+CREATED                start&lt;=max(C,R) AND end&gt;=min(C,R)      → [min-1µs, max+1µs)
 *          COMPLETED only                   start&lt;=C AND end&gt;=C                     → [C-1µs, C+1µs)
 *          CREATED only                     end&gt;R                                   → [R, +infinity)  (end = null)
 *          none of them                     TRUE                                     → (-infinity, +infinity) (both null)
 * VJOURNAL DTSTART DATE-TIME                start&lt;=S AND end&gt;S                      → [S, S]
 *          DTSTART DATE                     start&lt;S+P1D AND end&gt;S                   → [S, S+P1D)
 *          no DTSTART                       FALSE                                    → no occurrence at all
 * </pre>
 * DATE values and floating DATE-TIMEs are read in the calendar's floating zone; {@code S+P1D} is the next local
 * midnight (a nominal day, 23 or 25 hours across a DST change). For recurring components every instance is mapped
 * the same way with its own S; an instance's E (or D) is S plus the master's DTEND−DTSTART (DUE−DTSTART) as an exact
 * duration, or S plus the master's DURATION (days and weeks nominal, hours/minutes/seconds exact), as RFC 5545
 * §3.8.5.3 prescribes; overrides (RECURRENCE-ID) use their own properties.
 *
 * @param start        inclusive start; {@code null} = unbounded in the past
 * @param end          exclusive end, or equal to {@code start} for a point; {@code null} = unbounded in the future
 * @param recurrenceId original start of the instance in UTC (its RECURRENCE-ID); {@code null} for a non-recurring
 *                     component
 * @param transparent  TRANSP:TRANSPARENT (always {@code false} for VTODO and VJOURNAL)
 * @param status       STATUS value in upper case, or {@code null}
 * @param allDay       the instance's DTSTART is a DATE (for a VTODO without DTSTART: its DUE)
 * @param floating     the instance's DTSTART (VTODO without DTSTART: its DUE) is a floating DATE-TIME or a DATE,
 *                     read in the floating zone
 */
public record Occurrence(Instant start,
                         Instant end,
                         Instant recurrenceId,
                         boolean transparent,
                         String status,
                         boolean allDay,
                         boolean floating) {

    public Occurrence {
        if (start != null && end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " before start " + start);
        }
    }

    /** True when {@code start == end}: the store keeps the closed point range {@code [start,start]}. */
    public boolean isPoint() {
        return start != null && start.equals(end);
    }
}
