package io.calroom.schema.store;

import io.calroom.schema.Database;
import io.calroom.schema.DatabaseConfig;
import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The change logs against real PostgreSQL transactions: writers of one collection no longer take
 * turns, so a writer that began first may commit last, and a sync in between must still report
 * its change afterwards (RFC 6578 §3.2: nothing changed since the token may be left out).
 */
class SyncLogTest {
    private static TestDatabase testDb;
    private static Database db;
    private static long owner;

    @BeforeAll
    static void open() {
        testDb = TestDatabases.create("SyncLogTest");
        db = Database.open(new DatabaseConfig(testDb.jdbcUrl(), testDb.user(), testDb.password(), 4));
        long org = db.dsl().resultQuery("INSERT INTO orgs (slug, name) VALUES ('sync', 'Sync') RETURNING id").fetchOne(0, Long.class);
        owner = db.dsl().resultQuery("INSERT INTO principals (org_id, kind, name, calendar_user_type) VALUES (?, 'user', 'syncer', "
                + "'INDIVIDUAL') RETURNING id", org).fetchOne(0, Long.class);
    }

    @AfterAll
    static void close() {
        if (db != null) db.close();
        if (testDb != null) testDb.close();
    }

    private static long calendar(String uri) {
        return new JooqCalendarCollectionStore(db.dsl()).createCalendar(owner, NewCalendar.of(uri, CollectionKind.CALENDAR, uri, List.of("VEVENT")))
                .orElseThrow().id();
    }

    private static SyncLog log() {
        return new JooqSyncLog(db.dsl());
    }

    /** A transaction left open: its changes are written but not committed. */
    private static Connection openTransaction() throws SQLException {
        Connection c = db.dataSource().getConnection();
        c.setAutoCommit(false);
        return c;
    }

    private static SyncLog in(Connection c) {
        return new JooqSyncLog(DSL.using(c, SQLDialect.POSTGRES));
    }

    private static List<String> uris(SyncLog.Changes changes) {
        return changes.changes().stream().map(SyncChange::uri).toList();
    }

    @Test
    void aWriterThatBeganFirstAndCommitsAfterASyncIsReportedByTheNextSync() throws SQLException {
        long cal = calendar("race");
        log().recordChange(cal, "early.ics", false);
        SyncLog.Changes first;
        try (Connection slow = openTransaction()) {
            in(slow).recordChange(cal, "slow.ics", false);   // the older transaction id
            log().recordChange(cal, "fast.ics", false);      // a younger one, committed at once
            first = log().calendarChanges(cal, null).orElseThrow();
            assertEquals(List.of("early.ics", "fast.ics"), uris(first));
            slow.commit();
        }
        SyncLog.Changes next = log().calendarChanges(cal, first.now()).orElseThrow();
        assertEquals(List.of("slow.ics"), uris(next), "the slow writer's change, and nothing the client already has");
        assertEquals(List.of(), uris(log().calendarChanges(cal, next.now()).orElseThrow()));
    }

    @Test
    void aRolledBackWriterLeavesNothingToReport() throws SQLException {
        long cal = calendar("rollback");
        log().recordChange(cal, "kept.ics", false);
        SyncPoint before;
        try (Connection c = openTransaction()) {
            in(c).recordChange(cal, "kept.ics", true);
            in(c).recordChange(cal, "never.ics", false);
            before = log().calendarChanges(cal, null).orElseThrow().now();
            c.rollback();
        }
        assertEquals(List.of(), uris(log().calendarChanges(cal, before).orElseThrow()));
        assertEquals(before, log().calendarState(cal).point());
    }

    @Test
    void theTokenStaysWhileTheCollectionDoesAndMovesWithEveryChange() {
        long cal = calendar("stable");
        long other = calendar("other");
        SyncPoint empty = log().calendarState(cal).point();
        log().recordChange(cal, "a.ics", false);
        SyncLog.State one = log().calendarState(cal);
        assertNotEquals(empty, one.point());
        log().recordChange(other, "b.ics", false); // another collection's writer
        assertEquals(one.point(), log().calendarState(cal).point(), "unmoved by other collections");
        assertEquals(one.point(), log().calendarChanges(cal, null).orElseThrow().now(), "the sync answer names the same point");
        log().recordChange(cal, "a.ics", true);
        assertNotEquals(one.point(), log().calendarState(cal).point());
        assertTrue(one.lastChange() != null);
    }

    @Test
    void deletedMembersAreReportedSinceAPointButNotInAnInitialSync() {
        long cal = calendar("deletes");
        log().recordChange(cal, "a.ics", false);
        log().recordChange(cal, "b.ics", false);
        SyncPoint p = log().calendarState(cal).point();
        log().recordChange(cal, "a.ics", true);
        SyncLog.Changes since = log().calendarChanges(cal, p).orElseThrow();
        assertEquals(List.of("a.ics"), uris(since));
        assertTrue(since.changes().get(0).deleted());
        assertEquals(List.of("b.ics"), uris(log().calendarChanges(cal, null).orElseThrow()));
    }

    @Test
    void truncatedPagesTogetherReportEveryChangeOnce_rfc6578_section3_6() throws SQLException {
        long cal = calendar("pages");
        try (Connection c = openTransaction()) { // seven changes of one transaction: one xid, ordered by URI
            for (int i = 0; i < 7; i++) in(c).recordChange(cal, "bulk-" + i + ".ics", false);
            c.commit();
        }
        for (int i = 0; i < 3; i++) log().recordChange(cal, "single-" + i + ".ics", false);
        List<String> seen = new ArrayList<>();
        SyncPoint p = null;
        for (int page = 0; page < 10; page++) {
            SyncLog.Changes ch = log().calendarChanges(cal, p).orElseThrow();
            if (ch.changes().size() <= 3) {
                seen.addAll(uris(ch));
                p = ch.now();
                break;
            }
            List<SyncChange> first = ch.changes().subList(0, 3);
            first.forEach(x -> seen.add(x.uri()));
            p = ch.now().truncatedAfter(first.get(2).position());
            if (page == 1) log().recordChange(cal, "during.ics", false);
        }
        assertEquals(11, seen.size(), seen.toString());
        assertEquals(11, new HashSet<>(seen).size(), "each once: " + seen);
        assertEquals(List.of(), uris(log().calendarChanges(cal, p).orElseThrow()));
    }

    @Test
    void aPointFromTheFutureOrFromAnotherDatabaseIsRefused() {
        long cal = calendar("future");
        SyncPoint now = log().calendarState(cal).point();
        assertTrue(log().calendarChanges(cal, now).isPresent());
        SyncPoint future = new SyncPoint(now.incarnation(), Long.MAX_VALUE / 2, List.of(), null);
        assertEquals(Optional.empty(), log().calendarChanges(cal, future));
        assertEquals(Optional.empty(), log().homeChanges(owner, future));
        String other = now.incarnation().equals("00000000") ? "00000001" : "00000000";
        SyncPoint elsewhere = new SyncPoint(other, now.xmax(), List.of(), null);
        assertEquals(Optional.empty(), log().calendarChanges(cal, elsewhere), "a restored dump's or a lost primary's token");
        assertEquals(Optional.empty(), log().homeChanges(owner, new SyncPoint(other, 0, List.of(), null)));
    }

    @Test
    void aDatabaseFromAnotherClusterHasItsFutureTransactionIdsMadeOld() {
        long cal = calendar("restored");
        log().recordChange(cal, "kept.ics", false);
        // as after restoring a dump from a cluster whose transaction ids ran far ahead of this one's
        db.dsl().execute("UPDATE sync_changes SET xid = (pg_current_xact_id()::text::bigint + 1000000)::text::xid8 "
                + "WHERE calendar_id = " + cal);
        log().adoptDatabase();
        assertTrue(log().calendarChanges(cal, log().calendarState(cal).point()).orElseThrow().changes().size() == 1,
                "the same incarnation: nothing is touched");
        db.dsl().execute("UPDATE sync_incarnation SET incarnation = 'restored'");
        log().adoptDatabase();
        SyncPoint p = log().calendarState(cal).point();
        assertEquals(List.of(), uris(log().calendarChanges(cal, p).orElseThrow()), "no longer new at every sync");
        assertEquals(p, log().calendarState(cal).point());
        assertEquals(List.of("kept.ics"), uris(log().calendarChanges(cal, null).orElseThrow()));
    }

    @Test
    void aHomeReportsCollectionsWhoseMembersChangedEvenWhileTheirWriterWasRunning() throws SQLException {
        long work = calendar("home-work");
        calendar("home-idle");
        SyncLog.Changes initial = log().homeChanges(owner, null).orElseThrow();
        assertTrue(uris(initial).containsAll(List.of("home-work", "home-idle")), uris(initial).toString());
        SyncPoint p = initial.now();
        assertEquals(p, log().homePoint(owner), "stable while nothing changes");
        SyncLog.Changes middle;
        try (Connection slow = openTransaction()) {
            in(slow).recordChange(work, "slow.ics", false);
            long late = calendar("home-late");
            assertTrue(late > 0);
            middle = log().homeChanges(owner, p).orElseThrow();
            assertEquals(List.of("home-late"), uris(middle));
            slow.commit();
        }
        SyncLog.Changes after = log().homeChanges(owner, middle.now()).orElseThrow();
        assertEquals(List.of("home-work"), uris(after));
        new JooqCalendarCollectionStore(db.dsl()).deleteCalendar(work);
        SyncLog.Changes gone = log().homeChanges(owner, after.now()).orElseThrow();
        assertEquals(List.of("home-work"), uris(gone));
        assertTrue(gone.changes().get(0).deleted());
        Set<String> now = new HashSet<>(uris(log().homeChanges(owner, null).orElseThrow()));
        assertTrue(!now.contains("home-work") && now.contains("home-late"), now.toString());
    }

    @Test
    void aHomeAtInfiniteLevelReportsMembersUnderTheirCollection_rfc6578_section3_3() {
        long org = db.dsl().resultQuery("SELECT org_id FROM principals WHERE id = ?", owner).fetchOne(0, Long.class);
        long deep = db.dsl().resultQuery("INSERT INTO principals (org_id, kind, name, calendar_user_type) VALUES (?, 'user', 'deep', "
                + "'INDIVIDUAL') RETURNING id", org).fetchOne(0, Long.class);
        CalendarCollectionStore store = new JooqCalendarCollectionStore(db.dsl());
        long a = store.createCalendar(deep, NewCalendar.of("a", CollectionKind.CALENDAR, "a", List.of("VEVENT"))).orElseThrow().id();
        long b = store.createCalendar(deep, NewCalendar.of("b", CollectionKind.CALENDAR, "b", List.of("VEVENT"))).orElseThrow().id();
        log().recordChange(a, "one.ics", false);
        log().recordChange(a, "gone.ics", false);
        log().recordChange(a, "gone.ics", true);
        log().recordChange(b, "two.ics", false);

        SyncLog.Changes initial = log().homeTreeChanges(deep, null).orElseThrow();
        assertEquals(Set.of("a", "b", "a/one.ics", "b/two.ics"), new HashSet<>(uris(initial)), "current members only");
        // the same point as at sync-level 1 (compared by what it covers: the text of two points cut
        // a moment apart may name different transactions running elsewhere in the cluster)
        assertEquals(List.of(), uris(log().homeChanges(deep, initial.now()).orElseThrow()));
        assertEquals(List.of(), uris(log().homeTreeChanges(deep, log().homePoint(deep)).orElseThrow()));

        log().recordChange(a, "one.ics", true);
        log().recordChange(b, "three.ics", false);
        SyncLog.Changes delta = log().homeTreeChanges(deep, initial.now()).orElseThrow();
        assertEquals(List.of("a/one.ics", "b/three.ics"), uris(delta).stream().sorted().toList());
        assertTrue(delta.changes().stream().filter(ch -> ch.uri().equals("a/one.ics")).findFirst().orElseThrow().deleted());

        store.deleteCalendar(b);
        SyncLog.Changes gone = log().homeTreeChanges(deep, delta.now()).orElseThrow();
        assertEquals(List.of("b"), uris(gone), "a removed collection, not its members (RFC 6578 section 3.5.2)");
        assertTrue(gone.changes().get(0).deleted());
    }
}
