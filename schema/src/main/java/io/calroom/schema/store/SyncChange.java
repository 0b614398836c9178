package io.calroom.schema.store;

/**
 * The latest change of one member of a collection (RFC 6578), with the transaction that wrote it;
 * for a calendar home the member is one of its collections.
 */
public record SyncChange(String uri, long xid, boolean deleted) {
    /** Its place in the change log's order (see {@link SyncPoint}). */
    public SyncPoint.Position position() {
        return new SyncPoint.Position(xid, uri);
    }
}
