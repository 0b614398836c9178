package io.calroom.server.dav.tree;

import io.calroom.server.carddav.AddressbookHomeNode;
import io.calroom.server.carddav.DirectoryBookNode;

import io.calroom.server.acl.Access;
import io.calroom.server.acl.PrincipalCollectionNode;
import io.calroom.server.acl.PrincipalNode;
import io.calroom.server.acl.ProxyGroupNode;
import io.calroom.server.caldav.CalendarHomeNode;
import io.calroom.server.caldav.CalendarNode;
import io.calroom.server.caldav.CalendarObjectNode;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalDirectory;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import io.calroom.schema.Database;
import io.calroom.schema.store.CalendarStore;
import io.calroom.schema.store.ObjectField;
import io.calroom.schema.store.StoredCalendar;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps paths to nodes, for one caller. Layout (ARCHITECTURE.md): {@code /principals/{users|resources}/{name}/}
 * and {@code /calendars/{users|resources}/{name}/{calendar}/{object}}. Resolution checks access as it
 * goes, so a node the caller may not see is simply absent.
 */
public final class DavTree {
    private final Database database;
    private final PrincipalDirectory directory;

    public DavTree(Database database, PrincipalDirectory directory) {
        this.database = database;
        this.directory = directory;
    }

    public Optional<DavNode> resolve(List<String> segments, Principal user) {
        return resolve(database.dsl(), segments, user);
    }

    /** Resolves inside a transaction, so a write handler sees what it locks. */
    public Optional<DavNode> resolve(DSLContext db, List<String> s, Principal user) {
        int n = s.size();
        if (n == 0) return Optional.of(new PlainCollectionNode("/"));
        String top = s.get(0);
        if (top.equals("principals")) {
            if (n == 1) return Optional.of(new PlainCollectionNode("/principals/"));
            Optional<PrincipalKind> kind = PrincipalKind.fromCollection(s.get(1));
            if (kind.isEmpty()) return Optional.empty();
            if (n == 2) return Optional.of(new PrincipalCollectionNode(kind.get()));
            if (n == 4) {
                boolean write = s.get(3).equals(ProxyGroupNode.WRITE);
                if (!write && !s.get(3).equals(ProxyGroupNode.READ)) return Optional.empty();
                return directory.byName(kind.get(), s.get(2)).map(PrincipalDirectory.Entry::principal)
                        .filter(p -> Access.canSeePrincipal(user, p)).map(p -> new ProxyGroupNode(p, write));
            }
            if (n > 4) return Optional.empty();
            return directory.byName(kind.get(), s.get(2))
                    .filter(e -> Access.canSeePrincipal(user, e.principal()))
                    .map(e -> new PrincipalNode(e.principal(), e.addresses(), e.personalName(), PrincipalNode.policyOf(e.principal(), db)));
        }
        if (top.equals("addressbooks")) return resolveAddressbooks(db, s, user);
        if (top.equals("calendars")) {
            if (n == 1) return Optional.of(new PlainCollectionNode("/calendars/"));
            Optional<PrincipalKind> kind = PrincipalKind.fromCollection(s.get(1));
            if (kind.isEmpty()) return Optional.empty();
            if (n == 2) return Optional.of(new PlainCollectionNode("/calendars/" + kind.get().collection() + "/"));
            Optional<Principal> owner = directory.byName(kind.get(), s.get(2)).map(PrincipalDirectory.Entry::principal);
            if (owner.isEmpty()) return Optional.empty();
            Access.Level level = Access.home(db, user, owner.get());
            if (level == Access.Level.NONE) return Optional.empty();
            boolean writable = level == Access.Level.WRITE;
            if (n == 3) {
                return Optional.of(new CalendarHomeNode(owner.get(), writable));
            }
            CalendarStore calendars = new CalendarStore(db);
            Optional<StoredCalendar> calendar = calendars.calendar(owner.get().id(), s.get(3));
            if (calendar.isEmpty()) return Optional.empty();
            if (n == 4) return Optional.of(new CalendarNode(owner.get(), calendar.get(), writable));
            if (n > 5) return Optional.empty();
            return calendars.object(calendar.get().id(), s.get(4))
                    .map(o -> new CalendarObjectNode(owner.get(), calendar.get(), o, writable));
        }
        return Optional.empty();
    }

    /**
     * What the caller may do in the calendar home a path falls in: WRITE outside calendar homes
     * (other rules apply there), NONE when the home does not exist or is not the caller's to see.
     */
    public Access.Level homeAccess(List<String> s, Principal user) {
        if (!s.isEmpty() && s.get(0).equals("addressbooks")) return Access.Level.READ; // the directory is read-only
        if (s.size() < 3 || !s.get(0).equals("calendars")) return Access.Level.WRITE;
        Optional<PrincipalKind> kind = PrincipalKind.fromCollection(s.get(1));
        if (kind.isEmpty()) return Access.Level.NONE;
        return directory.byName(kind.get(), s.get(2)).map(PrincipalDirectory.Entry::principal)
                .map(owner -> Access.home(database.dsl(), user, owner)).orElse(Access.Level.NONE);
    }

    /**
     * {@code /addressbooks/users/{name}/directory/{card}.vcf}: a user's own address book home and
     * its read-only org directory (RFC 6352).
     */
    private Optional<DavNode> resolveAddressbooks(DSLContext db, List<String> s, Principal user) {
        int n = s.size();
        if (n == 1) return Optional.of(new PlainCollectionNode("/addressbooks/"));
        if (!s.get(1).equals("users")) return Optional.empty();
        if (n == 2) return Optional.of(new PlainCollectionNode("/addressbooks/users/"));
        if (!s.get(2).equals(user.name()) || user.kind() != PrincipalKind.USER) return Optional.empty();
        if (n == 3) return Optional.of(new AddressbookHomeNode(user));
        if (!s.get(3).equals(DirectoryBookNode.NAME)) return Optional.empty();
        DirectoryBookNode book = new DirectoryBookNode(user, new PrincipalStore(db).directoryRevision(user.orgId()));
        if (n == 4) return Optional.of(book);
        if (n > 5 || !s.get(4).endsWith(".vcf")) return Optional.empty();
        String card = s.get(4).substring(0, s.get(4).length() - 4);
        return io.calroom.server.carddav.DirectoryCards.one(db, user.orgId(), card, book.path()).map(c -> c);
    }

    /** Forgets what is cached about a principal after the DAV layer changed it. */
    public void forget(long principalId) {
        directory.invalidate(principalId);
    }

    /** The members of a collection the caller may see (Depth: 1). */
    public List<DavNode> children(DavNode node, Principal user) {
        return children(node, user, java.util.EnumSet.allOf(ObjectField.class));
    }

    /**
     * As {@link #children(DavNode, Principal)}, with the members of a calendar read with only
     * {@code objectFields} (the rest of each {@link io.calroom.schema.store.StoredObject} is empty).
     */
    public List<DavNode> children(DavNode node, Principal user, java.util.Set<ObjectField> objectFields) {
        DSLContext db = database.dsl();
        List<DavNode> out = new ArrayList<>();
        if (node instanceof PlainCollectionNode) {
            switch (node.path()) {
                case "/" -> {
                    out.add(new PlainCollectionNode("/principals/"));
                    out.add(new PlainCollectionNode("/calendars/"));
                    out.add(new PlainCollectionNode("/addressbooks/"));
                }
                case "/principals/" -> {
                    for (PrincipalKind k : PrincipalKind.values()) out.add(new PrincipalCollectionNode(k));
                }
                case "/addressbooks/" -> out.add(new PlainCollectionNode("/addressbooks/users/"));
                case "/addressbooks/users/" -> out.add(new AddressbookHomeNode(user));
                case "/calendars/" -> {
                    for (PrincipalKind k : PrincipalKind.values()) out.add(new PlainCollectionNode("/calendars/" + k.collection() + "/"));
                }
                default -> {
                    // /calendars/{kind}/: only the caller's own home is listed
                    if (node.path().equals("/calendars/" + user.kind().collection() + "/")) {
                        out.add(new CalendarHomeNode(user, true));
                    }
                }
            }
        } else if (node instanceof PrincipalCollectionNode pc) {
            PrincipalStore principals = new PrincipalStore(db);
            for (Principal p : principals.inOrg(user.orgId(), pc.kind())) {
                out.add(PrincipalNode.of(p, principals, db));
            }
        } else if (node instanceof PrincipalNode pn) {
            out.add(new ProxyGroupNode(pn.principal(), false));
            out.add(new ProxyGroupNode(pn.principal(), true));
        } else if (node instanceof AddressbookHomeNode home) {
            out.add(new DirectoryBookNode(home.owner(), new PrincipalStore(db).directoryRevision(home.owner().orgId())));
        } else if (node instanceof DirectoryBookNode book) {
            out.addAll(io.calroom.server.carddav.DirectoryCards.all(db, book.owner().orgId(), book.path()));
        } else if (node instanceof CalendarHomeNode home) {
            for (StoredCalendar c : new CalendarStore(db).calendarsOf(home.owner().id())) {
                out.add(new CalendarNode(home.owner(), c, home.writable()));
            }
        } else if (node instanceof CalendarNode cal) {
            CalendarStore store = new CalendarStore(db);
            List<io.calroom.schema.store.StoredObject> objects = store.objects(cal.calendar().id(), objectFields);
            objects.sort(java.util.Comparator.comparing(io.calroom.schema.store.StoredObject::uri));
            objects.forEach(o -> out.add(new CalendarObjectNode(cal.owner(), cal.calendar(), o, cal.writable())));
        }
        return out;
    }
}
