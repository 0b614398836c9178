package io.calroom.server.caldav;

import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;

/** A principal's calendar home (RFC 4791 §6.2.1): its calendars, inbox and outbox. */
public final class CalendarHomeNode extends DavNode {
    private final Principal owner;
    private final boolean writable;

    public CalendarHomeNode(Principal owner, boolean writable) {
        super(owner.calendarHomePath());
        this.owner = owner;
        this.writable = writable;
    }

    /** False when the caller may only read this home (a read-only manager of a resource). */
    public boolean writable() {
        return writable;
    }

    public Principal owner() {
        return owner;
    }

    /** Its dead properties (Apple's default alarms among them) are kept apart from the principal's. */
    @Override
    public PropertyOwner deadPropertyOwner() {
        return new PropertyOwner.OfCalendarHome(owner.id());
    }

    @Override
    public boolean isCollection() {
        return true;
    }

    @Override
    public List<QName> resourceTypes() {
        return List.of(Ns.dav("collection"));
    }
}
