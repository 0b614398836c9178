package io.calroom.schema;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.TransactionalCallable;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import javax.sql.DataSource;

/**
 * The one PostgreSQL database of the server: a HikariCP pool, migrated by Flyway when opened,
 * reached through jOOQ. Every write request runs in exactly one {@link #transaction}.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final DSLContext dsl;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        Settings settings = new Settings()
                .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
                .withExecuteLogging(false);
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, settings);
    }

    /**
     * Opens the pool, brings the schema up to date with the migrations and lets the change logs
     * adopt a restored or failed-over database ({@link io.calroom.schema.store.SyncLog#adoptDatabase}).
     */
    public static Database open(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) hikari.setUsername(config.user());
        if (config.password() != null) hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setPoolName("calroom");
        hikari.setAutoCommit(true);
        // Fail fast at start-up if the database is unreachable, but let the pool recover later.
        hikari.setInitializationFailTimeout(30_000);
        hikari.setConnectionTimeout(5_000);
        HikariDataSource ds = new HikariDataSource(hikari);
        Database db = new Database(ds);
        try {
            migrate(ds);
            new io.calroom.schema.store.SyncLog(db.dsl()).adoptDatabase();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return db;
    }

    static void migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    }

    /** Non-transactional access (each statement auto-commits): for reads. */
    public DSLContext dsl() {
        return dsl;
    }

    /**
     * Runs the work in one transaction: committed when it returns, rolled back when it throws. A
     * transaction PostgreSQL aborted to break a deadlock or a serialization conflict (SQLSTATE
     * 40P01, 40001) is run again, up to three times: work that writes to several calendar homes
     * (scheduling) can meet another such transaction in the opposite order.
     */
    public <T> T transaction(TransactionalCallable<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return dsl.transactionResult(work);
            } catch (org.jooq.exception.DataAccessException e) {
                if (attempt >= 3 || !isRetryable(e)) throw e;
            }
        }
    }

    private static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** True when a connection can be had and answers a trivial query. */
    public boolean isReachable() {
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute("SELECT 1");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
