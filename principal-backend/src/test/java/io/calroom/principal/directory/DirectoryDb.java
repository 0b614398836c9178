package io.calroom.principal.directory;

import io.calroom.principal.DirectoryStores;
import io.calroom.principal.Org;
import io.calroom.principal.PasswordHasher;
import io.calroom.principal.Principal;
import io.calroom.principal.Role;
import io.calroom.schema.Database;
import io.calroom.schema.DatabaseConfig;
import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import org.jooq.DSLContext;

import java.util.List;

/** A fresh migrated database for one test class, with helpers to make orgs, users and resources. */
final class DirectoryDb implements AutoCloseable {
    static final PasswordHasher HASHER = new PasswordHasher(1_000);
    static final String DOMAIN = "resources.example.test";
    final TestDatabase testDb;
    final Database db;
    /** The directory's stores over {@link #db}, as the server builds them. */
    final DirectoryStores stores;

    private DirectoryDb(TestDatabase testDb, Database db) {
        this.testDb = testDb;
        this.db = db;
        this.stores = DirectoryStores.over(db, HASHER);
    }

    static DirectoryDb open(String hint) {
        TestDatabase t = TestDatabases.create(hint);
        return new DirectoryDb(t, Database.open(new DatabaseConfig(t.jdbcUrl(), t.user(), t.password(), 4)));
    }

    DSLContext dsl() {
        return db.dsl();
    }

    Org org(String slug) {
        return db.transaction(cfg -> new JooqOrgStore(cfg.dsl()).create(slug, "Org " + slug));
    }

    Principal user(Org org, String name) {
        return user(org, name, Role.USER);
    }

    Principal user(Org org, String name, Role role) {
        return db.transaction(cfg -> stores.users().create(org.id(),
                new NewUser(name, name + "@example.test", "User " + name, role, "password-" + name, true)));
    }

    Resource room(Org org, String id, ResourcePolicy policy) {
        return db.transaction(cfg -> stores.resources().create(org.id(),
                new NewResource(id, ResourceType.ROOM, "Room " + id, null, true, policy), DOMAIN));
    }

    Resource resource(Org org, String id, ResourceType type, ResourcePolicy policy, boolean active) {
        return db.transaction(cfg -> stores.resources().create(org.id(),
                new NewResource(id, type, "Thing " + id, null, active, policy), DOMAIN));
    }

    Group group(Org org, String name) {
        return db.transaction(cfg -> new JooqGroupStore(cfg.dsl()).create(org.id(), name, null, GroupSource.ADMIN));
    }

    static <T> List<String> names(Page<T> page, java.util.function.Function<T, String> name) {
        return page.items().stream().map(name).toList();
    }

    @Override
    public void close() {
        db.close();
        testDb.close();
    }
}
