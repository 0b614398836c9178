package io.calroom.principal.directory;

/**
 * A change to a resource; null components stay as they are. An empty {@code email} goes back to the
 * default address {@code {id}@{resource domain}}. The id never changes: it is the stable URL segment.
 */
public record ResourceChanges(ResourceType type, String name, String email, Boolean active, ResourcePolicy policy) {
    public static final ResourceChanges NONE = new ResourceChanges(null, null, null, null, null);
}
