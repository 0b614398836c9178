package io.calroom.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh, empty PostgreSQL database made by {@link TestDatabases#create(String)}; {@link #close()} drops it. */
public final class TestDatabase implements AutoCloseable {
    private final DatabaseServer server;
    private final String name;
    private final String jdbcUrl;
    private final AtomicBoolean closed = new AtomicBoolean();

    TestDatabase(DatabaseServer server, String name) {
        this.server = server;
        this.name = name;
        this.jdbcUrl = server.urlFor(name);
    }

    /** The database name: only {@code [a-z0-9_]}, at most 63 characters. */
    public String name() { return name; }

    /** The JDBC URL of this database, without credentials: use {@link #user()} and {@link #password()}. */
    public String jdbcUrl() { return jdbcUrl; }

    /** The user to connect as (owner of the database); null means the driver's default. */
    public String user() { return server.user(); }

    /** The password; null when the server needs none. */
    public String password() { return server.password(); }

    /** A new simple, non-pooled DataSource for this database, with the credentials set. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        if (user() != null) ds.setUser(user());
        if (password() != null) ds.setPassword(password());
        return ds;
    }

    /** Drops the database {@code WITH (FORCE)} (PostgreSQL 13+), ending any connections still open. Idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) return;
        try (Connection c = server.connectAdmin(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() { return "TestDatabase[" + jdbcUrl + "]"; }
}
