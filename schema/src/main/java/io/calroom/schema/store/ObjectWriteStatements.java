package io.calroom.schema.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The statements of a calendar object write (PUT, COPY, MOVE, scheduling deliveries) in plain JDBC
 * on the caller's connection. They run for every write, and jOOQ's rendering and binding of them
 * (an occurrence insert of a weekly series has hundreds of bind values) cost more CPU than
 * PostgreSQL's work; the texts here are fixed, so the driver prepares each once per connection.
 */
final class ObjectWriteStatements {
    private ObjectWriteStatements() {
    }

    /** A row of the object at a URI, or of another object with the same UID, locked for the write. */
    record ExistingRow(long id, String etag, String uid, String uri, Instant createdAt) {}

    static final String LOCK_CALENDAR = "SELECT id FROM calendars WHERE id = ? FOR UPDATE";

    static final String EXISTING = "SELECT id, etag, uid, uri, created_at FROM calendar_objects "
            + "WHERE calendar_id = ? AND (uri = ? OR uid = ?) FOR UPDATE";

    static final String INSERT_OBJECT = "INSERT INTO calendar_objects (calendar_id, uri, uid, created_at, etag, schedule_tag, "
            + "component_type, ical, size_bytes, first_start, last_end, unbounded, expanded_until, expansion_zone, updated_at, "
            + "expansion_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + ExpansionVersion.CURRENT + ") RETURNING id";

    static final String UPDATE_OBJECT = "UPDATE calendar_objects SET etag = ?, schedule_tag = ?, component_type = ?, ical = ?, "
            + "size_bytes = ?, first_start = ?, last_end = ?, unbounded = ?, expanded_until = ?, expansion_zone = ?, updated_at = ?, "
            + "expansion_version = " + ExpansionVersion.CURRENT + " WHERE id = ?";

    static final String DELETE_INSTANCES = "DELETE FROM calendar_instances WHERE object_id = ?";

    /**
     * All occurrences in one statement whatever their number: arrays unnested into rows. Bounds:
     * [start,end) normally, the closed point [t,t] when start == end, a null bound is infinite
     * (as {@link InstanceRow} defines them).
     */
    static final String INSERT_INSTANCES = "INSERT INTO calendar_instances (object_id, calendar_id, component_type, recurrence_id, "
            + "period, transparent, status, all_day, floating) "
            + "SELECT ?, ?, ?, u.rid::timestamptz, tstzrange(u.s::timestamptz, u.e::timestamptz, u.b), u.t, u.st, u.ad, u.f "
            + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::boolean[], ?::boolean[]) "
            + "AS u(rid, s, e, b, t, st, ad, f)";

    static final String LOCK_UID = "SELECT pg_advisory_xact_lock(hashint8(?), hashtext(?))";

    static void lockUid(Connection c, long calendarId, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_UID)) {
            ps.setLong(1, calendarId);
            ps.setString(2, uid);
            ps.executeQuery().close();
        }
    }

    static void lockCalendar(Connection c, long calendarId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_CALENDAR)) {
            ps.setLong(1, calendarId);
            ps.executeQuery().close();
        }
    }

    static List<ExistingRow> existing(Connection c, long calendarId, String uri, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EXISTING)) {
            ps.setLong(1, calendarId);
            ps.setString(2, uri);
            ps.setString(3, uid);
            try (ResultSet rs = ps.executeQuery()) {
                List<ExistingRow> rows = new java.util.ArrayList<>(2);
                while (rs.next()) {
                    OffsetDateTime created = rs.getObject(5, OffsetDateTime.class);
                    rows.add(new ExistingRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            created == null ? null : created.toInstant()));
                }
                return rows;
            }
        }
    }

    /** The new object's id; a unique-key violation (another writer won the URI) propagates as SQLException 23505. */
    static long insertObject(Connection c, long calendarId, String uri, ObjectContent content, String etag, String scheduleTag,
                             int size, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_OBJECT)) {
            ps.setLong(1, calendarId);
            ps.setString(2, uri);
            ps.setString(3, content.uid());
            ps.setObject(4, now);
            setContent(ps, 5, content, etag, scheduleTag, size, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void updateObject(Connection c, long objectId, ObjectContent content, String etag, String scheduleTag, int size,
                             OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE_OBJECT)) {
            setContent(ps, 1, content, etag, scheduleTag, size, now);
            ps.setLong(12, objectId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE_INSTANCES)) {
            ps.setLong(1, objectId);
            ps.executeUpdate();
        }
    }

    /** The eleven content columns, alike for a new and a replaced object, from parameter {@code first} on. */
    private static void setContent(PreparedStatement ps, int first, ObjectContent content, String etag, String scheduleTag,
                                   int size, OffsetDateTime now) throws SQLException {
        int i = first;
        ps.setString(i++, etag);
        ps.setString(i++, scheduleTag);
        ps.setString(i++, content.componentType());
        ps.setString(i++, content.ical());
        ps.setInt(i++, size);
        setInstant(ps, i++, content.firstStart());
        setInstant(ps, i++, content.lastEnd());
        ps.setBoolean(i++, content.unbounded());
        setInstant(ps, i++, content.expandedUntil());
        ps.setString(i++, content.expansionZone());
        ps.setObject(i, now);
    }

    static void insertInstances(Connection c, long calendarId, long objectId, String componentType, List<InstanceRow> instances)
            throws SQLException {
        if (instances.isEmpty()) return;
        int n = instances.size();
        String[] rid = new String[n];
        String[] start = new String[n];
        String[] end = new String[n];
        String[] bounds = new String[n];
        Boolean[] transparent = new Boolean[n];
        String[] status = new String[n];
        Boolean[] allDay = new Boolean[n];
        Boolean[] floating = new Boolean[n];
        for (int k = 0; k < n; k++) {
            InstanceRow r = instances.get(k);
            rid[k] = text(r.recurrenceId());
            start[k] = text(r.start());
            end[k] = text(r.end());
            bounds[k] = r.start() != null && r.start().equals(r.end()) ? "[]" : "[)";
            transparent[k] = r.transparent();
            status[k] = r.status();
            allDay[k] = r.allDay();
            floating[k] = r.floating();
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_INSTANCES)) {
            ps.setLong(1, objectId);
            ps.setLong(2, calendarId);
            ps.setString(3, componentType);
            Array[] arrays = {c.createArrayOf("text", rid), c.createArrayOf("text", start), c.createArrayOf("text", end),
                    c.createArrayOf("text", bounds), c.createArrayOf("bool", transparent), c.createArrayOf("text", status),
                    c.createArrayOf("bool", allDay), c.createArrayOf("bool", floating)};
            for (int k = 0; k < arrays.length; k++) ps.setArray(4 + k, arrays[k]);
            ps.executeUpdate();
        }
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(index, Timestamps.toOffset(value));
    }

    /** ISO-8601 in UTC, which PostgreSQL reads as timestamptz; null stays null (an infinite bound). */
    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
