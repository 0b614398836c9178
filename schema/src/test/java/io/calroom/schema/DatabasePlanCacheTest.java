package io.calroom.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pooled connections plan each execution for its parameters, so a statement first run against an
 * empty table does not keep a plan that reads the whole calendar once the table has grown.
 */
class DatabasePlanCacheTest {
    private static final String LOOKUP = "SELECT id, etag FROM calendar_objects WHERE calendar_id = ? AND uri = ?";

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

    @Test
    void aServerPreparedLookupIsNeverGivenAGenericPlan() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            // Twelve uses: pgjdbc prepares it on the server after five, PostgreSQL would go generic after five more.
            for (int i = 0; i < 12; i++) {
                try (PreparedStatement ps = c.prepareStatement(LOOKUP)) {
                    ps.setLong(1, 1);
                    ps.setString(2, "missing-" + i + ".ics");
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(!rs.next());
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = ?")) {
                ps.setString(1, LOOKUP.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2"));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "the lookup was prepared on the server");
                    assertEquals(0, rs.getLong("generic_plans"), "generic plans");
                    assertTrue(rs.getLong("custom_plans") >= 5, "custom plans: " + rs.getLong("custom_plans"));
                }
            }
        }
    }
}
