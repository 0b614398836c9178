package io.calroom.principal.directory;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.calroom.schema.jooq.Tables.GROUPS;
import static io.calroom.schema.jooq.Tables.GROUP_MEMBERS;
import static io.calroom.schema.jooq.Tables.PRINCIPALS;

/** The PostgreSQL (jOOQ) implementation of {@link GroupStore}. */
public final class JooqGroupStore implements GroupStore {
    private static final Field<Integer> MEMBER_COUNT = DSL.field(DSL.selectCount().from(GROUP_MEMBERS)
            .where(GROUP_MEMBERS.GROUP_ID.eq(GROUPS.ID))).as("member_count");
    private final DSLContext db;

    public JooqGroupStore(DSLContext db) {
        this.db = db;
    }

    @Override
    public Group create(long orgId, String name, String displayName, GroupSource source) {
        if (!Names.isGroupName(name)) throw new IllegalArgumentException("invalid group name");
        if (get(orgId, name).isPresent()) throw new DuplicateException("name", "a group named " + name + " already exists");
        try {
            return db.insertInto(GROUPS).set(GROUPS.ORG_ID, orgId).set(GROUPS.NAME, name).set(GROUPS.DISPLAY_NAME, displayName)
                    .set(GROUPS.SOURCE, source.dbValue()).returning()
                    .fetchOne(r -> new Group(r.getId(), r.getOrgId(), r.getName(), r.getDisplayName(), source, 0));
        } catch (DataAccessException e) {
            if (Sql.uniqueViolation(e).isPresent()) throw new DuplicateException("name", "a group named " + name + " already exists");
            throw e;
        }
    }

    @Override
    public Page<Group> list(long orgId, int limit, int offset) {
        Page.check(limit, offset);
        long total = db.fetchCount(GROUPS, GROUPS.ORG_ID.eq(orgId));
        List<Group> items = db.select(GROUPS.fields()).select(MEMBER_COUNT).from(GROUPS).where(GROUPS.ORG_ID.eq(orgId))
                .orderBy(GROUPS.NAME).limit(limit).offset(offset).fetch(JooqGroupStore::toGroup);
        return new Page<>(items, total, limit, offset);
    }

    @Override
    public Optional<Group> get(long orgId, String name) {
        return db.select(GROUPS.fields()).select(MEMBER_COUNT).from(GROUPS).where(GROUPS.ORG_ID.eq(orgId), GROUPS.NAME.eq(name))
                .fetchOptional(JooqGroupStore::toGroup);
    }

    @Override
    public Optional<Group> delete(long orgId, String name) {
        Optional<Group> g = get(orgId, name);
        g.ifPresent(group -> db.deleteFrom(GROUPS).where(GROUPS.ID.eq(group.id()), GROUPS.ORG_ID.eq(orgId)).execute());
        return g;
    }

    @Override
    public boolean addMember(long orgId, long groupId, long principalId) {
        return db.insertInto(GROUP_MEMBERS, GROUP_MEMBERS.GROUP_ID, GROUP_MEMBERS.PRINCIPAL_ID)
                .select(DSL.select(GROUPS.ID, PRINCIPALS.ID).from(GROUPS, PRINCIPALS)
                        .where(GROUPS.ID.eq(groupId), GROUPS.ORG_ID.eq(orgId),
                                PRINCIPALS.ID.eq(principalId), OrgPrincipalQueries.inOrg(orgId, PrincipalKind.USER)))
                .onConflictDoNothing().execute() > 0;
    }

    @Override
    public boolean removeMember(long orgId, long groupId, long principalId) {
        return db.deleteFrom(GROUP_MEMBERS).where(GROUP_MEMBERS.GROUP_ID.eq(groupId), GROUP_MEMBERS.PRINCIPAL_ID.eq(principalId),
                GROUP_MEMBERS.GROUP_ID.in(DSL.select(GROUPS.ID).from(GROUPS).where(GROUPS.ORG_ID.eq(orgId)))).execute() > 0;
    }

    @Override
    public Page<Principal> members(long orgId, long groupId, int limit, int offset) {
        Page.check(limit, offset);
        var cond = DSL.and(GROUP_MEMBERS.GROUP_ID.eq(groupId), PRINCIPALS.ORG_ID.eq(orgId),
                GROUP_MEMBERS.GROUP_ID.in(DSL.select(GROUPS.ID).from(GROUPS).where(GROUPS.ORG_ID.eq(orgId))));
        var from = PRINCIPALS.join(GROUP_MEMBERS).on(GROUP_MEMBERS.PRINCIPAL_ID.eq(PRINCIPALS.ID));
        long total = db.fetchCount(DSL.selectOne().from(from).where(cond));
        List<Principal> items = db.select(PRINCIPALS.fields()).from(from).where(cond).orderBy(PRINCIPALS.NAME)
                .limit(limit).offset(offset).fetch(OrgPrincipalQueries::toPrincipal);
        return new Page<>(items, total, limit, offset);
    }

    @Override
    public List<Group> groupsOf(long orgId, long principalId) {
        return db.select(GROUPS.fields()).select(MEMBER_COUNT).from(GROUPS)
                .join(GROUP_MEMBERS).on(GROUP_MEMBERS.GROUP_ID.eq(GROUPS.ID))
                .where(GROUPS.ORG_ID.eq(orgId), GROUP_MEMBERS.PRINCIPAL_ID.eq(principalId))
                .orderBy(GROUPS.NAME).fetch(JooqGroupStore::toGroup);
    }

    @Override
    public List<String> syncMemberships(long orgId, long principalId, Collection<String> names, GroupSource source) {
        Set<String> wanted = names.stream().filter(Names::isGroupName)
                .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
        List<Long> wantedIds = new java.util.ArrayList<>();
        List<String> managedElsewhere = new java.util.ArrayList<>();
        if (!wanted.isEmpty()) {
            var insert = db.insertInto(GROUPS, GROUPS.ORG_ID, GROUPS.NAME, GROUPS.SOURCE);
            for (String name : wanted) insert = insert.values(orgId, name, source.dbValue());
            insert.onConflictDoNothing().execute();
            for (var g : db.select(GROUPS.ID, GROUPS.NAME, GROUPS.SOURCE).from(GROUPS)
                    .where(GROUPS.ORG_ID.eq(orgId), GROUPS.NAME.in(wanted)).fetch()) {
                if (source.dbValue().equals(g.value3())) wantedIds.add(g.value1());
                else managedElsewhere.add(g.value2());
            }
        }
        db.deleteFrom(GROUP_MEMBERS)
                .where(GROUP_MEMBERS.PRINCIPAL_ID.eq(principalId),
                        GROUP_MEMBERS.GROUP_ID.in(DSL.select(GROUPS.ID).from(GROUPS)
                                .where(GROUPS.ORG_ID.eq(orgId), GROUPS.SOURCE.eq(source.dbValue()))),
                        wantedIds.isEmpty() ? DSL.noCondition() : GROUP_MEMBERS.GROUP_ID.notIn(wantedIds))
                .execute();
        if (!wantedIds.isEmpty()) {
            var insert = db.insertInto(GROUP_MEMBERS, GROUP_MEMBERS.GROUP_ID, GROUP_MEMBERS.PRINCIPAL_ID);
            for (Long groupId : wantedIds) insert = insert.values(groupId, principalId);
            insert.onConflictDoNothing().execute();
        }
        return managedElsewhere;
    }

    private static Group toGroup(Record r) {
        return new Group(r.get(GROUPS.ID), r.get(GROUPS.ORG_ID), r.get(GROUPS.NAME), r.get(GROUPS.DISPLAY_NAME),
                GroupSource.parse(r.get(GROUPS.SOURCE)).orElse(GroupSource.ADMIN), r.get(MEMBER_COUNT));
    }
}
