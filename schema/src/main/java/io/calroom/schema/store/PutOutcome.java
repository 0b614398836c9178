package io.calroom.schema.store;

/** What storing a calendar object did. */
public sealed interface PutOutcome {
    record Created(StoredObject object) implements PutOutcome {}

    record Updated(StoredObject object) implements PutOutcome {}

    /** If-Match / If-None-Match did not hold against the current state. */
    record PreconditionFailed() implements PutOutcome {}

    /** Another object of the collection has the same UID (RFC 4791 §5.3.2.1 no-uid-conflict). */
    record UidConflict(String existingUri) implements PutOutcome {}

    /** The collection was deleted while the write waited for it (RFC 4918 §9.7.1: no parent, 409). */
    record CollectionGone() implements PutOutcome {}
}
