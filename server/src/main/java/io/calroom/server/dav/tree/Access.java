package io.calroom.server.dav.tree;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;

/**
 * Who may see what. A principal sees the principals of its own org; a calendar home and everything
 * in it belong to its owner, to super-admins, and for rooms and resources to the org's admins.
 * Whatever a caller may not see answers exactly as if it did not exist.
 */
public final class Access {
    private Access() {
    }

    public static boolean canSeePrincipal(Principal user, Principal target) {
        return user.role() == Role.SUPER_ADMIN || user.orgId() == target.orgId();
    }

    public static boolean canUseHome(Principal user, Principal owner) {
        if (user.id() == owner.id() || user.role() == Role.SUPER_ADMIN) return true;
        return user.role() == Role.ORG_ADMIN && user.orgId() == owner.orgId() && owner.kind() == PrincipalKind.RESOURCE;
    }
}
