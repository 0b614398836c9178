package io.calroom.schema.store;

/** The resource a dead property belongs to. */
public sealed interface PropertyOwner {
    record OfPrincipal(long principalId) implements PropertyOwner {}

    /**
     * A principal's calendar home. Its rows share the principal's column (the table has no home
     * column) and are told apart by a marked namespace, see {@link DeadPropertyStore}.
     */
    record OfCalendarHome(long principalId) implements PropertyOwner {}

    record OfCalendar(long calendarId) implements PropertyOwner {}

    record OfObject(long objectId) implements PropertyOwner {}
}
