package io.calroom.server.auth;

import io.calroom.principal.PasswordAuthenticator;
import io.calroom.principal.Principal;
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

    private final PasswordAuthenticator passwords;
    private final String baseUrl;

    public AuthenticationFilter(PasswordAuthenticator passwords, String baseUrl) {
        this.passwords = passwords;
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
        Optional<Principal> user;
        try {
            user = authenticate(http.getHeader("Authorization"));
        } catch (org.jooq.exception.DataAccessException e) {
            log.error("authentication failed: database unavailable: {}", e.getMessage());
            ErrorResponder.send(out, new DavException(503, null, "the database is unavailable, try again shortly"));
            return;
        }
        if (user.isEmpty()) {
            ErrorResponder.send(out, new DavException(401, null, "authentication required"),
                    java.util.Map.of("WWW-Authenticate", CHALLENGE));
            return;
        }
        request.getAttributes().put(MiltonHandlerAdapter.USER_ATTRIBUTE, user.get());
        request.getAttributes().put(MiltonHandlerAdapter.SEGMENTS_ATTRIBUTE, segments.get());
        chain.process(request, response);
    }

    private Optional<Principal> authenticate(String header) {
        if (header == null) return Optional.empty();
        String h = header.trim();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).equalsIgnoreCase("Basic")) return Optional.empty();
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(space + 1).trim()), StandardCharsets.UTF_8);
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
