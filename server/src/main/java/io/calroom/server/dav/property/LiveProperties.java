package io.calroom.server.dav.property;

import io.calroom.principal.Principal;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.schema.store.StoredObject;
import io.calroom.server.config.ServerConfig;
import io.calroom.server.dav.tree.CalendarHomeNode;
import io.calroom.server.dav.tree.CalendarNode;
import io.calroom.server.dav.tree.CalendarObjectNode;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.tree.PrincipalNode;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The live properties of each kind of node (RFC 4918 §15, RFC 3744 §4-5, RFC 4791 §5.2 and §6.2,
 * RFC 6638 §2 and §9, RFC 6578 §4, CalendarServer ctag and Apple's calendar-color/order). All are
 * computed from what the node already holds: no query per property.
 */
public final class LiveProperties {
    /** The properties DAV:allprop returns (RFC 4918 §9.1: the ones it defines, not the costly ones). */
    private static final Set<QName> ALLPROP = Set.of(Ns.dav("resourcetype"), Ns.dav("displayname"),
            Ns.dav("getetag"), Ns.dav("getcontenttype"), Ns.dav("getcontentlength"), Ns.dav("getlastmodified"),
            Ns.dav("creationdate"));
    public static final String SYNC_TOKEN_PREFIX = "urn:calroom:sync:";
    public static final String HOME_SYNC_TOKEN_PREFIX = "urn:calroom:home-sync:";
    /** The reports of principals and principal collections (RFC 3744 §9, CalendarServer search). */
    private static final List<QName> PRINCIPAL_REPORTS = List.of(Ns.dav("principal-property-search"),
            Ns.dav("principal-search-property-set"), Ns.dav("principal-match"), Ns.dav("expand-property"),
            Ns.cs("calendarserver-principal-search"));

    private final ServerConfig config;

    public LiveProperties(ServerConfig config) {
        this.config = config;
    }

    public static boolean inAllprop(QName name) {
        return ALLPROP.contains(name);
    }

    /** Every live property of the node with its value, for this caller. */
    public Map<QName, PropValue> of(DavNode node, Principal user) {
        Map<QName, PropValue> p = new LinkedHashMap<>();
        p.put(Ns.dav("resourcetype"), new PropValue.Elements(node.resourceTypes()));
        p.put(Ns.dav("current-user-principal"), new PropValue.Href(user.path()));
        p.put(Ns.dav("principal-collection-set"), new PropValue.Hrefs(List.of("/principals/users/", "/principals/resources/")));
        if (node instanceof PrincipalNode pn) principal(p, pn, user);
        else if (node instanceof CalendarHomeNode home) home(p, home);
        else if (node instanceof CalendarNode cal) calendar(p, cal);
        else if (node instanceof CalendarObjectNode obj) object(p, obj);
        else {
            p.put(Ns.dav("current-user-privilege-set"), privileges(List.of("read", "read-current-user-privilege-set")));
            p.put(Ns.dav("supported-report-set"), reports(node.path().startsWith("/principals/") ? PRINCIPAL_REPORTS : List.of()));
        }
        return p;
    }

    private void principal(Map<QName, PropValue> p, PrincipalNode node, Principal user) {
        Principal pr = node.principal();
        p.put(Ns.dav("displayname"), PropValue.text(pr.displayNameOrName()));
        p.put(Ns.dav("principal-URL"), new PropValue.Href(pr.path()));
        p.put(Ns.dav("alternate-URI-set"), new PropValue.Hrefs(List.of()));
        p.put(Ns.dav("group-membership"), new PropValue.Hrefs(List.of()));
        p.put(Ns.dav("owner"), new PropValue.Href(pr.path()));
        p.put(Ns.caldav("calendar-home-set"), new PropValue.Href(pr.calendarHomePath()));
        List<String> addresses = new ArrayList<>(node.addresses());
        addresses.add(pr.path());
        p.put(Ns.caldav("calendar-user-address-set"), new PropValue.Hrefs(addresses));
        p.put(Ns.caldav("calendar-user-type"), PropValue.text(pr.calendarUserType()));
        p.put(Ns.caldav("schedule-inbox-URL"), new PropValue.Href(pr.calendarHomePath() + "inbox/"));
        p.put(Ns.caldav("schedule-outbox-URL"), new PropValue.Href(pr.calendarHomePath() + "outbox/"));
        List<String> emails = node.addresses().stream().filter(a -> a.startsWith("mailto:"))
                .map(a -> a.substring("mailto:".length())).toList();
        p.put(Ns.cs("email-address-set"), new PropValue.Custom(out -> emails.forEach(e -> out.element(Ns.cs("email-address"), e))));
        p.put(Ns.dav("supported-report-set"), reports(PRINCIPAL_REPORTS));
        p.put(Ns.cs("record-type"), PropValue.text(recordType(pr.calendarUserType())));
        if (node.policy() != null) p.putAll(ResourceProperties.of(node.policy(), pr.active()));
        if (node.personalName().first() != null) p.put(Ns.cs("first-name"), PropValue.text(node.personalName().first()));
        if (node.personalName().last() != null) p.put(Ns.cs("last-name"), PropValue.text(node.personalName().last()));
        boolean self = user.id() == pr.id();
        p.put(Ns.dav("current-user-privilege-set"), self
                ? privileges(List.of("read", "write-properties", "read-current-user-privilege-set"))
                : privileges(List.of("read", "read-current-user-privilege-set")));
    }

    private void home(Map<QName, PropValue> p, CalendarHomeNode home) {
        p.put(Ns.dav("owner"), new PropValue.Href(home.owner().path()));
        p.put(Ns.dav("current-user-privilege-set"), privileges(home.writable() ? ownerPrivileges() : READ_ONLY));
        p.put(Ns.dav("supported-report-set"), reports(List.of(Ns.dav("sync-collection"), Ns.dav("expand-property"))));
        p.put(Ns.dav("sync-token"), PropValue.text(HOME_SYNC_TOKEN_PREFIX + home.owner().id() + ":" + home.homeRevision()));
    }

    private void calendar(Map<QName, PropValue> p, CalendarNode node) {
        StoredCalendar c = node.calendar();
        p.put(Ns.dav("owner"), new PropValue.Href(node.owner().path()));
        if (c.displayName() != null) p.put(Ns.dav("displayname"), PropValue.text(c.displayName()));
        p.put(Ns.dav("current-user-privilege-set"), privileges(node.writable() ? calendarPrivileges(c.kind()) : READ_ONLY));
        p.put(Ns.cs("getctag"), PropValue.text(c.id() + "-" + c.syncRevision()));
        p.put(Ns.dav("sync-token"), PropValue.text(SYNC_TOKEN_PREFIX + c.id() + ":" + c.syncRevision()));
        p.put(Ns.dav("getlastmodified"), PropValue.text(httpDate(c.updatedAt())));
        if (c.kind() == CollectionKind.OUTBOX) {
            p.put(Ns.dav("supported-report-set"), reports(List.of()));
            return;
        }
        p.put(Ns.dav("supported-report-set"), reports(List.of(Ns.caldav("calendar-multiget"), Ns.caldav("calendar-query"),
                Ns.dav("sync-collection"), Ns.caldav("free-busy-query"), Ns.dav("expand-property"))));
        p.put(Ns.caldav("supported-calendar-component-set"), new PropValue.Custom(out ->
                c.components().forEach(comp -> out.emptyWithAttributes(Ns.caldav("comp"), "name", comp))));
        p.put(Ns.caldav("supported-calendar-data"), new PropValue.Custom(out ->
                out.emptyWithAttributes(Ns.caldav("calendar-data"), "content-type", "text/calendar", "version", "2.0")));
        p.put(Ns.caldav("max-resource-size"), PropValue.text(Long.toString(config.maxResourceSize())));
        p.put(Ns.caldav("max-instances"), PropValue.text(Integer.toString(config.maxOccurrences())));
        p.put(Ns.caldav("max-attendees-per-instance"), PropValue.text(Integer.toString(config.maxAttendees())));
        if (c.kind() == CollectionKind.INBOX) {
            // RFC 6638 §9.2: where invitations are delivered
            p.put(Ns.caldav("schedule-default-calendar-URL"), new PropValue.Href(node.owner().calendarHomePath() + "default/"));
            return;
        }
        if (c.description() != null) p.put(Ns.caldav("calendar-description"), PropValue.text(c.description()));
        if (c.timezone() != null) p.put(Ns.caldav("calendar-timezone"), PropValue.text(c.timezone()));
        if (c.color() != null) p.put(Ns.apple("calendar-color"), PropValue.text(c.color()));
        if (c.order() != null) p.put(Ns.apple("calendar-order"), PropValue.text(c.order().toString()));
        p.put(Ns.caldav("schedule-calendar-transp"), new PropValue.Elements(
                List.of(Ns.caldav(c.scheduleTransparent() ? "transparent" : "opaque"))));
    }

    private void object(Map<QName, PropValue> p, CalendarObjectNode node) {
        StoredObject o = node.object();
        p.put(Ns.dav("owner"), new PropValue.Href(node.owner().path()));
        p.put(Ns.dav("getetag"), PropValue.text(o.etag()));
        p.put(Ns.dav("getcontenttype"), PropValue.text(contentType(o.componentType())));
        p.put(Ns.dav("getcontentlength"), PropValue.text(Integer.toString(o.sizeBytes())));
        p.put(Ns.dav("getlastmodified"), PropValue.text(httpDate(o.updatedAt())));
        p.put(Ns.dav("creationdate"), PropValue.text(DateTimeFormatter.ISO_INSTANT.format(o.createdAt())));
        if (o.scheduleTag() != null) p.put(Ns.caldav("schedule-tag"), PropValue.text(o.scheduleTag()));
        p.put(Ns.dav("current-user-privilege-set"), privileges(node.writable() ? calendarPrivileges(node.calendar().kind()) : READ_ONLY));
    }

    /** CalendarServer's record-type of a principal. */
    private static String recordType(String calendarUserType) {
        return switch (calendarUserType) {
            case "ROOM" -> "locations";
            case "RESOURCE" -> "resources";
            case "GROUP" -> "groups";
            default -> "users";
        };
    }

    public static String contentType(String componentType) {
        return "text/calendar; charset=utf-8; component=" + componentType.toLowerCase(Locale.ROOT);
    }

    public static String httpDate(java.time.Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }

    private static final List<String> READ_ONLY = List.of("read", "read-current-user-privilege-set");

    private static List<String> ownerPrivileges() {
        return List.of("read", "write", "write-properties", "write-content", "bind", "unbind", "read-acl",
                "read-current-user-privilege-set");
    }

    private static List<String> calendarPrivileges(CollectionKind kind) {
        return switch (kind) {
            case CALENDAR -> ownerPrivileges();
            case INBOX -> List.of("read", "unbind", "write-properties", "read-current-user-privilege-set", "schedule-deliver");
            case OUTBOX -> List.of("read", "read-current-user-privilege-set", "schedule-send");
        };
    }

    private static PropValue privileges(List<String> names) {
        return new PropValue.Custom(out -> {
            for (String n : names) {
                QName q = n.startsWith("schedule-") ? Ns.caldav(n) : Ns.dav(n);
                out.start(Ns.dav("privilege")).empty(q).end();
            }
        });
    }

    private static PropValue reports(List<QName> reports) {
        return new PropValue.Custom(out -> {
            for (QName r : reports) out.start(Ns.dav("supported-report")).start(Ns.dav("report")).empty(r).end().end();
        });
    }
}
