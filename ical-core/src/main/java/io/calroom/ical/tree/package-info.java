/**
 * The byte-preserving side of iCalendar: {@link io.calroom.ical.tree.IcalTree} (components holding their content
 * lines as received, still folded), {@link io.calroom.ical.tree.ContentLine} (one line split into name, parameters
 * and value; the project's one fold, unfold and TEXT escape), {@link io.calroom.ical.tree.CalendarObjectTree} (a
 * calendar object's VEVENT/VTODO/VJOURNAL components by instance key, its time zones, setting and removing lines) and
 * {@link io.calroom.ical.tree.ObjectText} (the reads and edits of a whole text that keep every other byte).
 * Every edit the scheduler makes to an object goes through these classes; lines that are not edited keep their bytes.
 */
package io.calroom.ical.tree;
