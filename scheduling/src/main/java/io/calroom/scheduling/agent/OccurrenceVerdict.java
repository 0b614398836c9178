package io.calroom.scheduling.agent;

import java.time.Instant;

/**
 * The answer for one occurrence of a recurring request that differs from the series' answer.
 *
 * @param recurrenceId  the occurrence's RECURRENCE-ID
 * @param declined      always true in {@link Decision#declinedOccurrences()}
 * @param reason        why, e.g. "Room 101 is busy 10:00–11:00 on 2026-12-03"
 * @param requestStatus the REQUEST-STATUS for that occurrence's component of the REPLY, e.g.
 *                      {@code 4.0;Event conflict. Date/time is busy.}
 */
public record OccurrenceVerdict(Instant recurrenceId, boolean declined, String reason, String requestStatus) {

    public OccurrenceVerdict(Instant recurrenceId, boolean declined, String reason) {
        this(recurrenceId, declined, reason, declined ? Decision.CONFLICT : Decision.SUCCESS);
    }
}
