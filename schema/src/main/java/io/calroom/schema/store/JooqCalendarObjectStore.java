package io.calroom.schema.store;

import org.jooq.DSLContext;
import org.jooq.Record;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static io.calroom.schema.jooq.Tables.CALENDARS;
import static io.calroom.schema.jooq.Tables.CALENDAR_OBJECTS;
import static io.calroom.schema.store.Timestamps.toInstant;

/** The PostgreSQL (jOOQ) implementation of {@link CalendarObjectStore}. */
public final class JooqCalendarObjectStore implements CalendarObjectStore {
    private final DSLContext db;

    public JooqCalendarObjectStore(DSLContext db) {
        this.db = db;
    }

    @Override
    public void lockUid(long calendarId, String uid) {
        db.connection(c -> ObjectWriteStatements.lockUid(c, calendarId, uid));
    }

    @Override
    public List<StoredObject> objects(long calendarId) {
        return db.select(objectColumns()).from(CALENDAR_OBJECTS)
                .where(CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId))
                .orderBy(CALENDAR_OBJECTS.URI)
                .fetch(JooqCalendarObjectStore::toObject);
    }

    @Override
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

    @Override
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

    @Override
    public Optional<StoredObject> objectByUid(long calendarId, String uid) {
        return db.select(objectColumns()).from(CALENDAR_OBJECTS)
                .where(CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId), CALENDAR_OBJECTS.UID.eq(uid))
                .fetchOptional(JooqCalendarObjectStore::toObject);
    }

    @Override
    public Optional<ObjectLocation> findInHomeByUid(long ownerId, String uid) {
        return db.select(CALENDARS.fields()).select(CALENDAR_OBJECTS.URI).from(CALENDAR_OBJECTS)
                .join(CALENDARS).on(CALENDARS.ID.eq(CALENDAR_OBJECTS.CALENDAR_ID))
                .where(CALENDARS.OWNER_ID.eq(ownerId), CALENDARS.KIND.eq(CollectionKind.CALENDAR.dbValue()),
                        CALENDAR_OBJECTS.UID.eq(uid))
                .orderBy(CALENDARS.ID).limit(1)
                .fetchOptional(this::location);
    }

    @Override
    public List<ObjectLocation> schedulingObjectsInHomeByUid(long ownerId, String uid, long exceptCalendarId) {
        return db.select(CALENDARS.fields()).select(CALENDAR_OBJECTS.URI).from(CALENDAR_OBJECTS)
                .join(CALENDARS).on(CALENDARS.ID.eq(CALENDAR_OBJECTS.CALENDAR_ID))
                .where(CALENDARS.OWNER_ID.eq(ownerId), CALENDARS.KIND.eq(CollectionKind.CALENDAR.dbValue()),
                        CALENDARS.ID.ne(exceptCalendarId), CALENDAR_OBJECTS.UID.eq(uid), CALENDAR_OBJECTS.SCHEDULE_TAG.isNotNull())
                .orderBy(CALENDARS.ID)
                .fetch(this::location);
    }

    /** A row of the calendar's columns and the object's URI: where the object is, and the object. */
    private ObjectLocation location(Record r) {
        StoredCalendar calendar = JooqCalendarCollectionStore.toCalendar(r.into(CALENDARS));
        return new ObjectLocation(calendar, object(calendar.id(), r.get(CALENDAR_OBJECTS.URI)).orElseThrow());
    }

    @Override
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

    @Override
    public PutOutcome put(long calendarId, String uri, ObjectContent content, WriteCondition condition) {
        return put(calendarId, uri, content, condition, null);
    }

    @Override
    public PutOutcome put(long calendarId, String uri, ObjectContent content, WriteCondition condition,
                          String scheduleTag) {
        lockUid(calendarId, content.uid());
        return putLocked(calendarId, uri, content, condition, scheduleTag);
    }

    @Override
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

            String etag = CalendarObjectStore.etagOf(content.ical());
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
            JooqSyncLog.recordChange(db, calendarId, uri, false);
            StoredObject stored = new StoredObject(objectId, calendarId, uri, content.uid(), etag, scheduleTag, content.componentType(),
                    size, createdAt, now.toInstant(), content.unbounded(), content.expandedUntil(), ExpansionVersion.CURRENT);
            return created ? new PutOutcome.Created(stored) : new PutOutcome.Updated(stored);
        });
    }

    @Override
    public DeleteOutcome delete(long calendarId, String uri, WriteCondition condition) {
        // the row lock (FOR UPDATE) is the turn-taking with writers of the same object
        Optional<String> etag = db.select(CALENDAR_OBJECTS.ETAG).from(CALENDAR_OBJECTS)
                .where(CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId), CALENDAR_OBJECTS.URI.eq(uri))
                .forUpdate().fetchOptional(CALENDAR_OBJECTS.ETAG);
        if (etag.isEmpty()) return condition.ifMatch() != null ? DeleteOutcome.PRECONDITION_FAILED : DeleteOutcome.NOT_FOUND;
        if (!condition.allows(etag.get())) return DeleteOutcome.PRECONDITION_FAILED;
        db.deleteFrom(CALENDAR_OBJECTS)
                .where(CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId), CALENDAR_OBJECTS.URI.eq(uri)).execute();
        JooqSyncLog.recordChange(db, calendarId, uri, true);
        return DeleteOutcome.DELETED;
    }

    @Override
    public List<ObjectWithData> objectsWithData(long calendarId, java.util.Collection<String> uris) {
        return objectsWithData(calendarId, uris, true);
    }

    @Override
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

    @Override
    public void forEachObjectWithData(long calendarId, java.util.Set<Long> onlyIds, int pageSize,
                                      java.util.function.Consumer<ObjectWithData> consumer) {
        forEachPageWithData(calendarId, onlyIds, pageSize, page -> page.forEach(consumer));
    }

    @Override
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

    @Override
    public java.util.Set<Long> objectIdsOfType(long calendarId, String componentType) {
        return new java.util.HashSet<>(db.select(CALENDAR_OBJECTS.ID).from(CALENDAR_OBJECTS)
                .where(CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId), CALENDAR_OBJECTS.COMPONENT_TYPE.eq(componentType))
                .fetch(CALENDAR_OBJECTS.ID));
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
}
