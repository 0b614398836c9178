package io.calroom.schema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generic plans PostgreSQL caches for the hot lookups, made while the tables are empty (as on a new server):
 * pgjdbc prepares a statement on the server after its fifth use, PostgreSQL then keeps a generic plan for the life
 * of the pooled connection, and a plan costed for an empty table must still be a key lookup when the calendar holds
 * 10,000 objects (V8 migration).
 */
class DatabasePlanCacheTest {
    private static TestDatabase testDb;
    private static Database db;

    @BeforeAll
    static void open() {
        testDb = TestDatabases.create("DatabasePlanCacheTest");
        db = Database.open(new DatabaseConfig(testDb.jdbcUrl(), testDb.user(), testDb.password(), 2));
    }

    @AfterAll
    static void close() {
        if (db != null) db.close();
        if (testDb != null) testDb.close();
    }

    /** The generic plan of {@code sql} (parameters {@code types}) on the current, empty tables. */
    private static String genericPlan(String types, String sql, String args) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("SET plan_cache_mode = force_generic_plan");
            st.execute("PREPARE q(" + types + ") AS " + sql);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE q(" + args + ")")) {
                while (rs.next()) plan.append(rs.getString(1)).append('\n');
            } finally {
                st.execute("DEALLOCATE q");
                st.execute("RESET plan_cache_mode");
            }
            return plan.toString();
        }
    }

    private static void assertKeyLookup(String plan) {
        assertTrue(plan.contains("calendar_objects_calendar_id_uri_key") && plan.contains("uri = "),
                "expected a lookup on (calendar_id, uri), got:\n" + plan);
    }

    @Test
    void objectLookupByUriStaysOnItsKey() throws SQLException {
        assertKeyLookup(genericPlan("bigint, text",
                "SELECT id, etag FROM calendar_objects WHERE calendar_id = $1 AND uri = $2", "1, 'a.ics'"));
    }

    @Test
    void multigetProbesStayOnTheKey() throws SQLException {
        assertKeyLookup(genericPlan("text[], bigint",
                "SELECT o.id FROM unnest($1) AS u(uri) CROSS JOIN LATERAL (SELECT * FROM calendar_objects c"
                        + " WHERE c.calendar_id = $2 AND c.uri = u.uri OFFSET 0) o", "'{a.ics}', 1"));
    }

    @Test
    void uidLookupUsesTheUidKey() throws SQLException {
        String plan = genericPlan("bigint, text",
                "SELECT id FROM calendar_objects WHERE calendar_id = $1 AND uid = $2", "1, 'u'");
        assertTrue(plan.contains("calendar_objects_uid_calendar_id_key"), plan);
    }

    @Test
    void syncSinceAPointReadsOnlyTheRecentChanges() throws SQLException {
        String plan = genericPlan("bigint, text",
                "SELECT uri, deleted, xid FROM sync_changes WHERE calendar_id = $1 AND xid >= $2::xid8", "1, '5'");
        assertTrue(plan.contains("sync_changes_xid_idx") && plan.contains("xid >="), plan);
    }

    @Test
    void aCollectionsLatestChangeIsOneIndexProbe() throws SQLException {
        String plan = genericPlan("bigint",
                "SELECT xid, changed_at FROM sync_changes WHERE calendar_id = $1 ORDER BY xid DESC LIMIT 1", "1");
        assertTrue(plan.contains("Index Scan Backward using sync_changes_xid_idx") && !plan.contains("Sort"), plan);
    }

    /** Every lookup over a time range asks which open-ended series of its calendars end before it (V10). */
    @Test
    void theLookForOpenEndedSeriesToExtendIsAPartialIndexProbe() throws SQLException {
        String plan = genericPlan("bigint[], timestamptz",
                "SELECT id FROM calendar_objects WHERE calendar_id = ANY($1) AND unbounded AND expanded_until < $2",
                "'{1}', '2030-01-01T00:00:00Z'");
        assertTrue(plan.contains("calendar_objects_open_idx"), plan);
    }

    /** ... and which objects an older expansion indexed (V10; empty once the upgrade is done). */
    @Test
    void theLookForStaleObjectsIsAPartialIndexProbe() throws SQLException {
        String plan = genericPlan("bigint[], timestamptz, timestamptz",
                "SELECT id FROM calendar_objects WHERE calendar_id = ANY($1) AND expansion_version < "
                        + io.calroom.schema.store.ExpansionVersion.CURRENT
                        + " AND (first_start IS NULL OR first_start < $2) AND (last_end IS NULL OR last_end > $3)",
                "'{1}', '2030-01-01T00:00:00Z', '2029-01-01T00:00:00Z'");
        assertTrue(plan.contains("calendar_objects_stale_idx"), plan);
    }
}
