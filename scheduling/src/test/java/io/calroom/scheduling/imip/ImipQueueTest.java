package io.calroom.scheduling.imip;

import io.calroom.scheduling.SchedulingStores;
import io.calroom.principal.Principal;
import io.calroom.scheduling.delivery.ScheduleStatus;
import io.calroom.scheduling.itip.ItipMessage;
import io.calroom.scheduling.itip.OrganizerScheduling;
import io.calroom.schema.Database;
import io.calroom.schema.jooq.tables.records.ImipQueueRecord;
import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import jakarta.mail.Multipart;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.calroom.scheduling.imip.ImipFixtures.NOW;
import static io.calroom.schema.jooq.Tables.IMIP_QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue and the worker against PostgreSQL and an in-process SMTP server. */
class ImipQueueTest {
    private static final ImipWorker.Options OPTIONS = ImipWorker.Options.DEFAULTS.withPollInterval(Duration.ofMillis(100));

    private TestDatabase testDb;
    private Database db;
    private TestSmtpServer smtp;
    private Principal olga;
    private ImipQueue queue;

    @BeforeEach
    void setUp() throws IOException {
        testDb = TestDatabases.create(getClass().getSimpleName());
        db = ImipFixtures.open(testDb);
        smtp = new TestSmtpServer();
        olga = ImipFixtures.olga(db);
        queue = new ImipQueue(SchedulingStores.over(db), ImipFixtures.settings(smtp.port()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() throws IOException {
        smtp.close();
        db.close();
        testDb.close();
    }

    private ImipWorker worker(int smtpPort) {
        return new ImipWorker(db, new SmtpTransport(ImipFixtures.settings(smtpPort).smtp()), OPTIONS, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private String enqueue(ItipMessage m) {
        return db.transaction(cfg -> queue.enqueue(olga, m));
    }

    private List<ImipQueueRecord> rows() {
        return db.dsl().selectFrom(IMIP_QUEUE).orderBy(IMIP_QUEUE.ID).fetch();
    }

    @Test
    void rolledBackWriteSendsNothing() {
        assertThrows(IllegalStateException.class, () -> db.transaction(cfg -> {
            assertEquals("1.1", queue.enqueue(olga, ImipFixtures.requestTo("erin@partner.example")));
            assertEquals(1, DSL.using(cfg).fetchCount(IMIP_QUEUE), "visible inside the transaction");
            throw new IllegalStateException("the PUT failed later on");
        }));
        assertEquals(0, db.dsl().fetchCount(IMIP_QUEUE));
        assertEquals(0, worker(smtp.port()).sendPending(NOW.plusSeconds(3600)));
        assertEquals(0, smtp.received.size());
        assertEquals(0, smtp.connections.get(), "no connection for an empty queue");
    }

    @Test
    void committedMessageIsSentExactlyOnce() throws Exception {
        assertEquals(ImipQueue.SENT, enqueue(ImipFixtures.requestTo("erin@partner.example")));
        ImipQueueRecord row = rows().get(0);
        assertEquals(olga.orgId(), row.getOrgId());
        assertEquals(olga.id(), row.getSenderPrincipalId());
        assertEquals("olga@example.com", row.getSenderAddress());
        assertEquals("Olga Organizer", row.getSenderName());
        assertEquals("erin@partner.example", row.getRecipientAddress());
        assertEquals("REQUEST", row.getMethod());
        assertEquals(0, row.getAttempts());
        assertEquals(NOW, row.getNextAttemptAt().toInstant());
        assertNull(row.getSentAt());

        ImipWorker worker = worker(smtp.port());
        assertEquals(0, worker.sendPending(NOW.minusSeconds(1)), "not due yet");
        assertEquals(1, worker.sendPending(NOW));
        assertEquals(0, worker.sendPending(NOW.plusSeconds(3600)), "never twice");
        assertEquals(1, smtp.received.size());

        TestSmtpServer.Received r = smtp.received.get(0);
        assertEquals(ImipFixtures.FROM, r.mailFrom(), "envelope sender");
        assertEquals(List.of("erin@partner.example"), r.rcptTo());
        MimeMessage m = r.parse();
        assertEquals(ImipFixtures.FROM, ((InternetAddress) m.getFrom()[0]).getAddress());
        assertEquals("Olga Organizer", ((InternetAddress) m.getFrom()[0]).getPersonal());
        assertEquals("olga@example.com", ((InternetAddress) m.getReplyTo()[0]).getAddress());
        assertEquals("erin@partner.example", m.getHeader("To")[0]);
        assertTrue(m.getSubject().startsWith("Invitation: Weekly planning"), m.getSubject());
        assertTrue(m.getMessageID().startsWith("<imip." + row.getId() + "."), m.getMessageID());
        Multipart alternative = (Multipart) ((Multipart) m.getContent()).getBodyPart(0).getContent();
        ContentType type = new ContentType(alternative.getBodyPart(1).getContentType());
        assertTrue(type.match("text/calendar"));
        assertEquals("REQUEST", type.getParameter("method"));
        assertEquals("UTF-8", type.getParameter("charset"));
        String ical = new String(alternative.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(row.getIcal(), ical);

        ImipQueueRecord after = rows().get(0);
        assertEquals(NOW, after.getSentAt().toInstant());
        assertEquals(1, after.getAttempts());
        assertNull(after.getLastError());
    }

    @Test
    void messagesFromTheOrganizerSchedulerAreQueuedAsTheyAre() throws Exception {
        String text = ImipFixtures.request("uid-sched", "erin@partner.example").replace("METHOD:REQUEST\r\n", "");
        OrganizerScheduling.OrganizerResult result = OrganizerScheduling.schedule(null, text, "mailto:olga@example.com", NOW);
        ItipMessage toErin = result.messages().stream().filter(m -> m.recipient().equals("mailto:erin@partner.example"))
                .findFirst().orElseThrow();
        assertEquals("1.1", enqueue(toErin));
        assertEquals(1, worker(smtp.port()).sendPending(NOW));
        MimeMessage m = smtp.received.get(0).parse();
        Multipart alternative = (Multipart) ((Multipart) m.getContent()).getBodyPart(0).getContent();
        assertEquals(toErin.ical(), new String(alternative.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void resourceAddressesAndNonMailAddressesAreNeverQueued() {
        ItipMessage room = new ItipMessage("REQUEST", "mailto:olga@example.com", "mailto:galileo@Rooms.Example.com",
                ImipFixtures.request("u", "galileo@rooms.example.com"), Set.of(""));
        assertEquals(ScheduleStatus.INVALID_USER, enqueue(room));
        for (String recipient : List.of("urn:uuid:6f2b8e4e-0000-4000-8000-000000000001", "https://example.com/u/erin",
                "mailto:", "mailto:erin", "mailto:erin@", "mailto:a b@partner.example")) {
            ItipMessage m = new ItipMessage("REQUEST", "mailto:olga@example.com", recipient,
                    ImipFixtures.request("u", "erin@partner.example"), Set.of(""));
            assertEquals(ScheduleStatus.INVALID_USER, enqueue(m), recipient);
        }
        assertEquals(0, db.dsl().fetchCount(IMIP_QUEUE));
        // a sub-domain of the resource domain is somebody else's domain
        assertEquals("1.1", enqueue(ImipFixtures.requestTo("x@sub.rooms.example.com")));
    }

    @Test
    void methodMustMatchTheObject() {
        ItipMessage wrong = new ItipMessage("CANCEL", "mailto:olga@example.com", "mailto:erin@partner.example",
                ImipFixtures.request("u", "erin@partner.example"), Set.of(""));
        assertEquals(ScheduleStatus.DELIVERY_FAILED, enqueue(wrong));
        assertEquals(0, db.dsl().fetchCount(IMIP_QUEUE));
    }

    @Test
    void disabledQueueQueuesNothing() {
        ImipQueue off = new ImipQueue(SchedulingStores.over(db), ImipSettings.disabled(ImipFixtures.RESOURCE_DOMAIN));
        assertFalse(off.enabled());
        assertEquals(ScheduleStatus.DELIVERY_FAILED,
                db.transaction(cfg -> off.enqueue(olga, ImipFixtures.requestTo("erin@partner.example"))));
        assertEquals(0, db.dsl().fetchCount(IMIP_QUEUE));
    }

    @Test
    void replyGoesToTheOutsideOrganizerWithTheAttendeeAsReplyTo() throws Exception {
        ItipMessage reply = new ItipMessage("REPLY", "mailto:olga@example.com", "mailto:oscar@outside.example",
                ImipFixtures.reply("uid-r", "oscar@outside.example", "ACCEPTED"), Set.of(""));
        assertEquals("1.1", enqueue(reply));
        assertEquals(1, worker(smtp.port()).sendPending(NOW));
        MimeMessage m = smtp.received.get(0).parse();
        assertEquals(List.of("oscar@outside.example"), smtp.received.get(0).rcptTo());
        assertEquals("olga@example.com", ((InternetAddress) m.getReplyTo()[0]).getAddress());
        assertTrue(m.getSubject().startsWith("Accepted: Offsite"), m.getSubject());
        Multipart alternative = (Multipart) ((Multipart) m.getContent()).getBodyPart(0).getContent();
        assertEquals("REPLY", new ContentType(alternative.getBodyPart(1).getContentType()).getParameter("method"));
    }

    @Test
    void smtpDownIsRetriedWithBackOffThenAbandoned() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            deadPort = s.getLocalPort();
        }
        enqueue(ImipFixtures.requestTo("erin@partner.example"));
        ImipWorker down = worker(deadPort);

        Instant t = NOW;
        Duration[] waits = {Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                Duration.ofMinutes(16)};
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertEquals(0, down.sendPending(t));
            ImipQueueRecord row = rows().get(0);
            assertEquals(attempt, row.getAttempts());
            assertEquals(t.plus(waits[attempt - 1]), row.getNextAttemptAt().toInstant(), "back-off after attempt " + attempt);
            assertTrue(row.getLastError().contains("cannot connect"), row.getLastError());
            assertNull(row.getSentAt());
            assertEquals(0, down.sendPending(t.plus(waits[attempt - 1]).minusSeconds(1)), "nothing tried before the back-off");
            assertEquals(attempt, rows().get(0).getAttempts());
            t = t.plus(waits[attempt - 1]);
        }
        assertEquals(0, down.sendPending(t));
        ImipQueueRecord abandoned = rows().get(0);
        assertEquals(6, abandoned.getAttempts());
        assertNull(abandoned.getNextAttemptAt(), "given up after 6 attempts");
        assertNotNull(abandoned.getLastError());

        assertEquals(0, worker(smtp.port()).sendPending(t.plus(Duration.ofDays(1))), "an abandoned row stays abandoned");
        assertEquals(0, smtp.received.size());
    }

    @Test
    void whenTheServerIsDownOnlyOneBatchIsTriedPerRound() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            deadPort = s.getLocalPort();
        }
        for (int i = 0; i < 5; i++) enqueue(ImipFixtures.requestTo("guest" + i + "@partner.example"));
        ImipWorker down = new ImipWorker(db, new SmtpTransport(ImipFixtures.settings(deadPort).smtp()),
                OPTIONS.withBatchSize(2), Clock.systemUTC());
        assertEquals(0, down.sendPending(NOW));
        assertEquals(List.of(1, 1, 0, 0, 0), rows().stream().map(ImipQueueRecord::getAttempts).toList());
    }

    @Test
    void aRetrySucceedsOnceTheServerIsBack() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            deadPort = s.getLocalPort();
        }
        enqueue(ImipFixtures.requestTo("erin@partner.example"));
        enqueue(ImipFixtures.requestTo("frank@partner.example"));
        assertEquals(0, worker(deadPort).sendPending(NOW));
        assertEquals(List.of(1, 1), rows().stream().map(ImipQueueRecord::getAttempts).toList());
        assertEquals(0, worker(smtp.port()).sendPending(NOW.plusSeconds(30)), "still backing off");
        assertEquals(2, worker(smtp.port()).sendPending(NOW.plusSeconds(60)));
        assertEquals(2, smtp.received.size());
        assertEquals(1, smtp.connections.get(), "one connection for the batch");
        for (ImipQueueRecord r : rows()) {
            assertEquals(2, r.getAttempts());
            assertNotNull(r.getSentAt());
            assertNull(r.getLastError());
        }
    }

    @Test
    void aRejectedRecipientIsAbandonedAtOnceAndDoesNotStopTheBatch() {
        smtp.rejecting("nobody@partner.example");
        enqueue(ImipFixtures.requestTo("nobody@partner.example"));
        enqueue(ImipFixtures.requestTo("erin@partner.example"));
        assertEquals(1, worker(smtp.port()).sendPending(NOW));
        List<ImipQueueRecord> rows = rows();
        assertNull(rows.get(0).getSentAt());
        assertNull(rows.get(0).getNextAttemptAt(), "5xx for the recipient: not retried");
        assertTrue(rows.get(0).getLastError().contains("550"), rows.get(0).getLastError());
        assertNotNull(rows.get(1).getSentAt());
        assertEquals(List.of("erin@partner.example"), smtp.received.get(0).rcptTo());
    }

    @Test
    void twoWorkersOnOneDatabaseSendEachRowOnce() throws Exception {
        int n = 30;
        for (int i = 0; i < n; i++) enqueue(ImipFixtures.requestTo("guest" + i + "@partner.example"));
        smtp.slow(Duration.ofMillis(5));
        ImipWorker.Options small = OPTIONS.withBatchSize(4);
        // Neither worker sends before both hold a claimed batch: the claims overlap for sure.
        CountDownLatch bothClaimed = new CountDownLatch(2);
        // Two "processes": each its own connection pool and its own SMTP connection.
        try (Database other = ImipFixtures.open(testDb)) {
            ImipWorker a = new ImipWorker(db, gated(bothClaimed), small, Clock.systemUTC());
            ImipWorker b = new ImipWorker(other, gated(bothClaimed), small, Clock.systemUTC());
            int[] sent = new int[2];
            Thread ta = new Thread(() -> sent[0] = a.sendPending(NOW));
            Thread tb = new Thread(() -> sent[1] = b.sendPending(NOW));
            ta.start();
            tb.start();
            ta.join(60_000);
            tb.join(60_000);
            assertFalse(ta.isAlive() || tb.isAlive());
            assertEquals(n, sent[0] + sent[1]);
            assertTrue(sent[0] > 0 && sent[1] > 0, "both workers took part: " + sent[0] + " + " + sent[1]);
        }
        assertEquals(n, smtp.received.size());
        Set<String> recipients = new java.util.HashSet<>();
        for (TestSmtpServer.Received r : smtp.received) assertTrue(recipients.add(r.rcptTo().get(0)), "twice: " + r.rcptTo());
        assertEquals(n, recipients.size());
        for (ImipQueueRecord r : rows()) {
            assertNotNull(r.getSentAt());
            assertEquals(1, r.getAttempts());
        }
    }

    /** SMTP to the test server; the first send waits until {@code latch} has been counted down by every worker. */
    private MailTransport gated(CountDownLatch latch) {
        SmtpTransport real = new SmtpTransport(ImipFixtures.settings(smtp.port()).smtp());
        return () -> {
            MailTransport.MailSession session = real.open();
            AtomicBoolean first = new AtomicBoolean(true);
            return new MailTransport.MailSession() {
                @Override
                public void send(QueuedMail mail) throws MailDeliveryException {
                    if (first.getAndSet(false)) {
                        latch.countDown();
                        try {
                            assertTrue(latch.await(30, TimeUnit.SECONDS), "the other worker claimed nothing");
                        } catch (InterruptedException e) {
                            throw new MailDeliveryException("interrupted", false, e);
                        }
                    }
                    session.send(mail);
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        };
    }

    @Test
    void aClaimThatWasNeverFinishedIsRetriedAfterItsLease() {
        enqueue(ImipFixtures.requestTo("erin@partner.example"));
        ImipWorker crashed = worker(smtp.port());
        assertEquals(1, crashed.claim(NOW).size(), "claimed, then the process died");
        ImipWorker survivor = worker(smtp.port());
        assertEquals(0, survivor.sendPending(NOW.plusSeconds(60)), "leased to the dead worker");
        assertEquals(1, survivor.sendPending(NOW.plus(OPTIONS.lease())));
        assertEquals(2, rows().get(0).getAttempts());
        assertEquals(1, smtp.received.size());
    }

    @Test
    void backgroundThreadSendsAndStops() throws Exception {
        ImipWorker worker = new ImipWorker(db, new SmtpTransport(ImipFixtures.settings(smtp.port()).smtp()), OPTIONS,
                Clock.systemUTC()).start();
        try {
            assertThrows(IllegalStateException.class, worker::start);
            enqueue(ImipFixtures.requestTo("erin@partner.example"));
            worker.wakeUp();
            assertTrue(smtp.await(1, Duration.ofSeconds(20)), "sent by the worker thread");
        } finally {
            worker.close();
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("calroom-imip-worker") && t.isAlive()), "thread stopped");
        enqueue(ImipFixtures.requestTo("frank@partner.example"));
        Thread.sleep(300);
        assertEquals(1, smtp.received.size(), "nothing sent after close");
    }

    @Test
    void purgeDeletesOldSentAndAbandonedRowsOnly() {
        enqueue(ImipFixtures.requestTo("sent@partner.example"));
        enqueue(ImipFixtures.requestTo("abandoned@partner.example"));
        enqueue(ImipFixtures.requestTo("pending@partner.example"));
        List<ImipQueueRecord> r = rows();
        db.dsl().update(IMIP_QUEUE).set(IMIP_QUEUE.SENT_AT, NOW.atOffset(ZoneOffset.UTC)).where(IMIP_QUEUE.ID.eq(r.get(0).getId())).execute();
        db.dsl().update(IMIP_QUEUE).setNull(IMIP_QUEUE.NEXT_ATTEMPT_AT).where(IMIP_QUEUE.ID.eq(r.get(1).getId())).execute();
        ImipWorker w = worker(smtp.port());
        assertEquals(0, w.purge(Instant.now().minus(Duration.ofDays(1))), "too young");
        assertEquals(2, w.purge(Instant.now().plusSeconds(60)));
        assertEquals(List.of("pending@partner.example"), rows().stream().map(ImipQueueRecord::getRecipientAddress).toList());
    }

    @Test
    void startTlsIsRequiredWhenConfigured() {
        smtp.requiringAuth("mailer", "s3cret");
        enqueue(ImipFixtures.requestTo("erin@partner.example"));
        SmtpSettings tls = new SmtpSettings("127.0.0.1", smtp.port(), SmtpSettings.TlsMode.STARTTLS, "mailer", "s3cret",
                ImipFixtures.FROM, null, Duration.ofSeconds(5));
        assertEquals(0, new ImipWorker(db, new SmtpTransport(tls), OPTIONS, Clock.systemUTC()).sendPending(NOW));
        assertTrue(rows().get(0).getLastError().contains("STARTTLS"), rows().get(0).getLastError());
        assertTrue(smtp.commands.stream().noneMatch(c -> c.toUpperCase().startsWith("AUTH")), "no credentials over plain text");
        assertEquals(0, smtp.received.size());
    }

    @Test
    void authenticatesWithTheConfiguredUser() {
        smtp.requiringAuth("mailer", "s3cret");
        enqueue(ImipFixtures.requestTo("erin@partner.example"));
        SmtpSettings wrong = new SmtpSettings("127.0.0.1", smtp.port(), SmtpSettings.TlsMode.NONE, "mailer", "wrong",
                ImipFixtures.FROM, null, Duration.ofSeconds(5));
        assertEquals(0, new ImipWorker(db, new SmtpTransport(wrong), OPTIONS, Clock.systemUTC()).sendPending(NOW));
        assertTrue(rows().get(0).getLastError().contains("authentication failed"), rows().get(0).getLastError());
        assertNotNull(rows().get(0).getNextAttemptAt(), "retried: the configuration may be fixed");

        SmtpSettings right = new SmtpSettings("127.0.0.1", smtp.port(), SmtpSettings.TlsMode.NONE, "mailer", "s3cret",
                ImipFixtures.FROM, null, Duration.ofSeconds(5));
        assertEquals(1, new ImipWorker(db, new SmtpTransport(right), OPTIONS, Clock.systemUTC()).sendPending(NOW.plusSeconds(60)));
        assertEquals(1, smtp.received.size());
    }

    @Test
    void deletingTheSenderKeepsItsQueuedMail() {
        enqueue(ImipFixtures.requestTo("erin@partner.example"));
        db.dsl().execute("DELETE FROM principals WHERE id = ?", olga.id());
        assertNull(rows().get(0).getSenderPrincipalId());
        assertEquals(1, worker(smtp.port()).sendPending(NOW));
    }

    @Test
    void aFakeTransportSeesTheQueuedMail() {
        enqueue(ImipFixtures.requestTo("erin@partner.example"));
        List<QueuedMail> seen = new java.util.ArrayList<>();
        MailTransport fake = () -> seen::add;
        assertEquals(1, new ImipWorker(db, fake, OPTIONS, Clock.systemUTC()).sendPending(NOW));
        QueuedMail m = seen.get(0);
        assertEquals("REQUEST", m.method());
        assertEquals("erin@partner.example", m.recipientAddress());
        assertEquals(1, m.attempt());
        assertFalse(m.toString().contains("BEGIN:VCALENDAR"), "toString never shows the body");
    }
}
