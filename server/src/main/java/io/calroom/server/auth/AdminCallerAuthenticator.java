package io.calroom.server.auth;

import io.calroom.admin.AdminAuthenticator;
import io.calroom.admin.Caller;
import io.calroom.admin.LoginThrottledException;
import io.calroom.principal.auth.AuthenticatedUser;
import io.calroom.principal.auth.ServiceTokenAuthenticator;
import io.calroom.principal.auth.ServiceTokens;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who calls the admin API: the same credentials as CalDAV (Basic, OIDC JWT, service token); a
 * service token with the {@code admin} scope and no acting user acts as its org's admin. Failed
 * attempts count in the same {@link LoginThrottle} as CalDAV's, so guessing cannot move to the
 * admin API to escape it.
 */
public final class AdminCallerAuthenticator implements AdminAuthenticator {
    private final CredentialVerifier credentials;
    private final LoginThrottle throttle;

    public AdminCallerAuthenticator(CredentialVerifier credentials, LoginThrottle throttle) {
        this.credentials = credentials;
        this.throttle = throttle;
    }

    @Override
    public Optional<Caller> authenticate(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        String account = CredentialVerifier.accountOf(authorization);
        String address = request.getRemoteAddr();
        if (authorization != null) {
            OptionalLong wait = throttle.retryAfterSeconds(account, address);
            if (wait.isPresent()) throw new LoginThrottledException(wait.getAsLong());
        }
        Optional<AuthenticatedUser> user = credentials.verify(authorization,
                request.getHeader(ServiceTokenAuthenticator.ACTING_USER_HEADER), ServiceTokens.SCOPE_ADMIN);
        if (authorization != null) {
            if (user.isEmpty()) throttle.failed(account, address);
            else throttle.succeeded(account, address);
        }
        return user.map(u -> new Caller(u.principal() == null ? null : u.principal().id(), u.orgId(), u.role()));
    }
}
