package io.calroom.schema.store;

import java.util.List;
import java.util.Optional;

/**
 * The collections of calendar homes (calendars, inboxes, outboxes, address books of the directory):
 * create, look up, change a typed property, delete, lock. Inside a
 * transaction, every method is part of it. Every change of a collection is logged in its home's
 * RFC 6578 change log ({@link SyncLog}) in the same transaction.
 */
public interface CalendarCollectionStore {
    List<StoredCalendar> calendarsOf(long ownerId);

    /** By owner and URI: every request below a calendar resolves it, so plain JDBC (no jOOQ rendering). */
    Optional<StoredCalendar> calendar(long ownerId, String uri);

    Optional<StoredCalendar> calendarById(long id);

    /** Creates the collection, or returns empty if the owner already has one at that URI. */
    Optional<StoredCalendar> createCalendar(long ownerId, NewCalendar c);

    /** Sets (value non-null) or clears (null) one typed property of a collection. */
    void setCalendarColumn(long calendarId, CalendarColumn column, String value);

    /** Deletes a collection with everything in it. */
    boolean deleteCalendar(long calendarId);

    /**
     * Locks the collection's row until the end of the transaction. Only for deleting the
     * collection: it makes writers of its members wait (their insert checks the row's key) and
     * then fail, instead of writing into a collection on its way out.
     */
    void lockCalendar(long calendarId);

    /**
     * The calendars whose busy time counts for these owners (kind {@code calendar}, opaque
     * schedule-calendar-transp, RFC 6638 §9.1), by owner; owners without any are absent.
     */
    java.util.Map<Long, List<Long>> opaqueCalendarIds(java.util.Collection<Long> ownerIds);
}
