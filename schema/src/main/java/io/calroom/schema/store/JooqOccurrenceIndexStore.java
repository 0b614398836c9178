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

/** The PostgreSQL (jOOQ) implementation of {@link OccurrenceIndexStore}. */
public final class JooqOccurrenceIndexStore implements OccurrenceIndexStore {
    private final DSLContext db;

    public JooqOccurrenceIndexStore(DSLContext db) {
        this.db = db;
    }

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

    @Override
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

    @Override
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

    @Override
    public List<Locked> lock(Collection<Long> objectIds) {
        if (objectIds.isEmpty()) return List.of();
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(LOCK)) {
                ps.setArray(1, c.createArrayOf("bigint", objectIds.toArray(Long[]::new)));
                return readLocked(ps);
            }
        });
    }

    @Override
    public List<Locked> lockStaleBatch(int limit) {
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(LOCK_STALE_BATCH)) {
                ps.setInt(1, limit);
                return readLocked(ps);
            }
        });
    }

    @Override
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

    @Override
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

    @Override
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

    @Override
    public void markCurrent(long objectId) {
        db.connection(c -> {
            try (PreparedStatement ps = c.prepareStatement(MARK_CURRENT)) {
                ps.setLong(1, objectId);
                ps.executeUpdate();
            }
        });
    }

    @Override
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

    @Override
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
