package io.calroom.principal.directory;

import io.calroom.principal.Org;
import io.calroom.principal.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.calroom.schema.jooq.Tables.CALENDARS;
import static io.calroom.schema.jooq.Tables.PRINCIPALS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrgStoreTest {
    static DirectoryDb d;

    @BeforeAll
    static void open() {
        d = DirectoryDb.open("OrgStoreTest");
    }

    @AfterAll
    static void close() {
        d.close();
    }

    @Test
    void createGetRenameAndPaginate() {
        OrgStore orgs = new JooqOrgStore(d.dsl());
        Org a = orgs.create("o-alpha", "Alpha");
        orgs.create("o-beta", "Beta");
        orgs.create("o-gamma", "Gamma");
        assertEquals(a, orgs.get(a.id()).orElseThrow());
        assertEquals(a, orgs.bySlug("o-alpha").orElseThrow());
        assertEquals("Alpha Ltd", orgs.rename(a.id(), "Alpha Ltd").orElseThrow().name());
        Page<Org> page = orgs.list(2, 0);
        assertTrue(page.total() >= 3);
        assertEquals(2, page.items().size());
        List<String> all = DirectoryDb.names(orgs.list(1000, 0), Org::slug);
        assertEquals(all.stream().sorted().toList(), all);
        assertEquals(all.subList(1, 3), DirectoryDb.names(orgs.list(2, 1), Org::slug));
        assertEquals(0, orgs.list(0, 0).items().size());
        assertTrue(orgs.rename(-1, "x").isEmpty());
    }

    @Test
    void slugRulesAndDuplicates() {
        OrgStore orgs = new JooqOrgStore(d.dsl());
        orgs.create("dup", "Dup");
        assertEquals("slug", assertThrows(DuplicateException.class, () -> orgs.create("dup", "Again")).field());
        for (String bad : List.of("", "-x", "UPPER", "a_b", "a".repeat(64), "é"))
            assertThrows(IllegalArgumentException.class, () -> orgs.create(bad, "Bad"), bad);
        Org other = orgs.create("dup2", "Dup 2");
        assertThrows(DuplicateException.class, () -> orgs.update(other.id(), "dup", null));
        assertEquals("dup3", orgs.update(other.id(), "dup3", null).orElseThrow().slug());
        assertThrows(IllegalArgumentException.class, () -> Page.check(1001, 0));
        assertThrows(IllegalArgumentException.class, () -> orgs.list(10, -1));
    }

    @Test
    void deleteTakesEverythingInTheOrg() {
        OrgStore orgs = new JooqOrgStore(d.dsl());
        Org doomed = d.org("doomed");
        Principal u = d.user(doomed, "doomed-user");
        d.room(doomed, "doomed-room", ResourcePolicy.DEFAULT);
        d.group(doomed, "doomed-group");
        assertTrue(orgs.delete(doomed.id()));
        assertFalse(orgs.delete(doomed.id()));
        assertEquals(0, d.dsl().fetchCount(PRINCIPALS, PRINCIPALS.ORG_ID.eq(doomed.id())));
        assertEquals(0, d.dsl().fetchCount(CALENDARS, CALENDARS.OWNER_ID.eq(u.id())));
    }
}
