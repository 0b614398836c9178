package io.calroom.schema.store;

import java.time.Instant;
import java.util.List;

/**
 * A collection of a calendar home as stored. {@code syncRevision} counts its changes: it is the
 * CalendarServer ctag and the RFC 6578 sync token.
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
        long syncRevision,
        Instant createdAt,
        Instant updatedAt,
        String availability) {

    public StoredCalendar {
        components = List.copyOf(components);
    }
}
