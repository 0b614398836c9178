package io.calroom.admin;

import io.calroom.principal.Role;

import java.util.Objects;

/**
 * Who is calling, as the server's authentication established it.
 *
 * @param principalId the calling user's principal id, or null for a caller that is no user (a service token)
 * @param orgId       the org the caller belongs to: org admins and users act only within it
 * @param role        {@link Role#USER} (may only read its own user), {@link Role#ORG_ADMIN} (its org),
 *                    {@link Role#SUPER_ADMIN} (everything, including orgs)
 */
public record Caller(Long principalId, long orgId, Role role) {
    public Caller {
        Objects.requireNonNull(role, "role");
    }

    public boolean isSuperAdmin() {
        return role == Role.SUPER_ADMIN;
    }

    /** An org admin or a super-admin. */
    public boolean isAdmin() {
        return role == Role.ORG_ADMIN || role == Role.SUPER_ADMIN;
    }

    /** For logs: never a credential. */
    String describe() {
        return role.dbValue() + "(principal " + (principalId == null ? "-" : principalId) + ", org " + orgId + ")";
    }
}
