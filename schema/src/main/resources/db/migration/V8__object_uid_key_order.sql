-- The one-object-per-UID rule of a calendar (RFC 4791 §4.1) keyed (uid, calendar_id) instead of
-- (calendar_id, uid). With calendar_id first, this index could serve any "calendar_id = $1 AND ..."
-- lookup as a scan of the whole calendar, and PostgreSQL's generic plan for the object lookup by
-- (calendar_id, uri), costed while the table was empty, picked it: every PUT and GET then read all
-- objects of the calendar (250 PUT/s fell to 66 PUT/s at 10,000 objects). Keyed by uid first it can
-- only serve lookups that name the UID, and (calendar_id, uri) is the one index for the rest.
ALTER TABLE calendar_objects DROP CONSTRAINT calendar_objects_calendar_id_uid_key;
ALTER TABLE calendar_objects ADD CONSTRAINT calendar_objects_uid_calendar_id_key UNIQUE (uid, calendar_id);
