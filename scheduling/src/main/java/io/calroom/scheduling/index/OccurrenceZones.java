package io.calroom.scheduling.index;

import io.calroom.scheduling.SchedulingStores;
import io.calroom.ical.tree.ObjectText;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.schema.store.StoredCalendar;


import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one rule for the zone in which a stored calendar object's all-day (DATE) and floating times become the
 * instants of its occurrences (the rows behind free-busy, conflict checks and time-range queries):
 * <ul>
 * <li>in a room's or resource's calendar: the resource's policy time zone ({@link ResourcePolicy#timezone()}), the
 *     zone its agent judges requests in, so a booking blocks exactly the local day(s) the agent accepted, whoever
 *     writes the copy (the agent, a manager's decision, a manager's PUT, the organizer's partial CANCEL);</li>
 * <li>in a person's calendar: the calendar's {@code CALDAV:calendar-timezone} (RFC 4791 §5.2.2, §7.3), else UTC.</li>
 * </ul>
 * Every path that stores a calendar object, and the occurrence index when it extends or recomputes stored
 * occurrences, asks here; none decides by itself.
 */
public final class OccurrenceZones {
    private OccurrenceZones() {
    }

    /** The zone for objects stored in {@code calendar} of {@code owner}; reads a resource's policy from {@code stores}. */
    public static ZoneId of(SchedulingStores stores, Principal owner, StoredCalendar calendar) {
        if (owner.kind() == PrincipalKind.RESOURCE) {
            return stores.policies().read(owner.orgId(), owner.id()).orElse(ResourcePolicy.DEFAULT).timezone();
        }
        return ofCalendar(calendar);
    }

    /** As {@link #of(SchedulingStores, Principal, StoredCalendar)}, looking the calendar's owner up. */
    public static ZoneId of(SchedulingStores stores, StoredCalendar calendar) {
        return stores.principals().byId(calendar.ownerId()).map(owner -> of(stores, owner, calendar)).orElseGet(() -> ofCalendar(calendar));
    }

    /**
     * The calendar's own zone: the TZID of its {@code CALDAV:calendar-timezone} when that names a zone, else UTC.
     * This is also the zone in which queries read floating times (RFC 4791 §7.3).
     */
    public static ZoneId ofCalendar(StoredCalendar calendar) {
        if (calendar.timezone() == null) return ZoneOffset.UTC;
        String tzid = ObjectText.firstLineValue(calendar.timezone(), "TZID");
        if (tzid == null) return ZoneOffset.UTC;
        try {
            return ZoneId.of(tzid);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
