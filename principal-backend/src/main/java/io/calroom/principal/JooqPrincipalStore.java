package io.calroom.principal;

import org.jooq.DSLContext;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.calroom.schema.jooq.Tables.ORGS;
import static io.calroom.schema.jooq.Tables.PRINCIPALS;
import static io.calroom.schema.jooq.Tables.PRINCIPAL_ADDRESSES;

/** The PostgreSQL (jOOQ) implementation of {@link PrincipalStore}. */
public final class JooqPrincipalStore implements PrincipalStore {
    private final DSLContext db;

    public JooqPrincipalStore(DSLContext db) {
        this.db = db;
    }

    @Override
    public Optional<Org> orgBySlug(String slug) {
        return db.selectFrom(ORGS).where(ORGS.SLUG.eq(slug)).fetchOptional(r -> new Org(r.getId(), r.getSlug(), r.getName()));
    }

    @Override
    public Optional<Org> orgById(long id) {
        return db.selectFrom(ORGS).where(ORGS.ID.eq(id)).fetchOptional(r -> new Org(r.getId(), r.getSlug(), r.getName()));
    }

    @Override
    public Org ensureOrg(String slug, String name) {
        db.insertInto(ORGS).set(ORGS.SLUG, slug).set(ORGS.NAME, name).onConflictDoNothing().execute();
        return orgBySlug(slug).orElseThrow();
    }

    @Override
    public Optional<Principal> byName(PrincipalKind kind, String name) {
        return db.selectFrom(PRINCIPALS).where(PRINCIPALS.KIND.eq(kind.dbValue()), PRINCIPALS.NAME.eq(name))
                .fetchOptional(JooqPrincipalStore::toPrincipal);
    }

    @Override
    public Optional<Principal> byId(long id) {
        return db.selectFrom(PRINCIPALS).where(PRINCIPALS.ID.eq(id)).fetchOptional(JooqPrincipalStore::toPrincipal);
    }

    @Override
    public Optional<Principal> byAddress(String address) {
        Optional<Principal> byUrl = byPrincipalUrl(address.trim());
        if (byUrl.isPresent()) return byUrl;
        return db.select(PRINCIPALS.fields()).from(PRINCIPALS)
                .join(PRINCIPAL_ADDRESSES).on(PRINCIPAL_ADDRESSES.PRINCIPAL_ID.eq(PRINCIPALS.ID))
                .where(PRINCIPAL_ADDRESSES.ADDRESS.eq(address.toLowerCase(Locale.ROOT)))
                .fetchOptional(r -> toPrincipal(r.into(PRINCIPALS)));
    }

    private Optional<Principal> byPrincipalUrl(String address) {
        String path = address;
        String lower = address.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int slash = address.indexOf('/', address.indexOf("//") + 2);
            if (slash < 0) return Optional.empty();
            path = address.substring(slash);
        }
        if (!path.startsWith("/principals/")) return Optional.empty();
        String[] parts = path.substring("/principals/".length()).split("/");
        if (parts.length != 2) return Optional.empty();
        String name = java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8);
        return PrincipalKind.fromCollection(parts[0]).flatMap(k -> byName(k, name));
    }

    @Override
    public long directoryRevision(long orgId) {
        return db.select(ORGS.DIRECTORY_REVISION).from(ORGS).where(ORGS.ID.eq(orgId)).fetchOptional(ORGS.DIRECTORY_REVISION).orElse(0L);
    }

    @Override
    public List<DirectoryChange> directoryChangesSince(long orgId, long revision) {
        var t = io.calroom.schema.jooq.Tables.DIRECTORY_CHANGES;
        return db.select(t.CARD, t.REVISION, t.DELETED).from(t).where(t.ORG_ID.eq(orgId), t.REVISION.gt(revision))
                .orderBy(t.REVISION).fetch(r -> new DirectoryChange(r.value1(), r.value2(), r.value3()));
    }

    @Override
    public List<Principal> inOrg(long orgId, PrincipalKind kind) {
        return db.selectFrom(PRINCIPALS).where(PRINCIPALS.ORG_ID.eq(orgId), PRINCIPALS.KIND.eq(kind.dbValue()))
                .orderBy(PRINCIPALS.NAME).fetch(JooqPrincipalStore::toPrincipal);
    }

    @Override
    public List<String> addresses(long principalId) {
        return db.select(PRINCIPAL_ADDRESSES.ADDRESS).from(PRINCIPAL_ADDRESSES)
                .where(PRINCIPAL_ADDRESSES.PRINCIPAL_ID.eq(principalId))
                .orderBy(PRINCIPAL_ADDRESSES.PREFERRED.desc(), PRINCIPAL_ADDRESSES.ADDRESS)
                .fetch(PRINCIPAL_ADDRESSES.ADDRESS);
    }

    @Override
    public PersonalName personalName(long principalId) {
        return db.select(PRINCIPALS.FIRST_NAME, PRINCIPALS.LAST_NAME).from(PRINCIPALS).where(PRINCIPALS.ID.eq(principalId))
                .fetchOptional(r -> new PersonalName(r.value1(), r.value2())).orElse(new PersonalName(null, null));
    }

    @Override
    public Optional<String> passwordHash(long principalId) {
        return db.select(PRINCIPALS.PASSWORD_HASH).from(PRINCIPALS).where(PRINCIPALS.ID.eq(principalId))
                .fetchOptional(PRINCIPALS.PASSWORD_HASH);
    }

    @Override
    public Principal create(NewPrincipal p, String passwordHash) {
        Principal created = db.insertInto(PRINCIPALS)
                .set(PRINCIPALS.ORG_ID, p.orgId())
                .set(PRINCIPALS.KIND, p.kind().dbValue())
                .set(PRINCIPALS.NAME, p.name())
                .set(PRINCIPALS.CALENDAR_USER_TYPE, p.calendarUserType())
                .set(PRINCIPALS.DISPLAY_NAME, p.displayName())
                .set(PRINCIPALS.EMAIL, p.email())
                .set(PRINCIPALS.ROLE, p.role().dbValue())
                .set(PRINCIPALS.PASSWORD_HASH, passwordHash)
                .returning()
                .fetchOne(JooqPrincipalStore::toPrincipal);
        writeAddresses(created);
        return created;
    }

    @Override
    public Principal update(Principal p) {
        db.update(PRINCIPALS)
                .set(PRINCIPALS.DISPLAY_NAME, p.displayName())
                .set(PRINCIPALS.EMAIL, p.email())
                .set(PRINCIPALS.ROLE, p.role().dbValue())
                .set(PRINCIPALS.ACTIVE, p.active())
                .set(PRINCIPALS.UPDATED_AT, OffsetDateTime.now())
                .where(PRINCIPALS.ID.eq(p.id()))
                .execute();
        db.deleteFrom(PRINCIPAL_ADDRESSES).where(PRINCIPAL_ADDRESSES.PRINCIPAL_ID.eq(p.id())).execute();
        writeAddresses(p);
        return byId(p.id()).orElseThrow();
    }

    @Override
    public Optional<OidcAccount> lockUserBySubject(long orgId, String subject) {
        return db.selectFrom(PRINCIPALS)
                .where(PRINCIPALS.ORG_ID.eq(orgId), PRINCIPALS.OIDC_SUBJECT.eq(subject),
                        PRINCIPALS.KIND.eq(PrincipalKind.USER.dbValue()))
                .forUpdate().fetchOptional(JooqPrincipalStore::toOidcAccount);
    }

    @Override
    public Optional<OidcAccount> lockUserByName(String name) {
        return db.selectFrom(PRINCIPALS)
                .where(PRINCIPALS.KIND.eq(PrincipalKind.USER.dbValue()), PRINCIPALS.NAME.eq(name))
                .forUpdate().fetchOptional(JooqPrincipalStore::toOidcAccount);
    }

    @Override
    public void setOidcProfile(long principalId, String subject, String firstName, String lastName) {
        db.update(PRINCIPALS)
                .set(PRINCIPALS.OIDC_SUBJECT, subject)
                .set(PRINCIPALS.FIRST_NAME, firstName)
                .set(PRINCIPALS.LAST_NAME, lastName)
                .set(PRINCIPALS.UPDATED_AT, OffsetDateTime.now())
                .where(PRINCIPALS.ID.eq(principalId))
                .execute();
    }

    private static OidcAccount toOidcAccount(io.calroom.schema.jooq.tables.records.PrincipalsRecord r) {
        return new OidcAccount(r.getId(), r.getOrgId(), r.getName(), r.getActive(), r.getOidcSubject(),
                r.getFirstName(), r.getLastName());
    }

    @Override
    public void setPasswordHash(long principalId, String passwordHash) {
        db.update(PRINCIPALS).set(PRINCIPALS.PASSWORD_HASH, passwordHash)
                .set(PRINCIPALS.UPDATED_AT, OffsetDateTime.now())
                .where(PRINCIPALS.ID.eq(principalId)).execute();
    }

    private void writeAddresses(Principal p) {
        List<String> addresses = new ArrayList<>();
        if (p.email() != null && !p.email().isBlank()) addresses.add("mailto:" + p.email().toLowerCase(Locale.ROOT));
        addresses.add("urn:uuid:" + p.uuid());
        boolean first = true;
        for (String a : addresses) {
            db.insertInto(PRINCIPAL_ADDRESSES)
                    .set(PRINCIPAL_ADDRESSES.ADDRESS, a)
                    .set(PRINCIPAL_ADDRESSES.PRINCIPAL_ID, p.id())
                    .set(PRINCIPAL_ADDRESSES.PREFERRED, first)
                    .execute();
            first = false;
        }
    }

    static Principal toPrincipal(io.calroom.schema.jooq.tables.records.PrincipalsRecord r) {
        return new Principal(r.getId(), r.getUuid(), r.getOrgId(), PrincipalKind.fromDb(r.getKind()), r.getName(),
                r.getCalendarUserType(), r.getDisplayName(), r.getEmail(), Role.fromDb(r.getRole()), r.getActive());
    }
}
