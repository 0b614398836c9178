package io.calroom.server.dav;

import io.calroom.principal.Principal;
import io.calroom.principal.auth.AuthenticatedUser;
import io.milton.http.Handler;
import io.milton.http.HttpManager;
import io.milton.http.Request;
import io.milton.http.Response;
import io.milton.resource.Resource;
import io.milton.servlet.ServletRequest;
import io.milton.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * Plugs one of our {@link DavMethod}s into Milton's method dispatch, and turns every failure into
 * the right response: refusals as the RFC says, a lost database as 503, anything else as a logged
 * 500 without details.
 */
public final class MiltonHandlerAdapter implements Handler {
    public static final String USER_ATTRIBUTE = "calroom.user";
    public static final String SEGMENTS_ATTRIBUTE = "calroom.segments";
    /** How the caller authenticated (io.calroom.principal.auth.AuthenticatedUser). */
    public static final String AUTH_ATTRIBUTE = "calroom.auth";
    private static final Logger log = LoggerFactory.getLogger(MiltonHandlerAdapter.class);

    /** Methods that change the calendar home they address (RFC 3744 DAV:write and its parts). */
    private static final java.util.Set<String> WRITE_METHODS = java.util.Set.of("PUT", "DELETE", "PROPPATCH", "MKCALENDAR",
            "MKCOL", "COPY", "MOVE");

    private final DavMethod method;
    private final DavServices services;

    public MiltonHandlerAdapter(DavMethod method, DavServices services) {
        this.method = method;
        this.services = services;
    }

    @Override
    public String[] getMethods() {
        return new String[]{method.name()};
    }

    @Override
    public boolean isCompatible(Resource res) {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(HttpManager manager, Request request, Response response) {
        HttpServletResponse http = ServletResponse.getResponse();
        Principal user = (Principal) request.getAttributes().get(USER_ATTRIBUTE);
        List<String> segments = (List<String>) request.getAttributes().get(SEGMENTS_ATTRIBUTE);
        AuthenticatedUser auth = (AuthenticatedUser) request.getAttributes().get(AUTH_ATTRIBUTE);
        DavRequest dav = new DavRequest(ServletRequest.getRequest(), http, user, auth, segments, services);
        try {
            if (WRITE_METHODS.contains(method.name()) && user != null
                    && services.tree().readOnly(segments, user)) {
                throw DavException.forbidden(io.calroom.server.dav.xml.Ns.dav("need-privileges"),
                        "read-only access: " + method.name() + " is not allowed here");
            }
            method.handle(dav);
        } catch (DavException e) {
            if (e.status() >= 500) log.warn("{} {} failed: {}", method.name(), dav.segments(), e.getMessage());
            else log.debug("{} {} refused with {}: {}", method.name(), dav.segments(), e.status(), e.getMessage());
            ErrorResponder.send(ServletRequest.getRequest(), http, e);
        } catch (DataAccessException e) {
            if (!DatabaseFailures.isUnavailable(e)) {
                log.error("{} {} by {} failed in the database", method.name(), dav.segments(), name(user), e);
                ErrorResponder.send(ServletRequest.getRequest(), http, new DavException(500, null, "internal error"));
            } else {
                log.error("{} {} by {}: database unavailable: {}", method.name(), dav.segments(), name(user), e.getMessage());
                ErrorResponder.send(ServletRequest.getRequest(), http, new DavException(503, null, "the database is unavailable, try again shortly"));
            }
        } catch (RuntimeException e) {
            log.error("{} {} by {} failed", method.name(), dav.segments(), name(user), e);
            ErrorResponder.send(ServletRequest.getRequest(), http, new DavException(500, null, "internal error"));
        }
        try {
            if (!http.isCommitted()) http.flushBuffer();
        } catch (IOException ignored) {
            // client gone
        }
    }

    private static String name(Principal user) {
        return user == null ? "-" : user.name();
    }
}
