package io.calroom.schema.store;

/** An object's metadata with its iCalendar text, for REPORT responses that carry calendar-data. */
public record ObjectWithData(StoredObject object, String ical) {
}
