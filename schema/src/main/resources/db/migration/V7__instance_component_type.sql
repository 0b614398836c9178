-- The component type of an occurrence's object, copied onto the occurrence, so that free-busy
-- (events only, RFC 4791 §7.10) reads calendar_instances alone: joining 4,000 occurrences of a
-- month to calendar_objects and calendars cost more than the rest of the query. Written with the
-- occurrences (a PUT replaces all of an object's rows), so it cannot drift from the object's.
ALTER TABLE calendar_instances ADD COLUMN component_type text;
UPDATE calendar_instances i SET component_type = o.component_type
    FROM calendar_objects o WHERE o.id = i.object_id;
ALTER TABLE calendar_instances ALTER COLUMN component_type SET NOT NULL;
