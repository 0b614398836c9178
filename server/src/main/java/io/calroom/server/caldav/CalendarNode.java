package io.calroom.server.caldav;

import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.time.Instant;
import java.util.List;

/** A calendar collection (RFC 4791 §4.2), or the scheduling inbox/outbox (RFC 6638 §2.1, §2.2). */
public final class CalendarNode extends DavNode {
    private final Principal owner;
    private final StoredCalendar calendar;

    private final boolean writable;

    public CalendarNode(Principal owner, StoredCalendar calendar, boolean writable) {
        super(owner.calendarHomePath() + calendar.uri() + "/");
        this.owner = owner;
        this.calendar = calendar;
        this.writable = writable;
    }

    /** False when the caller may only read this calendar. */
    public boolean writable() {
        return writable;
    }

    public Principal owner() {
        return owner;
    }

    public StoredCalendar calendar() {
        return calendar;
    }

    public CollectionKind kind() {
        return calendar.kind();
    }

    /** A resource's one calendar, which cannot be deleted (ARCHITECTURE: exactly one {@code default/}). */
    public boolean isResourceDefault() {
        return owner.kind() == PrincipalKind.RESOURCE && calendar.kind() == CollectionKind.CALENDAR;
    }

    @Override
    public boolean isCollection() {
        return true;
    }

    @Override
    public List<QName> resourceTypes() {
        return switch (calendar.kind()) {
            case CALENDAR -> List.of(Ns.dav("collection"), Ns.caldav("calendar"));
            case INBOX -> List.of(Ns.dav("collection"), Ns.caldav("schedule-inbox"));
            case OUTBOX -> List.of(Ns.dav("collection"), Ns.caldav("schedule-outbox"));
        };
    }

    @Override
    public PropertyOwner deadPropertyOwner() {
        return new PropertyOwner.OfCalendar(calendar.id());
    }

    @Override
    public Instant modified() {
        return calendar.updatedAt();
    }
}
