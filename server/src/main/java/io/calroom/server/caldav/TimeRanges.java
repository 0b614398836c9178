package io.calroom.server.caldav;

import io.calroom.server.dav.DavException;
import io.calroom.server.dav.xml.Ns;
import org.w3c.dom.Element;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** CALDAV:time-range attributes (RFC 4791 §9.9): UTC date-times, at least one of start and end. */
public final class TimeRanges {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", java.util.Locale.ROOT);

    private TimeRanges() {
    }

    public record Range(Instant start, Instant end) {}

    public static Range parse(Element timeRange) {
        Instant start = attribute(timeRange, "start");
        Instant end = attribute(timeRange, "end");
        if (start == null && end == null) {
            throw DavException.forbidden(Ns.caldav("valid-filter"), "a time-range needs a start or an end");
        }
        if (start != null && end != null && !end.isAfter(start)) {
            throw DavException.forbidden(Ns.caldav("valid-filter"), "a time-range must end after it starts");
        }
        return new Range(start, end);
    }

    private static Instant attribute(Element e, String name) {
        if (!e.hasAttribute(name)) return null;
        String v = e.getAttribute(name).trim();
        try {
            return LocalDateTime.parse(v, UTC).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ex) {
            throw DavException.forbidden(Ns.caldav("valid-filter"), "time-range " + name + " must be a UTC date-time like 20260101T000000Z, was '" + v + "'");
        }
    }

    public static String format(Instant t) {
        return UTC.format(t.atOffset(ZoneOffset.UTC));
    }
}
