package io.calroom.principal.directory;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.schema.jooq.tables.records.PrincipalsRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.util.Optional;

import static io.calroom.schema.jooq.Tables.PRINCIPALS;
import static io.calroom.schema.jooq.Tables.PRINCIPAL_ADDRESSES;

/** Shared principal queries of the directory, always scoped to one org. */
final class OrgPrincipalQueries {
    private OrgPrincipalQueries() {
    }

    static Condition inOrg(long orgId, PrincipalKind kind) {
        return PRINCIPALS.ORG_ID.eq(orgId).and(PRINCIPALS.KIND.eq(kind.dbValue()));
    }

    static Optional<Principal> byName(DSLContext db, long orgId, PrincipalKind kind, String name) {
        return db.selectFrom(PRINCIPALS).where(inOrg(orgId, kind), PRINCIPALS.NAME.eq(name)).fetchOptional(OrgPrincipalQueries::toPrincipal);
    }

    static Optional<Principal> byId(DSLContext db, long orgId, PrincipalKind kind, long id) {
        return db.selectFrom(PRINCIPALS).where(inOrg(orgId, kind), PRINCIPALS.ID.eq(id)).fetchOptional(OrgPrincipalQueries::toPrincipal);
    }

    /** True when any principal (of any org) other than {@code exceptId} already has this email as an address. */
    static boolean emailTaken(DSLContext db, String email, long exceptId) {
        return db.fetchExists(PRINCIPAL_ADDRESSES, PRINCIPAL_ADDRESSES.ADDRESS.eq(Names.mailto(email)),
                PRINCIPAL_ADDRESSES.PRINCIPAL_ID.ne(exceptId));
    }

    /** True when a principal of this kind has this name in any org: names are URL segments, unique per kind. */
    static boolean nameTaken(DSLContext db, PrincipalKind kind, String name) {
        return db.fetchExists(PRINCIPALS, PRINCIPALS.KIND.eq(kind.dbValue()), PRINCIPALS.NAME.eq(name));
    }

    static Principal toPrincipal(PrincipalsRecord r) {
        return new Principal(r.getId(), r.getUuid(), r.getOrgId(), PrincipalKind.fromDb(r.getKind()), r.getName(),
                r.getCalendarUserType(), r.getDisplayName(), r.getEmail(), Role.fromDb(r.getRole()), r.getActive());
    }

    static Principal toPrincipal(Record r) {
        return toPrincipal(r.into(PRINCIPALS));
    }
}
