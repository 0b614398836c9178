package io.calroom.principal.directory;

import io.calroom.principal.Role;

/** Filters of a user list; null means "any". {@code query} matches name, email or display name, case-insensitively. */
public record UserFilter(Boolean active, Role role, String query) {
    public static final UserFilter ALL = new UserFilter(null, null, null);
}
