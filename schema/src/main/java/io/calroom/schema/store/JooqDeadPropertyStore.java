package io.calroom.schema.store;

import org.jooq.Condition;
import org.jooq.DSLContext;

import java.util.List;

import static io.calroom.schema.jooq.Tables.DEAD_PROPERTIES;

/** The PostgreSQL (jOOQ) implementation of {@link DeadPropertyStore}. */
public final class JooqDeadPropertyStore implements DeadPropertyStore {
    static final String HOME_MARK = "\u0001home\u0001";
    private final DSLContext db;

    public JooqDeadPropertyStore(DSLContext db) {
        this.db = db;
    }

    @Override
    public List<DeadProperty> list(PropertyOwner owner) {
        int mark = owner instanceof PropertyOwner.OfCalendarHome ? HOME_MARK.length() : 0;
        return db.select(DEAD_PROPERTIES.NAMESPACE, DEAD_PROPERTIES.LOCAL_NAME, DEAD_PROPERTIES.XML)
                .from(DEAD_PROPERTIES).where(ownedBy(owner)).orderBy(DEAD_PROPERTIES.ID)
                .fetch(r -> new DeadProperty(r.value1().substring(mark), r.value2(), r.value3()));
    }

    @Override
    public java.util.Map<Long, List<DeadProperty>> ofObjectsIn(long calendarId) {
        java.util.Map<Long, List<DeadProperty>> out = new java.util.HashMap<>();
        db.select(DEAD_PROPERTIES.OBJECT_ID, DEAD_PROPERTIES.NAMESPACE, DEAD_PROPERTIES.LOCAL_NAME, DEAD_PROPERTIES.XML)
                .from(DEAD_PROPERTIES)
                .join(io.calroom.schema.jooq.Tables.CALENDAR_OBJECTS)
                .on(io.calroom.schema.jooq.Tables.CALENDAR_OBJECTS.ID.eq(DEAD_PROPERTIES.OBJECT_ID))
                .where(io.calroom.schema.jooq.Tables.CALENDAR_OBJECTS.CALENDAR_ID.eq(calendarId))
                .orderBy(DEAD_PROPERTIES.ID)
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new java.util.ArrayList<>())
                        .add(new DeadProperty(r.value2(), r.value3(), r.value4())));
        return out;
    }

    @Override
    public void set(PropertyOwner owner, DeadProperty property) {
        remove(owner, property.namespace(), property.localName());
        var insert = db.insertInto(DEAD_PROPERTIES)
                .set(DEAD_PROPERTIES.NAMESPACE, stored(owner, property.namespace()))
                .set(DEAD_PROPERTIES.LOCAL_NAME, property.localName())
                .set(DEAD_PROPERTIES.XML, property.xml());
        if (owner instanceof PropertyOwner.OfPrincipal p) {
            insert.set(DEAD_PROPERTIES.PRINCIPAL_ID, p.principalId()).execute();
        } else if (owner instanceof PropertyOwner.OfCalendarHome h) {
            insert.set(DEAD_PROPERTIES.PRINCIPAL_ID, h.principalId()).execute();
        } else if (owner instanceof PropertyOwner.OfCalendar c) {
            insert.set(DEAD_PROPERTIES.CALENDAR_ID, c.calendarId()).execute();
        } else {
            insert.set(DEAD_PROPERTIES.OBJECT_ID, ((PropertyOwner.OfObject) owner).objectId()).execute();
        }
    }

    @Override
    public void remove(PropertyOwner owner, String namespace, String localName) {
        db.deleteFrom(DEAD_PROPERTIES)
                .where(ownedBy(owner), DEAD_PROPERTIES.NAMESPACE.eq(stored(owner, namespace)), DEAD_PROPERTIES.LOCAL_NAME.eq(localName))
                .execute();
    }

    @Override
    public void copy(PropertyOwner from, PropertyOwner to) {
        for (DeadProperty p : list(from)) set(to, p);
    }

    /** The namespace as stored: marked for a calendar home. */
    private static String stored(PropertyOwner owner, String namespace) {
        return owner instanceof PropertyOwner.OfCalendarHome ? HOME_MARK + namespace : namespace;
    }

    private static Condition ownedBy(PropertyOwner owner) {
        if (owner instanceof PropertyOwner.OfPrincipal p) {
            return DEAD_PROPERTIES.PRINCIPAL_ID.eq(p.principalId()).and(DEAD_PROPERTIES.NAMESPACE.startsWith(HOME_MARK).not());
        }
        if (owner instanceof PropertyOwner.OfCalendarHome h) {
            return DEAD_PROPERTIES.PRINCIPAL_ID.eq(h.principalId()).and(DEAD_PROPERTIES.NAMESPACE.startsWith(HOME_MARK));
        }
        if (owner instanceof PropertyOwner.OfCalendar c) return DEAD_PROPERTIES.CALENDAR_ID.eq(c.calendarId());
        return DEAD_PROPERTIES.OBJECT_ID.eq(((PropertyOwner.OfObject) owner).objectId());
    }
}
