package io.calroom.server.caldav;

import io.calroom.server.dav.DavServices;
import io.calroom.principal.Principal;
import io.calroom.principal.CachedPrincipalLookups;
import io.calroom.principal.PrincipalKind;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.query.CalendarQueryEvaluator;
import io.calroom.principal.directory.ResourcePolicyStore;
import io.calroom.schema.CalendarStores;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.server.acl.Access;
import io.calroom.server.dav.DavConcern;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.method.ProppatchMethod;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertySink;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.tree.PlainCollectionNode;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CalDAV (RFC 4791): {@code /calendars/{users|resources}/{name}/{calendar}/{object}}, calendar
 * homes, collections and objects, MKCALENDAR, the calendar REPORTs, and the calendar-home-set of principals.
 */
public final class CaldavConcern implements DavConcern {
    private final CalendarStores calendars;
    private final ResourcePolicyStore grants;
    private final CachedPrincipalLookups directory;
    private final CalendarObjectLimits limits;

    /** @param grants who manages a resource and who is a delegate of whom, for {@link Access#home} */
    public CaldavConcern(CalendarStores calendars, ResourcePolicyStore grants, CachedPrincipalLookups directory,
                         CalendarObjectLimits limits) {
        this.calendars = calendars;
        this.grants = grants;
        this.directory = directory;
        this.limits = limits;
    }

    @Override
    public List<ComplianceToken> complianceTokens() {
        return List.of(new ComplianceToken(40, "calendar-access"), new ComplianceToken(60, "extended-mkcol"));
    }

    @Override
    public Map<QName, ReportMethod.Report> reports(LivePropertySet live) {
        return Map.of(Ns.caldav("calendar-multiget"), new CalendarMultigetReport(live),
                Ns.caldav("free-busy-query"), new FreeBusyQueryReport(),
                Ns.caldav("calendar-query"), new CalendarQueryReport(live, new CalendarQueryEvaluator(limits)));
    }

    @Override
    public List<DavMethod> methods(LivePropertySet live) {
        return List.of(new MkcalendarMethod());
    }

    @Override
    public String collection() {
        return "calendars";
    }

    @Override
    public DavNode topCollection(Principal user) {
        return new CalendarsNode();
    }

    @Override
    public Optional<DavNode> resolve(List<String> s, Principal user) {
        int n = s.size();
        if (n == 1) return Optional.of(new CalendarsNode());
        Optional<PrincipalKind> kind = PrincipalKind.fromCollection(s.get(1));
        if (kind.isEmpty()) return Optional.empty();
        if (n == 2) return Optional.of(new HomesNode(kind.get()));
        Optional<Principal> owner = directory.byName(kind.get(), s.get(2)).map(CachedPrincipalLookups.Entry::principal);
        if (owner.isEmpty()) return Optional.empty();
        Access.Level level = Access.home(grants, user, owner.get());
        if (level == Access.Level.NONE) return Optional.empty();
        boolean writable = level == Access.Level.WRITE;
        if (n == 3) {
            return Optional.of(new CalendarHomeNode(owner.get(), writable));
        }
        Optional<StoredCalendar> calendar = calendars.collections().calendar(owner.get().id(), s.get(3));
        if (calendar.isEmpty()) return Optional.empty();
        if (n == 4) return Optional.of(new CalendarNode(owner.get(), calendar.get(), writable));
        if (n > 5) return Optional.empty();
        return calendars.objects().object(calendar.get().id(), s.get(4))
                .map(o -> new CalendarObjectNode(owner.get(), calendar.get(), o, writable));
    }

    /** In a home the caller may only read (a read-only manager of a resource, a read delegate). */
    @Override
    public boolean readOnly(List<String> s, Principal user) {
        if (s.size() < 3) return false;
        Optional<PrincipalKind> kind = PrincipalKind.fromCollection(s.get(1));
        if (kind.isEmpty()) return false;
        return directory.byName(kind.get(), s.get(2)).map(CachedPrincipalLookups.Entry::principal)
                .map(owner -> Access.home(grants, user, owner) == Access.Level.READ).orElse(false);
    }

    @Override
    public void principalProperties(Principal principal, List<String> addresses, PropertySink out) {
        out.put(Ns.caldav("calendar-home-set"), () -> new PropValue.Href(principal.calendarHomePath()));
    }

    @Override
    public ProppatchMethod.Failure refusePatchElsewhere(ProppatchMethod.Instruction instruction) {
        return CalendarPatch.refusedElsewhere(instruction);
    }

    /** Where nothing is yet, a calendar object can be PUT, a calendar created. */
    @Override
    public String allowedWhereNothingIs() {
        return "OPTIONS, PUT, MKCALENDAR, MKCOL";
    }

    /** {@code /calendars/}: one collection per kind of principal. */
    private static final class CalendarsNode extends PlainCollectionNode {
        CalendarsNode() {
            super("/calendars/");
        }

        @Override
        public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
            List<DavNode> out = new ArrayList<>();
            for (PrincipalKind k : PrincipalKind.values()) out.add(new HomesNode(k));
            return out;
        }
    }

    /** {@code /calendars/{kind}/}: only the caller's own home is listed. */
    private static final class HomesNode extends PlainCollectionNode {
        private final PrincipalKind kind;

        HomesNode(PrincipalKind kind) {
            super("/calendars/" + kind.collection() + "/");
            this.kind = kind;
        }

        @Override
        public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
            return user.kind() == kind ? List.of(new CalendarHomeNode(user, true)) : List.of();
        }
    }
}
