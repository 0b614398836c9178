package io.calroom.principal.directory;

import io.calroom.principal.Org;
import io.calroom.principal.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupStoreTest {
    static DirectoryDb d;
    static Org a;
    static Org b;

    @BeforeAll
    static void open() {
        d = DirectoryDb.open("GroupStoreTest");
        a = d.org("grp-a");
        b = d.org("grp-b");
    }

    @AfterAll
    static void close() {
        d.close();
    }

    GroupStore groups() {
        return new JooqGroupStore(d.dsl());
    }

    @Test
    void createListGetDelete() {
        Org o = d.org("grp-list");
        GroupStore g = groups();
        Group eng = g.create(o.id(), "eng", "Engineering", GroupSource.ADMIN);
        g.create(o.id(), "ops", null, GroupSource.OIDC);
        g.create(o.id(), "art", null, GroupSource.ADMIN);
        assertEquals("name", assertThrows(DuplicateException.class, () -> g.create(o.id(), "eng", null, GroupSource.ADMIN)).field());
        g.create(b.id(), "eng", null, GroupSource.ADMIN); // the same name in another org is another group
        assertThrows(IllegalArgumentException.class, () -> g.create(o.id(), "has space", null, GroupSource.ADMIN));
        Page<Group> page = g.list(o.id(), 2, 0);
        assertEquals(3, page.total());
        assertEquals(List.of("art", "eng"), DirectoryDb.names(page, Group::name));
        assertEquals(List.of("ops"), DirectoryDb.names(g.list(o.id(), 2, 2), Group::name));
        assertEquals(GroupSource.OIDC, g.get(o.id(), "ops").orElseThrow().source());
        assertEquals("Engineering", g.get(o.id(), "eng").orElseThrow().displayName());
        assertEquals(eng.id(), g.delete(o.id(), "eng").orElseThrow().id());
        assertTrue(g.get(o.id(), "eng").isEmpty());
        assertTrue(g.get(b.id(), "eng").isPresent());
        assertTrue(g.delete(o.id(), "eng").isEmpty());
    }

    @Test
    void members() {
        GroupStore g = groups();
        Group team = g.create(a.id(), "team", null, GroupSource.ADMIN);
        Principal x = d.user(a, "m-x");
        Principal y = d.user(a, "m-y");
        Principal z = d.user(a, "m-z");
        assertTrue(g.addMember(a.id(), team.id(), y.id()));
        assertTrue(g.addMember(a.id(), team.id(), x.id()));
        assertFalse(g.addMember(a.id(), team.id(), x.id()), "idempotent");
        assertTrue(g.addMember(a.id(), team.id(), z.id()));
        assertEquals(3, g.get(a.id(), "team").orElseThrow().memberCount());
        assertEquals(List.of("m-x", "m-y"), DirectoryDb.names(g.members(a.id(), team.id(), 2, 0), Principal::name));
        assertEquals(3, g.members(a.id(), team.id(), 2, 0).total());
        assertEquals(List.of("team"), g.groupsOf(a.id(), x.id()).stream().map(Group::name).toList());
        assertTrue(g.removeMember(a.id(), team.id(), x.id()));
        assertFalse(g.removeMember(a.id(), team.id(), x.id()));
        assertTrue(g.groupsOf(a.id(), x.id()).isEmpty());
        // deleting a user removes its memberships
        d.stores.users().delete(a.id(), "m-z");
        assertEquals(List.of("m-y"), DirectoryDb.names(g.members(a.id(), team.id(), 100, 0), Principal::name));
    }

    @Test
    void membershipNeverCrossesOrgs() {
        GroupStore g = groups();
        Group ga = g.create(a.id(), "iso-a", null, GroupSource.ADMIN);
        Group gb = g.create(b.id(), "iso-b", null, GroupSource.ADMIN);
        Principal ua = d.user(a, "iso-user-a");
        Principal ub = d.user(b, "iso-user-b");
        Resource room = d.room(a, "iso-room", ResourcePolicy.DEFAULT);
        assertFalse(g.addMember(a.id(), ga.id(), ub.id()), "user of another org");
        assertFalse(g.addMember(a.id(), gb.id(), ua.id()), "group of another org");
        assertFalse(g.addMember(b.id(), ga.id(), ua.id()), "acting for another org");
        assertFalse(g.addMember(a.id(), ga.id(), room.principal().id()), "resources are not members");
        assertTrue(g.addMember(a.id(), ga.id(), ua.id()));
        assertFalse(g.removeMember(b.id(), ga.id(), ua.id()));
        assertEquals(0, g.members(b.id(), ga.id(), 100, 0).total());
        assertTrue(g.groupsOf(b.id(), ua.id()).isEmpty());
        assertTrue(g.get(b.id(), "iso-a").isEmpty());
        assertTrue(g.delete(b.id(), "iso-a").isEmpty());
    }

    @Test
    void syncOidcMemberships() {
        GroupStore g = groups();
        Principal u = d.user(a, "oidc-user");
        Group manual = g.create(a.id(), "manual", null, GroupSource.ADMIN);
        g.addMember(a.id(), manual.id(), u.id());
        g.syncMemberships(a.id(), u.id(), Set.of("claims-1", "claims-2", "bad name"), GroupSource.OIDC);
        assertEquals(List.of("claims-1", "claims-2", "manual"), g.groupsOf(a.id(), u.id()).stream().map(Group::name).toList());
        assertEquals(GroupSource.OIDC, g.get(a.id(), "claims-1").orElseThrow().source());
        g.syncMemberships(a.id(), u.id(), Set.of("claims-2"), GroupSource.OIDC);
        assertEquals(List.of("claims-2", "manual"), g.groupsOf(a.id(), u.id()).stream().map(Group::name).toList());
        g.syncMemberships(a.id(), u.id(), Set.of(), GroupSource.OIDC);
        assertEquals(List.of("manual"), g.groupsOf(a.id(), u.id()).stream().map(Group::name).toList());
        assertTrue(g.get(a.id(), "claims-1").isPresent(), "groups stay; only the membership goes");
    }
}
