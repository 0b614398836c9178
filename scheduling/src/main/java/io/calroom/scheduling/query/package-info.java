/**
 * CALDAV:calendar-query filters (RFC 4791 §7.8, §9.7–§9.9) without XML, HTTP or database: an immutable model
 * ({@link io.calroom.scheduling.query.CompFilter}, {@link io.calroom.scheduling.query.PropFilter},
 * {@link io.calroom.scheduling.query.ParamFilter}, {@link io.calroom.scheduling.query.TextMatch},
 * {@link io.calroom.scheduling.query.TimeRange}) that the server builds from a CALDAV:filter element, and
 * {@link io.calroom.scheduling.query.CalendarQueryEvaluator}, which decides whether a parsed calendar object matches.
 * Recurrences are expanded by {@link io.calroom.scheduling.ical.OccurrenceExpander}.
 */
package io.calroom.scheduling.query;
