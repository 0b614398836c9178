package io.calroom.schema.store;

/** What deleting a calendar object did. */
public enum DeleteOutcome {
    DELETED, NOT_FOUND, PRECONDITION_FAILED
}
