package io.calroom.schema.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The RFC 6578 change logs: of each calendar collection (its members) and of each calendar home
 * (its collections). A change row carries the id of the transaction that wrote it, and a token is
 * a {@link SyncPoint} cut from a snapshot, so writers share no counter and hold no lock for the
 * log beyond their own member's row. Each read takes the snapshot and the rows in one statement:
 * the token it returns never claims a row the answer did not see.
 *
 * <p>A home's log is its own rows (a collection created, deleted or its properties changed) plus
 * every member change of its collections, each counted as a change of the collection.
 *
 * <p>Transaction ids are the cluster's: a dump restored into another cluster brings ids that
 * cluster has not reached yet, a promoted replica may hand out again ids the lost primary had
 * used, and either way a client's token no longer means what it did. So every point carries the
 * database's incarnation (a hash of the cluster's system identifier, the database's oid and the
 * WAL timeline), a token of another incarnation is refused (the client syncs afresh), and
 * {@link #adoptDatabase} makes rows from another cluster's future count as old.
 */
public interface SyncLog {
    /** A collection's current point (its token and ctag) and when a member last changed (null: never). */
    record State(SyncPoint point, Instant lastChange) {}

    /** The changes a sync answers with, in log order, and the point the answer brings the client to. */
    record Changes(List<SyncChange> changes, SyncPoint now) {}

    /** Records that a member of the calendar was written or deleted. */
    void recordChange(long calendarId, String uri, boolean deleted);

    /** Records that a collection of the home was created, deleted or had its properties changed. */
    void recordHomeChange(long ownerId, String calendarUri, boolean deleted);

    /**
     * At start-up: when the database is not the incarnation it was at the last start (restored
     * from a dump, moved to another cluster, failed over), rows written by transaction ids this
     * cluster has not reached yet are set to id 0, older than every point (each client's token
     * is refused anyway and it syncs afresh). Otherwise nothing happens.
     */
    void adoptDatabase();

    State calendarState(long calendarId);

    /**
     * The calendar's members changed since {@code since}, or with {@code since} null its current
     * members (an initial sync); empty if {@code since} is not a point this database gave out
     * (from the future, or of another incarnation).
     */
    Optional<Changes> calendarChanges(long calendarId, SyncPoint since);

    /** The home's current point (its DAV:sync-token). */
    SyncPoint homePoint(long ownerId);

    /**
     * The home's collections changed since {@code since} (a collection counts as changed when it or
     * any of its members changed), or with {@code since} null all its collections; empty if
     * {@code since} is not a point this database gave out. A changed collection's place in the order is that of its
     * latest change (see {@link SyncPoint}: every change of a collection counts at the collection's URI).
     */
    Optional<Changes> homeChanges(long ownerId, SyncPoint since);

    /**
     * The home's changes at sync-level infinite (RFC 6578 §3.3): its collections created, deleted
     * or re-propertied (URI {@code calendar}) and their members written or deleted (URI {@code
     * calendar/member}), or with {@code since} null every collection and every current member;
     * the members of a collection that is gone are not reported (§3.5.2). The point is the same as
     * {@link #homeChanges}'s: a token does not depend on the sync-level (§3.3). (After a truncated
     * answer the point's position is a member's at one level and a collection's at the other; a
     * client that pages with one level and continues with the other may be told a change twice.)
     */
    Optional<Changes> homeTreeChanges(long ownerId, SyncPoint since);
}
