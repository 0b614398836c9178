package io.calroom.schema.store;

import org.jooq.DSLContext;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The PostgreSQL (jOOQ) implementation of {@link SyncLog}. */
public final class JooqSyncLog implements SyncLog {
    private final DSLContext db;

    public JooqSyncLog(DSLContext db) {
        this.db = db;
    }

    // ---- writes (in the writer's transaction) ----

    private static final String RECORD_CHANGE = "INSERT INTO sync_changes (calendar_id, uri, deleted) VALUES (?, ?, ?) "
            + "ON CONFLICT (calendar_id, uri) DO UPDATE SET deleted = excluded.deleted, xid = excluded.xid, "
            + "changed_at = excluded.changed_at";

    @Override
    public void recordChange(long calendarId, String uri, boolean deleted) {
        recordChange(db, calendarId, uri, deleted);
    }

    /** As {@link #recordChange(long, String, boolean)}, for the object store's writes over the same {@code db}. */
    static void recordChange(DSLContext db, long calendarId, String uri, boolean deleted) {
        upsert(db, RECORD_CHANGE, calendarId, uri, deleted);
    }

    private static final String RECORD_HOME_CHANGE = "INSERT INTO home_sync_changes (owner_id, uri, deleted) VALUES (?, ?, ?) "
            + "ON CONFLICT (owner_id, uri) DO UPDATE SET deleted = excluded.deleted, xid = excluded.xid";

    @Override
    public void recordHomeChange(long ownerId, String calendarUri, boolean deleted) {
        recordHomeChange(db, ownerId, calendarUri, deleted);
    }

    /** As {@link #recordHomeChange(long, String, boolean)}, for the collection store's writes over the same {@code db}. */
    static void recordHomeChange(DSLContext db, long ownerId, String calendarUri, boolean deleted) {
        upsert(db, RECORD_HOME_CHANGE, ownerId, calendarUri, deleted);
    }

    /** One change row (collection or owner, member URI, deleted), written by this transaction. */
    private static void upsert(DSLContext db, String sql, long parent, String uri, boolean deleted) {
        db.connection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, parent);
                ps.setString(2, uri);
                ps.setBoolean(3, deleted);
                ps.executeUpdate();
            }
        });
    }

    // ---- the database ----

    /** This database's incarnation, as a SQL expression: eight hex digits. */
    private static final String INCARNATION = "(SELECT left(md5(c.system_identifier::text || ':' || d.oid::text || ':' "
            + "|| left(pg_walfile_name(pg_current_wal_lsn()), 8)), 8) FROM pg_control_system() c, pg_database d "
            + "WHERE d.datname = current_database())";

    @Override
    public void adoptDatabase() {
        db.transaction(cfg -> cfg.dsl().connection(c -> {
            try (var st = c.createStatement()) {
                String current;
                try (ResultSet rs = st.executeQuery("SELECT " + INCARNATION)) {
                    rs.next();
                    current = rs.getString(1);
                }
                try (ResultSet rs = st.executeQuery("SELECT incarnation FROM sync_incarnation FOR UPDATE")) {
                    if (rs.next() && current.equals(rs.getString(1))) return;
                }
                st.executeUpdate("UPDATE sync_changes SET xid = '0' WHERE xid >= pg_current_xact_id()");
                st.executeUpdate("UPDATE home_sync_changes SET xid = '0' WHERE xid >= pg_current_xact_id()");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_incarnation (incarnation) VALUES (?) "
                        + "ON CONFLICT (singleton) DO UPDATE SET incarnation = excluded.incarnation")) {
                    ps.setString(1, current);
                    ps.executeUpdate();
                }
            }
        }));
    }

    // ---- a calendar's log ----

    private static final String CALENDAR_STATE = "SELECT pg_current_snapshot()::text, l.xid::text, l.changed_at, " + INCARNATION
            + " FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT xid, changed_at FROM sync_changes WHERE calendar_id = ? "
            + "ORDER BY xid DESC LIMIT 1) l ON true";

    @Override
    public State calendarState(long calendarId) {
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(CALENDAR_STATE)) {
                ps.setLong(1, calendarId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    OffsetDateTime changed = rs.getObject(3, OffsetDateTime.class);
                    return new State(SyncPoint.of(rs.getString(4), SyncPoint.Snapshot.parse(rs.getString(1)), xid(rs.getString(2))),
                            changed == null ? null : changed.toInstant());
                }
            }
        });
    }

    private static final String CALENDAR_CHANGES = "WITH s AS (SELECT pg_current_snapshot()::text AS snapshot, "
            + "(SELECT xid FROM sync_changes WHERE calendar_id = ? ORDER BY xid DESC LIMIT 1)::text AS latest, "
            + INCARNATION + " AS incarnation) "
            + "SELECT s.snapshot, s.latest, c.uri, c.deleted, c.xid::text, s.incarnation FROM s LEFT JOIN LATERAL "
            + "(SELECT uri, deleted, xid FROM sync_changes WHERE calendar_id = ? AND xid >= ?::text::xid8 AND (? OR NOT deleted)) c ON true";

    @Override
    public Optional<Changes> calendarChanges(long calendarId, SyncPoint since) {
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(CALENDAR_CHANGES)) {
                ps.setLong(1, calendarId);
                ps.setLong(2, calendarId);
                ps.setString(3, Long.toString(since == null ? 0 : since.scanFrom()));
                ps.setBoolean(4, since != null);
                try (ResultSet rs = ps.executeQuery()) {
                    SyncPoint.Snapshot snapshot = null;
                    Long latest = null;
                    String incarnation = null;
                    List<SyncChange> changes = new ArrayList<>();
                    while (rs.next()) {
                        if (snapshot == null) {
                            snapshot = SyncPoint.Snapshot.parse(rs.getString(1));
                            latest = xid(rs.getString(2));
                            incarnation = rs.getString(6);
                        }
                        String uri = rs.getString(3);
                        if (uri == null) continue; // no rows: only the snapshot
                        long xid = Long.parseLong(rs.getString(5));
                        if (since == null || !since.covers(xid, uri)) changes.add(new SyncChange(uri, xid, rs.getBoolean(4)));
                    }
                    if (!givenOut(since, incarnation, snapshot)) return Optional.empty();
                    changes.sort(Comparator.comparing(SyncChange::position));
                    return Optional.of(new Changes(changes, SyncPoint.of(incarnation, snapshot, latest)));
                }
            }
        });
    }

    // ---- a home's log ----

    /*
     * Rows of the home: its own (kind h, all of them: one per collection ever created), the member
     * changes of its collections from the scan bound on (kind m), the latest member change of each
     * collection (kind l) and each existing collection (kind c, no xid).
     */
    private static final String HOME_ROWS = "SELECT s.snapshot, r.kind, r.uri, r.deleted, r.xid::text, s.incarnation "
            + "FROM (SELECT pg_current_snapshot()::text AS snapshot, " + INCARNATION + " AS incarnation) s LEFT JOIN LATERAL ("
            + "SELECT 'h' AS kind, h.uri, h.deleted, h.xid FROM home_sync_changes h WHERE h.owner_id = ? "
            + "UNION ALL SELECT 'm', c.uri, false, m.xid FROM calendars c JOIN sync_changes m ON m.calendar_id = c.id "
            + "  WHERE c.owner_id = ? AND m.xid >= ?::text::xid8 "
            + "UNION ALL SELECT 'l', c.uri, false, l.xid FROM calendars c CROSS JOIN LATERAL "
            + "  (SELECT xid FROM sync_changes WHERE calendar_id = c.id ORDER BY xid DESC LIMIT 1) l WHERE c.owner_id = ? "
            + "UNION ALL SELECT 'c', c.uri, false, NULL FROM calendars c WHERE c.owner_id = ?) r ON true";

    @Override
    public SyncPoint homePoint(long ownerId) {
        return homeChanges(ownerId, null).orElseThrow().now();
    }

    @Override
    public Optional<Changes> homeChanges(long ownerId, SyncPoint since) {
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(HOME_ROWS)) {
                ps.setLong(1, ownerId);
                ps.setLong(2, ownerId);
                ps.setString(3, since == null ? Long.toString(Long.MAX_VALUE) : Long.toString(since.scanFrom()));
                ps.setLong(4, ownerId);
                ps.setLong(5, ownerId);
                try (ResultSet rs = ps.executeQuery()) {
                    return homeChanges(rs, since);
                }
            }
        });
    }

    private static Optional<Changes> homeChanges(ResultSet rs, SyncPoint since) throws SQLException {
        SyncPoint.Snapshot snapshot = null;
        String incarnation = null;
        Set<String> existing = new HashSet<>();
        Map<String, Long> latestByUri = new HashMap<>();
        Map<String, SyncChange> changed = new HashMap<>();
        while (rs.next()) {
            if (snapshot == null) {
                snapshot = SyncPoint.Snapshot.parse(rs.getString(1));
                incarnation = rs.getString(6);
            }
            String kind = rs.getString(2);
            if (kind == null) continue; // no rows: only the snapshot
            String uri = rs.getString(3);
            if (kind.equals("c")) {
                existing.add(uri);
                continue;
            }
            long xid = Long.parseLong(rs.getString(5));
            if (!kind.equals("m")) latestByUri.merge(uri, xid, Math::max);
            boolean candidate = kind.equals("m") || kind.equals("h");
            if (since != null && candidate && !since.covers(xid, uri)) {
                changed.merge(uri, new SyncChange(uri, xid, rs.getBoolean(4)),
                        (a, b) -> a.xid() >= b.xid() ? a : b);
            }
        }
        if (!givenOut(since, incarnation, snapshot)) return Optional.empty();
        Long latest = latestByUri.values().stream().max(Long::compare).orElse(null);
        List<SyncChange> changes = new ArrayList<>();
        if (since == null) {
            for (String uri : existing) changes.add(new SyncChange(uri, latestByUri.getOrDefault(uri, 0L), false));
        } else {
            for (SyncChange ch : changed.values()) changes.add(new SyncChange(ch.uri(), ch.xid(), !existing.contains(ch.uri())));
        }
        changes.sort(Comparator.comparing(SyncChange::position));
        return Optional.of(new Changes(changes, SyncPoint.of(incarnation, snapshot, latest)));
    }

    /*
     * The rows of a home at sync-level infinite: its own (kind h), the member rows of its
     * collections from the scan bound on, all of them (deletions too) after a token, only the
     * current members for an initial sync (kind m, with the member's URI), the latest member
     * change of each collection (kind l) and each existing collection (kind c).
     */
    private static final String HOME_TREE_ROWS = "SELECT s.snapshot, r.kind, r.uri, r.member, r.deleted, r.xid::text, s.incarnation "
            + "FROM (SELECT pg_current_snapshot()::text AS snapshot, " + INCARNATION + " AS incarnation) s LEFT JOIN LATERAL ("
            + "SELECT 'h' AS kind, h.uri, NULL::text AS member, h.deleted, h.xid FROM home_sync_changes h WHERE h.owner_id = ? "
            + "UNION ALL SELECT 'm', c.uri, m.uri, m.deleted, m.xid FROM calendars c JOIN sync_changes m ON m.calendar_id = c.id "
            + "  WHERE c.owner_id = ? AND m.xid >= ?::text::xid8 AND (? OR NOT m.deleted) "
            + "UNION ALL SELECT 'l', c.uri, NULL, false, l.xid FROM calendars c CROSS JOIN LATERAL "
            + "  (SELECT xid FROM sync_changes WHERE calendar_id = c.id ORDER BY xid DESC LIMIT 1) l WHERE c.owner_id = ? "
            + "UNION ALL SELECT 'c', c.uri, NULL, false, NULL FROM calendars c WHERE c.owner_id = ?) r ON true";

    @Override
    public Optional<Changes> homeTreeChanges(long ownerId, SyncPoint since) {
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(HOME_TREE_ROWS)) {
                ps.setLong(1, ownerId);
                ps.setLong(2, ownerId);
                ps.setString(3, Long.toString(since == null ? 0 : since.scanFrom()));
                ps.setBoolean(4, since != null);
                ps.setLong(5, ownerId);
                ps.setLong(6, ownerId);
                try (ResultSet rs = ps.executeQuery()) {
                    return homeTreeChanges(rs, since);
                }
            }
        });
    }

    private static Optional<Changes> homeTreeChanges(ResultSet rs, SyncPoint since) throws SQLException {
        SyncPoint.Snapshot snapshot = null;
        String incarnation = null;
        Set<String> existing = new HashSet<>();
        Map<String, Long> latestByUri = new HashMap<>();
        Map<String, Long> ownChange = new HashMap<>();
        List<SyncChange> members = new ArrayList<>();
        while (rs.next()) {
            if (snapshot == null) {
                snapshot = SyncPoint.Snapshot.parse(rs.getString(1));
                incarnation = rs.getString(7);
            }
            String kind = rs.getString(2);
            if (kind == null) continue; // no rows: only the snapshot
            String uri = rs.getString(3);
            if (kind.equals("c")) {
                existing.add(uri);
                continue;
            }
            long xid = Long.parseLong(rs.getString(6));
            switch (kind) {
                case "h" -> {
                    latestByUri.merge(uri, xid, Math::max);
                    ownChange.put(uri, xid);
                }
                case "l" -> latestByUri.merge(uri, xid, Math::max);
                default -> {
                    String member = uri + "/" + rs.getString(4);
                    if (since == null || !since.covers(xid, member)) members.add(new SyncChange(member, xid, rs.getBoolean(5)));
                }
            }
        }
        if (!givenOut(since, incarnation, snapshot)) return Optional.empty();
        Long latest = latestByUri.values().stream().max(Long::compare).orElse(null);
        List<SyncChange> changes = new ArrayList<>();
        if (since == null) {
            for (String uri : existing) changes.add(new SyncChange(uri, ownChange.getOrDefault(uri, 0L), false));
        } else {
            ownChange.forEach((uri, xid) -> {
                if (!since.covers(xid, uri)) changes.add(new SyncChange(uri, xid, !existing.contains(uri)));
            });
        }
        for (SyncChange m : members) {
            if (existing.contains(m.uri().substring(0, m.uri().indexOf('/')))) changes.add(m);
        }
        changes.sort(Comparator.comparing(SyncChange::position));
        return Optional.of(new Changes(changes, SyncPoint.of(incarnation, snapshot, latest)));
    }

    /** Whether {@code since} (null: none) can have been given out by this database: its incarnation, not beyond now. */
    private static boolean givenOut(SyncPoint since, String incarnation, SyncPoint.Snapshot now) {
        return since == null || (since.incarnation().equals(incarnation) && since.xmax() <= now.xmax());
    }

    private static Long xid(String text) {
        return text == null ? null : Long.parseLong(text);
    }
}
