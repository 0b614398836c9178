package io.calroom.benchmark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** One row of the report: a scenario's measured latencies, its target and verdict. */
final class Result {
    enum Verdict { PASS, MISS, WRONG, UNSUPPORTED, NO_TARGET }

    /**
     * A latency ceiling (ms, judged on p95, or on the median when {@code onMedian}) or a throughput
     * floor (requests/s); neither for info rows.
     */
    record Target(String label, double maxP95Ms, double minPerSecond, boolean onMedian) {
        Target(String label, double maxP95Ms, double minPerSecond) {
            this(label, maxP95Ms, minPerSecond, false);
        }

        static Target latency(double ms, String note) {
            return new Target("≤ " + fmt(ms) + " ms" + (note == null ? "" : " " + note), ms, Double.NaN);
        }

        /** A ceiling on the median (the target is stated for p50). */
        static Target medianLatency(double ms, String note) {
            return new Target("p50 ≤ " + fmt(ms) + " ms" + (note == null ? "" : " " + note), ms, Double.NaN, true);
        }

        static Target throughput(double perSecond) {
            return new Target("≥ " + fmt(perSecond) + " PUT/s", Double.NaN, perSecond);
        }

        static Target none() {
            return new Target("—", Double.NaN, Double.NaN);
        }

        static Target label(String label) {
            return new Target(label, Double.NaN, Double.NaN);
        }
    }

    final String scenario;
    final Target target;
    int n;
    double median = Double.NaN;
    double p95 = Double.NaN;
    double throughput = Double.NaN;
    String measured; // overrides the throughput column (e.g. heap figures)
    double bodyKib = Double.NaN; // median response body (PUT: request body)
    double fromSec = Double.NaN, toSec = Double.NaN; // window on the server's clock, for the GC figures
    String heap = "";
    String cpu = "";
    String failLabel = "wrong result";
    Verdict verdict;
    String detail;

    Result(String scenario, Target target) {
        this.scenario = scenario;
        this.target = target;
    }

    /** Sets n, median and p95 (nearest rank) from per-request nanoseconds. */
    Result latencies(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        n = s.length;
        if (n > 0) {
            median = percentile(s, 0.50) / 1e6;
            p95 = percentile(s, 0.95) / 1e6;
        }
        return this;
    }

    /** Sets the median body size from per-request byte counts. */
    Result bodies(long[] bytes) {
        if (bytes.length == 0) return this;
        long[] s = bytes.clone();
        Arrays.sort(s);
        bodyKib = percentile(s, 0.5) / 1024.0;
        return this;
    }

    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Judges the measured numbers against the target (only when nothing went wrong). */
    Result judge() {
        if (verdict == Verdict.WRONG || verdict == Verdict.UNSUPPORTED) return this;
        if (!Double.isNaN(target.minPerSecond())) {
            verdict = throughput >= target.minPerSecond() ? Verdict.PASS : Verdict.MISS;
        } else if (!Double.isNaN(target.maxP95Ms())) {
            verdict = (target.onMedian() ? median : p95) <= target.maxP95Ms() ? Verdict.PASS : Verdict.MISS;
        } else if (verdict == null) {
            verdict = Verdict.NO_TARGET;
        }
        return this;
    }

    String verdictText() {
        return switch (verdict) {
            case PASS -> !target.onMedian() || p95 <= target.maxP95Ms() ? "pass" : "pass (p95 above)";
            case MISS -> !Double.isNaN(target.maxP95Ms()) && !target.onMedian() && median <= target.maxP95Ms()
                    ? "**MISS** (median within)" : "**MISS**";
            case WRONG -> "**FAIL: " + failLabel + "**";
            case UNSUPPORTED -> "unsupported (403 supported-report)";
            case NO_TARGET -> "ok (results verified)";
        };
    }

    String row() {
        String tp = measured != null ? measured : Double.isNaN(throughput) ? "" : fmt(throughput) + " /s";
        String body = Double.isNaN(bodyKib) ? "" : bodyKib < 10 ? String.format(Locale.ROOT, "%.1f", bodyKib) : fmt(Math.rint(bodyKib));
        return "| " + scenario + " | " + (verdict == Verdict.UNSUPPORTED || n == 0 ? "—" : Integer.toString(n)) + " | " + ms(median)
                + " | " + ms(p95) + " | " + tp + " | " + body + " | " + heap + " | " + cpu + " | " + target.label() + " | " + verdictText() + " |";
    }

    static String header() {
        return "| Scenario | n | median ms | p95 ms | throughput | body KiB | server heap MB | CPU ms/req JVM + PG | target | result |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---|---|";
    }

    static String ms(double v) {
        if (Double.isNaN(v)) return "—";
        return v < 10 ? String.format(Locale.ROOT, "%.2f", v) : v < 100 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.0f", v);
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%,.1f", v);
    }

    static boolean anyWrong(List<Result> rs) {
        return rs.stream().anyMatch(r -> r.verdict == Verdict.WRONG);
    }

    static boolean anyMiss(List<Result> rs) {
        return rs.stream().anyMatch(r -> r.verdict == Verdict.MISS);
    }
}
