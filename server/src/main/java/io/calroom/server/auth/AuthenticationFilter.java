package io.calroom.server.auth;

import io.calroom.principal.auth.AuthenticatedUser;
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

    private final CredentialVerifier credentials;
    private final LoginThrottle throttle;
    private final String baseUrl;

    public AuthenticationFilter(CredentialVerifier credentials, LoginThrottle throttle, String baseUrl) {
        this.credentials = credentials;
        this.throttle = throttle;
        this.baseUrl = baseUrl == null ? "" : baseUrl;
    }

    @Override
    public void process(FilterChain chain, Request request, Response response) {
        HttpServletRequest http = ServletRequest.getRequest();
        HttpServletResponse out = ServletResponse.getResponse();
        Optional<List<String>> segments = Hrefs.segments(http.getRequestURI());
        if (segments.isEmpty()) {
            ErrorResponder.send(http, out, DavException.badRequest("invalid request path"));
            return;
        }
        if (segments.get().equals(List.of(".well-known", "caldav")) || segments.get().equals(List.of(".well-known", "carddav"))) {
            out.setStatus(301);
            out.setHeader("Location", baseUrl + "/");
            return;
        }
        String authorization = http.getHeader("Authorization");
        String account = CredentialVerifier.accountOf(authorization);
        String address = http.getRemoteAddr();
        if (authorization != null) {
            java.util.OptionalLong wait = throttle.retryAfterSeconds(account, address);
            if (wait.isPresent()) {
                ErrorResponder.send(http, out, new DavException(429, null, "too many failed attempts, try again later"),
                        java.util.List.of(java.util.Map.entry("Retry-After", Long.toString(wait.getAsLong()))));
                return;
            }
        }
        Optional<AuthenticatedUser> user;
        try {
            user = credentials.verify(http.getHeader("Authorization"), http.getHeader(ServiceTokenAuthenticator.ACTING_USER_HEADER),
                    ServiceTokens.SCOPE_CALDAV_PROXY);
        } catch (org.jooq.exception.DataAccessException e) {
            log.error("authentication failed: database unavailable: {}", e.getMessage());
            ErrorResponder.send(http, out, new DavException(503, null, "the database is unavailable, try again shortly"));
            return;
        }
        if (authorization != null) {
            if (user.isEmpty()) throttle.failed(account, address);
            else throttle.succeeded(account, address);
        }
        if (user.isEmpty() || user.get().principal() == null) {
            java.util.List<java.util.Map.Entry<String, String>> challenges = new java.util.ArrayList<>();
            challenges.add(java.util.Map.entry("WWW-Authenticate", CHALLENGE));
            if (credentials.bearerJwtEnabled()) challenges.add(java.util.Map.entry("WWW-Authenticate", BEARER_CHALLENGE));
            ErrorResponder.send(http, out, new DavException(401, null, "authentication required"), challenges);
            return;
        }
        request.getAttributes().put(MiltonHandlerAdapter.USER_ATTRIBUTE, user.get().principal());
        request.getAttributes().put(MiltonHandlerAdapter.AUTH_ATTRIBUTE, user.get());
        request.getAttributes().put(MiltonHandlerAdapter.SEGMENTS_ATTRIBUTE, segments.get());
        chain.process(request, response);
    }
}
