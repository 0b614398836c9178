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
        Instant updatedAt) {
}
