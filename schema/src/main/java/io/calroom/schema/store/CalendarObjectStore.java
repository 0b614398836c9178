package io.calroom.schema.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The calendar objects of calendar collections: look up, list, read their text, create or replace
 * under a write condition, delete. Inside a transaction, every method is part
 * of it. Every write logs the change in the collection's RFC 6578 change log
 * ({@link SyncLog}) and replaces the object's stored occurrences, in the same transaction.
 */
public interface CalendarObjectStore {
    /**
     * Locks the UID in the collection until the end of the transaction: writers of one object (the
     * UID names it, RFC 4791 §4.1) take turns, so each sees the other's result before it decides;
     * writers of other objects of the same collection do not wait. A transaction-scoped advisory
     * lock on (hash of the collection id, hash of the UID): a hash collision only makes two
     * unrelated writers take turns. Two-key advisory locks do not share the key space of the
     * one-key locks the room agent takes.
     */
    void lockUid(long calendarId, String uid);

    List<StoredObject> objects(long calendarId);

    /**
     * The objects of a calendar in no particular order, with only {@code fields} read beyond id,
     * calendar and URI; the others are left empty (null, 0, false), so the caller must ask for
     * every field it looks at. One plain statement decoded column by column, without a record per
     * row: for listings of thousands of members (PROPFIND Depth 1) that need two or three columns.
     * Unordered because ORDER BY uri cost PostgreSQL more than the read itself: on a freshly
     * loaded calendar of 10,000 the planner sorted (26-38 ms) instead of reading in index order or
     * not at all (8 ms); the caller sorts if it needs an order.
     */
    List<StoredObject> objects(long calendarId, java.util.Set<ObjectField> fields);

    /** By URI: every GET and every write looks its object up, so plain JDBC (no jOOQ rendering). */
    Optional<StoredObject> object(long calendarId, String uri);

    Optional<StoredObject> objectByUid(long calendarId, String uid);

    /** An object with this UID in any calendar collection (not inbox/outbox) of the owner's home. */
    Optional<ObjectLocation> findInHomeByUid(long ownerId, String uid);

    /**
     * The scheduling object resources (those with a Schedule-Tag) with this UID in the calendar collections of the
     * owner's home other than {@code exceptCalendarId}, by calendar id.
     */
    List<ObjectLocation> schedulingObjectsInHomeByUid(long ownerId, String uid, long exceptCalendarId);

    /** Where an object lives: its collection and its metadata. */
    record ObjectLocation(StoredCalendar calendar, StoredObject object) {}

    /** The stored iCalendar text of an object. */
    Optional<String> ical(long objectId);

    /**
     * Creates or replaces the object at {@code uri}, if {@code condition} holds against its current
     * state; the check and the write are atomic (the existing row is locked, a concurrent create
     * loses on the unique key and is re-evaluated as an update).
     */
    PutOutcome put(long calendarId, String uri, ObjectContent content, WriteCondition condition);

    PutOutcome put(long calendarId, String uri, ObjectContent content, WriteCondition condition,
                          String scheduleTag);

    /** As {@link #put}, for a caller that already holds the lock of the content's UID ({@link #lockUid}). */
    PutOutcome putLocked(long calendarId, String uri, ObjectContent content, WriteCondition condition,
                                String scheduleTag);

    /** Deletes the object at {@code uri} if {@code condition} holds, atomically. */
    DeleteOutcome delete(long calendarId, String uri, WriteCondition condition);

    /** The objects at these URIs (missing ones are simply absent), with their text, in one query. */
    List<ObjectWithData> objectsWithData(long calendarId, java.util.Collection<String> uris);

    /**
     * With {@code withText} false the text is left out (null): a listing of etags needs none of it.
     * One lookup per URI on the (calendar_id, uri) key, whatever the planner knows: with {@code
     * uri IN (...)} a calendar without statistics (freshly loaded, not yet analysed) was read
     * through the old (calendar_id, uid) key, all 10,000 rows filtered for 100 (V8 re-keyed it
     * (uid, calendar_id), so that path is gone; the probes stay plan-independent). The URIs go as
     * one array parameter, and the rows are decoded without jOOQ records.
     */
    List<ObjectWithData> objectsWithData(long calendarId, java.util.Collection<String> uris, boolean withText);

    /**
     * Streams a calendar's objects with their text in pages of {@code pageSize} (keyset on id), so a
     * listing of any size never sits in memory. {@code onlyIds} restricts to those objects when not null.
     */
    void forEachObjectWithData(long calendarId, java.util.Set<Long> onlyIds, int pageSize,
                                      java.util.function.Consumer<ObjectWithData> consumer);

    /** Like {@link #forEachObjectWithData}, a page at a time (for work that is batched per page). */
    void forEachPageWithData(long calendarId, java.util.Set<Long> onlyIds, int pageSize,
                                    java.util.function.Consumer<List<ObjectWithData>> consumer);

    /** Ids of every object of a component type in the calendar. */
    java.util.Set<Long> objectIdsOfType(long calendarId, String componentType);

    static String etagOf(String ical) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(ical.getBytes(StandardCharsets.UTF_8));
            return '"' + HexFormat.of().formatHex(Arrays.copyOf(hash, 16)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
