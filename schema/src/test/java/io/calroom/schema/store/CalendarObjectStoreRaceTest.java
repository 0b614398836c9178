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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A member write that meets a DELETE of its collection in flight, with real PostgreSQL transactions. */
class CalendarObjectStoreRaceTest {
    private static TestDatabase testDb;
    private static Database db;
    private static long owner;

    @BeforeAll
    static void open() {
        testDb = TestDatabases.create("CalendarObjectStoreRaceTest");
        db = Database.open(new DatabaseConfig(testDb.jdbcUrl(), testDb.user(), testDb.password(), 4));
        long org = db.dsl().resultQuery("INSERT INTO orgs (slug, name) VALUES ('race', 'Race') RETURNING id").fetchOne(0, Long.class);
        owner = db.dsl().resultQuery("INSERT INTO principals (org_id, kind, name, calendar_user_type) VALUES (?, 'user', 'racer', "
                + "'INDIVIDUAL') RETURNING id", org).fetchOne(0, Long.class);
    }

    @AfterAll
    static void close() {
        if (db != null) db.close();
        if (testDb != null) testDb.close();
    }

    @Test
    void aWriteWaitingForACollectionBeingDeletedEndsAsCollectionGone_rfc4918_section9_7_1() throws Exception {
        long cal = new JooqCalendarCollectionStore(db.dsl()).createCalendar(owner, NewCalendar.of("doomed", CollectionKind.CALENDAR, "Doomed",
                List.of("VEVENT"))).orElseThrow().id();
        ObjectContent content = new ObjectContent("late-uid", "VEVENT",
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:late-uid\r\n"
                        + "DTSTAMP:20261122T100000Z\r\nDTSTART:20261201T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                null, null, false, null, List.of());
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Connection deleting = db.dataSource().getConnection()) {
            deleting.setAutoCommit(false);
            CalendarCollectionStore inDelete = new JooqCalendarCollectionStore(DSL.using(deleting, SQLDialect.POSTGRES));
            inDelete.lockCalendar(cal);
            inDelete.deleteCalendar(cal);
            Future<PutOutcome> put = writer.submit(() -> {
                try (Connection c = db.dataSource().getConnection()) {
                    c.setAutoCommit(false);
                    PutOutcome o = new JooqCalendarObjectStore(DSL.using(c, SQLDialect.POSTGRES)).put(cal, "late.ics", content, WriteCondition.NONE);
                    c.rollback();
                    return o;
                }
            });
            Thread.sleep(300);
            assertFalse(put.isDone(), "the write waits for the deleting transaction");
            deleting.commit();
            assertEquals(new PutOutcome.CollectionGone(), put.get(10, TimeUnit.SECONDS));
        } finally {
            writer.shutdownNow();
        }
    }
}
