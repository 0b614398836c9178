package io.calroom.principal.directory;

import java.util.Objects;

/**
 * A room or resource to create. {@code id} is the URL segment and may be null for a generated opaque
 * one; {@code name} is the display name; {@code email} may be null for {@code {id}@{resource domain}}.
 */
public record NewResource(String id, ResourceType type, String name, String email, boolean active, ResourcePolicy policy) {
    public NewResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
    }
}
