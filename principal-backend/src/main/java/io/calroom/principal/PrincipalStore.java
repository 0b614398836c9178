package io.calroom.principal;

import java.util.List;
import java.util.Optional;

/** Orgs, principals and their calendar-user addresses. */
public interface PrincipalStore {
    // ---- orgs ----

    Optional<Org> orgBySlug(String slug);

    Optional<Org> orgById(long id);

    /** The org with this slug, created with {@code name} if it does not exist yet. */
    Org ensureOrg(String slug, String name);

    // ---- principals ----

    Optional<Principal> byName(PrincipalKind kind, String name);

    Optional<Principal> byId(long id);

    /**
     * Resolves a calendar-user address in any of its forms (RFC 6638 §2.4.1): {@code mailto:} and
     * {@code urn:uuid:} case-insensitively, or the principal's URL (a path or an absolute http(s) URL).
     */
    Optional<Principal> byAddress(String address);

    /** A change of one card of an org's directory address book (RFC 6578 change log, kept by triggers). */
    record DirectoryChange(String card, long revision, boolean deleted) {}

    /** The org's directory revision: the sync token of its directory address book. */
    long directoryRevision(long orgId);

    /** The cards changed after {@code revision}, oldest first. */
    List<DirectoryChange> directoryChangesSince(long orgId, long revision);

    List<Principal> inOrg(long orgId, PrincipalKind kind);

    /** The principal's addresses, the preferred {@code mailto:} first. */
    List<String> addresses(long principalId);

    /** First and last name (from OIDC claims or the admin API), either possibly null. */
    record PersonalName(String first, String last) {}

    PersonalName personalName(long principalId);

    Optional<String> passwordHash(long principalId);

    /** Creates the principal with its {@code mailto:} (if it has an email) and {@code urn:uuid:} addresses. */
    Principal create(NewPrincipal p, String passwordHash);

    /** Updates display name, email, role and active flag; re-derives the addresses. */
    Principal update(Principal p);

    // ---- OIDC logins ----

    /** The user of {@code orgId} linked to OIDC {@code subject}, its row locked until the transaction ends. */
    Optional<OidcAccount> lockUserBySubject(long orgId, String subject);

    /** The user named {@code name} in any org (names are unique), its row locked until the transaction ends. */
    Optional<OidcAccount> lockUserByName(String name);

    /** Links the principal to OIDC {@code subject} and sets its first and last name (null: none). */
    void setOidcProfile(long principalId, String subject, String firstName, String lastName);

    void setPasswordHash(long principalId, String passwordHash);
}
