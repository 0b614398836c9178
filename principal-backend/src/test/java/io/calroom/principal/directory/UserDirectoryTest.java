package io.calroom.principal.directory;

import io.calroom.schema.store.JooqCalendarCollectionStore;
import io.calroom.schema.store.JooqCalendarObjectStore;
import io.calroom.principal.JooqPrincipalStore;
import io.calroom.principal.Org;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.Role;
import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.ObjectContent;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.schema.store.WriteCondition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.calroom.schema.jooq.Tables.CALENDARS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserDirectoryTest {
    static DirectoryDb d;
    static Org a;
    static Org b;

    @BeforeAll
    static void open() {
        d = DirectoryDb.open("UserDirectoryTest");
        a = d.org("users-a");
        b = d.org("users-b");
    }

    @AfterAll
    static void close() {
        d.close();
    }

    UserDirectory users() {
        return d.stores.users();
    }

    @Test
    void createProvisionsTheCalendarHome() {
        Principal alice = d.user(a, "alice");
        assertEquals("INDIVIDUAL", alice.calendarUserType());
        assertEquals(a.id(), alice.orgId());
        List<StoredCalendar> home = new JooqCalendarCollectionStore(d.dsl()).calendarsOf(alice.id());
        assertEquals(List.of("default", "inbox", "outbox"), home.stream().map(StoredCalendar::uri).sorted().toList());
        assertTrue(home.stream().anyMatch(c -> c.kind() == CollectionKind.INBOX));
        assertEquals(List.of("mailto:alice@example.test", "urn:uuid:" + alice.uuid()), new JooqPrincipalStore(d.dsl()).addresses(alice.id()));
        assertTrue(DirectoryDb.HASHER.verify("password-alice", new JooqPrincipalStore(d.dsl()).passwordHash(alice.id()).orElseThrow()));
    }

    @Test
    void inactiveOnCreation() {
        Principal p = d.db.transaction(cfg -> d.stores.users().create(a.id(),
                new NewUser("sleepy", null, null, Role.USER, null, false)));
        assertFalse(p.active());
        assertFalse(users().get(a.id(), "sleepy").orElseThrow().active());
        assertTrue(new JooqPrincipalStore(d.dsl()).passwordHash(p.id()).isEmpty());
    }

    @Test
    void duplicatesAreRefusedAcrossOrgs() {
        d.user(a, "dupuser");
        DuplicateException e = assertThrows(DuplicateException.class, () -> d.user(b, "dupuser"));
        assertEquals("username", e.field());
        DuplicateException email = assertThrows(DuplicateException.class, () -> d.db.transaction(cfg ->
                d.stores.users().create(b.id(),
                        new NewUser("other", "DUPUSER@example.test", null, Role.USER, null, true))));
        assertEquals("email", email.field());
        assertThrows(IllegalArgumentException.class, () -> d.user(a, "-bad"));
    }

    @Test
    void listFiltersAndPaginates() {
        Org o = d.org("users-list");
        for (String n : List.of("lu-c", "lu-a", "lu-b", "lu-d")) d.user(o, n);
        d.user(o, "lu-admin", Role.ORG_ADMIN);
        users().update(o.id(), "lu-d", UserChanges.NONE.withActive(false));
        Page<Principal> all = users().list(o.id(), UserFilter.ALL, 100, 0);
        assertEquals(5, all.total());
        assertEquals(List.of("lu-a", "lu-admin", "lu-b", "lu-c", "lu-d"), DirectoryDb.names(all, Principal::name));
        Page<Principal> second = users().list(o.id(), UserFilter.ALL, 2, 2);
        assertEquals(List.of("lu-b", "lu-c"), DirectoryDb.names(second, Principal::name));
        assertEquals(5, second.total());
        assertEquals(List.of("lu-d"), DirectoryDb.names(users().list(o.id(), new UserFilter(false, null, null), 100, 0), Principal::name));
        assertEquals(List.of("lu-admin"), DirectoryDb.names(users().list(o.id(), new UserFilter(null, Role.ORG_ADMIN, null), 100, 0), Principal::name));
        assertEquals(List.of("lu-admin"), DirectoryDb.names(users().list(o.id(), new UserFilter(null, null, "ADM"), 100, 0), Principal::name));
        assertEquals(0, users().list(o.id(), new UserFilter(null, null, "%"), 100, 0).total(), "LIKE wildcards match literally");
        assertEquals(0, users().list(b.id(), new UserFilter(null, null, "lu-"), 100, 0).total(), "other orgs' users never show");
    }

    @Test
    void updateChangesFieldsAndAddresses() {
        Principal u = d.user(a, "changer");
        UserDirectory users = users();
        Principal c = users.update(a.id(), "changer", new UserChanges("changed@example.test", "Changed", Role.ORG_ADMIN, false,
                "new-password")).orElseThrow();
        assertEquals("changed@example.test", c.email());
        assertEquals("Changed", c.displayName());
        assertEquals(Role.ORG_ADMIN, c.role());
        assertFalse(c.active());
        PrincipalStore store = new JooqPrincipalStore(d.dsl());
        assertTrue(DirectoryDb.HASHER.verify("new-password", store.passwordHash(u.id()).orElseThrow()));
        assertTrue(store.byAddress("mailto:changed@example.test").isPresent());
        assertTrue(store.byAddress("mailto:changer@example.test").isEmpty());
        Principal cleared = users.update(a.id(), "changer", UserChanges.NONE.withEmail("").withDisplayName("")).orElseThrow();
        assertNull(cleared.email());
        assertNull(cleared.displayName());
        assertEquals(List.of("urn:uuid:" + u.uuid()), store.addresses(u.id()));
        Principal other = d.user(a, "taken");
        assertEquals("email", assertThrows(DuplicateException.class,
                () -> users.update(a.id(), "changer", UserChanges.NONE.withEmail(other.email()))).field());
        // keeping one's own email is not a duplicate
        users.update(a.id(), "taken", UserChanges.NONE.withEmail("TAKEN@example.test"));
    }

    @Test
    void anotherOrgCannotSeeChangeOrDelete() {
        Principal u = d.user(a, "isolated");
        assertTrue(users().get(b.id(), "isolated").isEmpty());
        assertTrue(users().get(b.id(), u.id()).isEmpty());
        assertTrue(users().update(b.id(), "isolated", UserChanges.NONE.withActive(false)).isEmpty());
        assertTrue(users().delete(b.id(), "isolated").isEmpty());
        assertTrue(users().get(a.id(), "isolated").orElseThrow().active());
    }

    @Test
    void deleteRemovesTheHomeButNotOthersEvents() {
        Principal gone = d.user(a, "leaver");
        Principal stays = d.user(a, "stayer");
        CalendarCollectionStore calendarStore = new JooqCalendarCollectionStore(d.dsl());
        CalendarObjectStore objectStore = new JooqCalendarObjectStore(d.dsl());
        long staysDefault = calendarStore.calendar(stays.id(), "default").orElseThrow().id();
        String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:meet-1\r\nDTSTAMP:20260101T000000Z\r\n"
                + "DTSTART:20260105T100000Z\r\nDTEND:20260105T110000Z\r\nORGANIZER:mailto:stayer@example.test\r\n"
                + "ATTENDEE:mailto:leaver@example.test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        d.db.transaction(cfg -> new JooqCalendarObjectStore(cfg.dsl()).put(staysDefault, "meet-1.ics",
                new ObjectContent("meet-1", "VEVENT", ics, null, null, false, null, List.of()), WriteCondition.NONE));
        assertEquals("leaver", users().delete(a.id(), "leaver").orElseThrow().name());
        assertEquals(0, d.dsl().fetchCount(CALENDARS, CALENDARS.OWNER_ID.eq(gone.id())));
        assertTrue(objectStore.object(staysDefault, "meet-1.ics").isPresent());
        assertTrue(users().get(a.id(), "leaver").isEmpty());
    }
}
