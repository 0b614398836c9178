package io.calroom.schema.store;

import io.calroom.schema.Database;
import io.calroom.schema.DatabaseConfig;
import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A calendar home's dead properties live in its principal's rows, yet neither resource sees the other's. */
class DeadPropertyStoreTest {
    private static TestDatabase testDb;
    private static Database db;
    private static long owner;

    @BeforeAll
    static void open() {
        testDb = TestDatabases.create("DeadPropertyStoreTest");
        db = Database.open(new DatabaseConfig(testDb.jdbcUrl(), testDb.user(), testDb.password(), 2));
        long org = db.dsl().resultQuery("INSERT INTO orgs (slug, name) VALUES ('dead', 'Dead') RETURNING id").fetchOne(0, Long.class);
        owner = db.dsl().resultQuery("INSERT INTO principals (org_id, kind, name, calendar_user_type) VALUES (?, 'user', 'propper', "
                + "'INDIVIDUAL') RETURNING id", org).fetchOne(0, Long.class);
    }

    @AfterAll
    static void close() {
        if (db != null) db.close();
        if (testDb != null) testDb.close();
    }

    @Test
    void homeAndPrincipalKeepTheirOwnPropertiesUnderTheSameName() {
        DeadPropertyStore store = new JooqDeadPropertyStore(db.dsl());
        PropertyOwner principal = new PropertyOwner.OfPrincipal(owner);
        PropertyOwner home = new PropertyOwner.OfCalendarHome(owner);
        DeadProperty onPrincipal = new DeadProperty("urn:example", "note", "<x:note xmlns:x=\"urn:example\">principal</x:note>");
        DeadProperty onHome = new DeadProperty("urn:example", "note", "<x:note xmlns:x=\"urn:example\">home</x:note>");
        store.set(principal, onPrincipal);
        store.set(home, onHome);
        assertEquals(List.of(onPrincipal), store.list(principal));
        assertEquals(List.of(onHome), store.list(home), "the namespace comes back unmarked");

        store.remove(home, "urn:example", "note");
        assertEquals(List.of(), store.list(home));
        assertEquals(List.of(onPrincipal), store.list(principal), "removing the home's leaves the principal's");
    }
}
