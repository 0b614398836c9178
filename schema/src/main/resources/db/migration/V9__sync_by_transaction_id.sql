-- RFC 6578 sync tokens without a per-collection counter.
--
-- Until V8 every member change bumped calendars.sync_revision (and principals.home_revision),
-- and the writer held that row locked until its commit was flushed, so that revisions became
-- visible in the order they were given out. That lock made all writers of one calendar (and of
-- one owner's calendars) take turns for the whole commit.
--
-- Now a change row records the id of the transaction that wrote it (xid). A sync token is a
-- snapshot (which transactions' changes the client has), see SyncPoint: the changes since a
-- token are the rows whose writer the snapshot did not yet see as committed. No counter, no
-- shared row: writers of one calendar lock only the UID they write.
--
-- Rows written before this migration get xid 0: older than any token issued from now on.
-- Tokens issued before it (plain numbers) are refused with DAV:valid-sync-token, and clients
-- start a fresh sync, as RFC 6578 §3.2 provides.

ALTER TABLE sync_changes ADD COLUMN xid xid8 NOT NULL DEFAULT '0';
ALTER TABLE sync_changes ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
-- when the member last changed: a calendar's DAV:getlastmodified is its latest change
ALTER TABLE sync_changes ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();
DROP INDEX sync_changes_revision_idx;
ALTER TABLE sync_changes DROP COLUMN revision;
CREATE INDEX sync_changes_xid_idx ON sync_changes (calendar_id, xid);

ALTER TABLE home_sync_changes ADD COLUMN xid xid8 NOT NULL DEFAULT '0';
ALTER TABLE home_sync_changes ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
DROP INDEX home_sync_changes_revision_idx;
ALTER TABLE home_sync_changes DROP COLUMN revision;
CREATE INDEX home_sync_changes_xid_idx ON home_sync_changes (owner_id, xid);

ALTER TABLE calendars DROP COLUMN sync_revision;
ALTER TABLE principals DROP COLUMN home_revision;

-- The incarnation (cluster, database, WAL timeline) the change logs' transaction ids belong to,
-- as of the last start: a start that finds another one (a restored dump, a promoted replica) sets
-- ids from the new cluster's future to 0 (SyncLog.adoptDatabase). One row.
CREATE TABLE sync_incarnation (
    singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    incarnation  text NOT NULL
);
