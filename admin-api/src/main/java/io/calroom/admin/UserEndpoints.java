package io.calroom.admin;

import io.calroom.principal.Principal;
import io.calroom.principal.Role;
import io.calroom.principal.directory.Names;
import io.calroom.principal.directory.NewUser;
import io.calroom.principal.directory.UserChanges;
import io.calroom.principal.directory.UserDirectory;
import io.calroom.principal.directory.UserFilter;
import io.calroom.principal.directory.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static io.calroom.admin.Access.Rule.ORG_ADMIN;
import static io.calroom.admin.Access.Rule.SELF_OR_ORG_ADMIN;

/**
 * {@code /orgs/{org}/users}: people. Creating one provisions its calendar home. Only super-admins may
 * grant super-admin or touch a super-admin; nobody may delete, deactivate or demote themselves.
 */
final class UserEndpoints {
    private static final Set<String> FIELDS = Set.of("username", "email", "displayName", "password", "role", "active");
    static final String NAME_RULE = "must be 1-128 characters: letters, digits and . _ @ + - (starting with a letter or digit)";
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;

    private UserEndpoints() {
    }

    static List<Route> routes() {
        return List.of(
                new Route("GET", "/orgs/{org}/users", ORG_ADMIN, UserEndpoints::list),
                new Route("POST", "/orgs/{org}/users", ORG_ADMIN, UserEndpoints::create),
                new Route("GET", "/orgs/{org}/users/{username}", SELF_OR_ORG_ADMIN, UserEndpoints::get),
                new Route("PATCH", "/orgs/{org}/users/{username}", ORG_ADMIN, UserEndpoints::update),
                new Route("DELETE", "/orgs/{org}/users/{username}", ORG_ADMIN, UserEndpoints::delete));
    }

    private static Response list(ApiRequest ex) {
        int[] w = ex.window();
        List<FieldError> errors = new ArrayList<>();
        Boolean active = ex.booleanQuery("active", errors);
        Role role = null;
        if (ex.query("role") != null && !ex.query("role").isEmpty()) {
            role = parseRole(ex.query("role"));
            if (role == null) errors.add(new FieldError("role", "must be user, org-admin or super-admin"));
        }
        if (!errors.isEmpty()) throw ApiException.validation(errors);
        var page = ex.directory().users().list(ex.orgId(), new UserFilter(active, role, ex.query("q")), w[0], w[1]);
        return Response.ok(JsonRepresentations.page(page, JsonRepresentations::user));
    }

    private static Response get(ApiRequest ex) {
        Principal p = ex.directory().users().get(ex.orgId(), ex.param("username")).orElse(null);
        if (!ex.caller.isAdmin()) {
            // a user sees itself and nothing else; whether another name exists is not revealed
            if (p == null || ex.caller.principalId() == null || p.id() != ex.caller.principalId())
                throw ApiException.forbidden("users may only read their own account");
        }
        if (p == null) throw ApiException.notFound("no such user");
        return Response.ok(JsonRepresentations.user(p, ex.directory().groups().groupsOf(ex.orgId(), p.id())));
    }

    private static Response create(ApiRequest ex) {
        Input in = ex.input();
        in.onlyFields(FIELDS, JsonRepresentations.USER_READ_ONLY);
        String username = in.string("username", true, Names::isPrincipalName, NAME_RULE);
        String email = in.string("email", false, Names::isEmail, "must be an email address");
        String displayName = in.string("displayName", false, Names::isDisplayName, OrgEndpoints.NAME_RULE);
        String password = password(in);
        Role role = role(in);
        Boolean active = in.bool("active");
        in.check();
        Role effective = role == null ? Role.USER : role;
        if (effective == Role.SUPER_ADMIN && !ex.caller.isSuperAdmin()) throw ApiException.forbidden("only super-admins may grant super-admin");
        long orgId = ex.orgId();
        Principal p = ex.tx(() -> ex.directory().users().create(orgId,
                new NewUser(username, email, displayName == null ? null : displayName.strip(), effective, password,
                        active == null || active)));
        ex.afterCommit(() -> ex.services.listener().principalChanged(p.id(), p.name()));
        return Response.created(ex.url("/orgs/" + ex.org().slug() + "/users/" + p.name()), JsonRepresentations.user(p, List.of()));
    }

    private static Response update(ApiRequest ex) {
        Input in = ex.input();
        in.onlyFields(FIELDS, JsonRepresentations.USER_READ_ONLY);
        String username = in.string("username", false);
        if (username != null && !username.equals(ex.param("username"))) in.error("username", "cannot be changed");
        String email = in.string("email", false, Names::isEmail, "must be an email address");
        String displayName = in.string("displayName", false, Names::isDisplayName, OrgEndpoints.NAME_RULE);
        String password = in.isNull("password") ? null : password(in);
        if (in.isNull("password")) in.error("password", "must be a string");
        Role role = role(in);
        if (in.isNull("role")) in.error("role", "must not be null");
        Boolean active = in.bool("active");
        in.check();
        UserDirectory users = ex.directory().users();
        long orgId = ex.orgId();
        Principal before = users.get(orgId, ex.param("username")).orElseThrow(() -> ApiException.notFound("no such user"));
        guardTarget(ex, before);
        if (role == Role.SUPER_ADMIN && before.role() != Role.SUPER_ADMIN && !ex.caller.isSuperAdmin())
            throw ApiException.forbidden("only super-admins may grant super-admin");
        if (isSelf(ex, before)) {
            if (Boolean.FALSE.equals(active)) throw ApiException.conflict("you cannot deactivate yourself");
            if (role != null && role.ordinal() < before.role().ordinal()) throw ApiException.conflict("you cannot lower your own role");
        }
        UserChanges changes = new UserChanges(
                in.has("email") ? (email == null ? "" : email) : null,
                in.has("displayName") ? (displayName == null ? "" : displayName.strip()) : null,
                role, active, password);
        Principal after = ex.tx(() -> ex.directory().users().update(orgId, before.name(), changes))
                .orElseThrow(() -> ApiException.notFound("no such user"));
        ex.afterCommit(() -> ex.services.listener().principalChanged(after.id(), after.name()));
        return Response.ok(JsonRepresentations.user(after, ex.directory().groups().groupsOf(orgId, after.id())));
    }

    private static Response delete(ApiRequest ex) {
        long orgId = ex.orgId();
        Principal target = ex.directory().users().get(orgId, ex.param("username"))
                .orElseThrow(() -> ApiException.notFound("no such user"));
        guardTarget(ex, target);
        if (isSelf(ex, target)) throw ApiException.conflict("you cannot delete yourself");
        Principal gone = ex.tx(() -> ex.directory().users().delete(orgId, target.name()))
                .orElseThrow(() -> ApiException.notFound("no such user"));
        ex.afterCommit(() -> ex.services.listener().principalChanged(gone.id(), gone.name()));
        return Response.noContent();
    }

    /** Org admins may not change or delete super-admins (who may live in any org, e.g. the bootstrap admin). */
    private static void guardTarget(ApiRequest ex, Principal target) {
        if (target.role() == Role.SUPER_ADMIN && !ex.caller.isSuperAdmin())
            throw ApiException.forbidden("only super-admins may change a super-admin");
    }

    private static boolean isSelf(ApiRequest ex, Principal p) {
        return ex.caller.principalId() != null && Objects.equals(ex.caller.principalId(), p.id());
    }

    private static String password(Input in) {
        String pw = in.string("password", false);
        if (pw != null && (pw.length() < MIN_PASSWORD || pw.length() > MAX_PASSWORD)) {
            in.error("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
            return null;
        }
        return pw;
    }

    private static Role role(Input in) {
        String s = in.string("role", false);
        if (s == null) return null;
        Role r = parseRole(s);
        if (r == null) in.error("role", "must be user, org-admin or super-admin");
        return r;
    }

    static Role parseRole(String s) {
        for (Role r : Role.values()) if (r.dbValue().equals(s)) return r;
        return null;
    }
}
