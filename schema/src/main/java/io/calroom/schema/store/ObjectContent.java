package io.calroom.schema.store;

import java.time.Instant;
import java.util.List;

/**
 * A validated calendar object ready to store: its text and its occurrences over the horizon.
 *
 * @param expansionZone the zone id its floating and all-day times were read in to compute
 *                      {@code instances} (kept so that extending the series reads later occurrences
 *                      alike); null when it has no occurrences to extend (scheduling messages)
 */
public record ObjectContent(
        String uid,
        String componentType,
        String ical,
        Instant firstStart,
        Instant lastEnd,
        boolean unbounded,
        Instant expandedUntil,
        List<InstanceRow> instances,
        String expansionZone) {

    public ObjectContent {
        instances = List.copyOf(instances);
    }

    /** Content whose floating times need no zone on record (no occurrences, or none to extend later). */
    public ObjectContent(String uid, String componentType, String ical, Instant firstStart, Instant lastEnd, boolean unbounded,
                         Instant expandedUntil, List<InstanceRow> instances) {
        this(uid, componentType, ical, firstStart, lastEnd, unbounded, expandedUntil, instances, null);
    }
}
