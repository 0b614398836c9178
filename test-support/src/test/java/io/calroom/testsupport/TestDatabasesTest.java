package io.calroom.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabasesTest {

    @Test
    void twoCreatesGiveIndependentDatabasesAndCloseDropsOne() throws SQLException {
        String hint = TestDatabasesTest.class.getSimpleName();
        try (TestDatabase a = TestDatabases.create(hint); TestDatabase b = TestDatabases.create(hint)) {
            assertNotEquals(a.name(), b.name());
            assertNotEquals(a.jdbcUrl(), b.jdbcUrl());
            assertTrue(a.name().startsWith("testdatabasestest_"), a.name());
            assertFalse(a.jdbcUrl().contains("user="), a.jdbcUrl());

            try (Connection ca = a.dataSource().getConnection(); Statement st = ca.createStatement()) {
                assertEquals(a.name(), currentDatabase(ca));
                st.execute("CREATE TABLE only_in_a (id int PRIMARY KEY)");
                st.execute("INSERT INTO only_in_a VALUES (1)");
            }
            try (Connection cb = b.dataSource().getConnection(); Statement st = cb.createStatement()) {
                assertEquals(b.name(), currentDatabase(cb));
                assertFalse(tableExists(cb, "only_in_a"));
                st.execute("CREATE TABLE only_in_b (id int PRIMARY KEY)");
            }
            try (Connection ca = a.dataSource().getConnection()) {
                assertTrue(tableExists(ca, "only_in_a"));
                assertFalse(tableExists(ca, "only_in_b"));
            }

            // close() drops a, even while a connection to it is still open (WITH (FORCE)).
            Connection lingering = a.dataSource().getConnection();
            a.close();
            a.close(); // idempotent
            try (Connection cb = b.dataSource().getConnection()) {
                assertFalse(databaseExists(cb, a.name()));
                assertTrue(databaseExists(cb, b.name()));
            }
            assertThrows(SQLException.class, () -> a.dataSource().getConnection().close());
            assertThrows(SQLException.class, () -> lingering.createStatement().execute("SELECT 1"));
            lingering.close();
        }
    }

    @Test
    void namesAreValidIdentifiers() {
        String longHint = "A Very-Long.Class$Name " + "x".repeat(100);
        for (String hint : new String[] {"Simple", longHint, "", null, "123abc", "__ä__"}) {
            String name = TestDatabases.databaseName(hint);
            assertTrue(name.matches("[a-z][a-z0-9_]*"), name);
            assertTrue(name.length() <= 63, name);
        }
        assertNotEquals(TestDatabases.databaseName("x"), TestDatabases.databaseName("x"));
    }

    @Test
    void urlsLoseCredentialsAndKeepOtherParameters() {
        assertEquals("jdbc:postgresql://h:1/db2?sslmode=disable",
                DatabaseServer.withoutCredentials("jdbc:postgresql://h:1/db?user=u&sslmode=disable&password=p", "db2"));
        assertEquals("jdbc:postgresql://h1:1,h2:2/x",
                DatabaseServer.withoutCredentials("jdbc:postgresql://h1:1,h2:2/?user=u", "x"));
        assertEquals("jdbc:postgresql:x", DatabaseServer.withoutCredentials("jdbc:postgresql:postgres", "x"));
        DatabaseServer s = new DatabaseServer("t", "jdbc:postgresql://h/postgres?user=u&password=p%26q", null, "");
        assertEquals("u", s.user());
        assertEquals("p&q", s.password());
        assertEquals("v", new DatabaseServer("t", "jdbc:postgresql://h/postgres?user=u", "v", null).user());
    }

    private static String currentDatabase(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, "public." + table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean databaseExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }
}
