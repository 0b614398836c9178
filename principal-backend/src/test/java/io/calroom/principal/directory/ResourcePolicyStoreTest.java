package io.calroom.principal.directory;

import io.calroom.principal.Org;
import io.calroom.principal.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourcePolicyStoreTest {
    static DirectoryDb d;
    static Org a;
    static Org b;

    @BeforeAll
    static void open() {
        d = DirectoryDb.open("ResourcePolicyStoreTest");
        a = d.org("pol-a");
        b = d.org("pol-b");
    }

    @AfterAll
    static void close() {
        d.close();
    }

    ResourcePolicyStore store() {
        return new JooqResourcePolicyStore(d.dsl());
    }

    @Test
    void everyFieldRoundTrips() {
        Resource r = d.room(a, "rt", ResourcePolicy.DEFAULT);
        ResourcePolicy p = ResourcePolicy.builder().capacity(0).location("Here").equipment(List.of("Screen", "Phone"))
                .tags(List.of("t1")).autoScheduleMode(AutoScheduleMode.DECLINE_IF_BUSY).restrictedAccess(true).multipleBookings(3)
                .maxBookingDuration(Duration.ofMinutes(45)).bookingWindowStart(Duration.ofDays(30)).bookingWindowEnd(Duration.ZERO)
                .workingHours(List.of(new WorkingHours(DayOfWeek.SUNDAY, LocalTime.MIDNIGHT, LocalTime.MAX),
                        new WorkingHours(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(12, 0)),
                        new WorkingHours(DayOfWeek.MONDAY, LocalTime.of(13, 0), LocalTime.of(17, 30, 15))))
                .recurringConflicts(RecurringConflicts.WHOLE_SERIES).timezone(ZoneId.of("Asia/Tokyo")).build();
        assertTrue(store().write(a.id(), r.principal().id(), p));
        ResourcePolicy back = store().read(a.id(), r.principal().id()).orElseThrow();
        assertEquals(p, back);
        assertTrue(back.workingHours().get(2).untilEndOfDay());
        assertTrue(store().write(a.id(), r.principal().id(), ResourcePolicy.DEFAULT));
        assertEquals(ResourcePolicy.DEFAULT, store().read(a.id(), r.principal().id()).orElseThrow());
        assertFalse(store().write(b.id(), r.principal().id(), p), "another org cannot write it");
        assertEquals(ResourcePolicy.DEFAULT, store().read(a.id(), r.principal().id()).orElseThrow());
        Map<Long, ResourcePolicy> many = store().readMany(b.id(), List.of(r.principal().id()));
        assertTrue(many.isEmpty());
    }

    @Test
    void validatedInputIsStorable() {
        Resource r = d.room(a, "validated", ResourcePolicy.DEFAULT);
        ResourcePolicy p = ((ResourcePolicyValidator.Valid) ResourcePolicyValidator.validate(Map.of(
                "workingHours", "MO-FR 08:00-24:00", "bookingWindowStart", "P2W", "timezone", "Europe/Paris"))).policy();
        store().write(a.id(), r.principal().id(), p);
        assertEquals(p, store().read(a.id(), r.principal().id()).orElseThrow());
    }

    @Test
    void grantsDirectAndThroughGroups() {
        Resource r = d.room(a, "grants", ResourcePolicy.DEFAULT);
        long rid = r.principal().id();
        Principal alice = d.user(a, "g-alice");
        Principal bob = d.user(a, "g-bob");
        Principal carol = d.user(a, "g-carol");
        Group staff = d.group(a, "g-staff");
        GroupStore groups = new JooqGroupStore(d.dsl());
        groups.addMember(a.id(), staff.id(), bob.id());
        ResourcePolicyStore s = store();

        assertTrue(s.grant(a.id(), rid, AccessKind.ALLOWED_BOOKER, new GranteeRef.User("g-alice")));
        assertFalse(s.grant(a.id(), rid, AccessKind.ALLOWED_BOOKER, new GranteeRef.User("g-alice")), "idempotent");
        assertTrue(s.grant(a.id(), rid, AccessKind.ALLOWED_BOOKER, new GranteeRef.Group("g-staff")));
        assertTrue(s.isGranted(rid, alice.id(), AccessKind.ALLOWED_BOOKER));
        assertTrue(s.isGranted(rid, bob.id(), AccessKind.ALLOWED_BOOKER), "through the group");
        assertFalse(s.isGranted(rid, carol.id(), AccessKind.ALLOWED_BOOKER));
        assertFalse(s.isGranted(rid, alice.id(), AccessKind.AUTO_ACCEPT), "kinds are separate");

        groups.addMember(a.id(), staff.id(), carol.id());
        assertTrue(s.isGranted(rid, carol.id(), AccessKind.ALLOWED_BOOKER), "membership is followed live");
        groups.removeMember(a.id(), staff.id(), carol.id());
        assertFalse(s.isGranted(rid, carol.id(), AccessKind.ALLOWED_BOOKER));

        assertEquals(List.of("g-alice", "group:g-staff"), s.grants(a.id(), rid, AccessKind.ALLOWED_BOOKER).stream()
                .map(g -> g.grantee().format()).toList());
        assertTrue(s.revoke(a.id(), rid, AccessKind.ALLOWED_BOOKER, new GranteeRef.Group("g-staff")));
        assertFalse(s.revoke(a.id(), rid, AccessKind.ALLOWED_BOOKER, new GranteeRef.Group("g-staff")));
        assertFalse(s.isGranted(rid, bob.id(), AccessKind.ALLOWED_BOOKER));
        assertFalse(s.revoke(a.id(), rid, AccessKind.ALLOWED_BOOKER, new GranteeRef.User("nobody")));
    }

    @Test
    void replaceAndUnknownGrantees() {
        Resource r = d.room(a, "replace", ResourcePolicy.DEFAULT);
        long rid = r.principal().id();
        d.user(a, "r-x");
        d.user(a, "r-y");
        d.group(a, "r-team");
        ResourcePolicyStore s = store();
        s.replaceGrants(a.id(), rid, AccessKind.AUTO_ACCEPT, List.of(new GranteeRef.User("r-x"), new GranteeRef.Group("r-team"),
                new GranteeRef.User("r-x")));
        assertEquals(2, s.grants(a.id(), rid, AccessKind.AUTO_ACCEPT).size());
        s.replaceGrants(a.id(), rid, AccessKind.AUTO_ACCEPT, List.of(new GranteeRef.User("r-y")));
        assertEquals(List.of("r-y"), s.grants(a.id(), rid, AccessKind.AUTO_ACCEPT).stream().map(g -> g.grantee().format()).toList());
        List<GranteeRef> unknown = s.unknown(a.id(), List.of(new GranteeRef.User("r-y"), new GranteeRef.User("ghost"),
                new GranteeRef.Group("ghosts"), new GranteeRef.User("replace")));
        assertEquals(List.of("ghost", "group:ghosts", "replace"), unknown.stream().map(GranteeRef::format).toList(),
                "resources are not grantees");
        assertThrows(NotFoundException.class, () -> s.replaceGrants(a.id(), rid, AccessKind.AUTO_ACCEPT, List.of(new GranteeRef.User("ghost"))));
        assertEquals(1, s.grants(a.id(), rid, AccessKind.AUTO_ACCEPT).size(), "nothing changed");
        s.replaceGrants(a.id(), rid, AccessKind.AUTO_ACCEPT, List.of());
        assertTrue(s.grants(a.id(), rid, AccessKind.AUTO_ACCEPT).isEmpty());
    }

    @Test
    void managers() {
        Resource r = d.room(a, "managed", ResourcePolicy.DEFAULT);
        long rid = r.principal().id();
        Principal m = d.user(a, "m-user");
        ResourcePolicyStore s = store();
        assertTrue(s.setManager(a.id(), rid, new GranteeRef.User("m-user"), AccessKind.MANAGER_READ));
        assertTrue(s.isGranted(rid, m.id(), AccessKind.MANAGER_READ));
        assertFalse(s.isGranted(rid, m.id(), AccessKind.MANAGER_READ_WRITE));
        assertTrue(s.setManager(a.id(), rid, new GranteeRef.User("m-user"), AccessKind.MANAGER_READ_WRITE));
        assertFalse(s.setManager(a.id(), rid, new GranteeRef.User("m-user"), AccessKind.MANAGER_READ_WRITE));
        assertTrue(s.isGranted(rid, m.id(), AccessKind.MANAGER_READ), "read-write implies read");
        assertEquals(1, s.grants(a.id(), rid).size(), "one manager grant, not two");
        assertThrows(IllegalArgumentException.class, () -> s.setManager(a.id(), rid, new GranteeRef.User("m-user"), AccessKind.AUTO_ACCEPT));
        assertTrue(s.removeManager(a.id(), rid, new GranteeRef.User("m-user")));
        assertFalse(s.removeManager(a.id(), rid, new GranteeRef.User("m-user")));
        assertFalse(s.isGranted(rid, m.id(), AccessKind.MANAGER_READ));
    }

    @Test
    void grantsNeverCrossOrgs() {
        Resource ra = d.room(a, "x-room-a", ResourcePolicy.DEFAULT);
        Principal userB = d.user(b, "x-user-b");
        d.group(b, "x-group-b");
        ResourcePolicyStore s = store();
        long rid = ra.principal().id();
        assertThrows(NotFoundException.class, () -> s.grant(a.id(), rid, AccessKind.ALLOWED_BOOKER, new GranteeRef.User("x-user-b")));
        assertThrows(NotFoundException.class, () -> s.grant(a.id(), rid, AccessKind.ALLOWED_BOOKER, new GranteeRef.Group("x-group-b")));
        assertThrows(NotFoundException.class, () -> s.grant(b.id(), rid, AccessKind.ALLOWED_BOOKER, new GranteeRef.User("x-user-b")),
                "org B cannot grant on org A's room");
        assertTrue(s.grants(b.id(), rid).isEmpty());
        assertFalse(s.isGranted(rid, userB.id(), AccessKind.ALLOWED_BOOKER));
        // even a grant row forged across orgs is not honoured
        d.dsl().insertInto(io.calroom.schema.jooq.Tables.RESOURCE_ACCESS)
                .set(io.calroom.schema.jooq.Tables.RESOURCE_ACCESS.RESOURCE_ID, rid)
                .set(io.calroom.schema.jooq.Tables.RESOURCE_ACCESS.KIND, "allowed-booker")
                .set(io.calroom.schema.jooq.Tables.RESOURCE_ACCESS.GRANTEE_PRINCIPAL, userB.id()).execute();
        assertFalse(s.isGranted(rid, userB.id(), AccessKind.ALLOWED_BOOKER));
        assertTrue(s.grants(a.id(), rid).isEmpty(), "and not listed either");
    }
}
