package io.calroom.scheduling.index;

import io.calroom.schema.store.JooqCalendarCollectionStore;
import io.calroom.schema.store.JooqCalendarObjectStore;
import io.calroom.schema.store.JooqOccurrenceLookups;
import io.calroom.principal.directory.JooqOrgStore;
import io.calroom.principal.DirectoryStores;
import io.calroom.scheduling.SchedulingStores;
import io.calroom.principal.NewPrincipal;
import io.calroom.principal.Org;
import io.calroom.principal.PasswordHasher;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.scheduling.delivery.StorableObjects;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.ValidatedCalendarObject;
import io.calroom.schema.Database;
import io.calroom.schema.DatabaseConfig;
import io.calroom.schema.store.BusyInstance;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.ExpansionVersion;
import io.calroom.schema.store.NewCalendar;
import io.calroom.schema.store.PutOutcome;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.schema.store.WriteCondition;
import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The occurrence index against a real database: extension past {@code expanded_until}, the
 * recomputation of stale objects, and what a lookup does with an object another transaction holds.
 * Dates are fixed ({@link #NOW} is passed in, nothing reads the system clock).
 */
class OccurrenceIndexTest {
    /** A Monday. */
    static final Instant NOW = Instant.parse("2030-03-04T08:00:00Z");
    static final Duration HORIZON = Duration.ofDays(60);
    static final AtomicInteger N = new AtomicInteger();

    static TestDatabase testDb;
    static Database db;
    static CalendarObjectParser parser;
    static OccurrenceIndex index;
    /** The first occurrence of every series here. */
    static final Instant DTSTART = Instant.parse("2030-03-04T10:00:00Z");
    static Principal owner;

    @BeforeAll
    static void setUp() {
        testDb = TestDatabases.create("OccurrenceIndexTest");
        db = Database.open(new DatabaseConfig(testDb.jdbcUrl(), testDb.user(), testDb.password(), 4));
        CalendarObjectLimits limits = new CalendarObjectLimits(500, 100, HORIZON);
        parser = new CalendarObjectParser(limits);
        index = new OccurrenceIndex(SchedulingStores.over(db), parser, limits);
        Org org = db.transaction(cfg -> new JooqOrgStore(cfg.dsl()).create("acme", "Acme"));
        owner = DirectoryStores.over(db, new PasswordHasher(1000)).accounts().create(
                new NewPrincipal(org.id(), PrincipalKind.USER, "olga", "INDIVIDUAL", "Olga", "olga@example.com", Role.USER, null));
    }

    /** A calendar of its own for each test, so that no test sees another's series. */
    static StoredCalendar newCalendar() {
        return db.transaction(cfg -> new JooqCalendarCollectionStore(cfg.dsl()).createCalendar(owner.id(),
                NewCalendar.of("cal-" + N.incrementAndGet(), CollectionKind.CALENDAR, "Test", List.of("VEVENT"))).orElseThrow());
    }

    @AfterAll
    static void tearDown() {
        if (db != null) db.close();
        if (testDb != null) testDb.close();
    }

    /** A series on Mondays 10:00-11:00 UTC from {@link #DTSTART} in {@code calendar}, {@code rule} its RRULE. */
    static long store(StoredCalendar calendar, String rule) {
        return store(calendar, rule, "DTEND:20300304T110000Z");
    }

    static long store(StoredCalendar calendar, String rule, String end) {
        String uid = "series-" + N.incrementAndGet();
        String text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Calroom//Tests//EN\r\nBEGIN:VEVENT\r\nUID:" + uid
                + "\r\nDTSTAMP:20300301T120000Z\r\nDTSTART:20300304T100000Z\r\n" + end + "\r\n" + rule
                + "\r\nSUMMARY:Series\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        return db.transaction(cfg -> {
            ValidatedCalendarObject v = parser.validate(text.getBytes(StandardCharsets.UTF_8), Set.of("VEVENT"), ZoneOffset.UTC, NOW);
            PutOutcome o = new JooqCalendarObjectStore(cfg.dsl()).put(calendar.id(), uid + ".ics", StorableObjects.of(v, text, ZoneOffset.UTC),
                    WriteCondition.NONE);
            return ((PutOutcome.Created) o).object().id();
        });
    }

    static Instant expandedUntil(long objectId) {
        return db.dsl().resultQuery("SELECT expanded_until FROM calendar_objects WHERE id = ?", objectId)
                .fetchOne(0, OffsetDateTime.class).toInstant();
    }

    static int rows(long objectId) {
        return db.dsl().resultQuery("SELECT count(*) FROM calendar_instances WHERE object_id = ?", objectId)
                .fetchOne(0, Integer.class);
    }

    static List<Instant> starts(long objectId) {
        return db.dsl().resultQuery("SELECT lower(period) FROM calendar_instances WHERE object_id = ? ORDER BY 1", objectId)
                .fetch(0, OffsetDateTime.class).stream().map(OffsetDateTime::toInstant).toList();
    }

    @Test
    void aLookupPastTheHorizonExtendsTheSeriesAndStoresNothingTwice() {
        StoredCalendar calendar = newCalendar();
        long id = store(calendar, "RRULE:FREQ=WEEKLY");
        assertEquals(DTSTART.plus(HORIZON), expandedUntil(id), "a write expands to max(now, DTSTART) + horizon");
        int before = rows(id);
        Instant start = NOW.plus(Duration.ofDays(150));
        Instant end = start.plus(Duration.ofDays(7));
        OccurrenceIndex.Coverage c = db.transaction(cfg -> index.cover(List.of(calendar.id()), null, start, end, NOW,
                OccurrenceIndex.Mode.ANSWER));
        assertTrue(c.computed().isEmpty() && c.ignored().isEmpty(), "everything was stored: " + c);
        assertEquals(end.plus(HORIZON), expandedUntil(id), "stored one horizon past the range");
        List<Instant> starts = starts(id);
        assertEquals(starts.size(), Set.copyOf(starts).size(), "no occurrence twice");
        // weekly from DTSTART up to end + horizon
        int expected = (int) ((Duration.between(DTSTART, end.plus(HORIZON)).toDays() + 6) / 7);
        assertEquals(expected, starts.size());
        assertTrue(starts.size() > before);
        // a second lookup over the same range has nothing to do
        db.transaction(cfg -> index.cover(List.of(calendar.id()), null, start, end, NOW, OccurrenceIndex.Mode.ANSWER));
        assertEquals(expected, rows(id));
    }

    @Test
    void aSeriesThatEndsAfterTheHorizonIsStoredToItsEndAndThenIsNoLongerOpen() {
        StoredCalendar calendar = newCalendar();
        long id = store(calendar, "RRULE:FREQ=WEEKLY;COUNT=20"); // 20 weeks > the 60-day horizon
        assertTrue(rows(id) < 20);
        db.transaction(cfg -> index.cover(List.of(calendar.id()), null, NOW, NOW.plus(Duration.ofDays(200)), NOW,
                OccurrenceIndex.Mode.ANSWER));
        assertEquals(20, rows(id));
        assertFalse(db.dsl().resultQuery("SELECT unbounded FROM calendar_objects WHERE id = ?", id).fetchOne(0, Boolean.class));
    }

    @Test
    void aLookupNeverWaitsForAnObjectAnotherTransactionHoldsAndComputesItsOccurrencesInstead() throws Exception {
        StoredCalendar calendar = newCalendar();
        long id = store(calendar, "RRULE:FREQ=WEEKLY");
        Instant until = expandedUntil(id);
        Instant start = NOW.plus(Duration.ofDays(100));
        Instant end = start.plus(Duration.ofDays(7));
        try (Connection writer = db.dataSource().getConnection()) {
            writer.setAutoCommit(false);
            try (PreparedStatement ps = writer.prepareStatement("SELECT id FROM calendar_objects WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                }
            }
            long t0 = System.nanoTime();
            OccurrenceIndex.Coverage c = db.transaction(cfg -> {
                cfg.dsl().execute("SET LOCAL lock_timeout = '2s'"); // a wait would fail the test, not hang it
                return index.cover(List.of(calendar.id()), null, start, end, NOW, OccurrenceIndex.Mode.ANSWER);
            });
            assertTrue(System.nanoTime() - t0 < 1_500_000_000L, "the lookup did not wait for the row lock");
            List<BusyInstance> busy = c.busy(start, end, null);
            assertEquals(1, busy.size(), "the one Monday of that week, computed: " + c);
            assertEquals(Instant.parse("2030-06-17T10:00:00Z"), busy.get(0).start());
            assertEquals(until, expandedUntil(id), "nothing stored for an object another transaction holds");
            writer.rollback();
        }
    }

    @Test
    void aStaleObjectIsRecomputedAndItsETagAndTextStay() {
        StoredCalendar calendar = newCalendar();
        long id = store(calendar, "RRULE:FREQ=WEEKLY;COUNT=3");
        String etag = db.dsl().resultQuery("SELECT etag FROM calendar_objects WHERE id = ?", id).fetchOne(0, String.class);
        // what an older version stored: shifted by a day, and marked as its
        db.dsl().execute("UPDATE calendar_instances SET period = tstzrange(lower(period) + interval '1 day', "
                + "upper(period) + interval '1 day') WHERE object_id = ?", id);
        db.dsl().execute("UPDATE calendar_objects SET expansion_version = 0, expansion_zone = NULL WHERE id = ?", id);
        Instant start = Instant.parse("2030-03-11T00:00:00Z");
        Instant end = Instant.parse("2030-03-13T00:00:00Z");
        // a lookup that only extends leaves it to the job; an answering one recomputes it
        db.transaction(cfg -> index.cover(List.of(calendar.id()), null, start, end, NOW, OccurrenceIndex.Mode.EXTEND));
        assertEquals(0, (int) db.dsl().resultQuery("SELECT expansion_version FROM calendar_objects WHERE id = ?", id)
                .fetchOne(0, Integer.class));
        db.transaction(cfg -> index.cover(List.of(calendar.id()), null, start, end, NOW, OccurrenceIndex.Mode.ANSWER));
        assertEquals(List.of(Instant.parse("2030-03-04T10:00:00Z"), Instant.parse("2030-03-11T10:00:00Z"),
                Instant.parse("2030-03-18T10:00:00Z")), starts(id));
        assertEquals(ExpansionVersion.CURRENT, (int) db.dsl().resultQuery("SELECT expansion_version FROM calendar_objects WHERE id = ?", id)
                .fetchOne(0, Integer.class));
        assertEquals("Z", db.dsl().resultQuery("SELECT expansion_zone FROM calendar_objects WHERE id = ?", id).fetchOne(0, String.class));
        assertEquals(etag, db.dsl().resultQuery("SELECT etag FROM calendar_objects WHERE id = ?", id).fetchOne(0, String.class));
    }

    @Test
    void aStaleObjectAnotherTransactionHoldsIsAnsweredFromItsTextNotFromWhatWasStored() throws Exception {
        StoredCalendar calendar = newCalendar();
        long id = store(calendar, "RRULE:FREQ=WEEKLY;COUNT=3");
        db.dsl().execute("UPDATE calendar_instances SET period = tstzrange(lower(period) + interval '1 day', "
                + "upper(period) + interval '1 day') WHERE object_id = ?", id);
        db.dsl().execute("UPDATE calendar_objects SET expansion_version = 0 WHERE id = ?", id);
        Instant start = Instant.parse("2030-03-11T00:00:00Z");
        Instant end = Instant.parse("2030-03-13T00:00:00Z");
        try (Connection writer = db.dataSource().getConnection()) {
            writer.setAutoCommit(false);
            try (PreparedStatement ps = writer.prepareStatement("SELECT id FROM calendar_objects WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                ps.executeQuery().close();
            }
            OccurrenceIndex.Coverage c = db.transaction(cfg -> index.cover(List.of(calendar.id()), null, start, end, NOW,
                    OccurrenceIndex.Mode.ANSWER));
            assertTrue(c.ignored().contains(id), "its stored occurrences are not to be used");
            List<BusyInstance> busy = c.busy(start, end, null);
            assertEquals(List.of(Instant.parse("2030-03-11T10:00:00Z")), busy.stream().map(BusyInstance::start).toList());
            List<BusyInstance> stored = new JooqOccurrenceLookups(db.dsl()).busyInstances(calendar.id(), start, end, c.ignored());
            assertTrue(stored.isEmpty(), "the shifted rows are left out: " + stored);
            writer.rollback();
        }
    }

    @Test
    void aTooDenseSeriesIsStoredUpToTheOccurrenceLimitPerLookup() {
        // six a day: 360 in the 60-day horizon (within the limit of 500 of this test), 1,400 up to the range
        StoredCalendar calendar = newCalendar();
        long id = store(calendar, "RRULE:FREQ=DAILY;BYHOUR=10,11,12,13,14,15", "DTEND:20300304T101000Z");
        int before = rows(id); // 6 a day for 60 days
        Instant start = NOW.plus(Duration.ofDays(170));
        Instant end = start.plus(Duration.ofDays(1));
        OccurrenceIndex.Coverage c = db.transaction(cfg -> index.cover(List.of(calendar.id()), null, start, end, NOW,
                OccurrenceIndex.Mode.ANSWER));
        int added = rows(id) - before;
        assertTrue(added > 0 && added <= 500, "at most the limit stored per lookup: " + added);
        assertEquals(6, c.busy(start, end, null).size(), "the rest of the range is computed for the answer");
    }

    @Test
    void overlapsLikePostgresRanges() {
        Instant a = Instant.parse("2030-01-01T10:00:00Z");
        Instant b = Instant.parse("2030-01-01T11:00:00Z");
        Instant c = Instant.parse("2030-01-01T12:00:00Z");
        assertTrue(OccurrenceIndex.overlaps(a, c, b, c));
        assertFalse(OccurrenceIndex.overlaps(a, b, b, c), "[a,b) and [b,c) do not overlap");
        assertTrue(OccurrenceIndex.overlaps(b, b, b, c), "a point at the start of the range");
        assertFalse(OccurrenceIndex.overlaps(c, c, b, c), "a point at the end of the range");
        assertTrue(OccurrenceIndex.overlaps(a, c, b, b), "a point query inside");
        assertFalse(OccurrenceIndex.overlaps(a, b, b, b), "a point query at the end");
        assertTrue(OccurrenceIndex.overlaps(null, null, a, b), "unbounded");
    }
}
