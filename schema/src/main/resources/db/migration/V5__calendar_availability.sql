-- RFC 7953 calendar availability of a calendar user, set on its scheduling inbox
-- (CALDAV:calendar-availability): a VCALENDAR with VAVAILABILITY components, read by
-- free-busy lookups (time outside the available periods is BUSY-UNAVAILABLE).
ALTER TABLE calendars ADD COLUMN availability text;
