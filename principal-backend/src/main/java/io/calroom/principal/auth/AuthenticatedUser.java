package io.calroom.principal.auth;

import io.calroom.principal.Principal;
import io.calroom.principal.Role;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a request acts as, after authentication.
 *
 * <p>Two shapes exist:
 * <ul>
 *   <li><b>A principal</b> ({@link #principal()} non-null): a user who logged in with a password or a JWT, or a user a
 *       service token acts for ({@code X-Calroom-Acting-User}). {@link #orgId()} is the principal's org.</li>
 *   <li><b>A service account</b> ({@link #principal()} null, {@link #isServiceAccount()} true): a service token with
 *       the {@code admin} scope used without an acting user, on the admin API only. It has no calendar home and no
 *       calendar-user address; it is an org-admin of {@link #orgId()} and of nothing else.</li>
 * </ul>
 *
 * <p>{@link #role()} is the <em>effective</em> role, the one to authorize with (not {@code principal().role()}):
 * for a password or JWT login it is the principal's role; through a service token it is capped at
 * {@link Role#ORG_ADMIN}, since a token belongs to one org and can never carry more power than that org's admin.
 *
 * @param principal      the user acted as, or null for a service account
 * @param method         how the credential was checked
 * @param serviceTokenId the {@code api_tokens.id} used, for {@link AuthMethod#SERVICE_TOKEN} only, else null
 * @param sendImip       false when the service token asked that no iMIP e-mail be sent for its writes
 * @param orgId          the org the request is confined to
 * @param role           the effective role
 */
public record AuthenticatedUser(Principal principal, AuthMethod method, Long serviceTokenId, boolean sendImip,
                                long orgId, Role role) {

    public AuthenticatedUser {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(role, "role");
        if ((method == AuthMethod.SERVICE_TOKEN) != (serviceTokenId != null)) {
            throw new IllegalArgumentException("serviceTokenId is required for, and only for, SERVICE_TOKEN");
        }
        if (principal == null) {
            if (method != AuthMethod.SERVICE_TOKEN || role != Role.ORG_ADMIN) {
                throw new IllegalArgumentException("only a service token may act without a principal, as org-admin");
            }
        } else {
            if (principal.orgId() != orgId) throw new IllegalArgumentException("orgId differs from the principal's org");
            if (method != AuthMethod.SERVICE_TOKEN && role != principal.role()) {
                throw new IllegalArgumentException("role differs from the principal's role");
            }
        }
    }

    /** A principal that logged in itself; org and role are the principal's. */
    public AuthenticatedUser(Principal principal, AuthMethod method, Long serviceTokenId, boolean sendImip) {
        this(Objects.requireNonNull(principal, "principal"), method, serviceTokenId, sendImip, principal.orgId(),
                method == AuthMethod.SERVICE_TOKEN ? capped(principal.role()) : principal.role());
    }

    public static AuthenticatedUser password(Principal principal) {
        return new AuthenticatedUser(principal, AuthMethod.PASSWORD, null, true);
    }

    public static AuthenticatedUser jwt(Principal principal) {
        return new AuthenticatedUser(principal, AuthMethod.JWT, null, true);
    }

    /** A service token acting for {@code principal} (which must be in the token's org; the caller checks). */
    public static AuthenticatedUser serviceTokenActingAs(Principal principal, ServiceToken token) {
        if (principal.orgId() != token.orgId()) throw new IllegalArgumentException("acting user outside the token's org");
        return new AuthenticatedUser(principal, AuthMethod.SERVICE_TOKEN, token.id(), token.sendImip());
    }

    /** A service token without an acting user: an org-admin of the token's org, with no principal. */
    public static AuthenticatedUser serviceAccount(ServiceToken token) {
        return new AuthenticatedUser(null, AuthMethod.SERVICE_TOKEN, token.id(), token.sendImip(), token.orgId(),
                Role.ORG_ADMIN);
    }

    /** True for a service token used without an acting user ({@link #principal()} is null). */
    public boolean isServiceAccount() {
        return principal == null;
    }

    public Optional<Principal> principalIfAny() {
        return Optional.ofNullable(principal);
    }

    /** For logs and audit: the principal name, or {@code service-token:<id>}. */
    public String label() {
        return principal != null ? principal.name() : "service-token:" + serviceTokenId;
    }

    private static Role capped(Role role) {
        return role == Role.SUPER_ADMIN ? Role.ORG_ADMIN : role;
    }
}
