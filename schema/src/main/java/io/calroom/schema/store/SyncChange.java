package io.calroom.schema.store;

/** The latest change of one member of a collection since some revision (RFC 6578). */
public record SyncChange(String uri, long revision, boolean deleted) {
}
