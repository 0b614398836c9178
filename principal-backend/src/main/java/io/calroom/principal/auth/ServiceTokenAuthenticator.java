package io.calroom.principal.auth;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates a request made with a service token, for a user named in {@code X-Calroom-Acting-User}.
 *
 * <p>The token must exist and carry {@code requiredScope}. With an acting user, that user must exist, be an active
 * user (not a room or resource) and belong to the token's org; the result is that user, with the token's id and
 * {@code sendImip}, and an effective role capped at org-admin. Without an acting user (null or blank), only the
 * {@link ServiceTokens#SCOPE_ADMIN admin} scope is served: the result is a service account, {@link
 * AuthenticatedUser#serviceAccount} (no principal, org-admin of the token's org). Anything else gives empty and one
 * {@code info} log line (never the token).
 */
public final class ServiceTokenAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(ServiceTokenAuthenticator.class);
    public static final String ACTING_USER_HEADER = "X-Calroom-Acting-User";

    private final ServiceTokens tokens;
    private final PrincipalStore principals;

    public ServiceTokenAuthenticator(ServiceTokens tokens, PrincipalStore principals) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.principals = Objects.requireNonNull(principals, "principals");
    }

    /**
     * @param clearToken    the bearer token ({@code crt_...})
     * @param actingUser    the {@code X-Calroom-Acting-User} header value, or null
     * @param requiredScope the scope the endpoint needs, e.g. {@link ServiceTokens#SCOPE_CALDAV_PROXY}
     */
    public Optional<AuthenticatedUser> authenticate(String clearToken, String actingUser, String requiredScope) {
        Objects.requireNonNull(requiredScope, "requiredScope");
        Optional<ServiceToken> found = tokens.verify(clearToken);
        if (found.isEmpty()) return rejected("unknown service token");
        ServiceToken token = found.get();
        if (!token.hasScope(requiredScope)) {
            return rejected("service token " + token.id() + " lacks the scope '" + requiredScope + "'");
        }
        if (actingUser == null || actingUser.isBlank()) {
            if (ServiceTokens.SCOPE_ADMIN.equals(requiredScope)) return Optional.of(AuthenticatedUser.serviceAccount(token));
            return rejected("service token " + token.id() + " used without " + ACTING_USER_HEADER);
        }
        String name = actingUser.strip();
        Optional<Principal> user = principals.byName(PrincipalKind.USER, name);
        if (user.isEmpty()) {
            return rejected("service token " + token.id() + ": no user '" + JwtAuthenticator.printable(name) + "'");
        }
        Principal p = user.get();
        if (p.orgId() != token.orgId()) {
            return rejected("service token " + token.id() + ": user '" + p.name() + "' is not in the token's org");
        }
        if (!p.active()) return rejected("service token " + token.id() + ": user '" + p.name() + "' is inactive");
        return Optional.of(AuthenticatedUser.serviceTokenActingAs(p, token));
    }

    private static Optional<AuthenticatedUser> rejected(String reason) {
        log.info("Service token rejected: {}", reason);
        return Optional.empty();
    }
}
