package io.calroom.principal.directory;

import io.calroom.principal.Org;
import io.calroom.schema.jooq.tables.records.OrgsRecord;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import java.util.Optional;

import static io.calroom.schema.jooq.Tables.ORGS;

/**
 * Orgs (tenants). Deleting an org deletes everything in it: principals with their calendars,
 * groups, grants and service tokens (the foreign keys cascade).
 */
public final class OrgStore {
    private final DSLContext db;

    public OrgStore(DSLContext db) {
        this.db = db;
    }

    /** Creates an org; the slug must match {@link Names#ORG_SLUG}. */
    public Org create(String slug, String name) {
        checkSlug(slug);
        if (bySlug(slug).isPresent()) throw new DuplicateException("slug", "an org with slug " + slug + " already exists");
        try {
            return db.insertInto(ORGS).set(ORGS.SLUG, slug).set(ORGS.NAME, name).returning().fetchOne(OrgStore::toOrg);
        } catch (DataAccessException e) {
            if (Sql.uniqueViolation(e).isPresent()) throw new DuplicateException("slug", "an org with slug " + slug + " already exists");
            throw e;
        }
    }

    /** Orgs ordered by slug. */
    public Page<Org> list(int limit, int offset) {
        Page.check(limit, offset);
        long total = db.fetchCount(ORGS);
        var items = db.selectFrom(ORGS).orderBy(ORGS.SLUG).limit(limit).offset(offset).fetch(OrgStore::toOrg);
        return new Page<>(items, total, limit, offset);
    }

    public Optional<Org> get(long id) {
        return db.selectFrom(ORGS).where(ORGS.ID.eq(id)).fetchOptional(OrgStore::toOrg);
    }

    public Optional<Org> bySlug(String slug) {
        return db.selectFrom(ORGS).where(ORGS.SLUG.eq(slug)).fetchOptional(OrgStore::toOrg);
    }

    /** Changes the display name and, when {@code newSlug} is not null, the slug. Empty if there is no such org. */
    public Optional<Org> update(long id, String newSlug, String newName) {
        if (newSlug != null) {
            checkSlug(newSlug);
            Optional<Org> clash = bySlug(newSlug);
            if (clash.isPresent() && clash.get().id() != id)
                throw new DuplicateException("slug", "an org with slug " + newSlug + " already exists");
        }
        java.util.Map<org.jooq.Field<?>, Object> changes = new java.util.LinkedHashMap<>();
        if (newSlug != null) changes.put(ORGS.SLUG, newSlug);
        if (newName != null) changes.put(ORGS.NAME, newName);
        if (changes.isEmpty()) return get(id);
        var update = db.update(ORGS).set(changes);
        try {
            return update.where(ORGS.ID.eq(id)).returning().fetchOptional(OrgStore::toOrg);
        } catch (DataAccessException e) {
            if (Sql.uniqueViolation(e).isPresent()) throw new DuplicateException("slug", "an org with slug " + newSlug + " already exists");
            throw e;
        }
    }

    /** Renames the org (its display name). */
    public Optional<Org> rename(long id, String newName) {
        return update(id, null, newName);
    }

    /** Deletes the org and everything in it; false if there was no such org. */
    public boolean delete(long id) {
        return db.deleteFrom(ORGS).where(ORGS.ID.eq(id)).execute() > 0;
    }

    private static void checkSlug(String slug) {
        if (!Names.isOrgSlug(slug)) throw new IllegalArgumentException("invalid org slug");
    }

    static Org toOrg(OrgsRecord r) {
        return new Org(r.getId(), r.getSlug(), r.getName());
    }
}
