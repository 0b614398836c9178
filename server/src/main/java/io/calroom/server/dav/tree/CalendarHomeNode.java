package io.calroom.server.dav.tree;

import io.calroom.principal.Principal;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;

/** A principal's calendar home (RFC 4791 §6.2.1): its calendars, inbox and outbox. */
public final class CalendarHomeNode extends DavNode {
    private final Principal owner;

    public CalendarHomeNode(Principal owner) {
        super(owner.calendarHomePath());
        this.owner = owner;
    }

    public Principal owner() {
        return owner;
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
