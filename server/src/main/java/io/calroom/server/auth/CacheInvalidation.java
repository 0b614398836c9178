package io.calroom.server.auth;

import io.calroom.admin.DirectoryChangeListener;
import io.calroom.principal.PasswordAuthenticator;
import io.calroom.principal.CachedPrincipalLookups;
import io.calroom.principal.auth.JwtAuthenticator;
import io.calroom.principal.auth.ServiceTokens;

/**
 * Makes the server's caches forget what the admin API just changed: principal lookups, verified
 * passwords, verified JWTs and service tokens. (Other server processes converge within the
 * caches' expiry.)
 */
public final class CacheInvalidation implements DirectoryChangeListener {
    private final CachedPrincipalLookups directory;
    private final PasswordAuthenticator passwords;
    private final JwtAuthenticator jwts;
    private final ServiceTokens serviceTokens;

    /** @param jwts null when no OIDC provider is configured */
    public CacheInvalidation(CachedPrincipalLookups directory, PasswordAuthenticator passwords, JwtAuthenticator jwts,
                             ServiceTokens serviceTokens) {
        this.directory = directory;
        this.passwords = passwords;
        this.jwts = jwts;
        this.serviceTokens = serviceTokens;
    }

    @Override
    public void orgChanged(long orgId) {
        directory.invalidateAll();
        if (jwts != null) jwts.invalidateAll();
        serviceTokens.invalidateAll();
    }

    @Override
    public void principalChanged(long principalId, String name) {
        directory.invalidate(principalId);
        passwords.invalidate(name);
        if (jwts != null) jwts.invalidate(principalId);
    }

    @Override
    public void serviceTokenRevoked(long tokenId, String tokenHash) {
        serviceTokens.revoked(tokenId);
    }
}
