package io.calroom.principal.directory;

/**
 * Filters of a resource list; null means "any". {@code tag} matches one tag exactly but
 * case-insensitively, {@code location} is a case-insensitive substring, {@code minCapacity} excludes
 * resources of unknown capacity.
 */
public record ResourceFilter(ResourceType type, String tag, Integer minCapacity, String location, Boolean active) {
    public static final ResourceFilter ALL = new ResourceFilter(null, null, null, null, null);
}
