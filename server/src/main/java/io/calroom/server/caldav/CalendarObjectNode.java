package io.calroom.server.caldav;

import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.schema.store.StoredObject;

import javax.xml.namespace.QName;
import java.time.Instant;
import java.util.List;

/** A calendar object resource (RFC 4791 §4.1): one event or to-do with all its instances. */
public final class CalendarObjectNode extends DavNode {
    private final Principal owner;
    private final StoredCalendar calendar;
    private final StoredObject object;

    private final boolean writable;

    public CalendarObjectNode(Principal owner, StoredCalendar calendar, StoredObject object, boolean writable) {
        super(owner.calendarHomePath() + calendar.uri() + "/" + object.uri());
        this.owner = owner;
        this.calendar = calendar;
        this.object = object;
        this.writable = writable;
    }

    /** False when the caller may only read this object. */
    public boolean writable() {
        return writable;
    }

    public Principal owner() {
        return owner;
    }

    public StoredCalendar calendar() {
        return calendar;
    }

    public StoredObject object() {
        return object;
    }

    @Override
    public boolean isCollection() {
        return false;
    }

    @Override
    public List<QName> resourceTypes() {
        return List.of();
    }

    @Override
    public PropertyOwner deadPropertyOwner() {
        return new PropertyOwner.OfObject(object.id());
    }

    @Override
    public Instant modified() {
        return object.updatedAt();
    }
}
