package io.calroom.scheduling.agent;

import io.calroom.ical.Occurrence;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * An existing booking of the resource (an accepted or tentative occurrence of another UID in its calendar) that
 * overlaps a requested occurrence. The period is the one it blocks: an all-day booking already widened to the
 * resource's local day(s), see {@link #of}. Transparent, cancelled and declined bookings are not passed at all.
 *
 * @param visibleTitle its SUMMARY when the organizer of the request may see it, else {@code null}
 */
public record Booking(String uid, Instant start, Instant end, String visibleTitle) {

    public Booking {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) throw new IllegalArgumentException("end " + end + " before start " + start);
    }

    /** A booking from an occurrence of the resource's calendar; all-day occurrences block whole days in {@code zone}. */
    public static Booking of(String uid, Occurrence o, String visibleTitle, ZoneId resourceZone) {
        if (o.start() == null || o.end() == null) throw new IllegalArgumentException("unbounded occurrence " + o);
        RequestedOccurrence p = AutoScheduleAgent.blockingPeriod(
                new RequestedOccurrence(o.recurrenceId(), o.start(), o.end(), o.allDay(), false, false), resourceZone);
        return new Booking(uid, p.start(), p.end(), visibleTitle);
    }
}
