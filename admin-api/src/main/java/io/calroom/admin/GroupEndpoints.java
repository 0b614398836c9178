package io.calroom.admin;

import io.calroom.principal.Principal;
import io.calroom.principal.directory.Group;
import io.calroom.principal.directory.GroupSource;
import io.calroom.principal.directory.Names;

import java.util.List;
import java.util.Set;

import static io.calroom.admin.Access.Rule.ORG_ADMIN;

/** {@code /orgs/{org}/groups}: named sets of users, usable as {@code group:{name}} in resource grants. */
final class GroupEndpoints {
    private static final Set<String> FIELDS = Set.of("name", "displayName");
    private static final Set<String> READ_ONLY = Set.of("source", "memberCount");

    private GroupEndpoints() {
    }

    static List<Route> routes() {
        return List.of(
                new Route("GET", "/orgs/{org}/groups", ORG_ADMIN, GroupEndpoints::list),
                new Route("POST", "/orgs/{org}/groups", ORG_ADMIN, GroupEndpoints::create),
                new Route("GET", "/orgs/{org}/groups/{group}", ORG_ADMIN, ex -> Response.ok(JsonRepresentations.group(find(ex)))),
                new Route("DELETE", "/orgs/{org}/groups/{group}", ORG_ADMIN, GroupEndpoints::delete),
                new Route("GET", "/orgs/{org}/groups/{group}/members", ORG_ADMIN, GroupEndpoints::members),
                new Route("PUT", "/orgs/{org}/groups/{group}/members/{username}", ORG_ADMIN, GroupEndpoints::addMember),
                new Route("DELETE", "/orgs/{org}/groups/{group}/members/{username}", ORG_ADMIN, GroupEndpoints::removeMember));
    }

    private static Response list(ApiRequest ex) {
        int[] w = ex.window();
        return Response.ok(JsonRepresentations.page(ex.directory().groups().list(ex.orgId(), w[0], w[1]), JsonRepresentations::group));
    }

    private static Response create(ApiRequest ex) {
        Input in = ex.input();
        in.onlyFields(FIELDS, READ_ONLY);
        String name = in.string("name", true, Names::isGroupName, UserEndpoints.NAME_RULE);
        String displayName = in.string("displayName", false, Names::isDisplayName, OrgEndpoints.NAME_RULE);
        in.check();
        long orgId = ex.orgId();
        Group g = ex.tx(() -> ex.directory().groups().create(orgId, name, displayName == null ? null : displayName.strip(),
                GroupSource.ADMIN));
        ex.afterCommit(() -> ex.services.listener().groupChanged(g.id()));
        return Response.created(ex.url("/orgs/" + ex.org().slug() + "/groups/" + g.name()), JsonRepresentations.group(g));
    }

    private static Response delete(ApiRequest ex) {
        long orgId = ex.orgId();
        Group g = ex.tx(() -> ex.directory().groups().delete(orgId, ex.param("group")))
                .orElseThrow(() -> ApiException.notFound("no such group"));
        ex.afterCommit(() -> ex.services.listener().groupChanged(g.id()));
        return Response.noContent();
    }

    private static Response members(ApiRequest ex) {
        int[] w = ex.window();
        Group g = find(ex);
        return Response.ok(JsonRepresentations.page(ex.directory().groups().members(ex.orgId(), g.id(), w[0], w[1]), JsonRepresentations::member));
    }

    private static Response addMember(ApiRequest ex) {
        Group g = find(ex);
        Principal user = user(ex);
        ex.tx(() -> ex.directory().groups().addMember(ex.orgId(), g.id(), user.id()));
        ex.afterCommit(() -> ex.services.listener().groupChanged(g.id()));
        return Response.noContent();
    }

    private static Response removeMember(ApiRequest ex) {
        Group g = find(ex);
        Principal user = user(ex);
        if (!ex.tx(() -> ex.directory().groups().removeMember(ex.orgId(), g.id(), user.id())))
            throw ApiException.notFound(user.name() + " is not a member of " + g.name());
        ex.afterCommit(() -> ex.services.listener().groupChanged(g.id()));
        return Response.noContent();
    }

    private static Group find(ApiRequest ex) {
        return ex.directory().groups().get(ex.orgId(), ex.param("group")).orElseThrow(() -> ApiException.notFound("no such group"));
    }

    private static Principal user(ApiRequest ex) {
        return ex.directory().users().get(ex.orgId(), ex.param("username"))
                .orElseThrow(() -> ApiException.notFound("no such user"));
    }
}
