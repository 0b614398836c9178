package io.calroom.schema.store;

import java.time.Instant;

/** A calendar object resource's metadata, without its iCalendar text. */
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
        Instant expandedUntil) {

    /** True when the occurrence table holds every occurrence of the object that starts before {@code end}. */
    public boolean instancesCover(Instant end) {
        return !unbounded || (expandedUntil != null && end != null && !expandedUntil.isBefore(end));
    }
}
