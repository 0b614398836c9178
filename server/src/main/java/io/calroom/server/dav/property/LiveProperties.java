package io.calroom.server.dav.property;

import io.calroom.server.acl.ResourceProperties;

import io.calroom.principal.Principal;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.ObjectField;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.schema.store.StoredObject;
import io.calroom.schema.store.SyncLog;
import io.calroom.server.config.ServerConfig;
import io.calroom.server.caldav.CalendarHomeNode;
import io.calroom.server.caldav.CalendarNode;
import io.calroom.server.caldav.CalendarObjectNode;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.acl.PrincipalCollectionNode;
import io.calroom.server.acl.PrincipalNode;
import io.calroom.server.acl.ProxyGroupNode;
import io.calroom.server.carddav.AddressbookHomeNode;
import io.calroom.server.carddav.DirectoryBookNode;
import io.calroom.server.carddav.VCardNode;
import io.calroom.principal.directory.DelegationStore;
import io.calroom.schema.Database;
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
import java.util.function.Supplier;

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
    public static final String DIRECTORY_SYNC_TOKEN_PREFIX = "urn:calroom:directory-sync:";
    /** The reports of principals and principal collections (RFC 3744 §9, CalendarServer search). */
    private static final List<QName> PRINCIPAL_REPORTS = List.of(Ns.dav("principal-property-search"),
            Ns.dav("principal-search-property-set"), Ns.dav("principal-match"), Ns.dav("expand-property"),
            Ns.cs("calendarserver-principal-search"));

    // names computed for every member of a listing: built once, not per member
    private static final QName RESOURCETYPE = Ns.dav("resourcetype");
    private static final QName CURRENT_USER_PRINCIPAL = Ns.dav("current-user-principal");
    private static final QName PRINCIPAL_COLLECTION_SET = Ns.dav("principal-collection-set");
    private static final QName OWNER = Ns.dav("owner");
    private static final QName GETETAG = Ns.dav("getetag");
    private static final QName GETCONTENTTYPE = Ns.dav("getcontenttype");
    private static final QName GETCONTENTLENGTH = Ns.dav("getcontentlength");
    private static final QName GETLASTMODIFIED = Ns.dav("getlastmodified");
    private static final QName CREATIONDATE = Ns.dav("creationdate");
    private static final QName SCHEDULE_TAG = Ns.caldav("schedule-tag");
    private static final QName CURRENT_USER_PRIVILEGE_SET = Ns.dav("current-user-privilege-set");
    private static final QName SUPPORTED_REPORT_SET = Ns.dav("supported-report-set");
    private static final QName EXPAND_PROPERTY = Ns.dav("expand-property");
    private static final QName SYNC_COLLECTION = Ns.dav("sync-collection");
    private static final QName PRINCIPAL_MATCH = Ns.dav("principal-match");
    private static final QName CALENDAR_MULTIGET = Ns.caldav("calendar-multiget");
    private static final QName CALENDAR_QUERY = Ns.caldav("calendar-query");

    private final ServerConfig config;
    private final Database database;

    /** @param database for the properties that are looked up on demand (delegation lists) */
    public LiveProperties(ServerConfig config, Database database) {
        this.config = config;
        this.database = database;
    }

    public static boolean inAllprop(QName name) {
        return ALLPROP.contains(name);
    }

    /** Every live property of the node with its value, for this caller. */
    public Map<QName, PropValue> of(DavNode node, Principal user) {
        return of(node, user, null);
    }

    /**
     * The live properties of the node among {@code wanted} (null: all of them). Values are only
     * computed for the wanted ones: a Depth 1 PROPFIND of getetag on a large calendar builds one
     * small map per member, not a dozen values.
     */
    public Map<QName, PropValue> of(DavNode node, Principal user, java.util.Set<QName> wanted) {
        Wanted p = new Wanted(wanted);
        put(p, RESOURCETYPE, () -> new PropValue.Elements(node.resourceTypes()));
        put(p, CURRENT_USER_PRINCIPAL, () -> new PropValue.Href(user.path()));
        // one root holding people and rooms, as CalendarServer has: Apple Calendar searches only the
        // first href (without apply-to-principal-collection-set), and must find rooms there too
        put(p, PRINCIPAL_COLLECTION_SET, () -> new PropValue.Hrefs(List.of("/principals/")));
        put(p, SUPPORTED_REPORT_SET, () -> reports(supportedReports(node)));
        if (!(node instanceof CalendarObjectNode) && !(node instanceof VCardNode)) {
            // GET gives these a one-line text (RFC 4918 §15.4: the Content-Length GET would return)
            put(p, GETCONTENTLENGTH, () -> PropValue.text(Integer.toString(DescriptionPage.body(node).length)));
            put(p, GETCONTENTTYPE, () -> PropValue.text(DescriptionPage.CONTENT_TYPE));
        }
        if (node instanceof PrincipalNode pn) principal(p, pn, user);
        else if (node instanceof ProxyGroupNode group) proxyGroup(p, group, user);
        else if (node instanceof AddressbookHomeNode home) {
            put(p, Ns.dav("owner"), () -> new PropValue.Href(home.owner().path()));
            put(p, Ns.dav("current-user-privilege-set"), () -> privileges(READ_ONLY));
        } else if (node instanceof DirectoryBookNode book) directoryBook(p, book);
        else if (node instanceof VCardNode card) {
            put(p, Ns.dav("getetag"), () -> PropValue.text(card.etag()));
            put(p, Ns.dav("getcontenttype"), () -> PropValue.text("text/vcard; charset=utf-8"));
            put(p, Ns.dav("getcontentlength"), () -> PropValue.text(Integer.toString(card.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)));
            put(p, Ns.dav("current-user-privilege-set"), () -> privileges(READ_ONLY));
        }
        else if (node instanceof CalendarHomeNode home) home(p, home);
        else if (node instanceof CalendarNode cal) calendar(p, cal);
        else if (node instanceof CalendarObjectNode obj) object(p, obj);
        else {
            put(p, Ns.dav("current-user-privilege-set"), () -> privileges(List.of("read", "read-current-user-privilege-set")));
        }
        return p;
    }

    /**
     * The reports a node supports: its DAV:supported-report-set, and exactly what REPORT accepts
     * on it (RFC 3253 §3.6: any other is 403 DAV:supported-report). Every resource has
     * expand-property (RFC 4791 §7.1); calendar collections and calendar objects the CalDAV
     * reports (RFC 4791 §7), free-busy-query on calendars only (§7.10); collections that keep a
     * change log sync-collection (RFC 6578 §3.2); principals and their collections the searches
     * of RFC 3744 §9 and CalendarServer; calendar homes and collections principal-match
     * (§9.3, by DAV:principal-property); the directory the CardDAV reports (RFC 6352 §8).
     */
    public static List<QName> supportedReports(DavNode node) {
        if (node instanceof PrincipalNode || node instanceof ProxyGroupNode || node instanceof PrincipalCollectionNode
                || node.path().equals("/principals/")) {
            return PRINCIPAL_REPORTS;
        }
        if (node instanceof CalendarHomeNode) return List.of(SYNC_COLLECTION, EXPAND_PROPERTY, PRINCIPAL_MATCH);
        if (node instanceof CalendarNode cal) {
            return switch (cal.kind()) {
                case CALENDAR -> List.of(CALENDAR_MULTIGET, CALENDAR_QUERY, SYNC_COLLECTION, Ns.caldav("free-busy-query"),
                        EXPAND_PROPERTY, PRINCIPAL_MATCH);
                case INBOX -> List.of(CALENDAR_MULTIGET, CALENDAR_QUERY, SYNC_COLLECTION, EXPAND_PROPERTY, PRINCIPAL_MATCH);
                case OUTBOX -> List.of(SYNC_COLLECTION, EXPAND_PROPERTY, PRINCIPAL_MATCH);
            };
        }
        if (node instanceof CalendarObjectNode) return List.of(CALENDAR_MULTIGET, CALENDAR_QUERY, EXPAND_PROPERTY);
        if (node instanceof DirectoryBookNode) {
            return List.of(Ns.carddav("addressbook-multiget"), Ns.carddav("addressbook-query"), SYNC_COLLECTION, EXPAND_PROPERTY);
        }
        if (node instanceof VCardNode) return List.of(Ns.carddav("addressbook-multiget"), EXPAND_PROPERTY);
        return List.of(EXPAND_PROPERTY);
    }

    private void principal(Wanted p, PrincipalNode node, Principal user) {
        Principal pr = node.principal();
        put(p, Ns.dav("displayname"), () -> PropValue.text(pr.displayNameOrName()));
        put(p, Ns.dav("principal-URL"), () -> new PropValue.Href(pr.path()));
        put(p, Ns.dav("alternate-URI-set"), () -> new PropValue.Hrefs(List.of()));
        put(p, Ns.dav("group-membership"), () -> {
            List<String> groups = new ArrayList<>();
            delegators(pr, false).forEach(d -> groups.add(d.path() + ProxyGroupNode.READ + "/"));
            delegators(pr, true).forEach(d -> groups.add(d.path() + ProxyGroupNode.WRITE + "/"));
            return new PropValue.Hrefs(groups);
        });
        put(p, Ns.dav("owner"), () -> new PropValue.Href(pr.path()));
        put(p, Ns.caldav("calendar-home-set"), () -> new PropValue.Href(pr.calendarHomePath()));
        if (pr.kind() == io.calroom.principal.PrincipalKind.USER) {
            // RFC 6352 §7.1.1: where the read-only org directory lives
            put(p, Ns.carddav("addressbook-home-set"), () -> new PropValue.Href("/addressbooks/users/" + pr.name() + "/"));
        }
        List<String> addresses = new ArrayList<>(node.addresses());
        addresses.add(pr.path());
        put(p, Ns.caldav("calendar-user-address-set"), () -> new PropValue.Hrefs(addresses));
        put(p, Ns.caldav("calendar-user-type"), () -> PropValue.text(pr.calendarUserType()));
        put(p, Ns.caldav("schedule-inbox-URL"), () -> new PropValue.Href(pr.calendarHomePath() + "inbox/"));
        put(p, Ns.caldav("schedule-outbox-URL"), () -> new PropValue.Href(pr.calendarHomePath() + "outbox/"));
        List<String> emails = node.addresses().stream().filter(a -> a.startsWith("mailto:"))
                .map(a -> a.substring("mailto:".length())).toList();
        put(p, Ns.cs("email-address-set"), () -> new PropValue.Custom(out -> emails.forEach(e -> out.element(Ns.cs("email-address"), e))));
        put(p, Ns.cs("record-type"), () -> PropValue.text(recordType(pr.calendarUserType())));
        // CalendarServer calendar-proxy: whom this principal is a delegate of, and its proxy groups
        put(p, Ns.cs("calendar-proxy-read-for"), () -> new PropValue.Hrefs(delegators(pr, false).stream().map(Principal::path).toList()));
        put(p, Ns.cs("calendar-proxy-write-for"), () -> new PropValue.Hrefs(delegators(pr, true).stream().map(Principal::path).toList()));
        if (node.policy() != null) ResourceProperties.of(node.policy(), pr.active()).forEach((q, v) -> put(p, q, () -> v));
        if (node.personalName().first() != null) put(p, Ns.cs("first-name"), () -> PropValue.text(node.personalName().first()));
        if (node.personalName().last() != null) put(p, Ns.cs("last-name"), () -> PropValue.text(node.personalName().last()));
        boolean self = user.id() == pr.id();
        put(p, Ns.dav("current-user-privilege-set"), () -> self
                ? privileges(List.of("read", "write-properties", "read-current-user-privilege-set"))
                : privileges(List.of("read", "read-current-user-privilege-set")));
    }

    private void proxyGroup(Wanted p, ProxyGroupNode group, Principal user) {
        Principal owner = group.owner();
        put(p, Ns.dav("displayname"), () -> PropValue.text(owner.displayNameOrName() + (group.write() ? " (write proxies)" : " (read proxies)")));
        put(p, Ns.dav("principal-URL"), () -> new PropValue.Href(group.path()));
        put(p, Ns.dav("group-member-set"), () -> new PropValue.Hrefs(
                new DelegationStore(database.dsl()).delegates(owner.id(), group.write()).stream().map(Principal::path).toList()));
        put(p, Ns.dav("group-membership"), () -> new PropValue.Hrefs(List.of()));
        put(p, Ns.dav("alternate-URI-set"), () -> new PropValue.Hrefs(List.of()));
        boolean mayChange = user.id() == owner.id() || user.role() == io.calroom.principal.Role.SUPER_ADMIN
                || (user.role() == io.calroom.principal.Role.ORG_ADMIN && owner.kind() == io.calroom.principal.PrincipalKind.RESOURCE
                && user.orgId() == owner.orgId());
        put(p, Ns.dav("current-user-privilege-set"), () -> privileges(mayChange
                ? List.of("read", "write-properties", "read-current-user-privilege-set") : READ_ONLY));
    }

    private void directoryBook(Wanted p, DirectoryBookNode book) {
        put(p, Ns.dav("displayname"), () -> PropValue.text("Directory"));
        put(p, Ns.carddav("addressbook-description"), () -> PropValue.text("People, rooms and resources of your organisation"));
        put(p, Ns.dav("owner"), () -> new PropValue.Href(book.owner().path()));
        put(p, Ns.cs("getctag"), () -> PropValue.text("dir-" + book.owner().orgId() + "-" + book.revision()));
        put(p, Ns.dav("sync-token"), () -> PropValue.text(DIRECTORY_SYNC_TOKEN_PREFIX + book.owner().orgId() + ":" + book.revision()));
        put(p, Ns.dav("current-user-privilege-set"), () -> privileges(READ_ONLY));
        put(p, Ns.carddav("supported-address-data"), () -> new PropValue.Custom(out ->
                out.emptyWithAttributes(Ns.carddav("address-data-type"), "content-type", "text/vcard", "version", "4.0")));
        put(p, Ns.carddav("max-resource-size"), () -> PropValue.text("102400"));
    }

    private List<Principal> delegators(Principal delegate, boolean write) {
        return new DelegationStore(database.dsl()).delegators(delegate.id(), write);
    }

    private void home(Wanted p, CalendarHomeNode home) {
        put(p, Ns.dav("owner"), () -> new PropValue.Href(home.owner().path()));
        put(p, Ns.dav("current-user-privilege-set"), () -> privileges(home.writable() ? ownerPrivileges() : READ_ONLY));
        put(p, Ns.dav("sync-token"), () -> PropValue.text(HOME_SYNC_TOKEN_PREFIX + home.owner().id() + ":"
                + new SyncLog(database.dsl()).homePoint(home.owner().id()).text()));
    }

    private void calendar(Wanted p, CalendarNode node) {
        StoredCalendar c = node.calendar();
        put(p, Ns.dav("owner"), () -> new PropValue.Href(node.owner().path()));
        if (c.displayName() != null) put(p, Ns.dav("displayname"), () -> PropValue.text(c.displayName()));
        put(p, Ns.dav("current-user-privilege-set"), () -> privileges(node.writable() ? calendarPrivileges(c.kind()) : READ_ONLY));
        // one look at the change log for all three, and only if one of them is asked for
        Supplier<SyncLog.State> sync = memoized(() -> new SyncLog(database.dsl()).calendarState(c.id()));
        put(p, Ns.cs("getctag"), () -> PropValue.text(c.id() + "-" + sync.get().point().text()));
        put(p, Ns.dav("sync-token"), () -> PropValue.text(SYNC_TOKEN_PREFIX + c.id() + ":" + sync.get().point().text()));
        put(p, Ns.dav("getlastmodified"), () -> PropValue.text(httpDate(latest(c.updatedAt(), sync.get().lastChange()))));
        if (c.kind() == CollectionKind.OUTBOX) return;
        put(p, Ns.caldav("supported-calendar-component-set"), () -> new PropValue.Custom(out ->
                c.components().forEach(comp -> out.emptyWithAttributes(Ns.caldav("comp"), "name", comp))));
        put(p, Ns.caldav("supported-calendar-data"), () -> new PropValue.Custom(out ->
                out.emptyWithAttributes(Ns.caldav("calendar-data"), "content-type", "text/calendar", "version", "2.0")));
        put(p, Ns.caldav("max-resource-size"), () -> PropValue.text(Long.toString(config.maxResourceSize())));
        put(p, Ns.caldav("max-instances"), () -> PropValue.text(Integer.toString(config.maxOccurrences())));
        put(p, Ns.caldav("max-attendees-per-instance"), () -> PropValue.text(Integer.toString(config.maxAttendees())));
        if (c.kind() == CollectionKind.INBOX) {
            // RFC 6638 §9.2: where invitations are delivered
            put(p, Ns.caldav("schedule-default-calendar-URL"), () -> new PropValue.Href(node.owner().calendarHomePath() + "default/"));
            if (c.availability() != null) put(p, Ns.caldav("calendar-availability"), () -> PropValue.text(c.availability()));
            return;
        }
        if (c.description() != null) put(p, Ns.caldav("calendar-description"), () -> PropValue.text(c.description()));
        if (c.timezone() != null) put(p, Ns.caldav("calendar-timezone"), () -> PropValue.text(c.timezone()));
        if (c.color() != null) put(p, Ns.apple("calendar-color"), () -> PropValue.text(c.color()));
        if (c.order() != null) put(p, Ns.apple("calendar-order"), () -> PropValue.text(c.order().toString()));
        put(p, Ns.caldav("schedule-calendar-transp"), () -> new PropValue.Elements(
                List.of(Ns.caldav(c.scheduleTransparent() ? "transparent" : "opaque"))));
    }

    /** Reads only the fields {@link #objectFields} names for these properties. */
    private void object(Wanted p, CalendarObjectNode node) {
        StoredObject o = node.object();
        put(p, OWNER, () -> new PropValue.Href(node.owner().path()));
        put(p, GETETAG, () -> PropValue.text(o.etag()));
        put(p, GETCONTENTTYPE, () -> PropValue.text(contentType(o.componentType())));
        put(p, GETCONTENTLENGTH, () -> PropValue.text(Integer.toString(o.sizeBytes())));
        put(p, GETLASTMODIFIED, () -> PropValue.text(httpDate(o.updatedAt())));
        put(p, CREATIONDATE, () -> PropValue.text(DateTimeFormatter.ISO_INSTANT.format(o.createdAt())));
        if (o.scheduleTag() != null) put(p, SCHEDULE_TAG, () -> PropValue.text(o.scheduleTag()));
        put(p, CURRENT_USER_PRIVILEGE_SET, () -> privileges(node.writable() ? calendarPrivileges(node.calendar().kind()) : READ_ONLY));
    }

    /**
     * The stored fields of calendar objects that the live properties among {@code wanted} (null:
     * all) are computed from in {@link #object}: a listing reads only these. Keep the two in step.
     */
    public static java.util.Set<ObjectField> objectFields(java.util.Set<QName> wanted) {
        if (wanted == null) return java.util.EnumSet.allOf(ObjectField.class);
        java.util.Set<ObjectField> fields = java.util.EnumSet.noneOf(ObjectField.class);
        if (wanted.contains(GETETAG)) fields.add(ObjectField.ETAG);
        if (wanted.contains(GETCONTENTTYPE)) fields.add(ObjectField.COMPONENT_TYPE);
        if (wanted.contains(GETCONTENTLENGTH)) fields.add(ObjectField.SIZE);
        if (wanted.contains(GETLASTMODIFIED)) fields.add(ObjectField.UPDATED_AT);
        if (wanted.contains(CREATIONDATE)) fields.add(ObjectField.CREATED_AT);
        if (wanted.contains(SCHEDULE_TAG)) fields.add(ObjectField.SCHEDULE_TAG);
        return fields;
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

    /** The later of a collection's own change and its members' latest change (null: none). */
    private static java.time.Instant latest(java.time.Instant own, java.time.Instant members) {
        return members == null || own.isAfter(members) ? own : members;
    }

    /** Computes once, on first use: several properties of one response may share one look-up. */
    private static <T> Supplier<T> memoized(Supplier<T> compute) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) value = compute.get();
                return value;
            }
        };
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

    /** The properties being collected, and which ones the request wants. */
    private static final class Wanted extends LinkedHashMap<QName, PropValue> {
        private final java.util.Set<QName> names;

        Wanted(java.util.Set<QName> names) {
            this.names = names;
        }
    }

    private static void put(Wanted p, QName name, java.util.function.Supplier<PropValue> value) {
        if (p.names == null || p.names.contains(name)) p.put(name, value.get());
    }
}
