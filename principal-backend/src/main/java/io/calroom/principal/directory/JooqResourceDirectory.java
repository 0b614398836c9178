package io.calroom.principal.directory;

import io.calroom.principal.AccountProvisioner;
import io.calroom.principal.NewPrincipal;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.Role;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.calroom.schema.jooq.Tables.PRINCIPALS;
import static io.calroom.schema.jooq.Tables.RESOURCE_POLICIES;

/** The PostgreSQL (jOOQ) implementation of {@link ResourceDirectory}. */
public final class JooqResourceDirectory implements ResourceDirectory {
    /** Resources never log in: this hasher is never asked to hash anything. */
    private final DSLContext db;
    private final PrincipalStore principalStore;
    private final ResourcePolicyStore policyStore;
    private final AccountProvisioner accounts;

    public JooqResourceDirectory(DSLContext db, PrincipalStore principalStore, ResourcePolicyStore policyStore,
                             AccountProvisioner accounts) {
        this.db = db;
        this.principalStore = principalStore;
        this.policyStore = policyStore;
        this.accounts = accounts;
    }

    @Override
    public Page<Resource> list(long orgId, ResourceFilter f, int limit, int offset) {
        Page.check(limit, offset);
        List<Condition> where = new ArrayList<>();
        where.add(OrgPrincipalQueries.inOrg(orgId, PrincipalKind.RESOURCE));
        if (f.type() != null) where.add(PRINCIPALS.CALENDAR_USER_TYPE.eq(f.type().calendarUserType()));
        if (f.active() != null) where.add(PRINCIPALS.ACTIVE.eq(f.active()));
        if (f.minCapacity() != null) where.add(RESOURCE_POLICIES.CAPACITY.ge(f.minCapacity()));
        if (f.location() != null && !f.location().isBlank())
            where.add(RESOURCE_POLICIES.LOCATION.likeIgnoreCase("%" + Sql.likeLiteral(f.location().strip()) + "%", '!'));
        if (f.tag() != null && !f.tag().isBlank())
            where.add(DSL.condition("exists (select 1 from unnest({0}) as t(tag) where lower(t.tag) = lower({1}))",
                    RESOURCE_POLICIES.TAGS, DSL.val(f.tag().strip())));
        Condition all = DSL.and(where);
        var from = PRINCIPALS.leftJoin(RESOURCE_POLICIES).on(RESOURCE_POLICIES.PRINCIPAL_ID.eq(PRINCIPALS.ID));
        long total = db.fetchCount(DSL.selectOne().from(from).where(all));
        List<Principal> principals = db.select(PRINCIPALS.fields()).from(from).where(all).orderBy(PRINCIPALS.NAME)
                .limit(limit).offset(offset).fetch(OrgPrincipalQueries::toPrincipal);
        return new Page<>(withPolicies(orgId, principals), total, limit, offset);
    }

    @Override
    public Optional<Resource> get(long orgId, String id) {
        return OrgPrincipalQueries.byName(db, orgId, PrincipalKind.RESOURCE, id).map(p -> withPolicies(orgId, List.of(p)).get(0));
    }

    @Override
    public Optional<Resource> get(long orgId, long principalId) {
        return OrgPrincipalQueries.byId(db, orgId, PrincipalKind.RESOURCE, principalId).map(p -> withPolicies(orgId, List.of(p)).get(0));
    }

    @Override
    public Resource create(long orgId, NewResource r, String resourceDomain) {
        String id = r.id() != null ? r.id() : freshId();
        if (!Names.isPrincipalName(id)) throw new IllegalArgumentException("invalid resource id");
        String email = r.email() != null ? r.email() : ResourceDirectory.defaultEmail(id, resourceDomain);
        if (!Names.isEmail(email)) throw new IllegalArgumentException("invalid email " + email);
        if (OrgPrincipalQueries.nameTaken(db, PrincipalKind.RESOURCE, id))
            throw new DuplicateException("id", "a resource with id " + id + " already exists");
        if (OrgPrincipalQueries.emailTaken(db, email, -1))
            throw new DuplicateException("email", "the email " + email + " is already in use");
        Principal p;
        try {
            p = accounts.create(new NewPrincipal(orgId, PrincipalKind.RESOURCE, id,
                    r.type().calendarUserType(), r.name(), email, Role.USER, null));
        } catch (DataAccessException e) {
            throw JooqUserDirectory.duplicate(e, "id").orElseThrow(() -> e);
        }
        if (!r.active()) p = principalStore.update(copy(p, p.displayName(), p.email(), false));
        policyStore.write(orgId, p.id(), r.policy());
        return new Resource(p, r.type(), r.policy());
    }

    @Override
    public Optional<Resource> update(long orgId, String id, ResourceChanges c, String resourceDomain) {
        Optional<Resource> found = get(orgId, id);
        if (found.isEmpty()) return found;
        Principal p = found.get().principal();
        String email = c.email() == null ? p.email() : c.email().isEmpty() ? ResourceDirectory.defaultEmail(p.name(), resourceDomain) : c.email();
        if (!Names.isEmail(email)) throw new IllegalArgumentException("invalid email " + email);
        if (OrgPrincipalQueries.emailTaken(db, email, p.id()))
            throw new DuplicateException("email", "the email " + email + " is already in use");
        try {
            principalStore.update(copy(p, c.name() == null ? p.displayName() : c.name(), email,
                    c.active() == null ? p.active() : c.active()));
        } catch (DataAccessException e) {
            throw JooqUserDirectory.duplicate(e, "id").orElseThrow(() -> e);
        }
        if (c.type() != null && c.type() != found.get().type()) {
            db.update(PRINCIPALS).set(PRINCIPALS.CALENDAR_USER_TYPE, c.type().calendarUserType())
                    .where(PRINCIPALS.ID.eq(p.id()), PRINCIPALS.ORG_ID.eq(orgId)).execute();
        }
        if (c.policy() != null) policyStore.write(orgId, p.id(), c.policy());
        return get(orgId, id);
    }

    @Override
    public Optional<Principal> delete(long orgId, String id) {
        return db.deleteFrom(PRINCIPALS).where(OrgPrincipalQueries.inOrg(orgId, PrincipalKind.RESOURCE), PRINCIPALS.NAME.eq(id))
                .returning().fetchOptional(OrgPrincipalQueries::toPrincipal);
    }

    private String freshId() {
        while (true) {
            String id = ResourceDirectory.newId();
            if (!OrgPrincipalQueries.nameTaken(db, PrincipalKind.RESOURCE, id)) return id;
        }
    }

    private List<Resource> withPolicies(long orgId, List<Principal> principals) {
        Map<Long, ResourcePolicy> policies = policyStore.readMany(orgId, principals.stream().map(Principal::id).toList());
        return principals.stream().map(p -> new Resource(p, ResourceType.fromCalendarUserType(p.calendarUserType()),
                policies.getOrDefault(p.id(), ResourcePolicy.DEFAULT))).toList();
    }

    private static Principal copy(Principal p, String displayName, String email, boolean active) {
        return new Principal(p.id(), p.uuid(), p.orgId(), p.kind(), p.name(), p.calendarUserType(), displayName, email,
                p.role(), active);
    }
}
