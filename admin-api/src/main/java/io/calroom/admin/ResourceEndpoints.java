package io.calroom.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calroom.principal.Principal;
import io.calroom.principal.directory.AccessGrant;
import io.calroom.principal.directory.AccessKind;
import io.calroom.principal.directory.FieldError;
import io.calroom.principal.directory.GranteeRef;
import io.calroom.principal.directory.Names;
import io.calroom.principal.directory.NewResource;
import io.calroom.principal.directory.Page;
import io.calroom.principal.directory.Resource;
import io.calroom.principal.directory.ResourceChanges;
import io.calroom.principal.directory.ResourceFilter;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.ResourcePolicyStore;
import io.calroom.principal.directory.ResourcePolicyValidator;
import io.calroom.principal.directory.ResourceType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.calroom.admin.Access.Rule.ORG_ADMIN;

/**
 * {@code /orgs/{org}/resources}: rooms and equipment with their booking policy, allowed bookers,
 * auto-accept list and managers. Creation and every change run in one transaction.
 */
final class ResourceEndpoints {
    static final String ALLOWED_BOOKERS = "allowedBookers";
    static final String AUTO_ACCEPT_LIST = "autoAcceptList";
    private static final Set<String> FIELDS;

    static {
        Set<String> f = new HashSet<>(Set.of("id", "type", "name", "email", "active", ALLOWED_BOOKERS, AUTO_ACCEPT_LIST));
        f.addAll(ResourcePolicyValidator.FIELDS);
        FIELDS = Set.copyOf(f);
    }

    private ResourceEndpoints() {
    }

    static List<Route> routes() {
        return List.of(
                new Route("GET", "/orgs/{org}/resources", ORG_ADMIN, ResourceEndpoints::list),
                new Route("POST", "/orgs/{org}/resources", ORG_ADMIN, ResourceEndpoints::create),
                new Route("GET", "/orgs/{org}/resources/{id}", ORG_ADMIN, ResourceEndpoints::get),
                new Route("PATCH", "/orgs/{org}/resources/{id}", ORG_ADMIN, ResourceEndpoints::update),
                new Route("DELETE", "/orgs/{org}/resources/{id}", ORG_ADMIN, ResourceEndpoints::delete),
                new Route("GET", "/orgs/{org}/resources/{id}/managers", ORG_ADMIN, ResourceEndpoints::managers),
                new Route("PUT", "/orgs/{org}/resources/{id}/managers/{username}", ORG_ADMIN, ResourceEndpoints::putManager),
                new Route("DELETE", "/orgs/{org}/resources/{id}/managers/{username}", ORG_ADMIN, ResourceEndpoints::deleteManager));
    }

    private static Response list(ApiRequest ex) {
        int[] w = ex.window();
        List<FieldError> errors = new ArrayList<>();
        ResourceType type = null;
        String t = ex.query("type");
        if (t != null && !t.isEmpty()) {
            type = ResourceType.parse(t).orElse(null);
            if (type == null) errors.add(new FieldError("type", "must be ROOM or RESOURCE"));
        }
        Integer minCapacity = null;
        String mc = ex.query("minCapacity");
        if (mc != null && !mc.isEmpty()) {
            try {
                minCapacity = Integer.parseInt(mc);
                if (minCapacity < 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                errors.add(new FieldError("minCapacity", "must be a whole number, at least 0"));
            }
        }
        Boolean active = ex.booleanQuery("active", errors);
        if (!errors.isEmpty()) throw ApiException.validation(errors);
        long orgId = ex.orgId();
        Page<Resource> page = ex.directory().resources().list(orgId,
                new ResourceFilter(type, ex.query("tag"), minCapacity, ex.query("location"), active), w[0], w[1]);
        Map<Long, List<AccessGrant>> grants = ex.directory().resourcePolicies().grantsMany(orgId,
                page.items().stream().map(r -> r.principal().id()).toList());
        return Response.ok(JsonRepresentations.page(page, r -> JsonRepresentations.resource(r, grants.getOrDefault(r.principal().id(), List.of()))));
    }

    private static Response get(ApiRequest ex) {
        Resource r = find(ex, ex.orgId(), ex.param("id"));
        return Response.ok(view(ex, ex.orgId(), r));
    }

    private static Response create(ApiRequest ex) {
        Input in = ex.input();
        in.onlyFields(FIELDS, JsonRepresentations.RESOURCE_READ_ONLY);
        String id = in.string("id", false, Names::isPrincipalName, UserEndpoints.NAME_RULE);
        ResourceType type = type(in, true);
        String name = in.string("name", true, Names::isDisplayName, OrgEndpoints.NAME_RULE);
        String email = in.string("email", false, Names::isEmail, "must be an email address");
        Boolean active = in.bool("active");
        ResourcePolicy policy = policy(in, ResourcePolicy.DEFAULT);
        List<GranteeRef> bookers = grantees(in, ALLOWED_BOOKERS);
        List<GranteeRef> autoAccept = grantees(in, AUTO_ACCEPT_LIST);
        in.check();
        long orgId = ex.orgId();
        String domain = ex.services.resourceDomain();
        ObjectNode body = ex.tx(() -> {
            ResourcePolicyStore policies = ex.directory().resourcePolicies();
            checkGrantees(policies, orgId, ALLOWED_BOOKERS, bookers, AUTO_ACCEPT_LIST, autoAccept);
            Resource r = ex.directory().resources().create(orgId,
                    new NewResource(id, type, name.strip(), email, active == null || active, policy), domain);
            if (bookers != null) policies.replaceGrants(orgId, r.principal().id(), AccessKind.ALLOWED_BOOKER, bookers);
            if (autoAccept != null) policies.replaceGrants(orgId, r.principal().id(), AccessKind.AUTO_ACCEPT, autoAccept);
            return view(ex, orgId, r);
        });
        String rid = body.get("id").textValue();
        ex.afterCommit(() -> {
            Principal p = ex.directory().resources().get(orgId, rid).map(Resource::principal).orElse(null);
            if (p != null) {
                ex.services.listener().principalChanged(p.id(), p.name());
                ex.services.listener().resourcePolicyChanged(p.id());
            }
        });
        return Response.created(ex.url("/orgs/" + ex.org().slug() + "/resources/" + rid), body);
    }

    private static Response update(ApiRequest ex) {
        Input in = ex.input();
        in.onlyFields(FIELDS, JsonRepresentations.RESOURCE_READ_ONLY);
        String pathId = ex.param("id");
        String id = in.string("id", false);
        if (id != null && !id.equals(pathId)) in.error("id", "cannot be changed");
        ResourceType type = type(in, false);
        if (in.isNull("type")) in.error("type", "must be ROOM or RESOURCE");
        String name = in.string("name", false, Names::isDisplayName, OrgEndpoints.NAME_RULE);
        if (in.isNull("name")) in.error("name", "must not be null");
        String email = in.string("email", false, Names::isEmail, "must be an email address");
        Boolean active = in.bool("active");
        List<GranteeRef> bookers = grantees(in, ALLOWED_BOOKERS);
        List<GranteeRef> autoAccept = grantees(in, AUTO_ACCEPT_LIST);
        Map<String, Object> policyInput = in.plain(ResourcePolicyValidator.FIELDS);
        in.check();
        long orgId = ex.orgId();
        String domain = ex.services.resourceDomain();
        boolean emailGiven = in.has("email");
        ObjectNode body = ex.tx(() -> {
            Resource before = find(ex, orgId, pathId);
            ResourcePolicy policy = null;
            if (!policyInput.isEmpty()) {
                ResourcePolicyValidator.Result result = ResourcePolicyValidator.validate(policyInput, before.policy());
                if (result instanceof ResourcePolicyValidator.Invalid invalid) throw ApiException.validation(invalid.errors());
                policy = ((ResourcePolicyValidator.Valid) result).policy();
            }
            ResourcePolicyStore policies = ex.directory().resourcePolicies();
            checkGrantees(policies, orgId, ALLOWED_BOOKERS, bookers, AUTO_ACCEPT_LIST, autoAccept);
            Resource after = ex.directory().resources().update(orgId, pathId, new ResourceChanges(type,
                    name == null ? null : name.strip(), emailGiven ? (email == null ? "" : email) : null, active, policy), domain)
                    .orElseThrow(() -> ApiException.notFound("no such resource"));
            if (bookers != null) policies.replaceGrants(orgId, after.principal().id(), AccessKind.ALLOWED_BOOKER, bookers);
            if (autoAccept != null) policies.replaceGrants(orgId, after.principal().id(), AccessKind.AUTO_ACCEPT, autoAccept);
            return view(ex, orgId, after);
        });
        notifyChanged(ex, orgId, pathId);
        return Response.ok(body);
    }

    private static Response delete(ApiRequest ex) {
        long orgId = ex.orgId();
        Principal gone = ex.tx(() -> ex.directory().resources().delete(orgId, ex.param("id")))
                .orElseThrow(() -> ApiException.notFound("no such resource"));
        ex.afterCommit(() -> {
            ex.services.listener().principalChanged(gone.id(), gone.name());
            ex.services.listener().resourcePolicyChanged(gone.id());
        });
        return Response.noContent();
    }

    // ---- managers ----

    private static Response managers(ApiRequest ex) {
        int[] w = ex.window();
        Resource r = find(ex, ex.orgId(), ex.param("id"));
        List<AccessGrant> managers = ex.directory().resourcePolicies().grants(ex.orgId(), r.principal().id()).stream()
                .filter(g -> g.kind().isManager()).toList();
        return Response.ok(JsonRepresentations.page(managers, w[0], w[1], JsonRepresentations::manager));
    }

    private static Response putManager(ApiRequest ex) {
        Input in = ex.input();
        in.onlyFields(Set.of("access", "grantee"), Set.of());
        String access = in.string("access", true, a -> a.equals("read") || a.equals("read-write"), "must be read or read-write");
        in.check();
        AccessKind kind = access.equals("read-write") ? AccessKind.MANAGER_READ_WRITE : AccessKind.MANAGER_READ;
        GranteeRef grantee = pathGrantee(ex);
        long orgId = ex.orgId();
        long resourceId = ex.tx(() -> {
            ResourcePolicyStore policies = ex.directory().resourcePolicies();
            Resource r = find(ex, orgId, ex.param("id"));
            if (!policies.unknown(orgId, List.of(grantee)).isEmpty()) throw unknownGrantee(grantee);
            policies.setManager(orgId, r.principal().id(), grantee, kind);
            return r.principal().id();
        });
        ex.afterCommit(() -> ex.services.listener().resourcePolicyChanged(resourceId));
        ObjectNode o = Json.object();
        o.put("grantee", grantee.format());
        o.put("access", access);
        return Response.ok(o);
    }

    private static Response deleteManager(ApiRequest ex) {
        GranteeRef grantee = pathGrantee(ex);
        long orgId = ex.orgId();
        long resourceId = ex.tx(() -> {
            Resource r = find(ex, orgId, ex.param("id"));
            if (!ex.directory().resourcePolicies().removeManager(orgId, r.principal().id(), grantee))
                throw ApiException.notFound(grantee.format() + " is not a manager of this resource");
            return r.principal().id();
        });
        ex.afterCommit(() -> ex.services.listener().resourcePolicyChanged(resourceId));
        return Response.noContent();
    }

    // ---- helpers ----

    private static Resource find(ApiRequest ex, long orgId, String id) {
        return ex.directory().resources().get(orgId, id).orElseThrow(() -> ApiException.notFound("no such resource"));
    }

    private static ObjectNode view(ApiRequest ex, long orgId, Resource r) {
        return JsonRepresentations.resource(r, ex.directory().resourcePolicies().grants(orgId, r.principal().id()));
    }

    private static void notifyChanged(ApiRequest ex, long orgId, String id) {
        ex.afterCommit(() -> ex.directory().resources().get(orgId, id).ifPresent(r -> {
            ex.services.listener().principalChanged(r.principal().id(), r.principal().name());
            ex.services.listener().resourcePolicyChanged(r.principal().id());
        }));
    }

    private static ResourceType type(Input in, boolean required) {
        String t = in.string("type", required);
        if (t == null) return null;
        ResourceType type = ResourceType.parse(t).orElse(null);
        if (type == null) in.error("type", "must be ROOM or RESOURCE");
        return type;
    }

    private static ResourcePolicy policy(Input in, ResourcePolicy base) {
        ResourcePolicyValidator.Result r = ResourcePolicyValidator.validate(in.plain(ResourcePolicyValidator.FIELDS), base);
        if (r instanceof ResourcePolicyValidator.Invalid invalid) {
            in.errors(invalid.errors());
            return null;
        }
        return ((ResourcePolicyValidator.Valid) r).policy();
    }

    /** A list of {@code username} / {@code group:name}; null when absent. Syntax only; existence is checked later. */
    private static List<GranteeRef> grantees(Input in, String field) {
        List<String> raw = in.strings(field);
        if (raw == null) return null;
        List<GranteeRef> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            GranteeRef g = GranteeRef.parse(raw.get(i));
            if (!g.isWellFormed()) in.error(field + "[" + i + "]", "must be a user name or group:{name}");
            else out.add(g);
        }
        if (out.size() > 1000) in.error(field, "must have at most 1000 entries");
        return out;
    }

    /** Every grantee must exist in the org: users by name, groups as {@code group:name}. */
    private static void checkGrantees(ResourcePolicyStore policies, long orgId, String fieldA, List<GranteeRef> a,
                                      String fieldB, List<GranteeRef> b) {
        List<FieldError> errors = new ArrayList<>();
        unknownErrors(policies, orgId, fieldA, a, errors);
        unknownErrors(policies, orgId, fieldB, b, errors);
        if (!errors.isEmpty()) throw ApiException.validation(errors);
    }

    private static void unknownErrors(ResourcePolicyStore policies, long orgId, String field, List<GranteeRef> refs, List<FieldError> errors) {
        if (refs == null) return;
        List<GranteeRef> unknown = policies.unknown(orgId, refs);
        for (int i = 0; i < refs.size(); i++) {
            if (unknown.contains(refs.get(i))) {
                errors.add(new FieldError(field + "[" + i + "]", (refs.get(i) instanceof GranteeRef.Group ? "no such group: " : "no such user: ")
                        + refs.get(i).name()));
            }
        }
    }

    private static GranteeRef pathGrantee(ApiRequest ex) {
        GranteeRef g = GranteeRef.parse(ex.param("username"));
        if (!g.isWellFormed()) throw unknownGrantee(g);
        return g;
    }

    private static ApiException unknownGrantee(GranteeRef g) {
        return ApiException.notFound(g instanceof GranteeRef.Group ? "no such group" : "no such user");
    }
}
