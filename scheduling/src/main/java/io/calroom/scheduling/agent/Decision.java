package io.calroom.scheduling.agent;

import java.util.List;
import java.util.Objects;

/**
 * How the resource answers a request.
 *
 * @param partstat            ACCEPTED, DECLINED or NEEDS-ACTION (left for a manager of the resource)
 * @param requestStatus       the REQUEST-STATUS of the series (RFC 5546 §3.6): {@link #SUCCESS} when accepted or
 *                            pending, otherwise {@link #CONFLICT} (busy, outside working hours), {@link #NO_AUTHORITY}
 *                            (restricted access, max duration, booking window) or {@link #NOT_BOOKABLE} (inactive,
 *                            decline-always)
 * @param reason              human-readable, in English, times in the resource's zone; {@code null} only when the
 *                            request is accepted without any declined occurrence
 * @param declinedOccurrences the occurrences declined on their own in an otherwise accepted or pending series (in
 *                            occurrence order); empty when the whole request is declined
 */
public record Decision(String partstat, String requestStatus, String reason, List<OccurrenceVerdict> declinedOccurrences) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String DECLINED = "DECLINED";
    public static final String NEEDS_ACTION = "NEEDS-ACTION";

    public static final String SUCCESS = "2.0;Success";
    public static final String CONFLICT = "4.0;Event conflict. Date/time is busy.";
    public static final String NO_AUTHORITY = "3.8;No authority";
    public static final String NOT_BOOKABLE = "5.3;No scheduling support for user";

    public Decision {
        Objects.requireNonNull(partstat, "partstat");
        Objects.requireNonNull(requestStatus, "requestStatus");
        declinedOccurrences = declinedOccurrences == null ? List.of() : List.copyOf(declinedOccurrences);
    }

    public boolean accepted() {
        return partstat.equals(ACCEPTED);
    }

    public boolean declined() {
        return partstat.equals(DECLINED);
    }

    public boolean pending() {
        return partstat.equals(NEEDS_ACTION);
    }

    /** The status code alone, e.g. {@code 4.0}, as for a SCHEDULE-STATUS parameter. */
    public String statusCode() {
        int semi = requestStatus.indexOf(';');
        return semi < 0 ? requestStatus : requestStatus.substring(0, semi);
    }
}
