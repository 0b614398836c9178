package io.calroom.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calroom.principal.directory.ApiToken;
import io.calroom.principal.directory.ApiTokenStore;
import io.calroom.principal.directory.IssuedToken;
import io.calroom.principal.directory.Names;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.calroom.admin.Access.Rule.ORG_ADMIN;

/**
 * {@code /orgs/{org}/tokens}: service tokens for programs (a web front end proxying CalDAV, a booking
 * app). The clear token appears once, in the answer to the POST; only its SHA-256 is stored.
 */
final class TokenEndpoints {
    private static final Set<String> FIELDS = Set.of("name", "scopes", "sendImip");
    private static final Set<String> READ_ONLY = Set.of("id", "createdAt", "lastUsedAt");

    private TokenEndpoints() {
    }

    static List<Route> routes() {
        return List.of(
                new Route("GET", "/orgs/{org}/tokens", ORG_ADMIN, TokenEndpoints::list),
                new Route("POST", "/orgs/{org}/tokens", ORG_ADMIN, TokenEndpoints::create),
                new Route("GET", "/orgs/{org}/tokens/{id}", ORG_ADMIN, ex -> Response.ok(JsonRepresentations.token(
                        ex.directory().apiTokens().get(ex.orgId(), id(ex)).orElseThrow(() -> ApiException.notFound("no such token"))))),
                new Route("DELETE", "/orgs/{org}/tokens/{id}", ORG_ADMIN, TokenEndpoints::delete));
    }

    private static Response list(ApiRequest ex) {
        int[] w = ex.window();
        return Response.ok(JsonRepresentations.page(ex.directory().apiTokens().list(ex.orgId(), w[0], w[1]), JsonRepresentations::token));
    }

    private static Response create(ApiRequest ex) {
        Input in = ex.input();
        in.onlyFields(FIELDS, READ_ONLY);
        String name = in.string("name", true, n -> !n.isBlank() && n.length() <= ApiTokenStore.MAX_NAME_LENGTH && !Names.hasControl(n),
                "must be 1-" + ApiTokenStore.MAX_NAME_LENGTH + " characters without control characters");
        List<String> scopes = in.strings("scopes");
        if (scopes != null) {
            if (scopes.isEmpty()) in.error("scopes", "must name at least one scope: caldav-proxy, admin");
            for (int i = 0; i < scopes.size(); i++) {
                if (!ApiTokenStore.SCOPES.contains(scopes.get(i))) in.error("scopes[" + i + "]", "must be caldav-proxy or admin");
            }
        }
        Boolean sendImip = in.bool("sendImip");
        in.check();
        List<String> effective = scopes == null ? List.of(ApiTokenStore.SCOPE_CALDAV_PROXY, ApiTokenStore.SCOPE_ADMIN)
                : new ArrayList<>(new java.util.LinkedHashSet<>(scopes));
        long orgId = ex.orgId();
        IssuedToken issued = ex.tx(() -> ex.directory().apiTokens().issue(orgId, name.strip(), effective, sendImip == null || sendImip));
        ObjectNode body = JsonRepresentations.token(issued.token());
        body.put("token", issued.clearToken());
        return Response.created(ex.url("/orgs/" + ex.org().slug() + "/tokens/" + issued.token().id()), body);
    }

    private static Response delete(ApiRequest ex) {
        long orgId = ex.orgId();
        long id = id(ex);
        ApiToken gone = ex.tx(() -> ex.directory().apiTokens().revoke(orgId, id)).orElseThrow(() -> ApiException.notFound("no such token"));
        ex.afterCommit(() -> ex.services.listener().serviceTokenRevoked(gone.id(), gone.tokenHash()));
        return Response.noContent();
    }

    private static long id(ApiRequest ex) {
        try {
            long id = Long.parseLong(ex.param("id"));
            if (id > 0) return id;
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.notFound("no such token");
    }
}
