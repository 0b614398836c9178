package io.calroom.schema.store;

import java.time.Instant;

/**
 * A calendar object resource's metadata, without its iCalendar text.
 *
 * @param expansionVersion the {@link ExpansionVersion} that computed its stored occurrences
 */
public record StoredObject(
        long id,
        long calendarId,
        String uri,
        String uid,
        String etag,
        String scheduleTag,
        String componentType,
        int sizeBytes,
        Instant createdAt,
        Instant updatedAt,
        boolean unbounded,
        Instant expandedUntil,
        int expansionVersion) {

    /**
     * True when the occurrence table holds every occurrence of the object that starts before {@code end},
     * as this build computes them.
     */
    public boolean instancesCover(Instant end) {
        if (expansionVersion < ExpansionVersion.CURRENT) return false;
        return !unbounded || (expandedUntil != null && end != null && !expandedUntil.isBefore(end));
    }
}
