package io.calroom.schema.store;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The one lock that serialises every decision about a resource's (a room's, a piece of equipment's)
 * bookings: the auto-schedule agent's answer to a request and a manager's approval or decline. It is a
 * transaction-scoped PostgreSQL advisory lock keyed by the resource principal's id, so it holds across
 * server processes sharing the database and is released by the commit or rollback of the transaction
 * that took it. The one-key form does not share the key space of the two-key UID locks of
 * {@link ObjectWriteStatements}, so a resource id never collides with a UID lock.
 */
public final class ResourceLock {
    private final DSLContext db;

    public ResourceLock(DSLContext db) {
        this.db = db;
    }

    /**
     * Waits until no other transaction holds {@code resourceId}'s lock, then holds it until the
     * thread's transaction ends (so it is called inside {@link io.calroom.schema.Database#transaction}).
     */
    public void holdUntilCommit(long resourceId) {
        db.select(DSL.field("pg_advisory_xact_lock({0})", Object.class, DSL.val(resourceId))).fetch();
    }
}
