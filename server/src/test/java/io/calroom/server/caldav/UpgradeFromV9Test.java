package io.calroom.server.caldav;

import io.calroom.schema.store.JooqCalendarCollectionStore;
import io.calroom.principal.JooqPrincipalStore;
import io.calroom.schema.store.JooqSyncLog;
import io.calroom.principal.AccountProvisioner;
import io.calroom.principal.NewPrincipal;
import io.calroom.principal.PasswordHasher;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.NewCalendar;
import io.calroom.schema.store.ExpansionVersion;
import io.calroom.server.CalroomServer;
import io.calroom.server.config.ConfigLoader;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.TestClock;
import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real upgrade: a database at V9 holding an object with the occurrences an older version
 * computed (here: wrong by a day, as a wrong WKST would put them) is opened by this version.
 * Migration V10 marks the object; the maintenance job recomputes it; its text, ETag and the
 * collection's sync token stay as they were.
 */
class UpgradeFromV9Test {
    static final String PASSWORD = "secret-pass";

    @Test
    void objectsStoredByV9AreRecomputedOnceAndKeepTheirETags() throws Exception {
        try (TestDatabase db = TestDatabases.create("UpgradeFromV9Test")) {
            Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).target("9").load().migrate();
            DSLContext v9 = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
            Principal olga = v9.transactionResult(cfg -> {
                // the account as V9's server made it: the principal and its home (no Database here: it would migrate)
                var principals = new JooqPrincipalStore(cfg.dsl());
                var org = principals.ensureOrg("acme", "Acme");
                Principal p = principals.create(new NewPrincipal(org.id(), PrincipalKind.USER, "olga", "INDIVIDUAL", "Olga",
                        "olga@example.com", Role.USER, PASSWORD), new PasswordHasher(1000).hash(PASSWORD));
                var calendars = new JooqCalendarCollectionStore(cfg.dsl());
                calendars.createCalendar(p.id(), NewCalendar.of(AccountProvisioner.DEFAULT_CALENDAR, CollectionKind.CALENDAR,
                        "Calendar", List.of("VEVENT", "VTODO")));
                calendars.createCalendar(p.id(), NewCalendar.of(AccountProvisioner.INBOX, CollectionKind.INBOX, "Inbox",
                        List.of("VEVENT", "VTODO")));
                calendars.createCalendar(p.id(), NewCalendar.of(AccountProvisioner.OUTBOX, CollectionKind.OUTBOX, "Outbox",
                        List.of("VEVENT", "VTODO")));
                return p;
            });
            long calendarId = v9.resultQuery("SELECT id FROM calendars WHERE owner_id = ? AND uri = 'default'", olga.id())
                    .fetchOne(0, Long.class);
            // what V9 stored: the text, and three weekly occurrences a day late
            String text = Ics.event("weekly", "20300304T100000Z", "20300304T110000Z", "Weekly")
                    .replace("SUMMARY:", "RRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:");
            String etag = CalendarObjectStore.etagOf(text);
            v9.transaction(cfg -> {
                long id = cfg.dsl().resultQuery("""
                        INSERT INTO calendar_objects (calendar_id, uri, uid, etag, component_type, ical, size_bytes, first_start,
                            last_end, unbounded, expanded_until) VALUES (?, 'weekly.ics', 'weekly', ?, 'VEVENT', ?, ?,
                            '2030-03-05T10:00:00Z', '2030-03-19T11:00:00Z', false, '2032-03-04T10:00:00Z') RETURNING id""",
                        calendarId, etag, text, text.length()).fetchOne(0, Long.class);
                for (String day : List.of("05", "12", "19")) {
                    cfg.dsl().execute("INSERT INTO calendar_instances (object_id, calendar_id, component_type, recurrence_id, period) "
                            + "VALUES (?, ?, 'VEVENT', ?::timestamptz, tstzrange(?::timestamptz, ?::timestamptz))", id, calendarId,
                            "2030-03-" + day + "T10:00:00Z", "2030-03-" + day + "T10:00:00Z", "2030-03-" + day + "T11:00:00Z");
                }
                new JooqSyncLog(cfg.dsl()).recordChange(calendarId, "weekly.ics", false);
            });

            Map<String, String> env = new HashMap<>();
            env.put("CALDAV_DB_URL", db.jdbcUrl());
            if (db.user() != null) env.put("CALDAV_DB_USER", db.user());
            if (db.password() != null) env.put("CALDAV_DB_PASSWORD", db.password());
            env.put("CALDAV_PORT", "0");
            env.put("CALDAV_HOST", "127.0.0.1");
            env.put("CALDAV_DEMO_DATA", "false");
            try (CalroomServer server = new CalroomServer(new ConfigLoader(env).load(),
                    TestClock.startingAt(Instant.parse("2030-03-01T08:00:00Z"))).start()) {
                DavClient client = new DavClient("http://127.0.0.1:" + server.port(), "olga", PASSWORD);
                String token = syncToken(client);
                server.occurrenceMaintenance().runOnce(); // the job ran at start too; this waits for nothing left to do
                DSLContext dsl = server.database().dsl();
                assertEquals(ExpansionVersion.CURRENT, (int) dsl.resultQuery(
                        "SELECT expansion_version FROM calendar_objects WHERE uid = 'weekly'").fetchOne(0, Integer.class));
                assertEquals(List.of(Instant.parse("2030-03-04T10:00:00Z"), Instant.parse("2030-03-11T10:00:00Z"),
                                Instant.parse("2030-03-18T10:00:00Z")),
                        dsl.resultQuery("SELECT lower(period) FROM calendar_instances WHERE calendar_id = ? ORDER BY 1", calendarId)
                                .fetch(0, OffsetDateTime.class).stream().map(OffsetDateTime::toInstant).toList());
                var got = client.get("/calendars/users/olga/default/weekly.ics");
                assertEquals(200, got.statusCode());
                assertEquals(etag, got.headers().firstValue("ETag").orElseThrow());
                assertEquals(text, got.body());
                assertEquals(token, syncToken(client), "the collection did not change for sync clients");
                String fb = client.request("REPORT", "/calendars/users/olga/default/").header("Depth", "1").xml("""
                        <C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:time-range start="20300311T000000Z" \
                        end="20300313T000000Z"/></C:free-busy-query>""").send().body();
                assertTrue(fb.contains("FREEBUSY;FBTYPE=BUSY:20300311T100000Z/20300311T110000Z") && !fb.contains("20300312"), fb);
            }
        }
    }

    static String syncToken(DavClient client) {
        return new io.calroom.server.support.Multistatus(client.propfind("/calendars/users/olga/default/", "0", """
                <D:propfind xmlns:D="DAV:"><D:prop><D:sync-token/></D:prop></D:propfind>""").body())
                .prop("/calendars/users/olga/default/", "DAV:", "sync-token").text();
    }
}
