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

/**
 * Delegation (CalendarServer calendar-proxy) over the same grants as resource managers: a write
 * proxy of a principal is a {@link AccessKind#MANAGER_READ_WRITE} grantee, a read proxy a
 * {@link AccessKind#MANAGER_READ} one, whether the grant was made through the admin API or by
 * PROPPATCH of a proxy group. Grants never cross orgs: every query joins both principals' org.
 */
public final class DelegationStore {
    private final DSLContext db;

    private final PrincipalStore principals;

    public DelegationStore(DSLContext db, PrincipalStore principals) {
        this.db = db;
        this.principals = principals;
    }

    private static AccessKind kind(boolean write) {
        return write ? AccessKind.MANAGER_READ_WRITE : AccessKind.MANAGER_READ;
    }

    /** The people granted directly as read or write proxies of the principal (the proxy group's members). */
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

    /** The principals for which this one is a read or write proxy, directly or through a group. */
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

    /**
     * Makes exactly these principals the read or write proxies of {@code principalId} (person
     * grants only; group grants made through the admin API stay). A principal is either a read or
     * a write proxy, so joining one list leaves the other. All must be in the principal's org.
     */
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
