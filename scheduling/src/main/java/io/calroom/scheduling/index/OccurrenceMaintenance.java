package io.calroom.scheduling.index;

import io.calroom.schema.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The background job of the occurrence index. Each run:
 * <ol>
 * <li>recomputes the occurrences of every object an older version indexed (the upgrade step; see
 *     {@link io.calroom.schema.store.ExpansionVersion}), {@value #BATCH} objects per transaction;</li>
 * <li>extends every open-ended series stored to less than the horizon ahead of now, to
 *     {@link #EXTENSION} past the horizon (so each series is extended about once a month, not at
 *     every run), {@value #BATCH} series per transaction.</li>
 * </ol>
 * Each batch is its own transaction and takes its rows with {@code FOR UPDATE SKIP LOCKED}: an
 * interrupted run (a crash, a stop) loses at most one uncommitted batch and the next run goes on
 * where it stopped; several server processes on one database share the work; a write of an object
 * waits for at most one batch, and the job never waits for a writer (see {@link OccurrenceIndex}).
 * <p>
 * The server runs it at start and then every {@code CALDAV_OCCURRENCE_MAINTENANCE_INTERVAL_SECONDS}
 * on one daemon thread; lookups do not depend on it (they extend what they need themselves), it only
 * keeps their work away. {@link #runOnce()} runs it in the caller's thread (tests, operators).
 */
public final class OccurrenceMaintenance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OccurrenceMaintenance.class);
    static final int BATCH = 100;
    /** How far past the horizon a series is extended when it falls below it. */
    static final Duration EXTENSION = Duration.ofDays(30);
    /** How often a long run logs its progress. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    private final Database database;
    private final OccurrenceIndex index;
    private final Clock clock;
    private final Duration interval;
    private volatile boolean stopping;
    private ScheduledExecutorService executor;

    /** What one run did. */
    public record Run(int recomputed, int extended, int batches, boolean complete) {}

    /** @param interval time between the end of a run and the start of the next */
    public OccurrenceMaintenance(Database database, OccurrenceIndex index, Clock clock, Duration interval) {
        this.database = Objects.requireNonNull(database, "database");
        this.index = Objects.requireNonNull(index, "index");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive: " + interval);
    }

    /** Runs now and then every interval, on a daemon thread, until {@link #close()}. */
    public synchronized void start() {
        if (executor != null) return;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "occurrence-maintenance");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runLogged() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("occurrence maintenance stopped by an error, next run in {}: {}", interval, e.toString(), e);
        }
    }

    /**
     * One run, as described above, in the caller's thread, until there is nothing left to do or
     * {@link #close()} was called. A failing batch rolls back and ends the run (the exception
     * propagates); the next run retries it.
     */
    public Run runOnce() {
        Instant now = clock.instant();
        long started = System.nanoTime();
        long lastLog = started;
        int recomputed = 0;
        int batches = 0;
        while (!stopping) {
            int n = database.transaction(() -> index.recomputeStale(now, BATCH));
            if (n == 0) break;
            recomputed += n;
            batches++;
            if (System.nanoTime() - lastLog > PROGRESS_EVERY.toNanos()) {
                lastLog = System.nanoTime();
                log.info("occurrence index upgrade: {} objects recomputed so far", recomputed);
            }
        }
        Instant until = now.plus(index.horizon());
        Instant target = until.plus(EXTENSION);
        Set<Long> skip = new HashSet<>();
        int extended = 0;
        while (!stopping) {
            int n = database.transaction(() -> index.extendOpen(now, until, target, skip, BATCH));
            if (n == 0) break;
            extended += n;
            batches++;
        }
        boolean complete = !stopping;
        if (recomputed > 0 || extended > 0) {
            log.info("occurrence index: {} objects recomputed by this version's expansion, {} open-ended series extended to {} "
                            + "({} batches, {} ms{})", recomputed, extended, target, batches,
                    (System.nanoTime() - started) / 1_000_000, complete ? "" : ", stopped early");
        }
        if (!skip.isEmpty()) {
            log.warn("occurrence index: {} open-ended series could not be extended to {} (see the warnings above); lookups "
                    + "compute their later occurrences when asked", skip.size(), until);
        }
        return new Run(recomputed, extended, batches, complete);
    }

    /** Stops the schedule; a run in progress ends after its current batch (waits up to 10 seconds). */
    @Override
    public void close() {
        stopping = true;
        ScheduledExecutorService e;
        synchronized (this) {
            e = executor;
        }
        if (e == null) return;
        e.shutdown();
        try {
            if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
                e.shutdownNow();
                log.warn("occurrence maintenance did not finish its batch within 10 s; interrupted");
            }
        } catch (InterruptedException ie) {
            e.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
