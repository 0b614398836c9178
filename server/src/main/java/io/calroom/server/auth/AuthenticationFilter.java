package io.calroom.server.auth;

import io.calroom.principal.PasswordAuthenticator;
import io.calroom.principal.Principal;
import io.calroom.principal.auth.AuthenticatedUser;
import io.calroom.principal.auth.JwtAuthenticator;
import io.calroom.principal.auth.ServiceTokenAuthenticator;
import io.calroom.principal.auth.ServiceTokens;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.ErrorResponder;
import io.calroom.server.dav.Hrefs;
import io.calroom.server.dav.MiltonHandlerAdapter;
import io.milton.http.Filter;
import io.milton.http.FilterChain;
import io.milton.http.Request;
import io.milton.http.Response;
import io.milton.servlet.ServletRequest;
import io.milton.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * First Milton filter of every request: refuses unusable paths (400), answers
 * {@code /.well-known/caldav} (RFC 6764 §5) without authentication, and authenticates everything
 * else up front, before any resource is looked up, so a path answers the same to a stranger
 * whether it exists or not. Any Authorization header it cannot use, whatever its scheme, is a 401.
 */
public final class AuthenticationFilter implements Filter {
    private static final Logger log = LoggerFactory.getLogger(AuthenticationFilter.class);
    private static final String CHALLENGE = "Basic realm=\"Calroom\", charset=\"UTF-8\"";
    private static final String BEARER_CHALLENGE = "Bearer realm=\"Calroom\"";

    private final PasswordAuthenticator passwords;
    private final JwtAuthenticator jwts;
    private final ServiceTokenAuthenticator serviceTokens;
    private final String baseUrl;

    /** @param jwts null when no OIDC provider is configured */
    public AuthenticationFilter(PasswordAuthenticator passwords, JwtAuthenticator jwts, ServiceTokenAuthenticator serviceTokens,
                                String baseUrl) {
        this.passwords = passwords;
        this.jwts = jwts;
        this.serviceTokens = serviceTokens;
        this.baseUrl = baseUrl == null ? "" : baseUrl;
    }

    @Override
    public void process(FilterChain chain, Request request, Response response) {
        HttpServletRequest http = ServletRequest.getRequest();
        HttpServletResponse out = ServletResponse.getResponse();
        Optional<List<String>> segments = Hrefs.segments(http.getRequestURI());
        if (segments.isEmpty()) {
            ErrorResponder.send(out, DavException.badRequest("invalid request path"));
            return;
        }
        if (segments.get().equals(List.of(".well-known", "caldav"))) {
            out.setStatus(301);
            out.setHeader("Location", baseUrl + "/");
            return;
        }
        Optional<AuthenticatedUser> user;
        try {
            user = authenticate(http.getHeader("Authorization"), http.getHeader(ServiceTokenAuthenticator.ACTING_USER_HEADER));
        } catch (org.jooq.exception.DataAccessException e) {
            log.error("authentication failed: database unavailable: {}", e.getMessage());
            ErrorResponder.send(out, new DavException(503, null, "the database is unavailable, try again shortly"));
            return;
        }
        if (user.isEmpty() || user.get().principal() == null) {
            java.util.List<java.util.Map.Entry<String, String>> challenges = jwts == null
                    ? java.util.List.of(java.util.Map.entry("WWW-Authenticate", CHALLENGE))
                    : java.util.List.of(java.util.Map.entry("WWW-Authenticate", CHALLENGE), java.util.Map.entry("WWW-Authenticate", BEARER_CHALLENGE));
            ErrorResponder.send(out, new DavException(401, null, "authentication required"), challenges);
            return;
        }
        request.getAttributes().put(MiltonHandlerAdapter.USER_ATTRIBUTE, user.get().principal());
        request.getAttributes().put(MiltonHandlerAdapter.AUTH_ATTRIBUTE, user.get());
        request.getAttributes().put(MiltonHandlerAdapter.SEGMENTS_ATTRIBUTE, segments.get());
        chain.process(request, response);
    }

    /**
     * Basic (local password), or Bearer: a service token ({@code crt_...}, acting for the user named in
     * {@value ServiceTokenAuthenticator#ACTING_USER_HEADER}) or an OIDC JWT when a provider is configured.
     */
    private Optional<AuthenticatedUser> authenticate(String header, String actingUser) {
        if (header == null) return Optional.empty();
        String h = header.trim();
        int space = h.indexOf(' ');
        if (space < 0) return Optional.empty();
        String scheme = h.substring(0, space);
        String credentials = h.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            if (credentials.startsWith("crt_")) {
                return serviceTokens.authenticate(credentials, actingUser, ServiceTokens.SCOPE_CALDAV_PROXY);
            }
            return jwts == null ? Optional.empty() : jwts.authenticate(credentials);
        }
        if (!scheme.equalsIgnoreCase("Basic")) return Optional.empty();
        return basic(credentials).map(AuthenticatedUser::password);
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
