package io.calroom.principal.directory;

import io.calroom.principal.Org;

import java.util.Optional;

/**
 * Orgs (tenants). Deleting an org deletes everything in it: principals with their calendars,
 * groups, grants and service tokens (the foreign keys cascade).
 */
public interface OrgStore {
    /** Creates an org; the slug must match {@link Names#ORG_SLUG}. */
    Org create(String slug, String name);

    /** Orgs ordered by slug. */
    Page<Org> list(int limit, int offset);

    Optional<Org> get(long id);

    Optional<Org> bySlug(String slug);

    /** Changes the display name and, when {@code newSlug} is not null, the slug. Empty if there is no such org. */
    Optional<Org> update(long id, String newSlug, String newName);

    /** Renames the org (its display name). */
    Optional<Org> rename(long id, String newName);

    /** Deletes the org and everything in it; false if there was no such org. */
    boolean delete(long id);
}
