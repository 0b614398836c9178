package io.calroom.ical;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Emulates what the store does with an {@link Occurrence}: PostgreSQL {@code tstzrange(start,end,'[)')}, or
 * {@code '[start,start]'} when start == end, intersected ({@code &&}) with a query range {@code [qs,qe)}; null bounds
 * are infinite. Also the RFC 4791 §9.9 comparison helpers with "-infinity"/"+infinity" for missing attributes.
 */
final class StoreOverlap {

    private StoreOverlap() {
    }

    static boolean overlaps(Occurrence o, Instant qs, Instant qe) {
        if (o.start() != null && o.start().equals(o.end())) {
            Instant p = o.start();
            return (qs == null || !qs.isAfter(p)) && (qe == null || p.isBefore(qe));
        }
        return (qs == null || o.end() == null || qs.isBefore(o.end()))
                && (qe == null || o.start() == null || o.start().isBefore(qe));
    }

    static boolean anyOverlaps(List<Occurrence> occurrences, Instant qs, Instant qe) {
        for (Occurrence o : occurrences) {
            if (overlaps(o, qs, qe)) {
                return true;
            }
        }
        return false;
    }

    // RFC 4791 §9.9: "start" is the query start (null = -infinity), "end" the query end (null = +infinity)
    static boolean startLt(Instant start, Instant x) {
        return start == null || start.isBefore(x);
    }

    static boolean startLe(Instant start, Instant x) {
        return start == null || !start.isAfter(x);
    }

    static boolean endGt(Instant end, Instant x) {
        return end == null || end.isAfter(x);
    }

    static boolean endGe(Instant end, Instant x) {
        return end == null || !end.isBefore(x);
    }

    /** Query bounds around the given instants: each ±0, ±1µs, ±1s, ±1h, ±1d; plus null for an open side. */
    static List<Instant[]> queryRanges(Instant... around) {
        TreeSet<Instant> points = new TreeSet<>();
        for (Instant a : around) {
            for (long d : new long[] {0, 1, 1_000_000, 3_600_000_000L, 86_400_000_000L}) {
                points.add(a.plus(d, ChronoUnit.MICROS));
                points.add(a.minus(d, ChronoUnit.MICROS));
            }
        }
        List<Instant> bounds = new ArrayList<>(points);
        List<Instant[]> ranges = new ArrayList<>();
        for (Instant qs : bounds) {
            ranges.add(new Instant[] {qs, null});
            ranges.add(new Instant[] {null, qs});
            for (Instant qe : bounds) {
                if (qs.isBefore(qe)) {
                    ranges.add(new Instant[] {qs, qe});
                }
            }
        }
        return ranges;
    }
}
