package io.calroom.schema.store;

import org.jooq.DSLContext;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static io.calroom.schema.jooq.Tables.CALENDARS;
import static io.calroom.schema.store.Timestamps.toInstant;

/** The PostgreSQL (jOOQ) implementation of {@link CalendarCollectionStore}. */
public final class JooqCalendarCollectionStore implements CalendarCollectionStore {
    private final DSLContext db;

    public JooqCalendarCollectionStore(DSLContext db) {
        this.db = db;
    }

    @Override
    public List<StoredCalendar> calendarsOf(long ownerId) {
        return db.selectFrom(CALENDARS).where(CALENDARS.OWNER_ID.eq(ownerId)).orderBy(CALENDARS.ID)
                .fetch(JooqCalendarCollectionStore::toCalendar);
    }

    @Override
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

    @Override
    public Optional<StoredCalendar> calendarById(long id) {
        return db.selectFrom(CALENDARS).where(CALENDARS.ID.eq(id)).fetchOptional(JooqCalendarCollectionStore::toCalendar);
    }

    @Override
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
                .map(JooqCalendarCollectionStore::toCalendar)
                .map(created -> {
                    JooqSyncLog.recordHomeChange(db, ownerId, created.uri(), false);
                    return created;
                });
    }

    @Override
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
        calendarById(calendarId).ifPresent(c -> JooqSyncLog.recordHomeChange(db, c.ownerId(), c.uri(), false));
    }

    @Override
    public boolean deleteCalendar(long calendarId) {
        Optional<StoredCalendar> c = calendarById(calendarId);
        boolean deleted = db.deleteFrom(CALENDARS).where(CALENDARS.ID.eq(calendarId)).execute() == 1;
        if (deleted) JooqSyncLog.recordHomeChange(db, c.get().ownerId(), c.get().uri(), true);
        return deleted;
    }

    @Override
    public void lockCalendar(long calendarId) {
        db.connection(c -> ObjectWriteStatements.lockCalendar(c, calendarId));
    }

    @Override
    public java.util.Map<Long, List<Long>> opaqueCalendarIds(java.util.Collection<Long> ownerIds) {
        java.util.Map<Long, List<Long>> out = new java.util.HashMap<>();
        if (ownerIds.isEmpty()) return out;
        db.select(CALENDARS.OWNER_ID, CALENDARS.ID).from(CALENDARS)
                .where(CALENDARS.OWNER_ID.in(ownerIds), CALENDARS.KIND.eq(CollectionKind.CALENDAR.dbValue()),
                        CALENDARS.SCHEDULE_TRANSP.eq("opaque"))
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new java.util.ArrayList<>()).add(r.value2()));
        return out;
    }

    static StoredCalendar toCalendar(io.calroom.schema.jooq.tables.records.CalendarsRecord r) {
        return new StoredCalendar(r.getId(), r.getOwnerId(), r.getUri(), CollectionKind.fromDb(r.getKind()),
                r.getDisplayName(), r.getDescription(), r.getTimezone(), r.getColor(), r.getSortOrder(),
                List.of(r.getComponents()), "transparent".equals(r.getScheduleTransp()),
                toInstant(r.getCreatedAt()), toInstant(r.getUpdatedAt()), r.getAvailability());
    }
}
