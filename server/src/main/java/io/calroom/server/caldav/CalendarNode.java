package io.calroom.server.caldav;

import io.calroom.server.dav.DavServices;
import org.w3c.dom.Element;
import io.calroom.server.sync.SyncSource;
import io.calroom.server.sync.SyncCollectionReport;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.schema.store.StoredObject;
import io.calroom.schema.store.SyncLog;
import io.calroom.schema.store.WriteCondition;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ProppatchMethod;
import io.calroom.server.dav.property.LiveValues;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertySink;
import io.calroom.server.schedule.Outbox;
import io.calroom.server.schedule.ScheduleProperties;
import io.calroom.server.sync.SyncTokens;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** A calendar collection (RFC 4791 §4.2), or the scheduling inbox/outbox (RFC 6638 §2.1, §2.2). */
public final class CalendarNode extends DavNode implements CalendarCollection, SyncSource, Outbox {
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
    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public Principal owner() {
        return owner;
    }

    @Override
    public StoredCalendar calendar() {
        return calendar;
    }

    @Override
    public boolean isOutbox() {
        return calendar.kind() == CollectionKind.OUTBOX;
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

    private static final QName SYNC_COLLECTION = Ns.dav("sync-collection");
    private static final QName EXPAND_PROPERTY = Ns.dav("expand-property");
    private static final QName PRINCIPAL_MATCH = Ns.dav("principal-match");
    private static final QName CALENDAR_MULTIGET = Ns.caldav("calendar-multiget");
    private static final QName CALENDAR_QUERY = Ns.caldav("calendar-query");
    private static final List<QName> CALENDAR_REPORTS = List.of(CALENDAR_MULTIGET, CALENDAR_QUERY, SYNC_COLLECTION,
            Ns.caldav("free-busy-query"), EXPAND_PROPERTY, PRINCIPAL_MATCH);
    private static final List<QName> INBOX_REPORTS = List.of(CALENDAR_MULTIGET, CALENDAR_QUERY, SYNC_COLLECTION, EXPAND_PROPERTY,
            PRINCIPAL_MATCH);
    private static final List<QName> OUTBOX_REPORTS = List.of(SYNC_COLLECTION, EXPAND_PROPERTY, PRINCIPAL_MATCH);

    @Override
    public String allowedMethods() {
        return switch (calendar.kind()) {
            case OUTBOX -> "OPTIONS, PROPFIND, PROPPATCH, REPORT, POST";
            case INBOX -> "OPTIONS, GET, HEAD, PROPFIND, PROPPATCH, REPORT";
            case CALENDAR -> "OPTIONS, GET, HEAD, DELETE, PROPFIND, PROPPATCH, REPORT";
        };
    }

    /**
     * The CalDAV reports (RFC 4791 §7), free-busy-query on calendars only (§7.10), sync of the
     * change log (RFC 6578 §3.2), principal-match by DAV:principal-property (RFC 3744 §9.3).
     */
    @Override
    public List<QName> supportedReports() {
        return switch (calendar.kind()) {
            case CALENDAR -> CALENDAR_REPORTS;
            case INBOX -> INBOX_REPORTS;
            case OUTBOX -> OUTBOX_REPORTS;
        };
    }

    @Override
    public void liveProperties(PropertySink p, Principal user) {
        StoredCalendar c = calendar;
        p.put(Ns.dav("owner"), () -> new PropValue.Href(owner.path()));
        if (c.displayName() != null) p.put(Ns.dav("displayname"), () -> PropValue.text(c.displayName()));
        p.put(Ns.dav("current-user-privilege-set"), () -> LiveValues.privileges(writable ? CalendarPrivileges.of(c.kind()) : LiveValues.READ_ONLY));
        // one look at the change log for all three, and only if one of them is asked for
        Supplier<SyncLog.State> sync = LiveValues.memoized(() -> p.services().stores().calendars().syncLog().calendarState(c.id()));
        p.put(Ns.cs("getctag"), () -> PropValue.text(c.id() + "-" + sync.get().point().text()));
        p.put(Ns.dav("sync-token"), () -> PropValue.text(SyncTokens.calendar(c.id(), sync.get().point().text())));
        p.put(Ns.dav("getlastmodified"), () -> PropValue.text(LiveValues.httpDate(latest(c.updatedAt(), sync.get().lastChange()))));
        if (c.kind() == CollectionKind.OUTBOX) return;
        p.put(Ns.caldav("supported-calendar-component-set"), () -> new PropValue.Custom(out ->
                c.components().forEach(comp -> out.emptyWithAttributes(Ns.caldav("comp"), "name", comp))));
        p.put(Ns.caldav("supported-calendar-data"), () -> new PropValue.Custom(out ->
                out.emptyWithAttributes(Ns.caldav("calendar-data"), "content-type", "text/calendar", "version", "2.0")));
        p.put(Ns.caldav("max-resource-size"), () -> PropValue.text(Long.toString(p.services().config().maxResourceSize())));
        p.put(Ns.caldav("max-instances"), () -> PropValue.text(Integer.toString(p.services().config().maxOccurrences())));
        p.put(Ns.caldav("max-attendees-per-instance"), () -> PropValue.text(Integer.toString(p.services().config().maxAttendees())));
        if (c.kind() == CollectionKind.INBOX) {
            ScheduleProperties.ofInbox(p, owner, c);
            return;
        }
        if (c.description() != null) p.put(Ns.caldav("calendar-description"), () -> PropValue.text(c.description()));
        if (c.timezone() != null) p.put(Ns.caldav("calendar-timezone"), () -> PropValue.text(c.timezone()));
        if (c.color() != null) p.put(Ns.apple("calendar-color"), () -> PropValue.text(c.color()));
        if (c.order() != null) p.put(Ns.apple("calendar-order"), () -> PropValue.text(c.order().toString()));
        p.put(Ns.caldav("schedule-calendar-transp"), () -> new PropValue.Elements(
                List.of(Ns.caldav(c.scheduleTransparent() ? "transparent" : "opaque"))));
    }

    /** The later of a collection's own change and its members' latest change (null: none). */
    private static Instant latest(Instant own, Instant members) {
        return members == null || own.isAfter(members) ? own : members;
    }

    /** Its objects, in URI order, read with only the fields the wanted properties need. */
    @Override
    public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
        List<StoredObject> objects = services.stores().objects().objects(calendar.id(), CalendarObjectNode.objectFields(wanted));
        objects.sort(Comparator.comparing(StoredObject::uri));
        List<DavNode> out = new ArrayList<>(objects.size());
        objects.forEach(o -> out.add(new CalendarObjectNode(owner, calendar, o, writable)));
        return out;
    }

    /** DELETE of a whole calendar with everything in it; a resource's one calendar, inboxes and outboxes cannot be deleted. */
    @Override
    public void delete(DavRequest req) {
        if (calendar.kind() != CollectionKind.CALENDAR) {
            super.delete(req);
            return;
        }
        WriteCondition condition = req.writeCondition();
        if (isResourceDefault()) {
            throw DavException.forbidden(Ns.dav("need-privileges"), "a resource's calendar cannot be deleted");
        }
        if (condition.ifMatch() != null && !condition.ifMatch().contains("*")) {
            throw DavException.preconditionFailed("a calendar collection has no entity tag to match");
        }
        boolean deleted = req.services().database().transaction(() -> {
            CalendarCollectionStore calendarStore = req.services().stores().collections();
            CalendarObjectStore objectStore = req.services().stores().objects();
            calendarStore.lockCalendar(calendar.id());
            // RFC 6638 §3.2: deleting the events one by one would cancel or decline them; so does deleting them all,
            // except an event that stays in another calendar of the home (as deleting one copy of it sends nothing)
            objectStore.forEachObjectWithData(calendar.id(), null, 200, o -> {
                if (o.object().scheduleTag() != null
                        && !objectStore.schedulingObjectsInHomeByUid(owner.id(), o.object().uid(), calendar.id()).isEmpty()) return;
                req.services().scheduler().onWrite(owner, o.ical(), null, o.object().scheduleTag(),
                        req.services().clock().instant());
            });
            return calendarStore.deleteCalendar(calendar.id());
        });
        if (!deleted) throw DavException.notFound();
        req.response().setStatus(204);
    }

    /** PUT of a calendar object into a calendar collection (RFC 4791 §5.3.2); inboxes and outboxes take none. */
    @Override
    public void putMember(DavRequest req, String uri) {
        if (calendar.kind() != CollectionKind.CALENDAR) {
            super.putMember(req, uri);
            return;
        }
        ObjectPut.put(req, this, uri);
    }

    @Override
    public Optional<ProppatchMethod.Failure> checkPatch(ProppatchMethod.Instruction instruction, DavRequest req) {
        if (CalendarPatch.TYPED.contains(instruction.name())) return CalendarPatch.typed(instruction, req);
        if (DefaultAlarms.NAMES.contains(instruction.name()) && calendar.kind() == CollectionKind.CALENDAR) {
            return CalendarPatch.defaultAlarm(instruction, req);
        }
        return null;
    }

    /** The typed properties go to their columns. */
    @Override
    public boolean applyPatch(DavServices services, ProppatchMethod.Instruction i) {
        if (!CalendarPatch.TYPED.contains(i.name())) return false;
        String value = i.remove() ? null : CalendarPatch.typedValue(i);
        services.stores().collections().setCalendarColumn(calendar.id(), CalendarPatch.columnOf(i.name()), value);
        return true;
    }

    /**
     * A calendar whose properties changed is a changed member of its home (RFC 6578 §3.5.1), as
     * setCalendarColumn records it for the typed ones.
     */
    @Override
    public void deadPropertiesChanged(DavServices services) {
        services.stores().calendars().syncLog().recordHomeChange(owner.id(), calendar.uri(), false);
    }

    @Override
    public void sync(SyncCollectionReport report, DavRequest req, Element body, boolean infinite) {
        report.syncCalendar(req, body, this);
    }
}
