package io.calroom.scheduling.itip;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One component of a scheduling object: the master ({@code key} "") or an override (key = its RECURRENCE-ID in UTC
 * {@code yyyyMMdd'T'HHmmss'Z'}, or {@code yyyyMMdd} for a DATE).
 *
 * @param attendees              its ATTENDEEs in document order
 * @param cancelled              STATUS:CANCELLED
 * @param significantFingerprint hash of everything the organizer controls and an attendee must see: all properties
 *                               except per-user and volatile ones (DTSTAMP, LAST-MODIFIED, CREATED, SEQUENCE, TRANSP,
 *                               PERCENT-COMPLETE, COMPLETED, CATEGORIES, REQUEST-STATUS, X-* properties, VALARMs),
 *                               attendees reduced to address and ROLE (no PARTSTAT, RSVP, CN, SCHEDULE-*), parameters
 *                               sorted, lines unfolded, times compared as instants (see {@code timesFingerprint}),
 *                               EXDATEs as a set
 * @param timesFingerprint       hash of the times alone: for the master DTSTART (instant and zone), RRULE (parts
 *                               sorted), RDATE (set) and length (DTEND−DTSTART, DURATION or DUE−DTSTART); for an
 *                               override its shift from its RECURRENCE-ID and its length. EXDATE is not part of it:
 *                               see {@code exdates}. A different value means the instance was rescheduled
 *                               (RFC 6638 §3.2.8)
 * @param exdates                instance keys of the master's EXDATEs (empty for overrides)
 * @param sequence               SEQUENCE, 0 when absent
 */
public record Instance(String key, List<Attendee> attendees, boolean cancelled, String significantFingerprint,
                       String timesFingerprint, Set<String> exdates, int sequence) {

    public Instance {
        attendees = List.copyOf(attendees);
        exdates = Set.copyOf(exdates);
    }

    public boolean isMaster() {
        return key.isEmpty();
    }

    public Optional<Attendee> attendee(String address) {
        for (Attendee a : attendees) if (a.is(address)) return Optional.of(a);
        return Optional.empty();
    }

    public boolean has(String address) {
        return attendee(address).isPresent();
    }
}
