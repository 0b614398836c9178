/**
 * CALDAV:calendar-query filters (RFC 4791 §7.8, §9.7–§9.9) without XML, HTTP or database: an immutable model
 * ({@link io.calroom.ical.query.CompFilter}, {@link io.calroom.ical.query.PropFilter},
 * {@link io.calroom.ical.query.ParamFilter}, {@link io.calroom.ical.query.TextMatch},
 * {@link io.calroom.ical.query.TimeRange}) that the server builds from a CALDAV:filter element, and
 * {@link io.calroom.ical.query.CalendarQueryEvaluator}, which decides whether a parsed calendar object matches.
 * Recurrences are expanded by {@link io.calroom.ical.OccurrenceExpander}.
 */
package io.calroom.ical.query;
