package io.calroom.scheduling.agent;

import io.calroom.ical.Occurrence;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One occurrence of the request, with its period as the occurrence table computes it. For an all-day occurrence
 * ({@code allDay}) {@code start}/{@code end} are the DATE values read in some zone (normally UTC, the floating zone
 * of the expansion); {@link AutoScheduleAgent#blockingPeriod} widens them to whole local days of the resource.
 *
 * @param recurrenceId the instance's RECURRENCE-ID, {@code null} = the only instance of a non-recurring event
 * @param start        inclusive start
 * @param end          exclusive end, equal to {@code start} for a point in time
 * @param cancelled    STATUS:CANCELLED: the occurrence is not judged at all
 * @param transparent  TRANSP:TRANSPARENT: the occurrence occupies nothing, so it cannot conflict (policies still apply)
 */
public record RequestedOccurrence(Instant recurrenceId, Instant start, Instant end, boolean allDay, boolean cancelled,
                                  boolean transparent) {

    public RequestedOccurrence {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) throw new IllegalArgumentException("end " + end + " before start " + start);
    }

    /** An occurrence of the expanded request ({@link io.calroom.ical.OccurrenceExpander}); VEVENTs only. */
    public static RequestedOccurrence of(Occurrence o) {
        if (o.start() == null || o.end() == null) throw new IllegalArgumentException("unbounded occurrence " + o);
        boolean cancelled = o.status() != null && o.status().toUpperCase(Locale.ROOT).equals("CANCELLED");
        return new RequestedOccurrence(o.recurrenceId(), o.start(), o.end(), o.allDay(), cancelled, o.transparent());
    }
}
