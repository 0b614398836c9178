package io.calroom.principal.directory;

import io.calroom.principal.Role;

import java.util.Objects;

/**
 * A user to create. {@code username} is the URL segment ({@code /principals/users/{username}/});
 * {@code email} (optional) becomes the {@code mailto:} calendar-user address; {@code password} is the clear
 * text or null for none (such a user cannot log in with Basic).
 */
public record NewUser(String username, String email, String displayName, Role role, String password, boolean active) {
    public NewUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
    }
}
