package io.calroom.principal.directory;

import io.calroom.principal.PrincipalKind;
import io.calroom.schema.jooq.tables.records.ResourcePoliciesRecord;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.calroom.schema.jooq.Tables.GROUPS;
import static io.calroom.schema.jooq.Tables.GROUP_MEMBERS;
import static io.calroom.schema.jooq.Tables.PRINCIPALS;
import static io.calroom.schema.jooq.Tables.RESOURCE_ACCESS;
import static io.calroom.schema.jooq.Tables.RESOURCE_POLICIES;
import static io.calroom.schema.jooq.Tables.RESOURCE_WORKING_HOURS;

/** The PostgreSQL (jOOQ) implementation of {@link ResourcePolicyStore}. */
public final class JooqResourcePolicyStore implements ResourcePolicyStore {
    /** PostgreSQL's {@code 24:00}, which {@link LocalTime} cannot hold: stored and recognised explicitly. */
    private static final Field<LocalTime> MIDNIGHT_END = DSL.field("time '24:00'", LocalTime.class);
    private static final Field<Boolean> END_OF_DAY =
            DSL.field("{0} = time '24:00'", Boolean.class, RESOURCE_WORKING_HOURS.END_TIME).as("end_of_day");
    private final DSLContext db;

    public JooqResourcePolicyStore(DSLContext db) {
        this.db = db;
    }

    @Override
    public Optional<ResourcePolicy> read(long orgId, long resourceId) {
        if (!isResource(orgId, resourceId)) return Optional.empty();
        return Optional.of(readMany(orgId, List.of(resourceId)).getOrDefault(resourceId, ResourcePolicy.DEFAULT));
    }

    @Override
    public Map<Long, ResourcePolicy> readMany(long orgId, Collection<Long> resourceIds) {
        Map<Long, ResourcePolicy> out = new HashMap<>();
        if (resourceIds.isEmpty()) return out;
        var inOrg = DSL.select(PRINCIPALS.ID).from(PRINCIPALS)
                .where(OrgPrincipalQueries.inOrg(orgId, PrincipalKind.RESOURCE), PRINCIPALS.ID.in(resourceIds));
        Map<Long, List<WorkingHours>> hours = new HashMap<>();
        db.select(RESOURCE_WORKING_HOURS.PRINCIPAL_ID, RESOURCE_WORKING_HOURS.WEEKDAY, RESOURCE_WORKING_HOURS.START_TIME,
                        RESOURCE_WORKING_HOURS.END_TIME, END_OF_DAY)
                .from(RESOURCE_WORKING_HOURS).where(RESOURCE_WORKING_HOURS.PRINCIPAL_ID.in(inOrg)).fetch()
                .forEach(r -> hours.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(new WorkingHours(
                        DayOfWeek.of(r.value2()), r.value3(), Boolean.TRUE.equals(r.value5()) ? LocalTime.MAX : r.value4())));
        db.selectFrom(RESOURCE_POLICIES).where(RESOURCE_POLICIES.PRINCIPAL_ID.in(inOrg)).fetch()
                .forEach(r -> out.put(r.getPrincipalId(), toPolicy(r, hours.getOrDefault(r.getPrincipalId(), List.of()))));
        return out;
    }

    @Override
    public boolean write(long orgId, long resourceId, ResourcePolicy p) {
        if (!isResource(orgId, resourceId)) return false;
        ResourcePoliciesRecord r = db.newRecord(RESOURCE_POLICIES);
        r.setPrincipalId(resourceId);
        r.setCapacity(p.capacity());
        r.setLocation(p.location());
        r.setEquipment(p.equipment().toArray(String[]::new));
        r.setTags(p.tags().toArray(String[]::new));
        r.setAutoScheduleMode(p.autoScheduleMode().value());
        r.setRestrictedAccess(p.restrictedAccess());
        r.setMultipleBookings(p.multipleBookings());
        r.setMaxBookingDurationSeconds(seconds(p.maxBookingDuration()));
        r.setBookingWindowStartSeconds(seconds(p.bookingWindowStart()));
        r.setBookingWindowEndSeconds(seconds(p.bookingWindowEnd()));
        r.setRecurringConflicts(p.recurringConflicts().value());
        r.setTimezone(p.timezone().getId());
        db.insertInto(RESOURCE_POLICIES).set(r).onConflict(RESOURCE_POLICIES.PRINCIPAL_ID).doUpdate().set(r).execute();
        db.deleteFrom(RESOURCE_WORKING_HOURS).where(RESOURCE_WORKING_HOURS.PRINCIPAL_ID.eq(resourceId)).execute();
        for (WorkingHours h : p.workingHours()) {
            db.insertInto(RESOURCE_WORKING_HOURS)
                    .set(RESOURCE_WORKING_HOURS.PRINCIPAL_ID, resourceId)
                    .set(RESOURCE_WORKING_HOURS.WEEKDAY, (short) h.day().getValue())
                    .set(RESOURCE_WORKING_HOURS.START_TIME, h.start())
                    .set(RESOURCE_WORKING_HOURS.END_TIME, h.untilEndOfDay() ? MIDNIGHT_END : DSL.val(h.end()))
                    .execute();
        }
        return true;
    }

    @Override
    public List<AccessGrant> grants(long orgId, long resourceId) {
        return grantsMany(orgId, List.of(resourceId)).getOrDefault(resourceId, List.of());
    }

    @Override
    public Map<Long, List<AccessGrant>> grantsMany(long orgId, Collection<Long> resourceIds) {
        Map<Long, List<AccessGrant>> out = new HashMap<>();
        if (resourceIds.isEmpty()) return out;
        var inOrg = DSL.select(PRINCIPALS.ID).from(PRINCIPALS)
                .where(OrgPrincipalQueries.inOrg(orgId, PrincipalKind.RESOURCE), PRINCIPALS.ID.in(resourceIds));
        db.select(RESOURCE_ACCESS.RESOURCE_ID, RESOURCE_ACCESS.KIND, PRINCIPALS.ID, PRINCIPALS.NAME)
                .from(RESOURCE_ACCESS).join(PRINCIPALS).on(PRINCIPALS.ID.eq(RESOURCE_ACCESS.GRANTEE_PRINCIPAL))
                .where(RESOURCE_ACCESS.RESOURCE_ID.in(inOrg), PRINCIPALS.ORG_ID.eq(orgId))
                .orderBy(RESOURCE_ACCESS.KIND, PRINCIPALS.NAME)
                .forEach(r -> AccessKind.fromDb(r.value2()).ifPresent(k -> out.computeIfAbsent(r.value1(), x -> new ArrayList<>())
                        .add(new AccessGrant(k, new GranteeRef.User(r.value4()), r.value3()))));
        db.select(RESOURCE_ACCESS.RESOURCE_ID, RESOURCE_ACCESS.KIND, GROUPS.ID, GROUPS.NAME)
                .from(RESOURCE_ACCESS).join(GROUPS).on(GROUPS.ID.eq(RESOURCE_ACCESS.GRANTEE_GROUP))
                .where(RESOURCE_ACCESS.RESOURCE_ID.in(inOrg), GROUPS.ORG_ID.eq(orgId))
                .orderBy(RESOURCE_ACCESS.KIND, GROUPS.NAME)
                .forEach(r -> AccessKind.fromDb(r.value2()).ifPresent(k -> out.computeIfAbsent(r.value1(), x -> new ArrayList<>())
                        .add(new AccessGrant(k, new GranteeRef.Group(r.value4()), r.value3()))));
        return out;
    }

    @Override
    public List<AccessGrant> grants(long orgId, long resourceId, AccessKind kind) {
        return grants(orgId, resourceId).stream().filter(g -> g.kind() == kind).toList();
    }

    @Override
    public List<GranteeRef> unknown(long orgId, Collection<? extends GranteeRef> grantees) {
        List<GranteeRef> out = new ArrayList<>();
        for (GranteeRef g : grantees) if (resolve(orgId, g).isEmpty()) out.add(g);
        return out;
    }

    @Override
    public boolean grant(long orgId, long resourceId, AccessKind kind, GranteeRef grantee) {
        requireResource(orgId, resourceId);
        long id = resolve(orgId, grantee).orElseThrow(() -> unknownGrantee(grantee));
        var insert = db.insertInto(RESOURCE_ACCESS).set(RESOURCE_ACCESS.RESOURCE_ID, resourceId).set(RESOURCE_ACCESS.KIND, kind.dbValue());
        int n = grantee instanceof GranteeRef.Group
                ? insert.set(RESOURCE_ACCESS.GRANTEE_GROUP, id).onConflictDoNothing().execute()
                : insert.set(RESOURCE_ACCESS.GRANTEE_PRINCIPAL, id).onConflictDoNothing().execute();
        return n > 0;
    }

    @Override
    public boolean revoke(long orgId, long resourceId, AccessKind kind, GranteeRef grantee) {
        if (!isResource(orgId, resourceId)) return false;
        Optional<Long> id = resolve(orgId, grantee);
        if (id.isEmpty()) return false;
        var granteeColumn = grantee instanceof GranteeRef.Group ? RESOURCE_ACCESS.GRANTEE_GROUP : RESOURCE_ACCESS.GRANTEE_PRINCIPAL;
        return db.deleteFrom(RESOURCE_ACCESS).where(RESOURCE_ACCESS.RESOURCE_ID.eq(resourceId),
                RESOURCE_ACCESS.KIND.eq(kind.dbValue()), granteeColumn.eq(id.get())).execute() > 0;
    }

    @Override
    public void replaceGrants(long orgId, long resourceId, AccessKind kind, Collection<? extends GranteeRef> grantees) {
        requireResource(orgId, resourceId);
        List<GranteeRef> missing = unknown(orgId, grantees);
        if (!missing.isEmpty()) throw unknownGrantee(missing.get(0));
        db.deleteFrom(RESOURCE_ACCESS).where(RESOURCE_ACCESS.RESOURCE_ID.eq(resourceId), RESOURCE_ACCESS.KIND.eq(kind.dbValue())).execute();
        for (GranteeRef g : new LinkedHashSet<>(grantees)) grant(orgId, resourceId, kind, g);
    }

    @Override
    public boolean setManager(long orgId, long resourceId, GranteeRef grantee, AccessKind access) {
        if (!access.isManager()) throw new IllegalArgumentException("not a manager access: " + access);
        AccessKind other = access == AccessKind.MANAGER_READ ? AccessKind.MANAGER_READ_WRITE : AccessKind.MANAGER_READ;
        boolean removed = revoke(orgId, resourceId, other, grantee);
        return grant(orgId, resourceId, access, grantee) || removed;
    }

    @Override
    public boolean removeManager(long orgId, long resourceId, GranteeRef grantee) {
        boolean a = revoke(orgId, resourceId, AccessKind.MANAGER_READ, grantee);
        boolean b = revoke(orgId, resourceId, AccessKind.MANAGER_READ_WRITE, grantee);
        return a || b;
    }

    @Override
    public boolean isGranted(long resourceId, long principalId, AccessKind kind) {
        Set<AccessKind> kinds = kind == AccessKind.MANAGER_READ
                ? EnumSet.of(AccessKind.MANAGER_READ, AccessKind.MANAGER_READ_WRITE) : EnumSet.of(kind);
        var resource = PRINCIPALS.as("r");
        var grantee = PRINCIPALS.as("g");
        return db.fetchExists(DSL.selectOne()
                .from(RESOURCE_ACCESS)
                .join(resource).on(resource.ID.eq(RESOURCE_ACCESS.RESOURCE_ID))
                .join(grantee).on(grantee.ID.eq(principalId), grantee.ORG_ID.eq(resource.ORG_ID))
                .where(RESOURCE_ACCESS.RESOURCE_ID.eq(resourceId),
                        RESOURCE_ACCESS.KIND.in(kinds.stream().map(AccessKind::dbValue).toList()),
                        RESOURCE_ACCESS.GRANTEE_PRINCIPAL.eq(principalId)
                                .or(RESOURCE_ACCESS.GRANTEE_GROUP.in(DSL.select(GROUP_MEMBERS.GROUP_ID).from(GROUP_MEMBERS)
                                        .where(GROUP_MEMBERS.PRINCIPAL_ID.eq(principalId))))));
    }

    // ---- helpers ----

    private boolean isResource(long orgId, long resourceId) {
        return db.fetchExists(PRINCIPALS, OrgPrincipalQueries.inOrg(orgId, PrincipalKind.RESOURCE), PRINCIPALS.ID.eq(resourceId));
    }

    private void requireResource(long orgId, long resourceId) {
        if (!isResource(orgId, resourceId)) throw new NotFoundException("resource", "no such resource");
    }

    private Optional<Long> resolve(long orgId, GranteeRef g) {
        if (g instanceof GranteeRef.Group group) {
            return db.select(GROUPS.ID).from(GROUPS).where(GROUPS.ORG_ID.eq(orgId), GROUPS.NAME.eq(group.name()))
                    .fetchOptional(GROUPS.ID);
        }
        return db.select(PRINCIPALS.ID).from(PRINCIPALS)
                .where(OrgPrincipalQueries.inOrg(orgId, PrincipalKind.USER), PRINCIPALS.NAME.eq(g.name())).fetchOptional(PRINCIPALS.ID);
    }

    private static NotFoundException unknownGrantee(GranteeRef g) {
        return new NotFoundException("grantee", (g instanceof GranteeRef.Group ? "no such group: " : "no such user: ") + g.name());
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.getSeconds();
    }

    private static Duration duration(Long seconds) {
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    private static ResourcePolicy toPolicy(ResourcePoliciesRecord r, List<WorkingHours> hours) {
        ZoneId zone;
        try {
            zone = ZoneId.of(r.getTimezone());
        } catch (RuntimeException e) {
            zone = ResourcePolicy.DEFAULT.timezone(); // a zone the JDK no longer knows: fall back rather than fail every read
        }
        return new ResourcePolicy(r.getCapacity(), r.getLocation(), List.of(r.getEquipment()), List.of(r.getTags()),
                AutoScheduleMode.fromDb(r.getAutoScheduleMode()), r.getRestrictedAccess(), r.getMultipleBookings(),
                duration(r.getMaxBookingDurationSeconds()), duration(r.getBookingWindowStartSeconds()),
                duration(r.getBookingWindowEndSeconds()), hours, RecurringConflicts.fromDb(r.getRecurringConflicts()), zone);
    }
}
