/**
 * CALDAV:calendar-data in responses (RFC 4791 §9.6): {@link io.calroom.ical.shape.CalendarDataSpec} (what the
 * request asks for) and {@link io.calroom.ical.shape.CalendarDataShaper} (partial retrieval, {@code expand},
 * {@code limit-recurrence-set}) over an {@link io.calroom.ical.tree.IcalTree}, so that what is returned keeps the
 * stored bytes of every property it includes.
 */
package io.calroom.ical.shape;
