package io.calroom.schema.store;

import org.jooq.DSLContext;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
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
public final class OccurrenceIndexStore {
    private final DSLContext db;

    public OccurrenceIndexStore(DSLContext db) {
        this.db = db;
    }

    /** What the index holds of an object. */
    public record IndexState(long id, long calendarId, String uri, String uid, String componentType, boolean unbounded,
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
    public record Locked(IndexState state, String ical) {}

    private static final String STATE_COLUMNS = "id, calendar_id, uri, uid, component_type, unbounded, expanded_until, "
            + "expansion_version, expansion_zone";

    private static final String STALE = "expansion_version < " + ExpansionVersion.CURRENT;

    /** Both looks of {@link #needingWork} in one statement: each arm an (empty) probe of its partial index. */
    private static final String NEEDING_WORK = "SELECT " + STATE_COLUMNS + " FROM calendar_objects "
            + "WHERE calendar_id = ANY(?) AND " + STALE
            + " AND (first_start IS NULL OR first_start < ?) AND (last_end IS NULL OR last_end > ?) "
            + "UNION ALL SELECT " + STATE_COLUMNS + " FROM calendar_objects "
            + "WHERE calendar_id = ANY(?) AND unbounded AND expanded_until < ? AND NOT (" + STALE + ")";

    private static final String STALE_IDS_OF_TYPE = "SELECT id FROM calendar_objects "
            + "WHERE calendar_id = ANY(?) AND " + STALE + " AND component_type = ?";

    private static final String LOCK = "SELECT " + STATE_COLUMNS + ", ical FROM calendar_objects "
            + "WHERE id = ANY(?) ORDER BY id FOR UPDATE SKIP LOCKED";

    private static final String LOCK_STALE_BATCH = "SELECT " + STATE_COLUMNS + ", ical FROM calendar_objects "
            + "WHERE " + STALE + " ORDER BY calendar_id, id LIMIT ? FOR UPDATE SKIP LOCKED";

    private static final String LOCK_OPEN_BATCH = "SELECT " + STATE_COLUMNS + ", ical FROM calendar_objects "
            + "WHERE unbounded AND expanded_until < ? AND id <> ALL(?) ORDER BY calendar_id, expanded_until LIMIT ? "
            + "FOR UPDATE SKIP LOCKED";

    private static final String APPEND = "UPDATE calendar_objects SET expanded_until = ?, unbounded = ? "
            + "WHERE id = ? AND unbounded AND expanded_until = ? AND expansion_version = " + ExpansionVersion.CURRENT;

    private static final String SET_LAST_END = "UPDATE calendar_objects SET last_end = "
            + "(SELECT max(upper(period)) FROM calendar_instances WHERE object_id = ?) WHERE id = ?";

    private static final String REPLACE = "UPDATE calendar_objects SET first_start = ?, last_end = ?, unbounded = ?, "
            + "expanded_until = ?, expansion_zone = ?, expansion_version = " + ExpansionVersion.CURRENT + " WHERE id = ?";

    private static final String MARK_CURRENT = "UPDATE calendar_objects SET expansion_version = " + ExpansionVersion.CURRENT
            + " WHERE id = ?";

    private static final String HAS_OPEN = "SELECT 1 FROM calendar_objects WHERE calendar_id = ? AND unbounded AND uid <> ? LIMIT 1";

    private static final String LATEST_HELD_END = "SELECT max(upper(i.period)) FROM calendar_instances i "
            + "JOIN calendar_objects o ON o.id = i.object_id "
            + "WHERE i.calendar_id = ? AND o.uid <> ? AND NOT i.transparent AND coalesce(i.status, '') <> 'CANCELLED'";

    /**
     * The objects of these calendars a lookup over [start, end) must bring up to date: open-ended
     * series expanded to before {@code end}, and objects an older expansion indexed whose stored
     * span comes within {@code slack} of the range (an older expansion may have put an occurrence on
     * another day, not into another month). Two probes of the partial indexes, empty in the normal case.
     *
     * @param start null: from the beginning
     */
    public List<IndexState> needingWork(Collection<Long> calendarIds, Instant start, Instant end, java.time.Duration slack) {
        if (calendarIds.isEmpty()) return List.of();
        Long[] ids = calendarIds.toArray(Long[]::new);
        return db.connectionResult(c -> {
            List<IndexState> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(NEEDING_WORK)) {
                java.sql.Array calendars = c.createArrayOf("bigint", ids);
                ps.setArray(1, calendars);
                ps.setObject(2, Timestamps.toOffset(end.plus(slack)));
                ps.setObject(3, Timestamps.toOffset(start == null ? java.time.Instant.parse("0001-01-01T00:00:00Z") : start.minus(slack)));
                ps.setArray(4, calendars);
                ps.setObject(5, Timestamps.toOffset(end));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(state(rs));
                }
            }
            return out;
        });
    }

    /** Ids of the objects of a type in these calendars whose occurrences an older expansion computed. */
    public Set<Long> staleIds(Collection<Long> calendarIds, String componentType) {
        return staleIds(db, calendarIds, componentType);
    }

    /** As {@link #staleIds(Collection, String)}, for the time-range lookups of {@link OccurrenceLookups}. */
    static Set<Long> staleIds(DSLContext db, Collection<Long> calendarIds, String componentType) {
        if (calendarIds.isEmpty()) return Set.of();
        Long[] ids = calendarIds.toArray(Long[]::new);
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(STALE_IDS_OF_TYPE)) {
                ps.setArray(1, c.createArrayOf("bigint", ids));
                ps.setString(2, componentType);
                Set<Long> out = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getLong(1));
                }
                return out;
            }
        });
    }

    /**
     * Locks these objects' rows, skipping those another transaction holds (a writer replacing the
     * object, or another process extending it): the caller computes those without storing. Rows are
     * locked in id order. The row lock is the one a write of the object takes ({@code FOR UPDATE} in
     * {@link CalendarObjectStore#putLocked}), so a writer that comes later waits and then replaces
     * everything written here; it never waits for a lock the writer holds, so no deadlock can form.
     */
    public List<Locked> lock(Collection<Long> objectIds) {
        if (objectIds.isEmpty()) return List.of();
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(LOCK)) {
                ps.setArray(1, c.createArrayOf("bigint", objectIds.toArray(Long[]::new)));
                return readLocked(ps);
            }
        });
    }

    /** Up to {@code limit} objects an older expansion indexed, locked as {@link #lock} does. */
    public List<Locked> lockStaleBatch(int limit) {
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(LOCK_STALE_BATCH)) {
                ps.setInt(1, limit);
                return readLocked(ps);
            }
        });
    }

    /** Up to {@code limit} open-ended series expanded to before {@code until}, other than {@code skip}, locked as {@link #lock} does. */
    public List<Locked> lockOpenBatch(Instant until, Collection<Long> skip, int limit) {
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(LOCK_OPEN_BATCH)) {
                ps.setObject(1, Timestamps.toOffset(until));
                ps.setArray(2, c.createArrayOf("bigint", skip.toArray(Long[]::new)));
                ps.setInt(3, limit);
                return readLocked(ps);
            }
        });
    }

    /**
     * Appends the occurrences of a locked open-ended series from its {@code expanded_until} on (their
     * original starts in [{@code state.expandedUntil()}, {@code newUntil})) and moves
     * {@code expanded_until} to {@code newUntil}; {@code stillUnbounded} false when the series ended
     * inside. Returns false, writing nothing, when the row is not in {@code state} any more.
     */
    public boolean append(IndexState state, List<InstanceRow> rows, Instant newUntil, boolean stillUnbounded) {
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(APPEND)) {
                ps.setObject(1, Timestamps.toOffset(newUntil));
                ps.setBoolean(2, stillUnbounded);
                ps.setLong(3, state.id());
                ps.setObject(4, Timestamps.toOffset(state.expandedUntil()));
                if (ps.executeUpdate() != 1) return false;
            }
            ObjectWriteStatements.insertInstances(c, state.calendarId(), state.id(), state.componentType(), rows);
            if (!stillUnbounded) {
                try (PreparedStatement ps = c.prepareStatement(SET_LAST_END)) {
                    ps.setLong(1, state.id());
                    ps.setLong(2, state.id());
                    ps.executeUpdate();
                }
            }
            return true;
        });
    }

    /**
     * Replaces all stored occurrences of a locked object with {@code rows}, computed by this build
     * ({@link ExpansionVersion#CURRENT}) in {@code zone}.
     */
    public void replace(IndexState state, List<InstanceRow> rows, Instant firstStart, Instant lastEnd, boolean unbounded,
                        Instant expandedUntil, String zone) {
        db.connection(c -> {
            try (PreparedStatement ps = c.prepareStatement(REPLACE)) {
                setInstant(ps, 1, firstStart);
                setInstant(ps, 2, lastEnd);
                ps.setBoolean(3, unbounded);
                setInstant(ps, 4, expandedUntil);
                ps.setString(5, zone);
                ps.setLong(6, state.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(ObjectWriteStatements.DELETE_INSTANCES)) {
                ps.setLong(1, state.id());
                ps.executeUpdate();
            }
            ObjectWriteStatements.insertInstances(c, state.calendarId(), state.id(), state.componentType(), rows);
        });
    }

    /**
     * Records that a locked object's stored occurrences stand as they are: an object outside calendar
     * collections (scheduling messages have none), or one this build cannot expand (it keeps what an
     * older build computed, rather than nothing).
     */
    public void markCurrent(long objectId) {
        db.connection(c -> {
            try (PreparedStatement ps = c.prepareStatement(MARK_CURRENT)) {
                ps.setLong(1, objectId);
                ps.executeUpdate();
            }
        });
    }

    /**
     * The end of the latest blocking occurrence (opaque, not cancelled) the calendar holds of events
     * other than {@code excludeUid}, or null when it holds none.
     */
    public Instant latestHeldEnd(long calendarId, String excludeUid) {
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(LATEST_HELD_END)) {
                ps.setLong(1, calendarId);
                ps.setString(2, excludeUid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Timestamps.toInstant(rs.getObject(1, OffsetDateTime.class)) : null;
                }
            }
        });
    }

    /** Whether the calendar holds an open-ended series of another event than {@code excludeUid}. */
    public boolean hasOpenSeries(long calendarId, String excludeUid) {
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(HAS_OPEN)) {
                ps.setLong(1, calendarId);
                ps.setString(2, excludeUid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private static List<Locked> readLocked(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Locked> out = new ArrayList<>();
            while (rs.next()) out.add(new Locked(state(rs), rs.getString(10)));
            return out;
        }
    }

    private static IndexState state(ResultSet rs) throws SQLException {
        return new IndexState(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6),
                Timestamps.toInstant(rs.getObject(7, OffsetDateTime.class)), rs.getInt(8), rs.getString(9));
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) ps.setNull(index, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(index, Timestamps.toOffset(value));
    }
}
