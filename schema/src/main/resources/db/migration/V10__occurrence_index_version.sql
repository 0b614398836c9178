-- What produced an object's occurrences in calendar_instances, so that they can be recomputed
-- without a client writing the object again:
--   expansion_version: the version of the recurrence expansion that computed them
--     (io.calroom.schema.store.ExpansionVersion.CURRENT, written by every write). Every object stored
--     before this migration gets 0: its occurrences came from an earlier expansion and are recomputed
--     once in the background (OccurrenceMaintenance); until then lookups treat them as uncertain.
--   expansion_zone: the zone its floating and all-day times were read in (a room's own zone, a
--     calendar's calendar-timezone, UTC), so that extending an open-ended series past expanded_until
--     reads the new occurrences exactly as the first ones. Null before this migration.
-- Both are metadata of the index: recomputing the occurrences changes neither the text, the ETag
-- nor the collection's change log.
ALTER TABLE calendar_objects ADD COLUMN expansion_version integer NOT NULL DEFAULT 0;
ALTER TABLE calendar_objects ADD COLUMN expansion_zone text;
-- Scheduling messages in inboxes and outboxes have no occurrences indexed: nothing to recompute.
UPDATE calendar_objects SET expansion_version = 1
    WHERE calendar_id IN (SELECT id FROM calendars WHERE kind <> 'calendar');

-- The objects still to be recomputed: empty once the upgrade is done, so the check every lookup
-- makes is an empty index probe. The bound is the version of this migration; a later version
-- recreates the index with its own bound (the queries stay right without it, only slower).
CREATE INDEX calendar_objects_stale_idx ON calendar_objects (calendar_id, id) WHERE expansion_version < 1;

-- Open-ended series by how far they are expanded: lookups find the ones of a calendar that end
-- before their range, the maintenance job the ones that end before the horizon.
CREATE INDEX calendar_objects_open_idx ON calendar_objects (calendar_id, expanded_until) WHERE unbounded;
