/**
 * The iCalendar part of Calroom: parsing (RFC 5545), the RFC 4791 §4.1 restrictions on calendar object resources,
 * and expansion of components into {@link io.calroom.ical.Occurrence}s whose ranges answer RFC 4791 §9.9
 * time-range queries in the store.
 * <p>
 * Entry points: {@link io.calroom.ical.CalendarObjectParser} (the one parser of the project),
 * {@link io.calroom.ical.OccurrenceExpander} (re-expansion of a stored object over a later window) and
 * {@link io.calroom.ical.CalendarTimeZones} (TZID resolution without ical4j's global registry).
 * Failures are {@link io.calroom.ical.CalendarDataException}s naming a
 * {@link io.calroom.ical.CalDavPrecondition}.
 */
package io.calroom.ical;
