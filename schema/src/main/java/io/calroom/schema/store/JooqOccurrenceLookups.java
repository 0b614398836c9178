package io.calroom.schema.store;

import org.jooq.DSLContext;
import org.jooq.postgres.extensions.types.OffsetDateTimeRange;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import static io.calroom.schema.jooq.Tables.CALENDARS;
import static io.calroom.schema.jooq.Tables.CALENDAR_INSTANCES;
import static io.calroom.schema.jooq.Tables.CALENDAR_OBJECTS;
import static io.calroom.schema.store.Timestamps.toInstant;
import static io.calroom.schema.store.Timestamps.toOffset;

/** The PostgreSQL (jOOQ) implementation of {@link OccurrenceLookups}. */
public final class JooqOccurrenceLookups implements OccurrenceLookups {
    private final DSLContext db;

    public JooqOccurrenceLookups(DSLContext db) {
        this.db = db;
    }

    @Override
    public TimeRangeCandidates timeRangeCandidates(long calendarId, String componentType, Instant start, Instant end,
                                                   boolean floatingZoneAsStored, java.time.Duration floatingSlack) {
        var overlaps = overlapCondition(start, end);
        var overlapsWide = overlapCondition(start == null ? null : start.minus(floatingSlack), end == null ? null : end.plus(floatingSlack));
        var base = CALENDAR_INSTANCES.CALENDAR_ID.eq(calendarId).and(CALENDAR_OBJECTS.COMPONENT_TYPE.eq(componentType));
        var exactCondition = floatingZoneAsStored ? overlaps : overlaps.and(CALENDAR_INSTANCES.FLOATING.isFalse());
        java.util.Set<Long> exact = new java.util.HashSet<>(db.selectDistinct(CALENDAR_INSTANCES.OBJECT_ID)
                .from(CALENDAR_INSTANCES).join(CALENDAR_OBJECTS).on(CALENDAR_OBJECTS.ID.eq(CALENDAR_INSTANCES.OBJECT_ID))
                .where(base, exactCondition).fetch(CALENDAR_INSTANCES.OBJECT_ID));
        java.util.Set<Long> uncertain = new java.util.HashSet<>();
        if (!floatingZoneAsStored) {
            uncertain.addAll(db.selectDistinct(CALENDAR_INSTANCES.OBJECT_ID)
                    .from(CALENDAR_INSTANCES).join(CALENDAR_OBJECTS).on(CALENDAR_OBJECTS.ID.eq(CALENDAR_INSTANCES.OBJECT_ID))
                    .where(base, CALENDAR_INSTANCES.FLOATING.isTrue(), overlapsWide).fetch(CALENDAR_INSTANCES.OBJECT_ID));
        }
        var beyondHorizon = CALENDAR_OBJECTS.UNBOUNDED.isTrue();
        if (end != null) beyondHorizon = beyondHorizon.and(CALENDAR_OBJECTS.EXPANDED_UNTIL.lt(toOffset(end)));
        uncertain.addAll(db.select(CALENDAR_OBJECTS.ID).from(CALENDAR_OBJECTS)
                .where(CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId), CALENDAR_OBJECTS.COMPONENT_TYPE.eq(componentType), beyondHorizon)
                .fetch(CALENDAR_OBJECTS.ID));
        uncertain.removeAll(exact);
        java.util.Set<Long> stale = JooqOccurrenceIndexStore.staleIds(db, List.of(calendarId), componentType);
        exact.removeAll(stale);
        uncertain.addAll(stale);
        return new TimeRangeCandidates(exact, uncertain);
    }

    private static org.jooq.Condition overlapCondition(Instant start, Instant end) {
        var range = org.jooq.impl.DSL.field("tstzrange({0}, {1}, '[)')", OffsetDateTimeRange.class,
                org.jooq.impl.DSL.val(toOffset(start), CALENDAR_OBJECTS.CREATED_AT.getDataType()),
                org.jooq.impl.DSL.val(toOffset(end), CALENDAR_OBJECTS.CREATED_AT.getDataType()));
        return org.jooq.impl.DSL.condition("{0} && {1}", CALENDAR_INSTANCES.PERIOD, range);
    }

    @Override
    public List<BusyInstance> busyInstances(long calendarId, Instant start, Instant end) {
        return busyInstances(calendarId, start, end, java.util.Set.of());
    }

    @Override
    public List<BusyInstance> busyInstances(long calendarId, Instant start, Instant end, java.util.Set<Long> ignoredObjects) {
        return mergedBusy(withoutObjects(CALENDAR_INSTANCES.CALENDAR_ID.eq(calendarId), ignoredObjects), start, end);
    }

    /** The scope without the occurrences of these objects (whose stored occurrences the caller replaces). */
    private static org.jooq.Condition withoutObjects(org.jooq.Condition scope, java.util.Set<Long> ignoredObjects) {
        return ignoredObjects.isEmpty() ? scope : scope.and(CALENDAR_INSTANCES.OBJECT_ID.notIn(ignoredObjects));
    }

    private List<BusyInstance> mergedBusy(org.jooq.Condition scope, Instant start, Instant end) {
        // calendar_instances alone (its component_type is the object's): no join per occurrence.
        // One aggregate row, each kind of busy time merged by range_agg and then unnested: no
        // grouping or sort of the month's thousands of occurrences, and no per-row intersection
        // with the range (the merged periods are clipped to [start, end) here instead).
        var where = org.jooq.impl.DSL.and(scope,
                CALENDAR_INSTANCES.COMPONENT_TYPE.eq("VEVENT"),
                CALENDAR_INSTANCES.TRANSPARENT.isFalse(),
                CALENDAR_INSTANCES.STATUS.isNull().or(CALENDAR_INSTANCES.STATUS.ne("CANCELLED")),
                overlapCondition(start, end));
        return db.resultQuery("""
                        SELECT v.tentative, lower(p.period) AS lower_bound, upper(p.period) AS upper_bound
                        FROM (SELECT range_agg(period) FILTER (WHERE coalesce(status, '') <> 'TENTATIVE') AS busy,
                                     range_agg(period) FILTER (WHERE status = 'TENTATIVE') AS tentative
                              FROM calendar_instances WHERE {0}) a
                        CROSS JOIN LATERAL (VALUES (false, a.busy), (true, a.tentative)) AS v(tentative, periods)
                        CROSS JOIN LATERAL unnest(v.periods) AS p(period)""", where)
                .fetch(r -> clip(r.get(1, OffsetDateTime.class), r.get(2, OffsetDateTime.class),
                        Boolean.TRUE.equals(r.get(0, Boolean.class)) ? "TENTATIVE" : null, start, end))
                .stream().filter(b -> b.end().isAfter(b.start()))
                .sorted(java.util.Comparator.comparing(BusyInstance::start)).toList();
    }

    @Override
    public List<BusyInstance> busyInstancesOfOwner(long ownerId, Instant start, Instant end, String excludeUid) {
        return busyInstancesOfOwner(ownerId, start, end, excludeUid, java.util.Set.of());
    }

    @Override
    public List<BusyInstance> busyInstancesOfOwner(long ownerId, Instant start, Instant end, String excludeUid,
                                                   java.util.Set<Long> ignoredObjects) {
        var opaqueCalendars = db.select(CALENDARS.ID).from(CALENDARS)
                .where(CALENDARS.OWNER_ID.eq(ownerId), CALENDARS.KIND.eq(CollectionKind.CALENDAR.dbValue()),
                        CALENDARS.SCHEDULE_TRANSP.eq("opaque"));
        var scope = withoutObjects(CALENDAR_INSTANCES.CALENDAR_ID.in(opaqueCalendars), ignoredObjects);
        if (excludeUid != null) {
            scope = scope.and(CALENDAR_INSTANCES.OBJECT_ID.notIn(db.select(CALENDAR_OBJECTS.ID).from(CALENDAR_OBJECTS)
                    .where(CALENDAR_OBJECTS.CALENDAR_ID.in(opaqueCalendars), CALENDAR_OBJECTS.UID.eq(excludeUid))));
        }
        return mergedBusy(scope, start, end);
    }

    /** A merged period (null bound: unbounded) cut to [start, end). */
    private static BusyInstance clip(OffsetDateTime lower, OffsetDateTime upper, String status, Instant start, Instant end) {
        Instant s = lower == null || lower.toInstant().isBefore(start) ? start : lower.toInstant();
        Instant e = upper == null || upper.toInstant().isAfter(end) ? end : upper.toInstant();
        return new BusyInstance(s, e, status);
    }

    @Override
    public List<OverlappingBooking> blockingOverlaps(long calendarId, String excludeUid, List<Instant[]> periods) {
        return blockingOverlaps(calendarId, excludeUid, periods, java.util.Set.of());
    }

    @Override
    public List<OverlappingBooking> blockingOverlaps(long calendarId, String excludeUid, List<Instant[]> periods,
                                                     java.util.Set<Long> ignoredObjects) {
        if (periods.isEmpty()) return List.of();
        OffsetDateTime[] starts = periods.stream().map(p -> toOffset(p[0])).toArray(OffsetDateTime[]::new);
        OffsetDateTime[] ends = periods.stream().map(p -> toOffset(p[1])).toArray(OffsetDateTime[]::new);
        Long[] ignored = ignoredObjects.toArray(Long[]::new);
        return db.resultQuery("""
                        SELECT r.idx, o.id, o.uid, lower(i.period), upper(i.period)
                        FROM unnest({0}::timestamptz[], {1}::timestamptz[]) WITH ORDINALITY AS r(s, e, idx)
                        JOIN calendar_instances i ON i.calendar_id = {2}
                             AND i.period && tstzrange(r.s, r.e, CASE WHEN r.s = r.e THEN '[]' ELSE '[)' END)
                             AND NOT i.transparent AND coalesce(i.status, '') <> 'CANCELLED'
                        JOIN calendar_objects o ON o.id = i.object_id AND o.uid <> {3} AND o.id <> ALL({4}::bigint[])
                        ORDER BY r.idx, lower(i.period)""",
                        org.jooq.impl.DSL.val(starts), org.jooq.impl.DSL.val(ends), org.jooq.impl.DSL.val(calendarId),
                        org.jooq.impl.DSL.val(excludeUid), org.jooq.impl.DSL.val(ignored))
                .fetch(r -> new OverlappingBooking(((Number) r.get(0)).intValue() - 1, ((Number) r.get(1)).longValue(),
                        (String) r.get(2), toInstant(r.get(3, OffsetDateTime.class)), toInstant(r.get(4, OffsetDateTime.class))));
    }

    @Override
    public java.util.Map<Long, List<InstanceRow>> instancesOf(java.util.Collection<Long> objectIds, Instant start, Instant end) {
        java.util.Map<Long, List<InstanceRow>> out = new java.util.HashMap<>();
        if (objectIds.isEmpty()) return out;
        db.selectFrom(CALENDAR_INSTANCES)
                .where(CALENDAR_INSTANCES.OBJECT_ID.in(objectIds), overlapCondition(start, end))
                .orderBy(CALENDAR_INSTANCES.OBJECT_ID, CALENDAR_INSTANCES.ID)
                .forEach(r -> {
                    OffsetDateTimeRange p = r.getPeriod();
                    out.computeIfAbsent(r.getObjectId(), k -> new java.util.ArrayList<>()).add(new InstanceRow(
                            toInstant(p.lower()), toInstant(p.upper()), toInstant(r.getRecurrenceId()),
                            r.getTransparent(), r.getStatus(), r.getAllDay(), r.getFloating()));
                });
        return out;
    }

    @Override
    public List<InstanceRow> instances(long objectId) {
        return db.selectFrom(CALENDAR_INSTANCES).where(CALENDAR_INSTANCES.OBJECT_ID.eq(objectId))
                .orderBy(CALENDAR_INSTANCES.ID)
                .fetch(r -> {
                    OffsetDateTimeRange p = r.getPeriod();
                    return new InstanceRow(toInstant(p.lower()), toInstant(p.upper()), toInstant(r.getRecurrenceId()),
                            r.getTransparent(), r.getStatus(), r.getAllDay(), r.getFloating());
                });
    }
}
