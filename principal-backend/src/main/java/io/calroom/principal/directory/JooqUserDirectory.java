package io.calroom.principal.directory;

import io.calroom.principal.AccountProvisioner;
import io.calroom.principal.NewPrincipal;
import io.calroom.principal.PasswordHasher;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.calroom.schema.jooq.Tables.PRINCIPALS;

/** The PostgreSQL (jOOQ) implementation of {@link UserDirectory}. */
public final class JooqUserDirectory implements UserDirectory {
    private final DSLContext db;
    private final PrincipalStore principals;
    private final AccountProvisioner accounts;
    private final PasswordHasher hasher;

    public JooqUserDirectory(DSLContext db, PrincipalStore principals, AccountProvisioner accounts, PasswordHasher hasher) {
        this.db = db;
        this.principals = principals;
        this.accounts = accounts;
        this.hasher = hasher;
    }

    @Override
    public Page<Principal> list(long orgId, UserFilter filter, int limit, int offset) {
        Page.check(limit, offset);
        List<Condition> where = new ArrayList<>();
        where.add(OrgPrincipalQueries.inOrg(orgId, PrincipalKind.USER));
        if (filter.active() != null) where.add(PRINCIPALS.ACTIVE.eq(filter.active()));
        if (filter.role() != null) where.add(PRINCIPALS.ROLE.eq(filter.role().dbValue()));
        if (filter.query() != null && !filter.query().isBlank()) {
            String like = "%" + Sql.likeLiteral(filter.query().strip()) + "%";
            where.add(PRINCIPALS.NAME.likeIgnoreCase(like, '!')
                    .or(PRINCIPALS.EMAIL.likeIgnoreCase(like, '!'))
                    .or(PRINCIPALS.DISPLAY_NAME.likeIgnoreCase(like, '!')));
        }
        Condition all = DSL.and(where);
        long total = db.fetchCount(PRINCIPALS, all);
        List<Principal> items = db.selectFrom(PRINCIPALS).where(all).orderBy(PRINCIPALS.NAME)
                .limit(limit).offset(offset).fetch(OrgPrincipalQueries::toPrincipal);
        return new Page<>(items, total, limit, offset);
    }

    @Override
    public Optional<Principal> get(long orgId, String username) {
        return OrgPrincipalQueries.byName(db, orgId, PrincipalKind.USER, username);
    }

    @Override
    public Optional<Principal> get(long orgId, long principalId) {
        return OrgPrincipalQueries.byId(db, orgId, PrincipalKind.USER, principalId);
    }

    @Override
    public Principal create(long orgId, NewUser u) {
        if (!Names.isPrincipalName(u.username())) throw new IllegalArgumentException("invalid user name");
        if (u.email() != null && !Names.isEmail(u.email())) throw new IllegalArgumentException("invalid email");
        if (OrgPrincipalQueries.nameTaken(db, PrincipalKind.USER, u.username()))
            throw new DuplicateException("username", "the user name " + u.username() + " is taken");
        if (u.email() != null && OrgPrincipalQueries.emailTaken(db, u.email(), -1))
            throw new DuplicateException("email", "the email " + u.email() + " is already in use");
        Principal created;
        try {
            created = accounts.create(new NewPrincipal(orgId, PrincipalKind.USER, u.username(),
                    "INDIVIDUAL", u.displayName(), u.email(), u.role(), u.password()));
        } catch (DataAccessException e) {
            throw duplicate(e, "username").orElseThrow(() -> e);
        }
        if (!u.active()) created = principals.update(withActive(created, false));
        return created;
    }

    @Override
    public Optional<Principal> update(long orgId, String username, UserChanges c) {
        Optional<Principal> found = get(orgId, username);
        if (found.isEmpty()) return found;
        Principal p = found.get();
        String email = c.email() == null ? p.email() : c.email().isEmpty() ? null : c.email();
        if (email != null && !Names.isEmail(email)) throw new IllegalArgumentException("invalid email");
        if (email != null && OrgPrincipalQueries.emailTaken(db, email, p.id()))
            throw new DuplicateException("email", "the email " + email + " is already in use");
        String displayName = c.displayName() == null ? p.displayName() : c.displayName().isEmpty() ? null : c.displayName();
        Principal changed = new Principal(p.id(), p.uuid(), p.orgId(), p.kind(), p.name(), p.calendarUserType(),
                displayName, email, c.role() == null ? p.role() : c.role(), c.active() == null ? p.active() : c.active());
        PrincipalStore store = principals;
        try {
            changed = store.update(changed);
        } catch (DataAccessException e) {
            throw duplicate(e, "username").orElseThrow(() -> e);
        }
        if (c.password() != null) store.setPasswordHash(p.id(), hasher.hash(c.password()));
        return Optional.of(changed);
    }

    @Override
    public Optional<Principal> delete(long orgId, String username) {
        return db.deleteFrom(PRINCIPALS).where(OrgPrincipalQueries.inOrg(orgId, PrincipalKind.USER), PRINCIPALS.NAME.eq(username))
                .returning().fetchOptional(OrgPrincipalQueries::toPrincipal);
    }

    /** Maps a unique violation on principals to a {@link DuplicateException} on the email or the name field. */
    static Optional<DuplicateException> duplicate(DataAccessException e, String nameField) {
        return Sql.uniqueViolation(e).map(constraint -> constraint.startsWith("principal_addresses")
                ? new DuplicateException("email", "the email is already in use")
                : new DuplicateException(nameField, "the name is taken"));
    }

    private static Principal withActive(Principal p, boolean active) {
        return new Principal(p.id(), p.uuid(), p.orgId(), p.kind(), p.name(), p.calendarUserType(), p.displayName(),
                p.email(), p.role(), active);
    }
}
