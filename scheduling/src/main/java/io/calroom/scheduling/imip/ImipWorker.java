package io.calroom.scheduling.imip;

import io.calroom.schema.CalendarStores;
import io.calroom.schema.Database;
import io.calroom.schema.store.ImipQueueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * Sends the {@code imip_queue}: one daemon thread that polls the table every {@link Options#pollInterval()} (and
 * when {@link #wakeUp()} is called), claims due rows, sends them through a {@link MailTransport} and records the
 * outcome. Any number of server processes may run a worker against one database: a row is claimed with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} and its claim committed (attempt counted, {@code next_attempt_at} moved a
 * lease ahead) before anything is sent, so no two workers send the same row.
 * <p>
 * A failed attempt is retried after {@code baseDelay × 2^(attempts-1)} (1, 2, 4, 8, 16 min by default, at most
 * {@code maxDelay}); after {@code maxAttempts} attempts, or at once for a permanent failure (SMTP 5xx for the
 * recipient), the worker gives up: {@code next_attempt_at} becomes NULL and {@code last_error} keeps the reason. A
 * worker that dies mid-batch leaves its claimed rows to be retried when their lease ends. Sent and abandoned rows
 * are deleted after {@link Options#retention()}. Logs name the row, method, recipient and error, never the body.
 */
public final class ImipWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ImipWorker.class);
    private static final int MAX_ERROR_LENGTH = 1000;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    /**
     * @param pollInterval how often the queue is looked at, 100 ms to 5 min
     * @param batchSize    rows claimed at once, 1-1000
     * @param maxAttempts  attempts before giving up, 1-100
     * @param baseDelay    wait after the first failure; doubled after each further one
     * @param maxDelay     longest wait between attempts
     * @param lease        how long a claim keeps other workers off a row; a batch stops sending after half of it
     * @param retention    how long sent and abandoned rows are kept
     */
    public record Options(Duration pollInterval, int batchSize, int maxAttempts, Duration baseDelay, Duration maxDelay,
                          Duration lease, Duration retention) {
        public static final Options DEFAULTS = new Options(Duration.ofSeconds(10), 20, 6, Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofMinutes(30), Duration.ofDays(30));

        public Options {
            if (pollInterval.compareTo(Duration.ofMillis(100)) < 0 || pollInterval.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("the poll interval must be between 100 ms and 5 min, was " + pollInterval);
            }
            if (batchSize < 1 || batchSize > 1000) throw new IllegalArgumentException("batch size must be 1-1000, was " + batchSize);
            if (maxAttempts < 1 || maxAttempts > 100) throw new IllegalArgumentException("max attempts must be 1-100, was " + maxAttempts);
            if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) throw new IllegalArgumentException("bad back-off delays");
            if (lease.compareTo(Duration.ofSeconds(10)) < 0) throw new IllegalArgumentException("the lease must be at least 10 s");
            if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("the retention must be positive");
        }

        public Options withPollInterval(Duration d) {
            return new Options(d, batchSize, maxAttempts, baseDelay, maxDelay, lease, retention);
        }

        public Options withBatchSize(int n) {
            return new Options(pollInterval, n, maxAttempts, baseDelay, maxDelay, lease, retention);
        }

        /** The wait after the {@code attempts}-th failed attempt. */
        public Duration delayAfter(int attempts) {
            int doublings = Math.max(0, Math.min(attempts - 1, 30));
            Duration d = baseDelay.multipliedBy(1L << doublings);
            return d.compareTo(maxDelay) > 0 || d.isNegative() ? maxDelay : d;
        }
    }

    private final Database database;
    /** The queue's store, built with the worker: inside {@link Database#transaction} it joins the transaction, outside each statement commits on its own. */
    private final ImipQueueStore queue;
    private final MailTransport transport;
    private final Options options;
    private final Clock clock;
    private final Object monitor = new Object();
    private volatile boolean stopping;
    private boolean wakeRequested;
    private Thread thread;
    private Instant lastPurge;

    /** @param queue the queue's store; {@code database} holds the transactions it is claimed and settled in */
    public ImipWorker(Database database, ImipQueueStore queue, MailTransport transport) {
        this(database, queue, transport, Options.DEFAULTS, Clock.systemUTC());
    }

    /** Over the calendar stores of {@code database} (tests). */
    public ImipWorker(Database database, MailTransport transport, Options options, Clock clock) {
        this(database, CalendarStores.over(database).imipQueue(), transport, options, clock);
    }

    public ImipWorker(Database database, ImipQueueStore queue, MailTransport transport, Options options, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts the background thread; once. */
    public synchronized ImipWorker start() {
        if (thread != null) throw new IllegalStateException("already started");
        thread = new Thread(this::run, "calroom-imip-worker");
        thread.setDaemon(true);
        thread.start();
        log.info("iMIP worker started (poll every {}, batch {}, {} attempts)", options.pollInterval(), options.batchSize(),
                options.maxAttempts());
        return this;
    }

    /** Makes the thread look at the queue now rather than at the end of its poll interval. */
    public void wakeUp() {
        synchronized (monitor) {
            wakeRequested = true;
            monitor.notifyAll();
        }
    }

    /**
     * Stops the thread: it finishes the message it is sending, hands the rest of its batch back to the queue and
     * ends; waits for that up to the poll interval plus a minute.
     */
    @Override
    public void close() {
        stopping = true;
        wakeUp();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) return;
        try {
            t.join(options.pollInterval().plusMinutes(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) log.warn("iMIP worker did not stop in time; its claimed rows are retried when their lease ends");
    }

    private void run() {
        while (!stopping) {
            try {
                Instant now = clock.instant();
                sendPending(now);
                if (lastPurge == null || Duration.between(lastPurge, now).compareTo(PURGE_EVERY) >= 0) {
                    lastPurge = now;
                    int purged = purge(now.minus(options.retention()));
                    if (purged > 0) log.info("iMIP queue: deleted {} sent or abandoned rows older than {}", purged, options.retention());
                }
            } catch (RuntimeException e) {
                log.warn("iMIP worker: could not process the queue: {}", SmtpTransport.describe(e));
            }
            synchronized (monitor) {
                if (!wakeRequested && !stopping) {
                    try {
                        monitor.wait(options.pollInterval().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                wakeRequested = false;
            }
        }
        log.info("iMIP worker stopped");
    }

    /**
     * Sends every row due at {@code now}, batch by batch, and records each outcome at {@code now}. Stops after the
     * first batch for which the mail server could not be reached (that batch's rows back off), and when closed.
     *
     * @return how many messages the mail server accepted
     */
    public int sendPending(Instant now) {
        int sent = 0;
        while (!stopping) {
            List<QueuedMail> batch = claim(now);
            if (batch.isEmpty()) break;
            BatchResult result = sendBatch(batch, now);
            sent += result.sent();
            // A short batch means the queue is drained; no connection means the next batch would fail the same way.
            if (batch.size() < options.batchSize() || result.noConnection()) break;
        }
        return sent;
    }

    /** Claims up to a batch of due rows: counts the attempt and moves them a lease ahead, in one transaction. */
    List<QueuedMail> claim(Instant now) {
        return database.transaction(() -> queue
                .claimDue(now, options.batchSize(), options.lease()).stream()
                .map(r -> new QueuedMail(r.id(), r.method(), r.senderAddress(), r.senderName(), r.recipientAddress(),
                        r.ical(), r.createdAt(), r.attempts()))
                .toList());
    }

    private record BatchResult(int sent, boolean noConnection) {
    }

    private BatchResult sendBatch(List<QueuedMail> batch, Instant now) {
        long started = System.nanoTime();
        long sendWindow = options.lease().dividedBy(2).toNanos();
        int sent = 0;
        MailTransport.MailSession session = null;
        MailDeliveryException openFailure = null;
        try {
            session = transport.open();
        } catch (MailDeliveryException e) {
            openFailure = e;
        } catch (RuntimeException e) {
            openFailure = new MailDeliveryException(SmtpTransport.describe(e), false, e);
        }
        try {
            for (int i = 0; i < batch.size(); i++) {
                QueuedMail mail = batch.get(i);
                if (openFailure == null && (stopping || System.nanoTime() - started > sendWindow)) {
                    release(batch.subList(i, batch.size()), now);
                    break;
                }
                if (openFailure != null) {
                    failed(mail, openFailure, now);
                    continue;
                }
                try {
                    session.send(mail);
                } catch (MailDeliveryException e) {
                    failed(mail, e, now);
                    continue;
                } catch (RuntimeException e) {
                    failed(mail, new MailDeliveryException(SmtpTransport.describe(e), false, e), now);
                    continue;
                }
                sent++;
                markSent(mail, now);
            }
        } finally {
            if (session != null) session.close();
        }
        return new BatchResult(sent, openFailure != null);
    }

    private void markSent(QueuedMail mail, Instant now) {
        try {
            queue.markSent(mail.id(), now);
            log.info("iMIP {} #{} sent to {} (attempt {})", mail.method(), mail.id(), mail.recipientAddress(), mail.attempt());
        } catch (RuntimeException e) {
            // The mail is gone; if this is not recorded, the row is sent again when its lease ends.
            log.error("iMIP {} #{} sent to {} but not recorded as sent: {}", mail.method(), mail.id(), mail.recipientAddress(),
                    SmtpTransport.describe(e));
        }
    }

    private void failed(QueuedMail mail, MailDeliveryException e, Instant now) {
        String error = MessageDescription.oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
        if (error.length() > MAX_ERROR_LENGTH) error = error.substring(0, MAX_ERROR_LENGTH);
        boolean giveUp = e.permanent() || mail.attempt() >= options.maxAttempts();
        OffsetDateTime next = giveUp ? null : now.plus(options.delayAfter(mail.attempt())).atOffset(ZoneOffset.UTC);
        queue.markFailed(mail.id(), next == null ? null : next.toInstant(), error);
        if (giveUp) {
            log.error("iMIP {} #{} to {}: giving up after attempt {}{}: {}", mail.method(), mail.id(), mail.recipientAddress(),
                    mail.attempt(), e.permanent() ? " (permanent failure)" : "", error);
        } else {
            log.warn("iMIP {} #{} to {}: attempt {} failed, next at {}: {}", mail.method(), mail.id(), mail.recipientAddress(),
                    mail.attempt(), next, error);
        }
    }

    /** Hands claimed rows that were not tried back to the queue, due at once, their attempt not counted. */
    private void release(List<QueuedMail> rows, Instant now) {
        List<Long> ids = rows.stream().map(QueuedMail::id).toList();
        queue.release(ids, now);
        log.debug("iMIP worker handed {} claimed rows back to the queue", ids.size());
    }

    /** Deletes sent and abandoned rows queued before {@code before}; returns how many. */
    public int purge(Instant before) {
        return queue.purge(before);
    }
}
