package io.calroom.schema;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.ThreadLocalTransactionProvider;

import javax.sql.DataSource;

/**
 * The one PostgreSQL database of the server: a HikariCP pool, migrated by Flyway when opened,
 * reached through jOOQ. Every write request runs in exactly one {@link #transaction}.
 *
 * <p>Transactions are bound to the thread that runs them: the stores are built once, over
 * {@link #dsl()}, and a statement a store runs while its thread is inside {@link #transaction} goes
 * to that transaction's connection; outside one, it takes a pooled connection and auto-commits. So
 * no caller passes a transaction around, and code that runs inside a transaction cannot reach
 * around it by mistake.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    /** Whether this thread is inside {@link #transaction}: an inner call joins the outer transaction. */
    private final ThreadLocal<Boolean> inTransaction = ThreadLocal.withInitial(() -> false);

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        Settings settings = new Settings()
                .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
                .withExecuteLogging(false);
        // jOOQ's thread-local provider also installs its connection provider: a statement uses the
        // connection of the thread's transaction when there is one, else one from the pool
        this.dsl = DSL.using(new DefaultConfiguration()
                .set(SQLDialect.POSTGRES)
                .set(settings)
                .set(new ThreadLocalTransactionProvider(new DataSourceConnectionProvider(dataSource))));
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
            new io.calroom.schema.store.JooqSyncLog(db.dsl()).adoptDatabase();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return db;
    }

    static void migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    }

    /**
     * The context the stores are built over: inside {@link #transaction} its statements belong to
     * the thread's transaction, outside each one auto-commits. Only stores use it.
     */
    public DSLContext dsl() {
        return dsl;
    }

    /** Work that runs inside a transaction; what it throws rolls the transaction back. */
    @FunctionalInterface
    public interface Work<T> {
        T run();
    }

    /**
     * Runs the work in one transaction on this thread: committed when it returns, rolled back when
     * it throws; what it throws is thrown unchanged. A call made while the thread is already in a
     * transaction joins it. A transaction PostgreSQL aborted to break a
     * deadlock or a serialization conflict (SQLSTATE 40P01, 40001) is run again, up to three times:
     * work that writes to several calendar homes (scheduling) can meet another such transaction in
     * the opposite order.
     */
    public <T> T transaction(Work<T> work) {
        if (inTransaction.get()) return work.run();
        for (int attempt = 1; ; attempt++) {
            inTransaction.set(true);
            try {
                return dsl.transactionResult(cfg -> work.run());
            } catch (org.jooq.exception.DataAccessException e) {
                if (attempt >= 3 || !isRetryable(e)) throw e;
            } finally {
                inTransaction.set(false);
            }
        }
    }

    /** Whether this thread is inside {@link #transaction}. */
    public boolean inTransaction() {
        return inTransaction.get();
    }

    /**
     * As {@link #transaction(Work)}, for code that still takes the transaction's context as an
     * argument; the context and {@link #dsl()} reach the same connection while it runs.
     */
    public <T> T transaction(org.jooq.TransactionalCallable<T> work) {
        return transaction(() -> {
            try {
                return work.run(dsl.configuration());
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new org.jooq.exception.DataAccessException("Rollback caused", t);
            }
        });
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
