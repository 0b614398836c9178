package io.calroom.principal.directory;

import io.calroom.principal.Role;

/**
 * A change to a user. A null component leaves the field as it is; for {@code email} and
 * {@code displayName} the empty string clears the field. {@code password} is the new clear text.
 */
public record UserChanges(String email, String displayName, Role role, Boolean active, String password) {
    public static final UserChanges NONE = new UserChanges(null, null, null, null, null);

    public UserChanges withEmail(String v) { return new UserChanges(v, displayName, role, active, password); }
    public UserChanges withDisplayName(String v) { return new UserChanges(email, v, role, active, password); }
    public UserChanges withRole(Role v) { return new UserChanges(email, displayName, v, active, password); }
    public UserChanges withActive(Boolean v) { return new UserChanges(email, displayName, role, v, password); }
    public UserChanges withPassword(String v) { return new UserChanges(email, displayName, role, active, v); }
}
