package io.calroom.schema.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The bookkeeping of the occurrence index ({@code calendar_instances}) apart from writes of objects:
 * which objects a lookup or the maintenance job must bring up to date, locking them, appending the
 * occurrences of an open-ended series past its {@code expanded_until}, and replacing the occurrences
 * an older expansion computed. None of it touches an object's text, ETag, {@code updated_at} or its
 * collection's change log: the index is derived data.
 * <p>
 * Plain JDBC on the caller's connection, like {@link ObjectWriteStatements}: the look for objects to
 * bring up to date runs in every lookup and must stay an (empty) probe of the two partial indexes of
 * V10, whatever plan PostgreSQL caches; the version bound is therefore written into the text.
 */
public interface OccurrenceIndexStore {
    /** What the index holds of an object. */
    record IndexState(long id, long calendarId, String uri, String uid, String componentType, boolean unbounded,
                             Instant expandedUntil, int expansionVersion, String expansionZone) {
        /** Its occurrences were computed by an older expansion. */
        public boolean stale() {
            return expansionVersion < ExpansionVersion.CURRENT;
        }

        /** Every occurrence that starts before {@code end} is stored (by this build's expansion). */
        public boolean covers(Instant end) {
            return !stale() && (!unbounded || (expandedUntil != null && !expandedUntil.isBefore(end)));
        }
    }

    /** An object locked for re-indexing ({@code FOR UPDATE}), with its state and text as committed. */
    record Locked(IndexState state, String ical) {}

    /**
     * The objects of these calendars a lookup over [start, end) must bring up to date: open-ended
     * series expanded to before {@code end}, and objects an older expansion indexed whose stored
     * span comes within {@code slack} of the range (an older expansion may have put an occurrence on
     * another day, not into another month). Two probes of the partial indexes, empty in the normal case.
     *
     * @param start null: from the beginning
     */
    List<IndexState> needingWork(Collection<Long> calendarIds, Instant start, Instant end, java.time.Duration slack);

    /** Ids of the objects of a type in these calendars whose occurrences an older expansion computed. */
    Set<Long> staleIds(Collection<Long> calendarIds, String componentType);

    /**
     * Locks these objects' rows, skipping those another transaction holds (a writer replacing the
     * object, or another process extending it): the caller computes those without storing. Rows are
     * locked in id order. The row lock is the one a write of the object takes ({@code FOR UPDATE} in
     * {@link CalendarObjectStore#putLocked}), so a writer that comes later waits and then replaces
     * everything written here; it never waits for a lock the writer holds, so no deadlock can form.
     */
    List<Locked> lock(Collection<Long> objectIds);

    /** Up to {@code limit} objects an older expansion indexed, locked as {@link #lock} does. */
    List<Locked> lockStaleBatch(int limit);

    /** Up to {@code limit} open-ended series expanded to before {@code until}, other than {@code skip}, locked as {@link #lock} does. */
    List<Locked> lockOpenBatch(Instant until, Collection<Long> skip, int limit);

    /**
     * Appends the occurrences of a locked open-ended series from its {@code expanded_until} on (their
     * original starts in [{@code state.expandedUntil()}, {@code newUntil})) and moves
     * {@code expanded_until} to {@code newUntil}; {@code stillUnbounded} false when the series ended
     * inside. Returns false, writing nothing, when the row is not in {@code state} any more.
     */
    boolean append(IndexState state, List<InstanceRow> rows, Instant newUntil, boolean stillUnbounded);

    /**
     * Replaces all stored occurrences of a locked object with {@code rows}, computed by this build
     * ({@link ExpansionVersion#CURRENT}) in {@code zone}.
     */
    void replace(IndexState state, List<InstanceRow> rows, Instant firstStart, Instant lastEnd, boolean unbounded,
                        Instant expandedUntil, String zone);

    /**
     * Records that a locked object's stored occurrences stand as they are: an object outside calendar
     * collections (scheduling messages have none), or one this build cannot expand (it keeps what an
     * older build computed, rather than nothing).
     */
    void markCurrent(long objectId);

    /**
     * The end of the latest blocking occurrence (opaque, not cancelled) the calendar holds of events
     * other than {@code excludeUid}, or null when it holds none.
     */
    Instant latestHeldEnd(long calendarId, String excludeUid);

    /** Whether the calendar holds an open-ended series of another event than {@code excludeUid}. */
    boolean hasOpenSeries(long calendarId, String excludeUid);
}
