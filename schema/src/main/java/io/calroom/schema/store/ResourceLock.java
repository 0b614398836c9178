package io.calroom.schema.store;

import io.calroom.schema.Database;

/**
 * The one lock that serialises every decision about a resource's (a room's, a piece of equipment's)
 * bookings: the auto-schedule agent's answer to a request and a manager's approval or decline. It is a
 * transaction-scoped PostgreSQL advisory lock keyed by the resource principal's id, so it holds across
 * server processes sharing the database and is released by the commit or rollback of the transaction
 * that took it. The one-key form does not share the key space of the two-key UID locks of
 * {@link ObjectWriteStatements}, so a resource id never collides with a UID lock.
 */
public interface ResourceLock {
    /**
     * Waits until no other transaction holds {@code resourceId}'s lock, then holds it until the
     * thread's transaction ends. Outside a transaction the lock would be gone with the statement,
     * so that is refused.
     *
     * @throws IllegalStateException when the thread is not inside {@link Database#transaction}
     */
    void holdUntilCommit(long resourceId);
}
