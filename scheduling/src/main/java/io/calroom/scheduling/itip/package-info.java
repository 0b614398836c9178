/**
 * iTIP (RFC 5546) and CalDAV implicit scheduling (RFC 6638) as pure functions on iCalendar text: no database, no
 * HTTP, no clock (callers pass {@code now}).
 * <p>
 * The server reads a stored object with {@link io.calroom.scheduling.itip.SchedulingObjects#read} and decides the
 * owner's {@link io.calroom.scheduling.itip.SchedulingRoles role}; on PUT and DELETE (of an object, or of a calendar with its objects) it calls
 * {@link io.calroom.scheduling.itip.OrganizerScheduling#schedule} (organizer) or
 * {@link io.calroom.scheduling.itip.AttendeeScheduling#process} (attendee; 403
 * {@code allowed-attendee-scheduling-object-change} on
 * {@link io.calroom.scheduling.itip.AttendeeScheduling.AttendeeChangeNotAllowed}), stores the returned text, delivers
 * the {@link io.calroom.scheduling.itip.ItipMessage}s in order with {@link io.calroom.scheduling.itip.ItipProcessing}
 * (applyRequest/applyCancel into attendees' copies, applyReply into the organizer's), records delivery results with
 * {@link io.calroom.scheduling.itip.ItipProcessing#setScheduleStatus} and maintains Schedule-Tags with
 * {@link io.calroom.scheduling.itip.ScheduleTags}.
 * <p>
 * Texts are handled as {@link io.calroom.ical.tree.CalendarObjectTree}s of ical-core (lines edited as
 * {@link io.calroom.ical.tree.ContentLine}s): lines that are not rewritten keep their bytes, rewritten lines are
 * folded at 75 octets, output uses CRLF. Instances are keyed by RECURRENCE-ID in UTC
 * ({@code yyyyMMdd'T'HHmmss'Z'}, {@code yyyyMMdd} for DATE values, "" for the master); TZIDs are resolved with
 * {@link io.calroom.ical.CalendarTimeZones}, floating values are keyed as if UTC.
 */
package io.calroom.scheduling.itip;
