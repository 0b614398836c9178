package io.calroom.schema.store;

import io.calroom.schema.Database;
import org.jooq.impl.DSL;

/** The PostgreSQL (jOOQ) implementation of {@link ResourceLock}. */
public final class JooqResourceLock implements ResourceLock {
    private final Database database;

    public JooqResourceLock(Database database) {
        this.database = database;
    }

    @Override
    public void holdUntilCommit(long resourceId) {
        if (!database.inTransaction()) throw new IllegalStateException("the resource lock is held by a transaction; none is open");
        database.dsl().select(DSL.field("pg_advisory_xact_lock({0})", Object.class, DSL.val(resourceId))).fetch();
    }
}
