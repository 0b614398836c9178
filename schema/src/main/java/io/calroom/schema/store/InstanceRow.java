package io.calroom.schema.store;

import java.time.Instant;

/**
 * One occurrence of a calendar object as stored in {@code calendar_instances}. A null start or
 * end is unbounded; start == end is stored as the closed point range [start,start] so that it
 * still overlaps the query ranges that contain it (RFC 4791 §9.9).
 */
public record InstanceRow(
        Instant start,
        Instant end,
        Instant recurrenceId,
        boolean transparent,
        String status,
        boolean allDay,
        boolean floating) {
}
