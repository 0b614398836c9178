package io.calroom.server.acl;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.principal.directory.AccessKind;
import io.calroom.principal.directory.ResourcePolicyStore;

/**
 * Who may see what. A principal sees the principals of its own org. A calendar home and
 * everything in it belong to its owner and to super-admins; a room's or resource's home is also
 * managed by its org's admins; and any home is open to the delegates its owner granted
 * (calendar-proxy-read / -write, which for resources are the managers). Whatever a caller may
 * not see answers exactly as if it did not exist.
 */
public final class Access {
    /** What a caller may do with a calendar home. */
    public enum Level { NONE, READ, WRITE }

    private Access() {
    }

    public static boolean canSeePrincipal(Principal user, Principal target) {
        return user.role() == Role.SUPER_ADMIN || user.orgId() == target.orgId();
    }

    /** What {@code user} may do with {@code owner}'s calendar home; {@code grants} holds managers and delegates. */
    public static Level home(ResourcePolicyStore grants, Principal user, Principal owner) {
        if (user.id() == owner.id() || user.role() == Role.SUPER_ADMIN) return Level.WRITE;
        if (user.orgId() != owner.orgId()) return Level.NONE;
        if (user.role() == Role.ORG_ADMIN && owner.kind() == PrincipalKind.RESOURCE) return Level.WRITE;
        // managers of a resource, and delegates (calendar-proxy) of anyone: the same grants
        if (grants.isGranted(owner.id(), user.id(), AccessKind.MANAGER_READ_WRITE)) return Level.WRITE;
        if (grants.isGranted(owner.id(), user.id(), AccessKind.MANAGER_READ)) return Level.READ;
        return Level.NONE;
    }
}
