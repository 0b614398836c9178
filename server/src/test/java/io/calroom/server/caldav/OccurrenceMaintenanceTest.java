package io.calroom.server.caldav;

import io.calroom.principal.Role;
import io.calroom.scheduling.index.OccurrenceIndex;
import io.calroom.scheduling.index.OccurrenceMaintenance;
import io.calroom.schema.check.ConsistencyCheck;
import io.calroom.schema.store.ExpansionVersion;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestClock;
import io.calroom.server.support.TestServer;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The occurrence index's background job: it keeps open-ended series expanded a horizon ahead as the
 * (injected) clock moves on, and it recomputes, once, the occurrences an older version stored (the
 * upgrade step of V10): in batches, resuming after a crash, shared by concurrent runners, without
 * touching an object's ETag, text or sync token. The job is driven through {@link
 * OccurrenceMaintenance#runOnce()}; the server's own schedule (every hour of real time) stays out
 * of the way.
 */
class OccurrenceMaintenanceTest {
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
    static final Duration HORIZON = Duration.ofDays(730);
    static TestClock clock;
    static TestServer server;
    static DSLContext db;

    @BeforeAll
    static void start() {
        clock = TestClock.startingAt(Instant.parse("2032-05-05T06:00:00Z"));
        server = TestServer.start(OccurrenceMaintenanceTest.class, Map.of(), clock);
        db = server.server().database().dsl();
        server.user("acme", "erin", Role.USER);
        server.user("acme", "frank", Role.USER);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static LocalDateTime next(DayOfWeek day, int hour) {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).with(TemporalAdjusters.next(day))
                .withHour(hour).withMinute(0).withSecond(0).withNano(0);
    }

    static String utc(LocalDateTime t) {
        return UTC.format(t);
    }

    static String series(String uid, LocalDateTime start, String rule) {
        return Ics.event(uid, utc(start), utc(start.plusHours(1)), "Series " + uid).replace("SUMMARY:", rule + "\r\nSUMMARY:");
    }

    static Instant expandedUntil(String owner, String uid) {
        return db.resultQuery("""
                SELECT o.expanded_until FROM calendar_objects o JOIN calendars c ON c.id = o.calendar_id
                JOIN principals p ON p.id = c.owner_id WHERE p.name = ? AND o.uid = ?""", owner, uid)
                .fetchOne(0, OffsetDateTime.class).toInstant();
    }

    static long calendarId(String owner) {
        return db.resultQuery("SELECT c.id FROM calendars c JOIN principals p ON p.id = c.owner_id WHERE p.name = ? AND c.uri = 'default'",
                owner).fetchOne(0, Long.class);
    }

    /** Every stored occurrence of a calendar's bounded objects, as "uri start end" lines. */
    static List<String> boundedRows(long calendarId) {
        return db.resultQuery("""
                SELECT o.uri || ' ' || lower(i.period) || ' ' || upper(i.period) FROM calendar_instances i
                JOIN calendar_objects o ON o.id = i.object_id WHERE i.calendar_id = ? AND o.uid NOT LIKE 'open-%'
                ORDER BY 1""", calendarId).fetch(0, String.class);
    }

    static int stale(long calendarId) {
        return db.resultQuery("SELECT count(*) FROM calendar_objects WHERE calendar_id = ? AND expansion_version < ?",
                calendarId, ExpansionVersion.CURRENT).fetchOne(0, Integer.class);
    }

    /** What an older version left: its own (here: wrong by a day) occurrences, and no zone on record. */
    static void markAsStoredByAnOlderVersion(long calendarId) {
        db.execute("UPDATE calendar_instances SET period = tstzrange(lower(period) + interval '1 day', upper(period) + interval '1 day') "
                + "WHERE calendar_id = ?", calendarId);
        db.execute("UPDATE calendar_objects SET expansion_version = 0, expansion_zone = NULL WHERE calendar_id = ?", calendarId);
    }

    static Map<String, String> etags(DavClient client, String calendar) {
        Multistatus ms = new Multistatus(client.propfind(calendar, "1", """
                <D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>""").body());
        Map<String, String> out = new HashMap<>();
        for (String href : ms.hrefs()) if (!href.equals(calendar)) out.put(href, ms.prop(href, "DAV:", "getetag").text());
        return out;
    }

    static String syncToken(DavClient client, String calendar) {
        return new Multistatus(client.propfind(calendar, "0", """
                <D:propfind xmlns:D="DAV:"><D:prop><D:sync-token/></D:prop></D:propfind>""").body())
                .prop(calendar, "DAV:", "sync-token").text();
    }

    /** The members an incremental sync-collection from {@code token} reports as changed (RFC 6578 §3.2). */
    static List<String> changedSince(DavClient client, String calendar, String token) {
        HttpResponse<String> r = client.request("REPORT", calendar).xml("""
                <D:sync-collection xmlns:D="DAV:"><D:sync-token>%s</D:sync-token><D:sync-level>1</D:sync-level>
                <D:prop><D:getetag/></D:prop></D:sync-collection>""".formatted(token)).send();
        assertEquals(207, r.statusCode(), r.body());
        return new Multistatus(r.body()).hrefs();
    }

    static boolean queryFinds(DavClient client, String calendar, String href, LocalDateTime from, LocalDateTime to) {
        HttpResponse<String> r = client.request("REPORT", calendar).header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop>
                <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="%s" end="%s"/>
                </C:comp-filter></C:comp-filter></C:filter></C:calendar-query>""".formatted(utc(from), utc(to))).send();
        assertEquals(207, r.statusCode(), r.body());
        return new Multistatus(r.body()).hrefs().contains(href);
    }

    @Test
    void theJobKeepsAnOpenEndedSeriesExpandedAHorizonAheadAsTimePasses() {
        DavClient erin = server.client("erin");
        LocalDateTime first = next(DayOfWeek.MONDAY, 9);
        assertEquals(201, erin.put("/calendars/users/erin/default/standup.ics", series("standup", first, "RRULE:FREQ=WEEKLY")).statusCode());
        Instant written = expandedUntil("erin", "standup");
        assertEquals(first.toInstant(ZoneOffset.UTC).plus(HORIZON), written, "a write expands to max(now, DTSTART) + horizon");

        clock.advance(Duration.ofDays(800)); // the stored occurrences end 70 days in the past now
        OccurrenceMaintenance.Run run = server.server().occurrenceMaintenance().runOnce();
        assertTrue(run.extended() >= 1 && run.complete(), run.toString());
        Instant now = clock.instant();
        Instant extended = expandedUntil("erin", "standup");
        assertTrue(!extended.isBefore(now.plus(HORIZON)), "expanded a horizon ahead of the new today: " + extended);
        int added = db.resultQuery("""
                SELECT count(*) FROM calendar_instances i JOIN calendar_objects o ON o.id = i.object_id
                WHERE o.uid = 'standup' AND lower(i.period) >= ?::timestamptz""", written.toString()).fetchOne(0, Integer.class);
        assertTrue(added >= 104, "two years of Mondays more, stored by the job: " + added);
        assertEquals(0, new ConsistencyCheck(db).run().size(), new ConsistencyCheck(db).run().toString());

        // nothing lags now: a second run extends nothing
        assertEquals(0, server.server().occurrenceMaintenance().runOnce().extended());
        // and free-busy near the new horizon is answered from what the job stored
        LocalDateTime week = LocalDateTime.ofInstant(now.plus(Duration.ofDays(700)), ZoneOffset.UTC)
                .with(TemporalAdjusters.next(DayOfWeek.MONDAY)).withHour(0).withMinute(0).withSecond(0).withNano(0);
        HttpResponse<String> fb = erin.request("REPORT", "/calendars/users/erin/default/").header("Depth", "1").xml("""
                <C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:time-range start="%s" end="%s"/></C:free-busy-query>"""
                .formatted(utc(week), utc(week.plusDays(1)))).send();
        assertTrue(fb.body().contains("FREEBUSY;FBTYPE=BUSY:" + utc(week.withHour(9)) + "/" + utc(week.withHour(10))), fb.body());
        assertEquals(extended, expandedUntil("erin", "standup"), "the lookup had nothing to extend");
    }

    @Test
    void theUpgradeRecomputesWhatAnOlderVersionStoredInBatchesResumesAfterACrashAndKeepsETagsAndSyncTokens() {
        DavClient frank = server.client("frank");
        String cal = "/calendars/users/frank/default/";
        LocalDateTime first = next(DayOfWeek.MONDAY, 10);
        for (int i = 0; i < 200; i++) { // single events three days apart
            LocalDateTime at = first.plusDays(3L * i);
            assertEquals(201, frank.put(cal + "e" + i + ".ics", Ics.event("e" + i, utc(at), utc(at.plusHours(1)), "Event " + i)).statusCode());
        }
        for (int i = 0; i < 29; i++) {
            assertEquals(201, frank.put(cal + "s" + i + ".ics", series("s" + i, first.plusHours(2 + i % 6), "RRULE:FREQ=WEEKLY;COUNT=12"))
                    .statusCode());
        }
        assertEquals(201, frank.put(cal + "open.ics", series("open-1", first.plusHours(5), "RRULE:FREQ=DAILY")).statusCode());
        long calendarId = calendarId("frank");
        List<String> rows = boundedRows(calendarId);
        Map<String, String> etags = etags(frank, cal);
        String token = syncToken(frank, cal);
        assertEquals(230, etags.size());

        markAsStoredByAnOlderVersion(calendarId);
        assertEquals(230, stale(calendarId));
        // meanwhile a calendar-query is right: the object at its true time, not where the stale rows say
        LocalDateTime e150 = first.plusDays(450);
        assertTrue(queryFinds(frank, cal, cal + "e150.ics", e150, e150.plusHours(1)));
        assertTrue(!queryFinds(frank, cal, cal + "e150.ics", e150.plusDays(1), e150.plusDays(1).plusHours(1)));

        // one batch, then a crash in the middle of the next one (its transaction never commits)
        OccurrenceIndex index = server.server().occurrenceIndex();
        Instant now = clock.instant();
        assertEquals(100, (int) server.server().database().transaction(cfg -> index.recomputeStale(now, 100)));
        assertThrows(IllegalStateException.class, () -> server.server().database().transaction(cfg -> {
            index.recomputeStale(now, 100);
            throw new IllegalStateException("the process died here");
        }));
        assertEquals(130, stale(calendarId), "the first batch stays done, the interrupted one is undone");
        // free-busy over an event not recomputed yet is right too (the lookup recomputes what it needs)
        HttpResponse<String> fb = frank.request("REPORT", cal).header("Depth", "1").xml("""
                <C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:time-range start="%s" end="%s"/></C:free-busy-query>"""
                .formatted(utc(e150.minusDays(1)), utc(e150.plusDays(2)))).send();
        assertTrue(fb.body().contains("FREEBUSY;FBTYPE=BUSY:" + utc(e150) + "/" + utc(e150.plusHours(1))), fb.body());
        assertTrue(!fb.body().contains(utc(e150.plusDays(1))), fb.body());

        // the next run resumes and finishes
        OccurrenceMaintenance.Run run = server.server().occurrenceMaintenance().runOnce();
        assertTrue(run.recomputed() >= 100 && run.complete(), run.toString());
        assertEquals(0, stale(calendarId));
        assertEquals(rows, boundedRows(calendarId), "every occurrence as a write stores it");
        assertTrue(expandedUntil("frank", "open-1").isAfter(now.plus(HORIZON).minusSeconds(1)), "the open-ended series too");
        assertEquals(etags, etags(frank, cal), "no ETag changed");
        // compared by what it reports (RFC 6578 §3.2), not by its text: a token also names the transactions that were
        // running when it was cut, anywhere in the cluster, so its text may differ while the collection did not change
        assertEquals(List.of(), changedSince(frank, cal, token), "the collection did not change for sync clients");
        assertEquals(0, new ConsistencyCheck(db).run().size(), new ConsistencyCheck(db).run().toString());

        // two runners at once (two server processes): every object is recomputed exactly once
        markAsStoredByAnOlderVersion(calendarId);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<OccurrenceMaintenance.Run>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) runs.add(pool.submit(() -> server.server().occurrenceMaintenance().runOnce()));
            int total = 0;
            for (Future<OccurrenceMaintenance.Run> f : runs) total += f.get().recomputed();
            assertEquals(230, total);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, stale(calendarId));
        assertEquals(rows, boundedRows(calendarId));
        assertEquals(0, new ConsistencyCheck(db).run().size(), new ConsistencyCheck(db).run().toString());
    }
}
