package io.calroom.principal.directory;

import io.calroom.schema.store.JooqCalendarCollectionStore;
import io.calroom.principal.JooqPrincipalStore;
import io.calroom.principal.Org;
import io.calroom.principal.Principal;
import io.calroom.schema.store.StoredCalendar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.calroom.schema.jooq.Tables.CALENDARS;
import static io.calroom.schema.jooq.Tables.PRINCIPALS;
import static io.calroom.schema.jooq.Tables.RESOURCE_ACCESS;
import static io.calroom.schema.jooq.Tables.RESOURCE_POLICIES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceDirectoryTest {
    static DirectoryDb d;
    static Org a;
    static Org b;

    @BeforeAll
    static void open() {
        d = DirectoryDb.open("ResourceDirectoryTest");
        a = d.org("res-a");
        b = d.org("res-b");
    }

    @AfterAll
    static void close() {
        d.close();
    }

    ResourceDirectory dir() {
        return d.stores.resources();
    }

    @Test
    void generatedIdsAreOpaqueUrlSafeAndStable() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String id = ResourceDirectory.newId();
            assertEquals(22, id.length());
            assertTrue(id.matches("^[A-Za-z0-9][A-Za-z0-9_-]{21}$"), id);
            assertTrue(Names.isPrincipalName(id));
            assertTrue(seen.add(id));
        }
    }

    @Test
    void createWithAGeneratedIdAndDefaultAddress() {
        ResourcePolicy policy = ResourcePolicy.builder().capacity(8).tags(List.of("video")).build();
        Resource r = d.db.transaction(cfg -> d.stores.resources().create(a.id(),
                new NewResource(null, ResourceType.RESOURCE, "Projector", null, true, policy), DirectoryDb.DOMAIN));
        assertEquals(22, r.id().length());
        assertEquals("RESOURCE", r.principal().calendarUserType());
        assertEquals(r.id() + "@" + DirectoryDb.DOMAIN, r.principal().email());
        assertEquals("Projector", r.principal().displayName());
        assertEquals(policy, r.policy());
        assertEquals(r, dir().get(a.id(), r.id()).orElseThrow());
        assertTrue(new JooqPrincipalStore(d.dsl()).byAddress("mailto:" + r.id().toLowerCase() + "@" + DirectoryDb.DOMAIN).isPresent());
        List<StoredCalendar> home = new JooqCalendarCollectionStore(d.dsl()).calendarsOf(r.principal().id());
        assertEquals(List.of("default", "inbox", "outbox"), home.stream().map(StoredCalendar::uri).sorted().toList());
        assertEquals(List.of("VEVENT"), home.stream().filter(c -> c.uri().equals("default")).findFirst().orElseThrow().components());
    }

    @Test
    void createWithChosenIdAndEmail() {
        Resource r = d.db.transaction(cfg -> d.stores.resources().create(a.id(),
                new NewResource("room-101", ResourceType.ROOM, "Room 101", "room101@rooms.example.test", false, ResourcePolicy.DEFAULT),
                DirectoryDb.DOMAIN));
        assertEquals("room-101", r.id());
        assertEquals("ROOM", r.principal().calendarUserType());
        assertEquals("room101@rooms.example.test", r.principal().email());
        assertFalse(r.principal().active());
        assertEquals("/principals/resources/room-101/", r.principal().path());
        assertEquals("id", assertThrows(DuplicateException.class, () -> d.room(b, "room-101", ResourcePolicy.DEFAULT)).field());
        assertEquals("email", assertThrows(DuplicateException.class, () -> d.db.transaction(cfg -> d.stores.resources()
                .create(a.id(), new NewResource("room-102", ResourceType.ROOM, "x", "ROOM101@rooms.example.test", true,
                        ResourcePolicy.DEFAULT), DirectoryDb.DOMAIN))).field());
        assertTrue(dir().get(a.id(), "room-102").isEmpty(), "nothing half-written");
        assertThrows(IllegalArgumentException.class, () -> d.room(a, "_bad", ResourcePolicy.DEFAULT));
    }

    @Test
    void aResourceWithoutAStoredPolicyHasTheDefault() {
        Resource r = d.room(a, "legacy-room", ResourcePolicy.DEFAULT);
        d.dsl().deleteFrom(RESOURCE_POLICIES).where(RESOURCE_POLICIES.PRINCIPAL_ID.eq(r.principal().id())).execute();
        assertEquals(ResourcePolicy.DEFAULT, dir().get(a.id(), "legacy-room").orElseThrow().policy());
        assertTrue(dir().list(a.id(), ResourceFilter.ALL, 1000, 0).items().stream().anyMatch(x -> x.id().equals("legacy-room")));
    }

    @Test
    void listFilters() {
        Org o = d.org("res-list");
        d.resource(o, "f-big", ResourceType.ROOM, ResourcePolicy.builder().capacity(40).location("Building A, 100% glass")
                .tags(List.of("Video", "large")).build(), true);
        d.resource(o, "f-small", ResourceType.ROOM, ResourcePolicy.builder().capacity(4).location("Building B").tags(List.of("quiet")).build(), true);
        d.resource(o, "f-beamer", ResourceType.RESOURCE, ResourcePolicy.builder().location("Building A").tags(List.of("video")).build(), true);
        d.resource(o, "f-old", ResourceType.ROOM, ResourcePolicy.builder().capacity(100).build(), false);
        ResourceDirectory dir = dir();
        assertEquals(List.of("f-beamer", "f-big", "f-old", "f-small"), ids(dir.list(o.id(), ResourceFilter.ALL, 100, 0)));
        assertEquals(List.of("f-big", "f-old", "f-small"), ids(dir.list(o.id(), new ResourceFilter(ResourceType.ROOM, null, null, null, null), 100, 0)));
        assertEquals(List.of("f-beamer", "f-big"), ids(dir.list(o.id(), new ResourceFilter(null, "VIDEO", null, null, null), 100, 0)));
        assertEquals(List.of("f-big", "f-old"), ids(dir.list(o.id(), new ResourceFilter(null, null, 10, null, null), 100, 0)));
        assertEquals(List.of("f-beamer", "f-big"), ids(dir.list(o.id(), new ResourceFilter(null, null, null, "building a", null), 100, 0)));
        assertEquals(List.of("f-big"), ids(dir.list(o.id(), new ResourceFilter(null, null, null, "100%", null), 100, 0)));
        assertEquals(List.of("f-old"), ids(dir.list(o.id(), new ResourceFilter(null, null, null, null, false), 100, 0)));
        assertEquals(List.of("f-big"), ids(dir.list(o.id(), new ResourceFilter(ResourceType.ROOM, "video", 20, "A", true), 100, 0)));
        Page<Resource> page = dir.list(o.id(), ResourceFilter.ALL, 2, 1);
        assertEquals(List.of("f-big", "f-old"), ids(page));
        assertEquals(4, page.total());
        assertEquals(3, dir.list(o.id(), new ResourceFilter(ResourceType.ROOM, null, null, null, null), 1, 0).total());
        assertEquals(0, dir.list(b.id(), new ResourceFilter(null, "video", null, null, null), 100, 0).total());
    }

    @Test
    void updateTypeNameEmailActiveAndPolicy() {
        d.room(a, "upd", ResourcePolicy.DEFAULT);
        ResourcePolicy p = ResourcePolicy.builder().capacity(3).maxBookingDuration(Duration.ofHours(2)).build();
        Resource r = d.db.transaction(cfg -> d.stores.resources().update(a.id(), "upd",
                new ResourceChanges(ResourceType.RESOURCE, "Renamed", "upd-new@x.example.test", false, p), DirectoryDb.DOMAIN)).orElseThrow();
        assertEquals(ResourceType.RESOURCE, r.type());
        assertEquals("RESOURCE", r.principal().calendarUserType());
        assertEquals("Renamed", r.principal().displayName());
        assertEquals("upd-new@x.example.test", r.principal().email());
        assertFalse(r.principal().active());
        assertEquals(p, r.policy());
        Resource back = dir().update(a.id(), "upd", new ResourceChanges(null, null, "", true, null), DirectoryDb.DOMAIN).orElseThrow();
        assertEquals("upd@" + DirectoryDb.DOMAIN, back.principal().email());
        assertEquals(p, back.policy());
        assertTrue(back.principal().active());
        assertTrue(dir().update(b.id(), "upd", ResourceChanges.NONE, DirectoryDb.DOMAIN).isEmpty());
    }

    @Test
    void deleteRemovesCalendarsPolicyAndGrants() {
        Resource r = d.room(a, "del", ResourcePolicy.builder().capacity(2).build());
        Principal u = d.user(a, "del-booker");
        new JooqResourcePolicyStore(d.dsl()).grant(a.id(), r.principal().id(), AccessKind.ALLOWED_BOOKER, new GranteeRef.User(u.name()));
        assertTrue(dir().delete(b.id(), "del").isEmpty(), "another org cannot delete it");
        assertEquals("del", dir().delete(a.id(), "del").orElseThrow().name());
        long id = r.principal().id();
        assertEquals(0, d.dsl().fetchCount(PRINCIPALS, PRINCIPALS.ID.eq(id)));
        assertEquals(0, d.dsl().fetchCount(CALENDARS, CALENDARS.OWNER_ID.eq(id)));
        assertEquals(0, d.dsl().fetchCount(RESOURCE_POLICIES, RESOURCE_POLICIES.PRINCIPAL_ID.eq(id)));
        assertEquals(0, d.dsl().fetchCount(RESOURCE_ACCESS, RESOURCE_ACCESS.RESOURCE_ID.eq(id)));
        assertTrue(dir().delete(a.id(), "del").isEmpty());
    }

    @Test
    void anotherOrgNeverSeesIt() {
        Resource r = d.room(a, "private-room", ResourcePolicy.DEFAULT);
        assertTrue(dir().get(b.id(), "private-room").isEmpty());
        assertTrue(dir().get(b.id(), r.principal().id()).isEmpty());
        assertFalse(ids(dir().list(b.id(), ResourceFilter.ALL, 1000, 0)).contains("private-room"));
        assertTrue(new JooqResourcePolicyStore(d.dsl()).read(b.id(), r.principal().id()).isEmpty());
        // a user is not a resource, whatever the org
        Principal u = d.user(a, "not-a-room");
        assertTrue(dir().get(a.id(), u.id()).isEmpty());
    }

    private static List<String> ids(Page<Resource> page) {
        return DirectoryDb.names(page, Resource::id);
    }
}
