package io.calroom.principal.auth;

import io.calroom.principal.AccountProvisioner;
import io.calroom.principal.NewPrincipal;
import io.calroom.principal.OidcAccount;
import io.calroom.principal.Org;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.directory.GroupSource;
import io.calroom.principal.directory.GroupStore;
import io.calroom.schema.Database;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Just-in-time provisioning of a verified OIDC login ({@link OidcIdentity}), over the principal and group stores.
 *
 * <p>In one transaction: the org is found by slug (created, named after its slug, if missing); the user is found by
 * (org, {@code oidc_subject = sub}), else by name in the same org (and then linked to {@code sub}), else created with
 * its calendar home by {@link AccountProvisioner#create}. Display name, email, first and last name are updated from
 * the claims that are present; the role is set from the roles claim on every login (no mapped value means
 * {@code user}); memberships in {@code source = 'oidc'} groups are replaced by the groups claim (an absent claim means
 * none), creating such groups in the org as needed; groups managed by the admin API are never joined or left.
 * Refused, and nothing written: a name taken in another org or linked to another subject, an inactive principal.
 */
final class JitProvisioning {
    private static final Logger log = LoggerFactory.getLogger(JitProvisioning.class);
    private static final int MAX_ATTEMPTS = 3;

    private final Database database;
    private final PrincipalStore store;
    private final GroupStore groups;
    private final AccountProvisioner provisioner;

    /** Thrown inside the provisioning transaction to roll it back; carries the reason to log. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    JitProvisioning(Database database, PrincipalStore store, GroupStore groups, AccountProvisioner provisioner) {
        this.database = Objects.requireNonNull(database, "database");
        this.store = Objects.requireNonNull(store, "store");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.provisioner = Objects.requireNonNull(provisioner, "provisioner");
    }

    /** The login's principal, created or updated; empty (logged at {@code warn}) if it is refused. */
    Optional<Principal> provision(OidcIdentity id) {
        try {
            return Optional.of(provisionWithRetries(id));
        } catch (Refused r) {
            log.warn("Bearer JWT refused for subject {} of org {}: {}", JwtAuthenticator.printable(id.subject()),
                    id.orgSlug(), r.getMessage());
            return Optional.empty();
        }
    }

    private Principal provisionWithRetries(OidcIdentity id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return database.transaction(() -> provisionInTransaction(id));
            } catch (DataAccessException e) {
                // A concurrent first login of the same user or group: the retry finds the other's rows.
                if (attempt < MAX_ATTEMPTS && "23505".equals(e.sqlState())) continue;
                throw e;
            }
        }
    }

    private Principal provisionInTransaction(OidcIdentity id) {
        Org org = store.ensureOrg(id.orgSlug(), id.orgSlug());
        OidcAccount row = store.lockUserBySubject(org.id(), id.subject()).orElse(null);
        if (row == null) {
            row = store.lockUserByName(id.username()).orElse(null);
            if (row != null && row.orgId() != org.id()) {
                throw new Refused("user name '" + id.username() + "' belongs to another org");
            }
            if (row != null && row.oidcSubject() != null) {
                throw new Refused("user name '" + id.username() + "' is linked to another OIDC subject");
            }
        }
        if (row != null && !row.active()) throw new Refused("principal '" + row.name() + "' is inactive");

        String email = unclaimedEmail(store, id.email(), row == null ? null : row.id());
        Principal principal;
        if (row == null) {
            principal = provisioner.create(new NewPrincipal(org.id(), PrincipalKind.USER, id.username(),
                    "INDIVIDUAL", id.displayName(), email, id.role(), null));
            log.info("Provisioned user '{}' in org '{}' from OIDC subject {}", principal.name(), org.slug(),
                    JwtAuthenticator.printable(id.subject()));
        } else {
            Principal current = store.byId(row.id()).orElseThrow();
            String displayName = id.displayName() != null ? id.displayName() : current.displayName();
            String newEmail = email != null ? email : current.email();
            if (!Objects.equals(displayName, current.displayName()) || !Objects.equals(newEmail, current.email())
                    || id.role() != current.role()) {
                principal = store.update(new Principal(current.id(), current.uuid(), current.orgId(), current.kind(),
                        current.name(), current.calendarUserType(), displayName, newEmail, id.role(), true));
            } else {
                principal = current;
            }
            if (row.oidcSubject() == null) {
                log.info("Linked user '{}' of org '{}' to OIDC subject {}", principal.name(), org.slug(),
                        JwtAuthenticator.printable(id.subject()));
            }
        }
        String first = id.firstName() != null ? id.firstName() : row == null ? null : row.firstName();
        String last = id.lastName() != null ? id.lastName() : row == null ? null : row.lastName();
        if (row == null || !id.subject().equals(row.oidcSubject()) || !Objects.equals(first, row.firstName())
                || !Objects.equals(last, row.lastName())) {
            store.setOidcProfile(principal.id(), id.subject(), first, last);
        }
        for (String name : groups.syncMemberships(org.id(), principal.id(), id.groups(), GroupSource.OIDC)) {
            log.info("JWT group '{}' not joined: it is managed by the admin API", name);
        }
        return principal;
    }

    /** The email, unless another principal already has it as an address (then null: keep the current one). */
    private static String unclaimedEmail(PrincipalStore store, String email, Long self) {
        if (email == null) return null;
        Optional<Principal> owner = store.byAddress("mailto:" + email.toLowerCase(Locale.ROOT));
        if (owner.isPresent() && (self == null || owner.get().id() != self)) {
            log.info("JWT email {} not applied: it is the address of principal '{}'", JwtAuthenticator.printable(email),
                    owner.get().name());
            return null;
        }
        return email;
    }
}
