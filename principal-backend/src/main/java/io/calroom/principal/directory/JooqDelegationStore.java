package io.calroom.principal.directory;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalStore;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import static io.calroom.schema.jooq.Tables.GROUP_MEMBERS;
import static io.calroom.schema.jooq.Tables.PRINCIPALS;
import static io.calroom.schema.jooq.Tables.RESOURCE_ACCESS;

/** The PostgreSQL (jOOQ) implementation of {@link DelegationStore}. */
public final class JooqDelegationStore implements DelegationStore {
    private final DSLContext db;

    private final PrincipalStore principals;

    public JooqDelegationStore(DSLContext db, PrincipalStore principals) {
        this.db = db;
        this.principals = principals;
    }

    private static AccessKind kind(boolean write) {
        return write ? AccessKind.MANAGER_READ_WRITE : AccessKind.MANAGER_READ;
    }

    @Override
    public List<Principal> delegates(long principalId, boolean write) {
        var owner = PRINCIPALS.as("o");
        return db.select(PRINCIPALS.ID).from(RESOURCE_ACCESS)
                .join(PRINCIPALS).on(PRINCIPALS.ID.eq(RESOURCE_ACCESS.GRANTEE_PRINCIPAL))
                .join(owner).on(owner.ID.eq(RESOURCE_ACCESS.RESOURCE_ID), owner.ORG_ID.eq(PRINCIPALS.ORG_ID))
                .where(RESOURCE_ACCESS.RESOURCE_ID.eq(principalId), RESOURCE_ACCESS.KIND.eq(kind(write).dbValue()))
                .orderBy(PRINCIPALS.NAME)
                .fetch(PRINCIPALS.ID).stream()
                .map(id -> principals.byId(id).orElseThrow()).toList();
    }

    @Override
    public List<Principal> delegators(long delegateId, boolean write) {
        var grantee = PRINCIPALS.as("g");
        return db.selectDistinct(PRINCIPALS.ID, PRINCIPALS.NAME).from(RESOURCE_ACCESS)
                .join(PRINCIPALS).on(PRINCIPALS.ID.eq(RESOURCE_ACCESS.RESOURCE_ID))
                .join(grantee).on(grantee.ID.eq(delegateId), grantee.ORG_ID.eq(PRINCIPALS.ORG_ID))
                .where(RESOURCE_ACCESS.KIND.eq(kind(write).dbValue()),
                        RESOURCE_ACCESS.GRANTEE_PRINCIPAL.eq(delegateId).or(RESOURCE_ACCESS.GRANTEE_GROUP.in(
                                DSL.select(GROUP_MEMBERS.GROUP_ID).from(GROUP_MEMBERS).where(GROUP_MEMBERS.PRINCIPAL_ID.eq(delegateId)))))
                .orderBy(PRINCIPALS.NAME)
                .fetch(PRINCIPALS.ID).stream()
                .map(id -> principals.byId(id).orElseThrow()).toList();
    }

    @Override
    public void replaceDelegates(Principal principal, boolean write, List<Principal> delegates) {
        for (Principal d : delegates) {
            if (d.orgId() != principal.orgId()) throw new IllegalArgumentException(d.name() + " is not in the same org");
        }
        db.deleteFrom(RESOURCE_ACCESS).where(RESOURCE_ACCESS.RESOURCE_ID.eq(principal.id()),
                RESOURCE_ACCESS.KIND.eq(kind(write).dbValue()), RESOURCE_ACCESS.GRANTEE_PRINCIPAL.isNotNull()).execute();
        List<Long> ids = new ArrayList<>(new LinkedHashSet<>(delegates.stream().map(Principal::id).toList()));
        if (ids.isEmpty()) return;
        db.deleteFrom(RESOURCE_ACCESS).where(RESOURCE_ACCESS.RESOURCE_ID.eq(principal.id()),
                RESOURCE_ACCESS.KIND.eq(kind(!write).dbValue()), RESOURCE_ACCESS.GRANTEE_PRINCIPAL.in(ids)).execute();
        for (Long id : ids) {
            db.insertInto(RESOURCE_ACCESS)
                    .set(RESOURCE_ACCESS.RESOURCE_ID, principal.id())
                    .set(RESOURCE_ACCESS.KIND, kind(write).dbValue())
                    .set(RESOURCE_ACCESS.GRANTEE_PRINCIPAL, id)
                    .onConflictDoNothing().execute();
        }
    }
}
