package io.calroom.principal.directory;

import io.calroom.principal.Principal;

/** A room or resource: its principal ({@code name} is the opaque, stable id), type and booking policy. */
public record Resource(Principal principal, ResourceType type, ResourcePolicy policy) {
    /** The URL segment of {@code /principals/resources/{id}/}. */
    public String id() {
        return principal.name();
    }
}
