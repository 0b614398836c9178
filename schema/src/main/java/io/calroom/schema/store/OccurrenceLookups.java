package io.calroom.schema.store;

import java.time.Instant;
import java.util.List;

/**
 * Range lookups over the stored occurrences (the occurrence index, {@code calendar_instances}):
 * which objects a time range may match, a calendar's or an owner's merged busy time, the bookings
 * that overlap requested periods, an object's occurrences. The
 * index's state and its maintenance are {@link OccurrenceIndexStore}'s.
 */
public interface OccurrenceLookups {
    /**
     * The objects of a type with an occurrence overlapping [start, end) (null = unbounded). Floating
     * occurrences count as exact only when {@code floatingZoneAsStored} (the query reads floating
     * times in the zone they were stored in); otherwise those within {@code floatingSlack} of the
     * range are uncertain. Recurrences that run past their horizon before {@code end} are uncertain,
     * and so is every object whose occurrences an older expansion computed ({@link ExpansionVersion}).
     */
    TimeRangeCandidates timeRangeCandidates(long calendarId, String componentType, Instant start, Instant end,
                                                   boolean floatingZoneAsStored, java.time.Duration floatingSlack);

    /**
     * The busy time of a calendar over [start, end): occurrences of events that are opaque and not
     * cancelled (RFC 4791 §7.10), merged by PostgreSQL ({@code range_agg}) into one period list per
     * free-busy type, so a month of a busy calendar is a few rows, not thousands. Tentative events
     * are reported with status TENTATIVE, the rest with null.
     */
    List<BusyInstance> busyInstances(long calendarId, Instant start, Instant end);

    /** As {@link #busyInstances(long, Instant, Instant)}, leaving out the stored occurrences of {@code ignoredObjects}. */
    List<BusyInstance> busyInstances(long calendarId, Instant start, Instant end, java.util.Set<Long> ignoredObjects);

    /**
     * Busy occurrences of an owner over [start, end) from every calendar whose
     * schedule-calendar-transp is opaque (RFC 6638 §9.1), optionally leaving out the objects with
     * one UID (the event being edited: X-CALENDARSERVER-MASK-UID).
     */
    List<BusyInstance> busyInstancesOfOwner(long ownerId, Instant start, Instant end, String excludeUid);

    /** As {@link #busyInstancesOfOwner(long, Instant, Instant, String)}, leaving out the stored occurrences of {@code ignoredObjects}. */
    List<BusyInstance> busyInstancesOfOwner(long ownerId, Instant start, Instant end, String excludeUid,
                                                   java.util.Set<Long> ignoredObjects);

    /** An occurrence of another event that overlaps a requested period (for a room's conflict check). */
    record OverlappingBooking(int period, long objectId, String uid, Instant start, Instant end) {}

    /**
     * For each period ([start, end), or the point [t, t]), the blocking occurrences of other events
     * in the calendar that overlap it: opaque, not cancelled, UID different from {@code excludeUid}.
     * One query for all periods, on the GiST index.
     */
    List<OverlappingBooking> blockingOverlaps(long calendarId, String excludeUid, List<Instant[]> periods);

    /** As {@link #blockingOverlaps(long, String, List)}, leaving out the stored occurrences of {@code ignoredObjects}. */
    List<OverlappingBooking> blockingOverlaps(long calendarId, String excludeUid, List<Instant[]> periods,
                                                     java.util.Set<Long> ignoredObjects);

    /** The stored occurrences of these objects overlapping [start, end) (null = unbounded), by object id. */
    java.util.Map<Long, List<InstanceRow>> instancesOf(java.util.Collection<Long> objectIds, Instant start, Instant end);

    List<InstanceRow> instances(long objectId);
}
