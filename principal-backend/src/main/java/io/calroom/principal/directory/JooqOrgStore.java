package io.calroom.principal.directory;

import io.calroom.principal.Org;
import io.calroom.schema.jooq.tables.records.OrgsRecord;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import java.util.Optional;

import static io.calroom.schema.jooq.Tables.ORGS;

/** The PostgreSQL (jOOQ) implementation of {@link OrgStore}. */
public final class JooqOrgStore implements OrgStore {
    private final DSLContext db;

    public JooqOrgStore(DSLContext db) {
        this.db = db;
    }

    @Override
    public Org create(String slug, String name) {
        checkSlug(slug);
        if (bySlug(slug).isPresent()) throw new DuplicateException("slug", "an org with slug " + slug + " already exists");
        try {
            return db.insertInto(ORGS).set(ORGS.SLUG, slug).set(ORGS.NAME, name).returning().fetchOne(JooqOrgStore::toOrg);
        } catch (DataAccessException e) {
            if (Sql.uniqueViolation(e).isPresent()) throw new DuplicateException("slug", "an org with slug " + slug + " already exists");
            throw e;
        }
    }

    @Override
    public Page<Org> list(int limit, int offset) {
        Page.check(limit, offset);
        long total = db.fetchCount(ORGS);
        var items = db.selectFrom(ORGS).orderBy(ORGS.SLUG).limit(limit).offset(offset).fetch(JooqOrgStore::toOrg);
        return new Page<>(items, total, limit, offset);
    }

    @Override
    public Optional<Org> get(long id) {
        return db.selectFrom(ORGS).where(ORGS.ID.eq(id)).fetchOptional(JooqOrgStore::toOrg);
    }

    @Override
    public Optional<Org> bySlug(String slug) {
        return db.selectFrom(ORGS).where(ORGS.SLUG.eq(slug)).fetchOptional(JooqOrgStore::toOrg);
    }

    @Override
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
            return update.where(ORGS.ID.eq(id)).returning().fetchOptional(JooqOrgStore::toOrg);
        } catch (DataAccessException e) {
            if (Sql.uniqueViolation(e).isPresent()) throw new DuplicateException("slug", "an org with slug " + newSlug + " already exists");
            throw e;
        }
    }

    @Override
    public Optional<Org> rename(long id, String newName) {
        return update(id, null, newName);
    }

    @Override
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
