package io.calroom.scheduling.imip;

import io.calroom.principal.DirectoryStores;
import io.calroom.scheduling.SchedulingStores;
import io.calroom.principal.NewPrincipal;
import io.calroom.principal.PasswordHasher;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.scheduling.delivery.ImplicitScheduler;
import io.calroom.scheduling.delivery.ResourceAgent;
import io.calroom.scheduling.delivery.SchedulingOutcome;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.schema.Database;
import io.calroom.schema.jooq.tables.records.ImipQueueRecord;
import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import static io.calroom.scheduling.imip.ImipFixtures.NOW;
import static io.calroom.schema.jooq.Tables.IMIP_QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue wired into the implicit scheduler as the server wires it: an organizer's PUT invites an outsider. */
class ImplicitSchedulerImipTest {
    private TestDatabase testDb;
    private Database db;
    private TestSmtpServer smtp;
    private Principal olga;
    private ImplicitScheduler scheduler;

    @BeforeEach
    void setUp() throws IOException {
        testDb = TestDatabases.create(getClass().getSimpleName());
        db = ImipFixtures.open(testDb);
        smtp = new TestSmtpServer();
        long org = db.dsl().fetchOne("INSERT INTO orgs (slug, name) VALUES ('acme', 'Acme') RETURNING id").get(0, Long.class);
        olga = DirectoryStores.over(db, new PasswordHasher(1000)).accounts().create(
                new NewPrincipal(org, PrincipalKind.USER, "olga", "INDIVIDUAL", "Olga Organizer", "olga@example.com", Role.USER, null));
        ImipQueue queue = new ImipQueue(SchedulingStores.over(db), ImipFixtures.settings(smtp.port()), Clock.fixed(NOW, ZoneOffset.UTC));
        CalendarObjectParser parser = new CalendarObjectParser(CalendarObjectLimits.defaults());
        scheduler = new ImplicitScheduler(SchedulingStores.over(db), parser, ResourceAgent.NONE, queue, ImipFixtures.RESOURCE_DOMAIN);
    }

    @AfterEach
    void tearDown() throws IOException {
        smtp.close();
        db.close();
        testDb.close();
    }

    private static String stored() {
        return ImipFixtures.request("uid-put", "erin@partner.example").replace("METHOD:REQUEST\r\n", "");
    }

    @Test
    void organizerPutQueuesMailForTheOutsiderOnlyAndSendsItAfterCommit() throws Exception {
        SchedulingOutcome outcome = db.transaction(cfg -> scheduler.onWrite(olga, null, stored(), null, NOW));
        String text = outcome.textToStore().replace("\r\n ", "");
        assertTrue(text.contains("SCHEDULE-STATUS=1.1") && text.contains("mailto:erin@partner.example"), text);
        List<ImipQueueRecord> rows = db.dsl().selectFrom(IMIP_QUEUE).fetch();
        assertEquals(1, rows.size(), "the room is never mailed");
        assertEquals("erin@partner.example", rows.get(0).getRecipientAddress());

        ImipWorker worker = new ImipWorker(db, new SmtpTransport(ImipFixtures.settings(smtp.port()).smtp()),
                ImipWorker.Options.DEFAULTS, Clock.systemUTC());
        assertEquals(1, worker.sendPending(NOW));
        assertEquals(List.of("erin@partner.example"), smtp.received.get(0).rcptTo());
    }

    @Test
    void aProxyingServiceThatSendsItsOwnMailQueuesNothing() {
        db.transaction(cfg -> scheduler.onWrite(olga, null, stored(), null, NOW,
                new ImplicitScheduler.WriteOptions(false)));
        assertEquals(0, db.dsl().fetchCount(IMIP_QUEUE));
    }
}
