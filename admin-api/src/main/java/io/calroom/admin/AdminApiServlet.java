package io.calroom.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calroom.principal.DirectoryStores;
import io.calroom.principal.PasswordHasher;
import io.calroom.principal.directory.DuplicateException;
import io.calroom.principal.directory.FieldError;
import io.calroom.principal.directory.NotFoundException;
import io.calroom.scheduling.delivery.ManagerDecisions;
import io.calroom.scheduling.index.OccurrenceIndex;
import io.calroom.schema.CalendarStores;
import io.calroom.schema.Database;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API, to be mounted at {@code /api/v1/*}. Every request goes: OpenAPI document and
 * OPTIONS without credentials; else authentication (401) → route (404/405) → org of the path
 * (404 unless the caller's own, for non-super-admins) → role rule (403) → handler (body: 415/413/400;
 * 400 validation, 404, 409) → after-commit listeners → JSON answer. Errors are always JSON
 * ({@code {"error": ..., "message": ...}}), never a stack trace; unexpected ones are logged with the
 * method, path and caller.
 */
public final class AdminApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdminApiServlet.class);
    static final String OPENAPI_PATH = "/openapi.json";
    private static final String OPENAPI_RESOURCE = "/io/calroom/admin/openapi.json";

    private final transient Services services;
    private final transient AdminAuthenticator authenticator;
    private final transient List<Route> routes;
    private final transient byte[] openApi;

    /**
     * @param database       the server's database
     * @param authenticator  who is calling (Basic, JWT, service token: the server decides)
     * @param resourceDomain the domain of generated resource addresses, {@code {id}@{resourceDomain}}
     * @param hasher         hashes passwords set through the API
     * @param listener       told about committed changes (cache invalidation); {@link DirectoryChangeListener#NONE} for none
     * @param decisions      approves and declines the requests waiting for a resource's managers, with the server's
     *                       implicit scheduler (so the organizer gets the REPLY); null: those endpoints answer 503
     */
    public AdminApiServlet(Database database, AdminAuthenticator authenticator, String resourceDomain, PasswordHasher hasher,
                           DirectoryChangeListener listener, ManagerDecisions decisions) {
        this(database, authenticator, resourceDomain, hasher, listener, decisions, Clock.systemUTC());
    }

    AdminApiServlet(Database database, AdminAuthenticator authenticator, String resourceDomain, PasswordHasher hasher,
                    DirectoryChangeListener listener, ManagerDecisions decisions, Clock clock) {
        this(database, authenticator, resourceDomain, hasher, listener, decisions, clock, null);
    }

    /**
     * As {@link #AdminApiServlet(Database, AdminAuthenticator, String, PasswordHasher, DirectoryChangeListener,
     * ManagerDecisions)}, with the server's clock (the "now" of booking decisions) and its occurrence index (busy
     * time looks past the stored occurrences of open-ended series; null: stored occurrences only).
     */
    public AdminApiServlet(Database database, AdminAuthenticator authenticator, String resourceDomain, PasswordHasher hasher,
                           DirectoryChangeListener listener, ManagerDecisions decisions, Clock clock, OccurrenceIndex occurrences) {
        this(database, DirectoryStores.over(database, hasher), CalendarStores.over(database), authenticator, resourceDomain,
                hasher, listener, decisions, clock, occurrences);
    }

    /**
     * The server's: over the stores it built at start-up ({@code directory}, {@code calendars}, both over
     * {@code database}), otherwise as {@link #AdminApiServlet(Database, AdminAuthenticator, String, PasswordHasher,
     * DirectoryChangeListener, ManagerDecisions, Clock, OccurrenceIndex)}.
     */
    public AdminApiServlet(Database database, DirectoryStores directory, CalendarStores calendars,
                           AdminAuthenticator authenticator, String resourceDomain, PasswordHasher hasher,
                           DirectoryChangeListener listener, ManagerDecisions decisions, Clock clock, OccurrenceIndex occurrences) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(calendars, "calendars");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(hasher, "hasher");
        Objects.requireNonNull(clock, "clock");
        if (resourceDomain == null || resourceDomain.isBlank()) throw new IllegalArgumentException("a resource domain is required");
        this.services = new Services(database, directory, calendars, hasher,
                resourceDomain, listener == null ? DirectoryChangeListener.NONE : listener, decisions, clock, occurrences);
        this.authenticator = authenticator;
        this.routes = allRoutes();
        this.openApi = loadOpenApi();
    }

    /** Without booking decisions (approve/decline answer 503). */
    public AdminApiServlet(Database database, AdminAuthenticator authenticator, String resourceDomain, PasswordHasher hasher,
                           DirectoryChangeListener listener) {
        this(database, authenticator, resourceDomain, hasher, listener, null);
    }

    public AdminApiServlet(Database database, AdminAuthenticator authenticator, String resourceDomain, PasswordHasher hasher) {
        this(database, authenticator, resourceDomain, hasher, DirectoryChangeListener.NONE, null);
    }

    static List<Route> allRoutes() {
        List<Route> all = new ArrayList<>();
        all.addAll(OrgEndpoints.routes());
        all.addAll(UserEndpoints.routes());
        all.addAll(ResourceEndpoints.routes());
        all.addAll(BookingEndpoints.routes());
        all.addAll(GroupEndpoints.routes());
        all.addAll(TokenEndpoints.routes());
        return List.copyOf(all);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        Caller caller = null;
        try {
            if (path.equals(OPENAPI_PATH) || path.equals(OPENAPI_PATH + "/")) {
                if (!method.equals("GET") && !method.equals("HEAD")) throw ApiException.methodNotAllowed("GET, HEAD");
                writeBytes(resp, 200, method.equals("HEAD") ? null : openApi);
                return;
            }
            List<String> segments = Route.split(path);
            List<Route> matching = new ArrayList<>();
            Map<String, String> params = null;
            Route chosen = null;
            for (Route r : routes) {
                Optional<Map<String, String>> m = r.match(segments);
                if (m.isEmpty()) continue;
                matching.add(r);
                if (r.method().equals(method)) {
                    chosen = r;
                    params = m.get();
                }
            }
            if (method.equals("OPTIONS") && !matching.isEmpty()) {
                resp.setHeader("Allow", allow(matching));
                resp.setStatus(204);
                return;
            }
            caller = authenticator.authenticate(req).orElseThrow(ApiException::unauthorized);
            if (matching.isEmpty()) throw ApiException.notFound("no such endpoint");
            if (chosen == null) throw ApiException.methodNotAllowed(allow(matching));
            ApiRequest ex = new ApiRequest(services, req, caller, params, req.getContextPath() + req.getServletPath());
            if (params.containsKey("org")) ex.org(Access.org(services.directory().orgs(), caller, params.get("org")));
            Access.check(chosen.rule(), caller);
            Response response = chosen.handler().handle(ex);
            for (Runnable r : ex.afterCommitActions()) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("directory change listener failed after {} {} by {}", method, path, caller.describe(), e);
                }
            }
            write(resp, response);
        } catch (ApiException e) {
            writeError(resp, e);
        } catch (LoginThrottledException e) {
            writeError(resp, ApiException.tooManyAttempts(e.retryAfterSeconds()));
        } catch (DuplicateException e) {
            writeError(resp, ApiException.duplicate(e.field(), e.getMessage()));
        } catch (NotFoundException e) {
            writeError(resp, ApiException.notFound(e.getMessage()));
        } catch (DataAccessException e) {
            if (isUnavailable(e)) {
                LOG.warn("database unavailable during {} {} by {}: {}", method, path, describe(caller), e.getMessage());
                writeError(resp, ApiException.unavailable());
            } else if ("23505".equals(e.sqlState())) {
                // a race past the stores' own checks: two requests creating the same thing
                writeError(resp, ApiException.duplicate(null, "this already exists"));
            } else {
                LOG.error("database error during {} {} by {}", method, path, describe(caller), e);
                writeError(resp, new ApiException(500, "internal", "internal error", List.of(), Map.of()));
            }
        } catch (RuntimeException e) {
            LOG.error("unexpected error during {} {} by {}", method, path, describe(caller), e);
            writeError(resp, new ApiException(500, "internal", "internal error", List.of(), Map.of()));
        }
    }

    private static String describe(Caller c) {
        return c == null ? "(not authenticated)" : c.describe();
    }

    private static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return true;
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) return true;
        }
        return false;
    }

    private static String allow(List<Route> routes) {
        Set<String> methods = new LinkedHashSet<>();
        routes.forEach(r -> methods.add(r.method()));
        methods.add("OPTIONS");
        return String.join(", ", methods);
    }

    private static void write(HttpServletResponse resp, Response r) throws IOException {
        r.headers().forEach(resp::setHeader);
        writeBytes(resp, r.status(), r.body() == null ? null : Json.write(r.body()));
    }

    private static void writeError(HttpServletResponse resp, ApiException e) throws IOException {
        if (resp.isCommitted()) return;
        resp.reset();
        e.headers().forEach(resp::setHeader);
        ObjectNode o = Json.object();
        o.put("error", e.code());
        o.put("message", e.getMessage());
        if (!e.fields().isEmpty()) {
            ArrayNode fields = o.putArray("fields");
            for (FieldError f : e.fields()) {
                ObjectNode x = fields.addObject();
                x.put("field", f.field());
                x.put("message", f.message());
            }
        }
        writeBytes(resp, e.status(), Json.write(o));
    }

    private static void writeBytes(HttpServletResponse resp, int status, byte[] body) throws IOException {
        resp.setStatus(status);
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (body == null) return;
        resp.setContentType("application/json");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static byte[] loadOpenApi() {
        try (InputStream in = AdminApiServlet.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing " + OPENAPI_RESOURCE);
            byte[] bytes = in.readAllBytes();
            JsonNode check = Json.read(bytes);
            if (!check.isObject()) throw new IllegalStateException(OPENAPI_RESOURCE + " is not a JSON object");
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
