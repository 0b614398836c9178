package io.calroom.schema.store;

/**
 * The parts of a {@link StoredObject} beyond its id, calendar and URI that a listing can ask
 * {@link CalendarObjectStore#objects(long, java.util.Set)} for: a listing of thousands of members reads
 * only what the requested properties are made of.
 */
public enum ObjectField {
    UID, ETAG, SCHEDULE_TAG, COMPONENT_TYPE, SIZE, CREATED_AT, UPDATED_AT,
    /** {@code unbounded}, {@code expandedUntil} and {@code expansionVersion}. */
    RECURRENCE
}
