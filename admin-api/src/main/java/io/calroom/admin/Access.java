package io.calroom.admin;

import io.calroom.principal.Org;
import io.calroom.principal.directory.Names;
import io.calroom.principal.directory.OrgStore;

/**
 * Who may call what. Checked by the servlet before any handler runs, in this order:
 * <ol>
 *   <li>no credentials: 401;</li>
 *   <li>a path with an {@code {org}} that is not the caller's own org (unless the caller is a
 *       super-admin): 404, exactly as if the org did not exist;</li>
 *   <li>the route's {@link Rule} does not admit the caller's role: 403.</li>
 * </ol>
 * A handler may refuse more (an org admin touching a super-admin, a user reading another user).
 */
final class Access {
    private Access() {
    }

    enum Rule {
        /** No credentials needed (the OpenAPI document). */
        PUBLIC,
        /** Super-admins only. */
        SUPER_ADMIN,
        /** Admins of the path's org, and super-admins. */
        ORG_ADMIN,
        /** Like {@link #ORG_ADMIN}, but users pass too: the handler lets them see only themselves. */
        SELF_OR_ORG_ADMIN,
        /**
         * Every caller passes here (other orgs are still hidden by the path's {@code {org}}, or by the handler
         * when the path has none); the handler decides, e.g. by the caller's grants on a resource.
         */
        ORG_MEMBER
    }

    /** The org named by the path, if the caller may see it; else 404. */
    static Org org(OrgStore orgs, Caller caller, String slug) {
        Org org = Names.isOrgSlug(slug) ? orgs.bySlug(slug).orElse(null) : null;
        if (org == null || (!caller.isSuperAdmin() && org.id() != caller.orgId())) throw ApiException.notFound("no such org");
        return org;
    }

    static void check(Rule rule, Caller caller) {
        switch (rule) {
            case PUBLIC, SELF_OR_ORG_ADMIN, ORG_MEMBER -> {
            }
            case SUPER_ADMIN -> {
                if (!caller.isSuperAdmin()) throw ApiException.forbidden("only super-admins may do this");
            }
            case ORG_ADMIN -> {
                if (!caller.isAdmin()) throw ApiException.forbidden("only org admins may do this");
            }
        }
    }
}
