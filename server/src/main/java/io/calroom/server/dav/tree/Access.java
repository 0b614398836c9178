package io.calroom.server.dav.tree;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.principal.directory.AccessKind;
import io.calroom.principal.directory.ResourcePolicyStore;
import org.jooq.DSLContext;

/**
 * Who may see what. A principal sees the principals of its own org. A calendar home and
 * everything in it belong to its owner and to super-admins; a room's or resource's home is also
 * managed by its org's admins and by the managers granted on it (read or read-write). Whatever a
 * caller may not see answers exactly as if it did not exist.
 */
public final class Access {
    /** What a caller may do with a calendar home. */
    public enum Level { NONE, READ, WRITE }

    private Access() {
    }

    public static boolean canSeePrincipal(Principal user, Principal target) {
        return user.role() == Role.SUPER_ADMIN || user.orgId() == target.orgId();
    }

    public static Level home(DSLContext db, Principal user, Principal owner) {
        if (user.id() == owner.id() || user.role() == Role.SUPER_ADMIN) return Level.WRITE;
        if (user.orgId() != owner.orgId() || owner.kind() != PrincipalKind.RESOURCE) return Level.NONE;
        if (user.role() == Role.ORG_ADMIN) return Level.WRITE;
        ResourcePolicyStore grants = new ResourcePolicyStore(db);
        if (grants.isGranted(owner.id(), user.id(), AccessKind.MANAGER_READ_WRITE)) return Level.WRITE;
        if (grants.isGranted(owner.id(), user.id(), AccessKind.MANAGER_READ)) return Level.READ;
        return Level.NONE;
    }
}
