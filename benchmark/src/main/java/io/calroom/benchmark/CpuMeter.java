package io.calroom.benchmark;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time spent by the server JVM and by the PostgreSQL backends serving its database, sampled
 * around a scenario (from /proc via {@link ProcessHandle}, 10 ms resolution). Divided by the number
 * of requests it says how much work one request costs, apart from the time spent waiting for a
 * core on a busy machine. Backends are only visible when PostgreSQL runs on this machine.
 */
final class CpuMeter {
    record Sample(long jvmNanos, Map<Long, Long> backendNanos) {}

    private final long serverPid;
    private final BenchDatabase db;

    CpuMeter(long serverPid, BenchDatabase db) {
        this.serverPid = serverPid;
        this.db = db;
    }

    Sample sample() {
        long jvm = cpu(serverPid).orElse(-1L);
        Map<Long, Long> backends = new HashMap<>();
        for (long pid : db.backendPids()) cpu(pid).ifPresent(n -> backends.put(pid, n));
        return new Sample(jvm, backends);
    }

    /** "JVM + PG" milliseconds of CPU per request between two samples. */
    static String perRequest(Sample a, Sample b, int requests) {
        if (a == null || b == null || requests <= 0 || a.jvmNanos() < 0 || b.jvmNanos() < 0) return "";
        double jvm = (b.jvmNanos() - a.jvmNanos()) / 1e6 / requests;
        long pg = 0;
        for (Map.Entry<Long, Long> e : b.backendNanos().entrySet()) {
            pg += e.getValue() - a.backendNanos().getOrDefault(e.getKey(), 0L);
        }
        String pgText = b.backendNanos().isEmpty() ? "?" : fmt(pg / 1e6 / requests);
        return fmt(jvm) + " + " + pgText;
    }

    /** {JVM ms, PostgreSQL ms} of CPU between two samples (PostgreSQL NaN when no backend was seen). */
    static double[] spentMs(Sample a, Sample b) {
        if (a == null || b == null || a.jvmNanos() < 0 || b.jvmNanos() < 0) return new double[]{Double.NaN, Double.NaN};
        long pg = 0;
        for (Map.Entry<Long, Long> e : b.backendNanos().entrySet()) {
            pg += e.getValue() - a.backendNanos().getOrDefault(e.getKey(), 0L);
        }
        return new double[]{(b.jvmNanos() - a.jvmNanos()) / 1e6, b.backendNanos().isEmpty() ? Double.NaN : pg / 1e6};
    }

    /** "JVM + PG" for per-request milliseconds. */
    static String format(double jvmMs, double pgMs) {
        if (Double.isNaN(jvmMs)) return "";
        return fmt(jvmMs) + " + " + (Double.isNaN(pgMs) ? "?" : fmt(pgMs));
    }

    private static String fmt(double ms) {
        return ms < 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.0f", ms);
    }

    private static Optional<Long> cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos);
    }
}
