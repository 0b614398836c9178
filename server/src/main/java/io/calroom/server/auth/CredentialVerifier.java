package io.calroom.server.auth;

import io.calroom.principal.PasswordAuthenticator;
import io.calroom.principal.Principal;
import io.calroom.principal.auth.AuthenticatedUser;
import io.calroom.principal.auth.JwtAuthenticator;
import io.calroom.principal.auth.ServiceTokenAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Verifies an Authorization header for CalDAV and the admin API alike: Basic (local password), or
 * Bearer — a service token ({@code crt_...}, acting for the user named in
 * {@value ServiceTokenAuthenticator#ACTING_USER_HEADER}) or an OIDC JWT when a provider is
 * configured. Anything else, whatever its scheme, is simply not authenticated (a 401, never a 500).
 */
public final class CredentialVerifier {
    private static final Logger log = LoggerFactory.getLogger(CredentialVerifier.class);
    private final PasswordAuthenticator passwords;
    private final JwtAuthenticator jwts;
    private final ServiceTokenAuthenticator serviceTokens;

    /** @param jwts null when no OIDC provider is configured */
    public CredentialVerifier(PasswordAuthenticator passwords, JwtAuthenticator jwts, ServiceTokenAuthenticator serviceTokens) {
        this.passwords = passwords;
        this.jwts = jwts;
        this.serviceTokens = serviceTokens;
    }

    public boolean bearerJwtEnabled() {
        return jwts != null;
    }

    /** @param requiredScope the service-token scope this endpoint needs */
    public Optional<AuthenticatedUser> verify(String header, String actingUser, String requiredScope) {
        if (header == null) return Optional.empty();
        String h = header.trim();
        int space = h.indexOf(' ');
        if (space < 0) return Optional.empty();
        String scheme = h.substring(0, space);
        String credentials = h.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            if (credentials.startsWith("crt_")) return serviceTokens.authenticate(credentials, actingUser, requiredScope);
            return jwts == null ? Optional.empty() : jwts.authenticate(credentials);
        }
        if (!scheme.equalsIgnoreCase("Basic")) return Optional.empty();
        return basic(credentials).map(AuthenticatedUser::password);
    }

    /** The account name a Basic header names (null for other schemes): what throttling counts failures by. */
    public static String accountOf(String header) {
        if (header == null) return null;
        String h = header.trim();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).equalsIgnoreCase("Basic")) return null;
        try {
            String decoded = new String(Base64.getDecoder().decode(h.substring(space + 1).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Optional<Principal> basic(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return Optional.empty();
        String user = decoded.substring(0, colon);
        Optional<Principal> principal = passwords.authenticate(user, decoded.substring(colon + 1));
        if (principal.isEmpty()) log.info("failed Basic authentication for user '{}'", user);
        return principal;
    }
}
