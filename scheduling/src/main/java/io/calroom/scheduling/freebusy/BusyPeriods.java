package io.calroom.scheduling.freebusy;

import io.calroom.schema.store.BusyInstance;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges busy occurrences into FREEBUSY periods (RFC 5545 §3.8.2.6), one list per FBTYPE:
 * TENTATIVE events are BUSY-TENTATIVE, everything else BUSY.
 */
public final class BusyPeriods {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

    /** A merged period of one free-busy type. */
    public record Period(String fbtype, Instant start, Instant end) {}

    private BusyPeriods() {
    }

    public static List<Period> merge(List<BusyInstance> busy) {
        List<Period> out = new ArrayList<>();
        for (String type : List.of("BUSY", "BUSY-TENTATIVE", "BUSY-UNAVAILABLE")) {
            Instant curStart = null, curEnd = null;
            for (BusyInstance b : busy.stream().filter(b -> type.equals(fbtypeOf(b))).sorted(java.util.Comparator.comparing(BusyInstance::start)).toList()) {
                if (!b.end().isAfter(b.start())) continue;
                if (curStart != null && !b.start().isAfter(curEnd)) {
                    if (b.end().isAfter(curEnd)) curEnd = b.end();
                } else {
                    if (curStart != null) out.add(new Period(type, curStart, curEnd));
                    curStart = b.start();
                    curEnd = b.end();
                }
            }
            if (curStart != null) out.add(new Period(type, curStart, curEnd));
        }
        return out;
    }

    public static String fbtypeOf(BusyInstance b) {
        if ("TENTATIVE".equals(b.status())) return "BUSY-TENTATIVE";
        if ("BUSY-UNAVAILABLE".equals(b.status())) return "BUSY-UNAVAILABLE";
        return "BUSY";
    }

    /** FREEBUSY content lines, one per period. */
    public static String lines(List<Period> periods) {
        StringBuilder b = new StringBuilder();
        for (Period p : periods) {
            b.append("FREEBUSY;FBTYPE=").append(p.fbtype()).append(':').append(UTC.format(p.start())).append('/')
                    .append(UTC.format(p.end())).append("\r\n");
        }
        return b.toString();
    }

    public static String utc(Instant t) {
        return UTC.format(t);
    }
}
