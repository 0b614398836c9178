package io.calroom.principal.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A service credential of an org (a row of {@code api_tokens}), without its secret.
 *
 * @param sendImip   false: writes made with this token send no iMIP e-mail (the calling program notifies itself)
 * @param lastUsedAt when it last authenticated, to the minute; null if never
 */
public record ServiceToken(long id, long orgId, String name, Set<String> scopes, boolean sendImip, Instant createdAt,
                           Instant lastUsedAt) {
    public ServiceToken {
        Objects.requireNonNull(name, "name");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
