package io.calroom.scheduling.itip;

import java.util.Map;

/**
 * What the server needs to know of a stored calendar object for scheduling (RFC 6638 §3.1).
 *
 * @param organizer              the ORGANIZER address, normalized ({@link Addresses#normalize}), or {@code null}
 * @param organizerScheduleAgent SCHEDULE-AGENT of the ORGANIZER, upper-case, default SERVER
 * @param sequence               the highest SEQUENCE of its components
 * @param instances              by instance key: "" for the master, else the RECURRENCE-ID in UTC
 *                               {@code yyyyMMdd'T'HHmmss'Z'} ({@code yyyyMMdd} for a DATE); document order
 */
public record SchedulingObject(String uid, String organizer, String organizerScheduleAgent, int sequence,
                               Map<String, Instance> instances) {

    public SchedulingObject {
        instances = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(instances));
    }

    /** An ORGANIZER and at least one ATTENDEE: a scheduling object resource. */
    public boolean isScheduling() {
        return organizer != null && instances.values().stream().anyMatch(i -> !i.attendees().isEmpty());
    }

    public Instance master() {
        return instances.get("");
    }
}
