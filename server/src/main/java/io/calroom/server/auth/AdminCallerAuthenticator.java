package io.calroom.server.auth;

import io.calroom.admin.AdminAuthenticator;
import io.calroom.admin.Caller;
import io.calroom.principal.auth.ServiceTokenAuthenticator;
import io.calroom.principal.auth.ServiceTokens;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Who calls the admin API: the same credentials as CalDAV (Basic, OIDC JWT, service token); a
 * service token with the {@code admin} scope and no acting user acts as its org's admin.
 */
public final class AdminCallerAuthenticator implements AdminAuthenticator {
    private final CredentialVerifier credentials;

    public AdminCallerAuthenticator(CredentialVerifier credentials) {
        this.credentials = credentials;
    }

    @Override
    public Optional<Caller> authenticate(HttpServletRequest request) {
        return credentials.verify(request.getHeader("Authorization"), request.getHeader(ServiceTokenAuthenticator.ACTING_USER_HEADER),
                        ServiceTokens.SCOPE_ADMIN)
                .map(u -> new Caller(u.principal() == null ? null : u.principal().id(), u.orgId(), u.role()));
    }
}
