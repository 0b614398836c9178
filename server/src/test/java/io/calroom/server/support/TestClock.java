package io.calroom.server.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for a test server that starts at a given instant and runs on with real time, and that a
 * test can move ahead ({@link #advance}). It runs on (is not fixed) because the server compares the
 * DTSTAMPs it writes, and two writes at one instant would look like one.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Duration> offset;

    private TestClock(AtomicReference<Duration> offset) {
        this.offset = offset;
    }

    /** A clock that reads {@code start} now and runs on from there. */
    public static TestClock startingAt(Instant start) {
        return new TestClock(new AtomicReference<>(Duration.between(Instant.now(), start)));
    }

    /** Moves the clock ahead by {@code d} (the server sees the jump at once). */
    public void advance(Duration d) {
        offset.updateAndGet(o -> o.plus(d));
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) return this;
        throw new UnsupportedOperationException("the test clock reads UTC");
    }
}
