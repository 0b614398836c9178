package io.calroom.ical;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import net.fortuna.ical4j.model.Calendar;

/**
 * A calendar object resource that passed RFC 4791 §4.1 validation, with its instances expanded.
 *
 * @param uid           the UID shared by all its components
 * @param componentType "VEVENT", "VTODO" or "VJOURNAL"
 * @param calendar      the parsed iCalendar object (not bound to an ical4j time-zone registry: resolve TZIDs with
 *                      {@link CalendarTimeZones})
 * @param occurrences   instances sorted by start (nulls first), overrides merged, EXDATEs removed
 * @param firstStart    earliest start, {@code null} if unbounded in the past or there is no occurrence
 * @param lastEnd       latest end, {@code null} if the recurrence is {@link #unbounded()}, an occurrence is unbounded
 *                      in the future, or there is no occurrence
 * @param unbounded     the recurrence continues past {@link #expandedUntil()}
 * @param expandedUntil the end of the window that {@link #occurrences()} covers
 */
public record ValidatedCalendarObject(String uid,
                                      String componentType,
                                      Calendar calendar,
                                      List<Occurrence> occurrences,
                                      Instant firstStart,
                                      Instant lastEnd,
                                      boolean unbounded,
                                      Instant expandedUntil) {

    public ValidatedCalendarObject {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(componentType, "componentType");
        Objects.requireNonNull(calendar, "calendar");
        occurrences = List.copyOf(occurrences);
    }
}
