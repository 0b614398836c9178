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

/** Orgs, principals and their calendar-user addresses. Bound to one {@link DSLContext}. */
public final class PrincipalStore {
    private final DSLContext db;

    public PrincipalStore(DSLContext db) {
        this.db = db;
    }

    // ---- orgs ----

    public Optional<Org> orgBySlug(String slug) {
        return db.selectFrom(ORGS).where(ORGS.SLUG.eq(slug)).fetchOptional(r -> new Org(r.getId(), r.getSlug(), r.getName()));
    }

    public Optional<Org> orgById(long id) {
        return db.selectFrom(ORGS).where(ORGS.ID.eq(id)).fetchOptional(r -> new Org(r.getId(), r.getSlug(), r.getName()));
    }

    /** The org with this slug, created with {@code name} if it does not exist yet. */
    public Org ensureOrg(String slug, String name) {
        db.insertInto(ORGS).set(ORGS.SLUG, slug).set(ORGS.NAME, name).onConflictDoNothing().execute();
        return orgBySlug(slug).orElseThrow();
    }

    // ---- principals ----

    public Optional<Principal> byName(PrincipalKind kind, String name) {
        return db.selectFrom(PRINCIPALS).where(PRINCIPALS.KIND.eq(kind.dbValue()), PRINCIPALS.NAME.eq(name))
                .fetchOptional(PrincipalStore::toPrincipal);
    }

    public Optional<Principal> byId(long id) {
        return db.selectFrom(PRINCIPALS).where(PRINCIPALS.ID.eq(id)).fetchOptional(PrincipalStore::toPrincipal);
    }

    /**
     * Resolves a calendar-user address in any of its forms (RFC 6638 §2.4.1): {@code mailto:} and
     * {@code urn:uuid:} case-insensitively, or the principal's URL (a path or an absolute http(s) URL).
     */
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

    /** A change of one card of an org's directory address book (RFC 6578 change log, kept by triggers). */
    public record DirectoryChange(String card, long revision, boolean deleted) {}

    /** The org's directory revision: the sync token of its directory address book. */
    public long directoryRevision(long orgId) {
        return db.select(ORGS.DIRECTORY_REVISION).from(ORGS).where(ORGS.ID.eq(orgId)).fetchOptional(ORGS.DIRECTORY_REVISION).orElse(0L);
    }

    /** The cards changed after {@code revision}, oldest first. */
    public List<DirectoryChange> directoryChangesSince(long orgId, long revision) {
        var t = io.calroom.schema.jooq.Tables.DIRECTORY_CHANGES;
        return db.select(t.CARD, t.REVISION, t.DELETED).from(t).where(t.ORG_ID.eq(orgId), t.REVISION.gt(revision))
                .orderBy(t.REVISION).fetch(r -> new DirectoryChange(r.value1(), r.value2(), r.value3()));
    }

    public List<Principal> inOrg(long orgId, PrincipalKind kind) {
        return db.selectFrom(PRINCIPALS).where(PRINCIPALS.ORG_ID.eq(orgId), PRINCIPALS.KIND.eq(kind.dbValue()))
                .orderBy(PRINCIPALS.NAME).fetch(PrincipalStore::toPrincipal);
    }

    /** The principal's addresses, the preferred {@code mailto:} first. */
    public List<String> addresses(long principalId) {
        return db.select(PRINCIPAL_ADDRESSES.ADDRESS).from(PRINCIPAL_ADDRESSES)
                .where(PRINCIPAL_ADDRESSES.PRINCIPAL_ID.eq(principalId))
                .orderBy(PRINCIPAL_ADDRESSES.PREFERRED.desc(), PRINCIPAL_ADDRESSES.ADDRESS)
                .fetch(PRINCIPAL_ADDRESSES.ADDRESS);
    }

    /** First and last name (from OIDC claims or the admin API), either possibly null. */
    public record PersonalName(String first, String last) {}

    public PersonalName personalName(long principalId) {
        return db.select(PRINCIPALS.FIRST_NAME, PRINCIPALS.LAST_NAME).from(PRINCIPALS).where(PRINCIPALS.ID.eq(principalId))
                .fetchOptional(r -> new PersonalName(r.value1(), r.value2())).orElse(new PersonalName(null, null));
    }

    public Optional<String> passwordHash(long principalId) {
        return db.select(PRINCIPALS.PASSWORD_HASH).from(PRINCIPALS).where(PRINCIPALS.ID.eq(principalId))
                .fetchOptional(PRINCIPALS.PASSWORD_HASH);
    }

    /** Creates the principal with its {@code mailto:} (if it has an email) and {@code urn:uuid:} addresses. */
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
                .fetchOne(PrincipalStore::toPrincipal);
        writeAddresses(created);
        return created;
    }

    /** Updates display name, email, role and active flag; re-derives the addresses. */
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

    // ---- OIDC logins ----

    /** The user of {@code orgId} linked to OIDC {@code subject}, its row locked until the transaction ends. */
    public Optional<OidcAccount> lockUserBySubject(long orgId, String subject) {
        return db.selectFrom(PRINCIPALS)
                .where(PRINCIPALS.ORG_ID.eq(orgId), PRINCIPALS.OIDC_SUBJECT.eq(subject),
                        PRINCIPALS.KIND.eq(PrincipalKind.USER.dbValue()))
                .forUpdate().fetchOptional(PrincipalStore::toOidcAccount);
    }

    /** The user named {@code name} in any org (names are unique), its row locked until the transaction ends. */
    public Optional<OidcAccount> lockUserByName(String name) {
        return db.selectFrom(PRINCIPALS)
                .where(PRINCIPALS.KIND.eq(PrincipalKind.USER.dbValue()), PRINCIPALS.NAME.eq(name))
                .forUpdate().fetchOptional(PrincipalStore::toOidcAccount);
    }

    /** Links the principal to OIDC {@code subject} and sets its first and last name (null: none). */
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
