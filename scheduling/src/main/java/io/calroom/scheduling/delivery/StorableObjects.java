package io.calroom.scheduling.delivery;

import io.calroom.ical.Occurrence;
import io.calroom.ical.ValidatedCalendarObject;
import io.calroom.schema.store.InstanceRow;
import io.calroom.schema.store.ObjectContent;

import java.util.List;

/** Turns a validated calendar object into what the calendar store keeps. */
public final class StorableObjects {
    private StorableObjects() {
    }

    /** @param floatingZone the zone {@code v}'s floating and all-day times were read in */
    public static ObjectContent of(ValidatedCalendarObject v, String text, java.time.ZoneId floatingZone) {
        List<InstanceRow> instances = v.occurrences().stream().map(StorableObjects::row).toList();
        return new ObjectContent(v.uid(), v.componentType(), text, v.firstStart(), v.lastEnd(), v.unbounded(),
                v.expandedUntil(), instances, floatingZone.getId());
    }

    /** An occurrence as the store keeps it. */
    public static InstanceRow rowOf(Occurrence o) {
        return row(o);
    }

    private static InstanceRow row(Occurrence o) {
        return new InstanceRow(o.start(), o.end(), o.recurrenceId(), o.transparent(), o.status(), o.allDay(), o.floating());
    }
}
