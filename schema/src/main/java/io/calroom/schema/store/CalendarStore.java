package io.calroom.schema.store;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.postgres.extensions.types.OffsetDateTimeRange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static io.calroom.schema.jooq.Tables.CALENDARS;
import static io.calroom.schema.jooq.Tables.CALENDAR_INSTANCES;
import static io.calroom.schema.jooq.Tables.CALENDAR_OBJECTS;

/**
 * Calendar collections and calendar objects of calendar homes, with their occurrences and the
 * RFC 6578 change log. Bound to one {@link DSLContext}: inside a transaction, every method is part
 * of it. Every write to a collection's members logs the change ({@link SyncLog}) in the same
 * transaction.
 */
public final class CalendarStore {
    private final DSLContext db;

    public CalendarStore(DSLContext db) {
        this.db = db;
    }

    // ---- collections ----

    public List<StoredCalendar> calendarsOf(long ownerId) {
        return db.selectFrom(CALENDARS).where(CALENDARS.OWNER_ID.eq(ownerId)).orderBy(CALENDARS.ID)
                .fetch(CalendarStore::toCalendar);
    }

    /** By owner and URI: every request below a calendar resolves it, so plain JDBC (no jOOQ rendering). */
    public Optional<StoredCalendar> calendar(long ownerId, String uri) {
        return db.connectionResult(c -> {
            try (var ps = c.prepareStatement(CALENDAR_BY_URI)) {
                ps.setLong(1, ownerId);
                ps.setString(2, uri);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    Integer order = rs.getObject(9, Integer.class);
                    String[] components = (String[]) rs.getArray(10).getArray();
                    return Optional.of(new StoredCalendar(rs.getLong(1), rs.getLong(2), rs.getString(3), CollectionKind.fromDb(rs.getString(4)),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), order, List.of(components),
                            "transparent".equals(rs.getString(11)), toInstant(rs.getObject(12, OffsetDateTime.class)),
                            toInstant(rs.getObject(13, OffsetDateTime.class)), rs.getString(14)));
                }
            }
        });
    }

    private static final String CALENDAR_BY_URI = "SELECT id, owner_id, uri, kind, display_name, description, timezone, color, "
            + "sort_order, components, schedule_transp, created_at, updated_at, availability "
            + "FROM calendars WHERE owner_id = ? AND uri = ?";

    public Optional<StoredCalendar> calendarById(long id) {
        return db.selectFrom(CALENDARS).where(CALENDARS.ID.eq(id)).fetchOptional(CalendarStore::toCalendar);
    }

    /** Creates the collection, or returns empty if the owner already has one at that URI. */
    public Optional<StoredCalendar> createCalendar(long ownerId, NewCalendar c) {
        return db.insertInto(CALENDARS)
                .set(CALENDARS.OWNER_ID, ownerId)
                .set(CALENDARS.URI, c.uri())
                .set(CALENDARS.KIND, c.kind().dbValue())
                .set(CALENDARS.DISPLAY_NAME, c.displayName())
                .set(CALENDARS.DESCRIPTION, c.description())
                .set(CALENDARS.TIMEZONE, c.timezone())
                .set(CALENDARS.COLOR, c.color())
                .set(CALENDARS.SORT_ORDER, c.order())
                .set(CALENDARS.COMPONENTS, c.components().toArray(String[]::new))
                .onConflictDoNothing()
                .returning()
                .fetchOptional()
                .map(CalendarStore::toCalendar)
                .map(created -> {
                    new SyncLog(db).recordHomeChange(ownerId, created.uri(), false);
                    return created;
                });
    }

    /** Sets (value non-null) or clears (null) one typed property of a collection. */
    public void setCalendarColumn(long calendarId, CalendarColumn column, String value) {
        var update = db.update(CALENDARS).set(CALENDARS.UPDATED_AT, OffsetDateTime.now());
        var withValue = switch (column) {
            case DISPLAY_NAME -> update.set(CALENDARS.DISPLAY_NAME, value);
            case DESCRIPTION -> update.set(CALENDARS.DESCRIPTION, value);
            case TIMEZONE -> update.set(CALENDARS.TIMEZONE, value);
            case COLOR -> update.set(CALENDARS.COLOR, value);
            case ORDER -> update.set(CALENDARS.SORT_ORDER, value == null ? null : Integer.valueOf(value));
            case SCHEDULE_TRANSP -> update.set(CALENDARS.SCHEDULE_TRANSP, value == null ? "opaque" : value);
            case AVAILABILITY -> update.set(CALENDARS.AVAILABILITY, value);
        };
        withValue.where(CALENDARS.ID.eq(calendarId)).execute();
        calendarById(calendarId).ifPresent(c -> new SyncLog(db).recordHomeChange(c.ownerId(), c.uri(), false));
    }

    /** Deletes a collection with everything in it. */
    public boolean deleteCalendar(long calendarId) {
        Optional<StoredCalendar> c = calendarById(calendarId);
        boolean deleted = db.deleteFrom(CALENDARS).where(CALENDARS.ID.eq(calendarId)).execute() == 1;
        if (deleted) new SyncLog(db).recordHomeChange(c.get().ownerId(), c.get().uri(), true);
        return deleted;
    }

    /**
     * Locks the collection's row until the end of the transaction. Only for deleting the
     * collection: it makes writers of its members wait (their insert checks the row's key) and
     * then fail, instead of writing into a collection on its way out.
     */
    public void lockCalendar(long calendarId) {
        db.connection(c -> ObjectWriteStatements.lockCalendar(c, calendarId));
    }

    /**
     * Locks the UID in the collection until the end of the transaction: writers of one object (the
     * UID names it, RFC 4791 §4.1) take turns, so each sees the other's result before it decides;
     * writers of other objects of the same collection do not wait. A transaction-scoped advisory
     * lock on (hash of the collection id, hash of the UID): a hash collision only makes two
     * unrelated writers take turns. Two-key advisory locks do not share the key space of the
     * one-key locks the room agent takes.
     */
    public void lockUid(long calendarId, String uid) {
        db.connection(c -> ObjectWriteStatements.lockUid(c, calendarId, uid));
    }

    // ---- objects ----

    public List<StoredObject> objects(long calendarId) {
        return db.select(objectColumns()).from(CALENDAR_OBJECTS)
                .where(CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId))
                .orderBy(CALENDAR_OBJECTS.URI)
                .fetch(CalendarStore::toObject);
    }

    /**
     * The objects of a calendar in no particular order, with only {@code fields} read beyond id,
     * calendar and URI; the others are left empty (null, 0, false), so the caller must ask for
     * every field it looks at. One plain statement decoded column by column, without a record per
     * row: for listings of thousands of members (PROPFIND Depth 1) that need two or three columns.
     * Unordered because ORDER BY uri cost PostgreSQL more than the read itself: on a freshly
     * loaded calendar of 10,000 the planner sorted (26-38 ms) instead of reading in index order or
     * not at all (8 ms); the caller sorts if it needs an order.
     */
    public List<StoredObject> objects(long calendarId, java.util.Set<ObjectField> fields) {
        String sql = "SELECT " + columnList(fields, "") + " FROM calendar_objects WHERE calendar_id = ?";
        return db.connectionResult(c -> {
            try (java.sql.PreparedStatement st = c.prepareStatement(sql)) {
                st.setLong(1, calendarId);
                try (java.sql.ResultSet rs = st.executeQuery()) {
                    List<StoredObject> out = new java.util.ArrayList<>();
                    while (rs.next()) out.add(toObject(rs, fields));
                    return out;
                }
            }
        });
    }

    /**
     * id, calendar_id, uri and the columns of {@code fields}, each after {@code prefix}, in the
     * order {@link #toObject(java.sql.ResultSet, java.util.Set)} reads them.
     */
    private static String columnList(java.util.Set<ObjectField> fields, String prefix) {
        StringBuilder list = new StringBuilder(prefix).append("id, ").append(prefix).append("calendar_id, ").append(prefix).append("uri");
        for (ObjectField f : ObjectField.values()) {
            if (!fields.contains(f)) continue;
            for (String column : columnsOf(f).split(", ")) list.append(", ").append(prefix).append(column);
        }
        return list.toString();
    }

    private static String columnsOf(ObjectField f) {
        return switch (f) {
            case UID -> "uid";
            case ETAG -> "etag";
            case SCHEDULE_TAG -> "schedule_tag";
            case COMPONENT_TYPE -> "component_type";
            case SIZE -> "size_bytes";
            case CREATED_AT -> "created_at";
            case UPDATED_AT -> "updated_at";
            case RECURRENCE -> "unbounded, expanded_until, expansion_version";
        };
    }

    /** A row of {@link #objects(long, java.util.Set)}: the columns come in the order of {@link ObjectField}. */
    private static StoredObject toObject(java.sql.ResultSet rs, java.util.Set<ObjectField> fields) throws java.sql.SQLException {
        int i = 4;
        String uid = fields.contains(ObjectField.UID) ? rs.getString(i++) : null;
        String etag = fields.contains(ObjectField.ETAG) ? rs.getString(i++) : null;
        String scheduleTag = fields.contains(ObjectField.SCHEDULE_TAG) ? rs.getString(i++) : null;
        String componentType = fields.contains(ObjectField.COMPONENT_TYPE) ? rs.getString(i++) : null;
        int size = fields.contains(ObjectField.SIZE) ? rs.getInt(i++) : 0;
        Instant created = fields.contains(ObjectField.CREATED_AT) ? toInstant(rs.getObject(i++, OffsetDateTime.class)) : null;
        Instant updated = fields.contains(ObjectField.UPDATED_AT) ? toInstant(rs.getObject(i++, OffsetDateTime.class)) : null;
        boolean unbounded = false;
        Instant expandedUntil = null;
        int expansionVersion = 0;
        if (fields.contains(ObjectField.RECURRENCE)) {
            unbounded = rs.getBoolean(i++);
            expandedUntil = toInstant(rs.getObject(i++, OffsetDateTime.class));
            expansionVersion = rs.getInt(i++);
        }
        return new StoredObject(rs.getLong(1), rs.getLong(2), rs.getString(3), uid, etag, scheduleTag, componentType, size,
                created, updated, unbounded, expandedUntil, expansionVersion);
    }

    /** By URI: every GET and every write looks its object up, so plain JDBC (no jOOQ rendering). */
    public Optional<StoredObject> object(long calendarId, String uri) {
        return db.connectionResult(c -> {
            try (var ps = c.prepareStatement(OBJECT_BY_URI)) {
                ps.setLong(1, calendarId);
                ps.setString(2, uri);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(toObject(rs, ALL_OBJECT_FIELDS)) : Optional.empty();
                }
            }
        });
    }

    private static final java.util.Set<ObjectField> ALL_OBJECT_FIELDS = java.util.Collections.unmodifiableSet(java.util.EnumSet.allOf(ObjectField.class));

    private static final String OBJECT_BY_URI = "SELECT " + columnList(ALL_OBJECT_FIELDS, "")
            + " FROM calendar_objects WHERE calendar_id = ? AND uri = ?";

    public Optional<StoredObject> objectByUid(long calendarId, String uid) {
        return db.select(objectColumns()).from(CALENDAR_OBJECTS)
                .where(CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId), CALENDAR_OBJECTS.UID.eq(uid))
                .fetchOptional(CalendarStore::toObject);
    }

    /** An object with this UID in any calendar collection (not inbox/outbox) of the owner's home. */
    public Optional<ObjectLocation> findInHomeByUid(long ownerId, String uid) {
        return db.select(CALENDARS.ID, CALENDAR_OBJECTS.URI).from(CALENDAR_OBJECTS)
                .join(CALENDARS).on(CALENDARS.ID.eq(CALENDAR_OBJECTS.CALENDAR_ID))
                .where(CALENDARS.OWNER_ID.eq(ownerId), CALENDARS.KIND.eq(CollectionKind.CALENDAR.dbValue()),
                        CALENDAR_OBJECTS.UID.eq(uid))
                .orderBy(CALENDARS.ID).limit(1)
                .fetchOptional(r -> new ObjectLocation(calendarById(r.value1()).orElseThrow(), object(r.value1(), r.value2()).orElseThrow()));
    }

    /** Where an object lives: its collection and its metadata. */
    public record ObjectLocation(StoredCalendar calendar, StoredObject object) {}

    /** The stored iCalendar text of an object. */
    public Optional<String> ical(long objectId) {
        return db.connectionResult(c -> {
            try (var ps = c.prepareStatement("SELECT ical FROM calendar_objects WHERE id = ?")) {
                ps.setLong(1, objectId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Creates or replaces the object at {@code uri}, if {@code condition} holds against its current
     * state; the check and the write are atomic (the existing row is locked, a concurrent create
     * loses on the unique key and is re-evaluated as an update).
     */
    public PutOutcome put(long calendarId, String uri, ObjectContent content, WriteCondition condition) {
        return put(calendarId, uri, content, condition, null);
    }

    public PutOutcome put(long calendarId, String uri, ObjectContent content, WriteCondition condition,
                          String scheduleTag) {
        lockUid(calendarId, content.uid());
        return putLocked(calendarId, uri, content, condition, scheduleTag);
    }

    /** As {@link #put}, for a caller that already holds the lock of the content's UID ({@link #lockUid}). */
    public PutOutcome putLocked(long calendarId, String uri, ObjectContent content, WriteCondition condition,
                                String scheduleTag) {
        // the object at this URI and any other object with the same UID, in one look
        return db.connectionResult(c -> {
            ObjectWriteStatements.ExistingRow existing = null;
            String clash = null;
            for (ObjectWriteStatements.ExistingRow r : ObjectWriteStatements.existing(c, calendarId, uri, content.uid())) {
                if (r.uri().equals(uri)) existing = r;
                else clash = r.uri();
            }
            if (!condition.allows(existing == null ? null : existing.etag())) return new PutOutcome.PreconditionFailed();
            // RFC 4791 §5.3.2.1: an object may not be overwritten by one with another UID
            if (existing != null && !existing.uid().equals(content.uid())) return new PutOutcome.UidConflict(uri);
            if (clash != null) return new PutOutcome.UidConflict(clash);

            String etag = etagOf(content.ical());
            OffsetDateTime now = OffsetDateTime.now();
            int size = content.ical().getBytes(StandardCharsets.UTF_8).length;
            long objectId;
            Instant createdAt;
            boolean created = existing == null;
            if (created) {
                try {
                    objectId = ObjectWriteStatements.insertObject(c, calendarId, uri, content, etag, scheduleTag, size, now);
                } catch (java.sql.SQLException e) {
                    // Writers of one UID take turns (lockUid), so the key that was taken is the URI:
                    // a writer of another UID created it since the look above and has committed. Had
                    // the two taken turns, this write would have met that object: 412 for
                    // If-None-Match, else the UID conflict (§5.3.2.1). The transaction is aborted;
                    // the caller rolls it back.
                    if ("23505".equals(e.getSQLState())) {
                        return condition.ifNoneMatch() != null && condition.ifNoneMatch().contains("*")
                                ? new PutOutcome.PreconditionFailed() : new PutOutcome.UidConflict(uri);
                    }
                    // the key check on the collection waited for a DELETE of it, which then committed
                    if ("23503".equals(e.getSQLState())) return new PutOutcome.CollectionGone();
                    throw e;
                }
                createdAt = now.toInstant();
            } else {
                objectId = existing.id();
                createdAt = existing.createdAt();
                ObjectWriteStatements.updateObject(c, objectId, content, etag, scheduleTag, size, now);
            }
            ObjectWriteStatements.insertInstances(c, calendarId, objectId, content.componentType(), content.instances());
            new SyncLog(db).recordChange(calendarId, uri, false);
            StoredObject stored = new StoredObject(objectId, calendarId, uri, content.uid(), etag, scheduleTag, content.componentType(),
                    size, createdAt, now.toInstant(), content.unbounded(), content.expandedUntil(), ExpansionVersion.CURRENT);
            return created ? new PutOutcome.Created(stored) : new PutOutcome.Updated(stored);
        });
    }

    /** Deletes the object at {@code uri} if {@code condition} holds, atomically. */
    public DeleteOutcome delete(long calendarId, String uri, WriteCondition condition) {
        // the row lock (FOR UPDATE) is the turn-taking with writers of the same object
        Optional<String> etag = db.select(CALENDAR_OBJECTS.ETAG).from(CALENDAR_OBJECTS)
                .where(CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId), CALENDAR_OBJECTS.URI.eq(uri))
                .forUpdate().fetchOptional(CALENDAR_OBJECTS.ETAG);
        if (etag.isEmpty()) return condition.ifMatch() != null ? DeleteOutcome.PRECONDITION_FAILED : DeleteOutcome.NOT_FOUND;
        if (!condition.allows(etag.get())) return DeleteOutcome.PRECONDITION_FAILED;
        db.deleteFrom(CALENDAR_OBJECTS)
                .where(CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId), CALENDAR_OBJECTS.URI.eq(uri)).execute();
        new SyncLog(db).recordChange(calendarId, uri, true);
        return DeleteOutcome.DELETED;
    }

    /** The objects at these URIs (missing ones are simply absent), with their text, in one query. */
    public List<ObjectWithData> objectsWithData(long calendarId, java.util.Collection<String> uris) {
        return objectsWithData(calendarId, uris, true);
    }

    /**
     * With {@code withText} false the text is left out (null): a listing of etags needs none of it.
     * One lookup per URI on the (calendar_id, uri) key, whatever the planner knows: with {@code
     * uri IN (...)} a calendar without statistics (freshly loaded, not yet analysed) was read
     * through the old (calendar_id, uid) key, all 10,000 rows filtered for 100 (V8 re-keyed it
     * (uid, calendar_id), so that path is gone; the probes stay plan-independent). The URIs go as
     * one array parameter, and the rows are decoded without jOOQ records.
     */
    public List<ObjectWithData> objectsWithData(long calendarId, java.util.Collection<String> uris, boolean withText) {
        if (uris.isEmpty()) return List.of();
        String[] distinct = new java.util.LinkedHashSet<>(uris).toArray(String[]::new);
        // OFFSET 0 keeps the lateral subquery a per-URI index probe (not pulled up into a join)
        String sql = "SELECT " + columnList(ALL_OBJECT_FIELDS, "o.") + (withText ? ", o.ical" : "")
                + " FROM unnest(?::text[]) AS u(uri) CROSS JOIN LATERAL (SELECT * FROM calendar_objects c"
                + " WHERE c.calendar_id = ? AND c.uri = u.uri OFFSET 0) o";
        return db.connectionResult(c -> {
            try (java.sql.PreparedStatement st = c.prepareStatement(sql)) {
                st.setArray(1, c.createArrayOf("text", distinct));
                st.setLong(2, calendarId);
                try (java.sql.ResultSet rs = st.executeQuery()) {
                    List<ObjectWithData> out = new java.util.ArrayList<>(distinct.length);
                    while (rs.next()) out.add(new ObjectWithData(toObject(rs, ALL_OBJECT_FIELDS), withText ? rs.getString(14) : null));
                    return out;
                }
            }
        });
    }

    /**
     * Streams a calendar's objects with their text in pages of {@code pageSize} (keyset on id), so a
     * listing of any size never sits in memory. {@code onlyIds} restricts to those objects when not null.
     */
    public void forEachObjectWithData(long calendarId, java.util.Set<Long> onlyIds, int pageSize,
                                      java.util.function.Consumer<ObjectWithData> consumer) {
        forEachPageWithData(calendarId, onlyIds, pageSize, page -> page.forEach(consumer));
    }

    /** Like {@link #forEachObjectWithData}, a page at a time (for work that is batched per page). */
    public void forEachPageWithData(long calendarId, java.util.Set<Long> onlyIds, int pageSize,
                                    java.util.function.Consumer<List<ObjectWithData>> consumer) {
        long after = 0;
        while (true) {
            var where = CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId).and(CALENDAR_OBJECTS.ID.gt(after));
            if (onlyIds != null) where = where.and(CALENDAR_OBJECTS.ID.in(onlyIds));
            List<ObjectWithData> page = db.select(objectColumns()).select(CALENDAR_OBJECTS.ICAL).from(CALENDAR_OBJECTS)
                    .where(where).orderBy(CALENDAR_OBJECTS.ID).limit(pageSize)
                    .fetch(r -> new ObjectWithData(toObject(r), r.get(CALENDAR_OBJECTS.ICAL)));
            if (!page.isEmpty()) consumer.accept(page);
            if (page.size() < pageSize) return;
            after = page.get(page.size() - 1).object().id();
        }
    }

    /**
     * The objects of a type with an occurrence overlapping [start, end) (null = unbounded). Floating
     * occurrences count as exact only when {@code floatingZoneAsStored} (the query reads floating
     * times in the zone they were stored in); otherwise those within {@code floatingSlack} of the
     * range are uncertain. Recurrences that run past their horizon before {@code end} are uncertain,
     * and so is every object whose occurrences an older expansion computed ({@link ExpansionVersion}).
     */
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
        java.util.Set<Long> stale = new OccurrenceIndexStore(db).staleIds(List.of(calendarId), componentType);
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

    /** Ids of every object of a component type in the calendar. */
    public java.util.Set<Long> objectIdsOfType(long calendarId, String componentType) {
        return new java.util.HashSet<>(db.select(CALENDAR_OBJECTS.ID).from(CALENDAR_OBJECTS)
                .where(CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId), CALENDAR_OBJECTS.COMPONENT_TYPE.eq(componentType))
                .fetch(CALENDAR_OBJECTS.ID));
    }

    /**
     * The busy time of a calendar over [start, end): occurrences of events that are opaque and not
     * cancelled (RFC 4791 §7.10), merged by PostgreSQL ({@code range_agg}) into one period list per
     * free-busy type, so a month of a busy calendar is a few rows, not thousands. Tentative events
     * are reported with status TENTATIVE, the rest with null.
     */
    public List<BusyInstance> busyInstances(long calendarId, Instant start, Instant end) {
        return busyInstances(calendarId, start, end, java.util.Set.of());
    }

    /** As {@link #busyInstances(long, Instant, Instant)}, leaving out the stored occurrences of {@code ignoredObjects}. */
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

    /**
     * Busy occurrences of an owner over [start, end) from every calendar whose
     * schedule-calendar-transp is opaque (RFC 6638 §9.1), optionally leaving out the objects with
     * one UID (the event being edited: X-CALENDARSERVER-MASK-UID).
     */
    public List<BusyInstance> busyInstancesOfOwner(long ownerId, Instant start, Instant end, String excludeUid) {
        return busyInstancesOfOwner(ownerId, start, end, excludeUid, java.util.Set.of());
    }

    /** As {@link #busyInstancesOfOwner(long, Instant, Instant, String)}, leaving out the stored occurrences of {@code ignoredObjects}. */
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

    /**
     * The calendars whose busy time counts for these owners (kind {@code calendar}, opaque
     * schedule-calendar-transp, RFC 6638 §9.1), by owner; owners without any are absent.
     */
    public java.util.Map<Long, List<Long>> opaqueCalendarIds(java.util.Collection<Long> ownerIds) {
        java.util.Map<Long, List<Long>> out = new java.util.HashMap<>();
        if (ownerIds.isEmpty()) return out;
        db.select(CALENDARS.OWNER_ID, CALENDARS.ID).from(CALENDARS)
                .where(CALENDARS.OWNER_ID.in(ownerIds), CALENDARS.KIND.eq(CollectionKind.CALENDAR.dbValue()),
                        CALENDARS.SCHEDULE_TRANSP.eq("opaque"))
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new java.util.ArrayList<>()).add(r.value2()));
        return out;
    }

    /** A merged period (null bound: unbounded) cut to [start, end). */
    private static BusyInstance clip(OffsetDateTime lower, OffsetDateTime upper, String status, Instant start, Instant end) {
        Instant s = lower == null || lower.toInstant().isBefore(start) ? start : lower.toInstant();
        Instant e = upper == null || upper.toInstant().isAfter(end) ? end : upper.toInstant();
        return new BusyInstance(s, e, status);
    }

    // ---- occurrences ----

    /** An occurrence of another event that overlaps a requested period (for a room's conflict check). */
    public record OverlappingBooking(int period, long objectId, String uid, Instant start, Instant end) {}

    /**
     * For each period ([start, end), or the point [t, t]), the blocking occurrences of other events
     * in the calendar that overlap it: opaque, not cancelled, UID different from {@code excludeUid}.
     * One query for all periods, on the GiST index.
     */
    public List<OverlappingBooking> blockingOverlaps(long calendarId, String excludeUid, List<Instant[]> periods) {
        return blockingOverlaps(calendarId, excludeUid, periods, java.util.Set.of());
    }

    /** As {@link #blockingOverlaps(long, String, List)}, leaving out the stored occurrences of {@code ignoredObjects}. */
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

    /** The stored occurrences of these objects overlapping [start, end) (null = unbounded), by object id. */
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

    public List<InstanceRow> instances(long objectId) {
        return db.selectFrom(CALENDAR_INSTANCES).where(CALENDAR_INSTANCES.OBJECT_ID.eq(objectId))
                .orderBy(CALENDAR_INSTANCES.ID)
                .fetch(r -> {
                    OffsetDateTimeRange p = r.getPeriod();
                    return new InstanceRow(toInstant(p.lower()), toInstant(p.upper()), toInstant(r.getRecurrenceId()),
                            r.getTransparent(), r.getStatus(), r.getAllDay(), r.getFloating());
                });
    }

    /** [start,end) normally; the closed point [t,t] when start == end; null bounds are infinite. */
    static OffsetDateTimeRange periodOf(Instant start, Instant end) {
        boolean point = start != null && start.equals(end);
        return OffsetDateTimeRange.offsetDateTimeRange(toOffset(start), start != null, toOffset(end), point);
    }

    // ---- mapping ----

    public static String etagOf(String ical) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(ical.getBytes(StandardCharsets.UTF_8));
            return '"' + HexFormat.of().formatHex(Arrays.copyOf(hash, 16)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static org.jooq.SelectField<?>[] objectColumns() {
        return new org.jooq.SelectField<?>[]{CALENDAR_OBJECTS.ID, CALENDAR_OBJECTS.CALENDAR_ID, CALENDAR_OBJECTS.URI,
                CALENDAR_OBJECTS.UID, CALENDAR_OBJECTS.ETAG, CALENDAR_OBJECTS.SCHEDULE_TAG,
                CALENDAR_OBJECTS.COMPONENT_TYPE, CALENDAR_OBJECTS.SIZE_BYTES, CALENDAR_OBJECTS.CREATED_AT,
                CALENDAR_OBJECTS.UPDATED_AT, CALENDAR_OBJECTS.UNBOUNDED, CALENDAR_OBJECTS.EXPANDED_UNTIL, CALENDAR_OBJECTS.EXPANSION_VERSION};
    }

    private static StoredObject toObject(Record r) {
        return new StoredObject(r.get(CALENDAR_OBJECTS.ID), r.get(CALENDAR_OBJECTS.CALENDAR_ID), r.get(CALENDAR_OBJECTS.URI),
                r.get(CALENDAR_OBJECTS.UID), r.get(CALENDAR_OBJECTS.ETAG), r.get(CALENDAR_OBJECTS.SCHEDULE_TAG),
                r.get(CALENDAR_OBJECTS.COMPONENT_TYPE), r.get(CALENDAR_OBJECTS.SIZE_BYTES),
                toInstant(r.get(CALENDAR_OBJECTS.CREATED_AT)), toInstant(r.get(CALENDAR_OBJECTS.UPDATED_AT)),
                r.get(CALENDAR_OBJECTS.UNBOUNDED), toInstant(r.get(CALENDAR_OBJECTS.EXPANDED_UNTIL)),
                r.get(CALENDAR_OBJECTS.EXPANSION_VERSION));
    }

    private static StoredCalendar toCalendar(io.calroom.schema.jooq.tables.records.CalendarsRecord r) {
        return new StoredCalendar(r.getId(), r.getOwnerId(), r.getUri(), CollectionKind.fromDb(r.getKind()),
                r.getDisplayName(), r.getDescription(), r.getTimezone(), r.getColor(), r.getSortOrder(),
                List.of(r.getComponents()), "transparent".equals(r.getScheduleTransp()),
                toInstant(r.getCreatedAt()), toInstant(r.getUpdatedAt()), r.getAvailability());
    }

    static OffsetDateTime toOffset(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant toInstant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
