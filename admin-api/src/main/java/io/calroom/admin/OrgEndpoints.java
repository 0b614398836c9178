package io.calroom.admin;

import io.calroom.principal.Org;
import io.calroom.principal.directory.Names;

import java.util.List;
import java.util.Set;

import static io.calroom.admin.Access.Rule.ORG_ADMIN;
import static io.calroom.admin.Access.Rule.SUPER_ADMIN;

/** {@code /orgs} and {@code /orgs/{org}}: super-admins manage orgs; an org admin may read its own. */
final class OrgEndpoints {
    private static final Set<String> FIELDS = Set.of("slug", "name");
    static final String SLUG_RULE = "must be 1-63 characters: lower-case letters, digits and -, not starting with -";
    static final String NAME_RULE = "must be 1-200 characters without control characters";

    private OrgEndpoints() {
    }

    static List<Route> routes() {
        return List.of(
                new Route("GET", "/orgs", SUPER_ADMIN, OrgEndpoints::list),
                new Route("POST", "/orgs", SUPER_ADMIN, OrgEndpoints::create),
                new Route("GET", "/orgs/{org}", ORG_ADMIN, ex -> Response.ok(JsonRepresentations.org(ex.org()))),
                new Route("PATCH", "/orgs/{org}", SUPER_ADMIN, OrgEndpoints::update),
                new Route("DELETE", "/orgs/{org}", SUPER_ADMIN, OrgEndpoints::delete));
    }

    private static Response list(ApiRequest ex) {
        int[] w = ex.window();
        return Response.ok(JsonRepresentations.page(ex.directory().orgs().list(w[0], w[1]), JsonRepresentations::org));
    }

    private static Response create(ApiRequest ex) {
        Input in = ex.input();
        in.onlyFields(FIELDS, Set.of());
        String slug = in.string("slug", true, Names::isOrgSlug, SLUG_RULE);
        String name = in.string("name", true, Names::isDisplayName, NAME_RULE);
        in.check();
        Org org = ex.tx(() -> ex.directory().orgs().create(slug, name.strip()));
        return Response.created(ex.url("/orgs/" + org.slug()), JsonRepresentations.org(org));
    }

    private static Response update(ApiRequest ex) {
        Input in = ex.input();
        in.onlyFields(FIELDS, Set.of());
        String slug = in.string("slug", false, Names::isOrgSlug, SLUG_RULE);
        String name = in.string("name", false, Names::isDisplayName, NAME_RULE);
        if (in.isNull("slug")) in.error("slug", "must not be null");
        if (in.isNull("name")) in.error("name", "must not be null");
        in.check();
        long id = ex.orgId();
        Org org = ex.tx(() -> ex.directory().orgs().update(id, slug, name == null ? null : name.strip()))
                .orElseThrow(() -> ApiException.notFound("no such org"));
        ex.afterCommit(() -> ex.services.listener().orgChanged(id));
        return Response.ok(JsonRepresentations.org(org));
    }

    private static Response delete(ApiRequest ex) {
        long id = ex.orgId();
        if (id == ex.caller.orgId()) throw ApiException.conflict("you cannot delete the org you belong to");
        if (!ex.tx(() -> ex.directory().orgs().delete(id))) throw ApiException.notFound("no such org");
        ex.afterCommit(() -> ex.services.listener().orgChanged(id));
        return Response.noContent();
    }
}
