package io.calroom.schema.store;

import org.jooq.Condition;
import org.jooq.DSLContext;

import java.util.List;

import static io.calroom.schema.jooq.Tables.DEAD_PROPERTIES;

/** WebDAV dead properties (RFC 4918 §4.2) of principals, collections and objects. */
public final class DeadPropertyStore {
    private final DSLContext db;

    public DeadPropertyStore(DSLContext db) {
        this.db = db;
    }

    public List<DeadProperty> list(PropertyOwner owner) {
        return db.select(DEAD_PROPERTIES.NAMESPACE, DEAD_PROPERTIES.LOCAL_NAME, DEAD_PROPERTIES.XML)
                .from(DEAD_PROPERTIES).where(ownedBy(owner)).orderBy(DEAD_PROPERTIES.ID)
                .fetch(r -> new DeadProperty(r.value1(), r.value2(), r.value3()));
    }

    /** The dead properties of every object of a calendar, by object id (one query for a Depth 1 listing). */
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

    public void set(PropertyOwner owner, DeadProperty property) {
        remove(owner, property.namespace(), property.localName());
        var insert = db.insertInto(DEAD_PROPERTIES)
                .set(DEAD_PROPERTIES.NAMESPACE, property.namespace())
                .set(DEAD_PROPERTIES.LOCAL_NAME, property.localName())
                .set(DEAD_PROPERTIES.XML, property.xml());
        if (owner instanceof PropertyOwner.OfPrincipal p) {
            insert.set(DEAD_PROPERTIES.PRINCIPAL_ID, p.principalId()).execute();
        } else if (owner instanceof PropertyOwner.OfCalendar c) {
            insert.set(DEAD_PROPERTIES.CALENDAR_ID, c.calendarId()).execute();
        } else {
            insert.set(DEAD_PROPERTIES.OBJECT_ID, ((PropertyOwner.OfObject) owner).objectId()).execute();
        }
    }

    public void remove(PropertyOwner owner, String namespace, String localName) {
        db.deleteFrom(DEAD_PROPERTIES)
                .where(ownedBy(owner), DEAD_PROPERTIES.NAMESPACE.eq(namespace), DEAD_PROPERTIES.LOCAL_NAME.eq(localName))
                .execute();
    }

    /** Copies every dead property of one owner to another (COPY/MOVE of a resource). */
    public void copy(PropertyOwner from, PropertyOwner to) {
        for (DeadProperty p : list(from)) set(to, p);
    }

    private static Condition ownedBy(PropertyOwner owner) {
        if (owner instanceof PropertyOwner.OfPrincipal p) return DEAD_PROPERTIES.PRINCIPAL_ID.eq(p.principalId());
        if (owner instanceof PropertyOwner.OfCalendar c) return DEAD_PROPERTIES.CALENDAR_ID.eq(c.calendarId());
        return DEAD_PROPERTIES.OBJECT_ID.eq(((PropertyOwner.OfObject) owner).objectId());
    }
}
