package io.calroom.schema.store;

import java.time.Instant;
import java.util.List;

/** A validated calendar object ready to store: its text and its occurrences over the horizon. */
public record ObjectContent(
        String uid,
        String componentType,
        String ical,
        Instant firstStart,
        Instant lastEnd,
        boolean unbounded,
        Instant expandedUntil,
        List<InstanceRow> instances) {

    public ObjectContent {
        instances = List.copyOf(instances);
    }
}
