package io.calroom.schema.store;

import java.time.Instant;
import java.util.List;

/**
 * A collection of a calendar home as stored. Its sync token and ctag come from its change log
 * ({@link SyncLog#calendarState}); {@code updatedAt} is when the collection itself last changed.
 */
public record StoredCalendar(
        long id,
        long ownerId,
        String uri,
        CollectionKind kind,
        String displayName,
        String description,
        String timezone,
        String color,
        Integer order,
        List<String> components,
        boolean scheduleTransparent,
        Instant createdAt,
        Instant updatedAt,
        String availability) {

    public StoredCalendar {
        components = List.copyOf(components);
    }
}
