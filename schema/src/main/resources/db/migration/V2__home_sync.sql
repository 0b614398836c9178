-- RFC 6578 sync-collection on a calendar home: a change log of the home's members (its
-- collections). A collection counts as changed when it is created, deleted, its properties
-- change, or any of its members change (its ctag moves).
ALTER TABLE principals ADD COLUMN home_revision bigint NOT NULL DEFAULT 0;

CREATE TABLE home_sync_changes (
    owner_id  bigint NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
    uri       text NOT NULL,
    revision  bigint NOT NULL,
    deleted   boolean NOT NULL,
    PRIMARY KEY (owner_id, uri)
);
CREATE INDEX home_sync_changes_revision_idx ON home_sync_changes (owner_id, revision);
