package io.calroom.server.caldav;

import io.calroom.server.dav.DavServices;
import io.calroom.server.sync.SyncSource;
import io.calroom.server.sync.SyncCollectionReport;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ProppatchMethod;
import io.calroom.server.dav.property.LiveValues;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertySink;
import io.calroom.server.sync.SyncTokens;
import org.w3c.dom.Element;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** A principal's calendar home (RFC 4791 §6.2.1): its calendars, inbox and outbox. */
public final class CalendarHomeNode extends DavNode implements SyncSource {
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

    private static final List<QName> REPORTS = List.of(Ns.dav("sync-collection"), Ns.dav("expand-property"), Ns.dav("principal-match"));

    @Override
    public String allowedMethods() {
        return "OPTIONS, GET, HEAD, PROPFIND, PROPPATCH, REPORT, MKCALENDAR, MKCOL";
    }

    /** Sync of the home's members (RFC 6578 §3.2), principal-match by DAV:principal-property (RFC 3744 §9.3). */
    @Override
    public List<QName> supportedReports() {
        return REPORTS;
    }

    @Override
    public void liveProperties(PropertySink p, Principal user) {
        p.put(Ns.dav("owner"), () -> new PropValue.Href(owner.path()));
        p.put(Ns.dav("current-user-privilege-set"), () -> LiveValues.privileges(writable ? CalendarPrivileges.owner() : LiveValues.READ_ONLY));
        p.put(Ns.dav("sync-token"), () -> PropValue.text(SyncTokens.home(owner.id(),
                p.services().stores().calendars().syncLog().homePoint(owner.id()).text())));
    }

    @Override
    public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
        List<DavNode> out = new ArrayList<>();
        for (StoredCalendar c : services.stores().collections().calendarsOf(owner.id())) {
            out.add(new CalendarNode(owner, c, writable));
        }
        return out;
    }

    /** MKCALENDAR and extended MKCOL: a new calendar of this home (RFC 4791 §5.3.1, RFC 5689). */
    @Override
    public void createCollection(DavRequest req, Supplier<List<Element>> properties, boolean mkcol) {
        if (owner.kind() == PrincipalKind.RESOURCE) {
            throw DavException.forbidden(Ns.caldav("calendar-collection-location-ok"),
                    "a resource has exactly one calendar; no other can be created");
        }
        CollectionCreation.create(req, this, properties.get(), mkcol);
    }

    /** Default alarms are properties of calendar homes (draft-daboo-valarm-extensions §9). */
    @Override
    public Optional<ProppatchMethod.Failure> checkPatch(ProppatchMethod.Instruction instruction, DavRequest req) {
        return DefaultAlarms.NAMES.contains(instruction.name()) ? CalendarPatch.defaultAlarm(instruction, req) : null;
    }

    @Override
    public void sync(SyncCollectionReport report, DavRequest req, Element body, boolean infinite) {
        report.syncHome(req, body, this, infinite);
    }
}
