package io.calroom.schema.store;

/** The resource a dead property belongs to. */
public sealed interface PropertyOwner {
    record OfPrincipal(long principalId) implements PropertyOwner {}

    record OfCalendar(long calendarId) implements PropertyOwner {}

    record OfObject(long objectId) implements PropertyOwner {}
}
