package io.calroom.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server under test as a separate process: {@code java -Xmx256m -XX:+ExitOnOutOfMemoryError
 * -Xlog:gc:file=gc.log -jar caldav-server.jar}, configured by CALDAV_* variables only, bound to
 * 127.0.0.1. Its output goes to server.log in the run's work directory.
 */
final class ServerProcess {
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    static final String USER = "bench";
    static final String PASSWORD = "bench-secret";

    final Path workDir;
    final Path log;
    final Path gcLog;
    final int port;
    final List<String> command;
    final String jarInfo;
    private final Process process;
    private long startedNanos;

    private ServerProcess(Path workDir, int port, List<String> command, String jarInfo, Process process) {
        this.jarInfo = jarInfo;
        this.workDir = workDir;
        this.log = workDir.resolve("server.log");
        this.gcLog = workDir.resolve("gc.log");
        this.port = port;
        this.command = command;
        this.process = process;
    }

    /** A fresh database and the server process started on it (not yet ready). */
    record Launch(BenchDatabase db, ServerProcess server, int port, String pgVersion) {}

    /**
     * Checks the jar, creates a fresh database and starts the server on it in a temporary directory
     * named after {@code purpose}; null after saying on stderr why not (bad set-up: exit status 2).
     */
    static Launch launch(Options o, String purpose, java.util.function.Consumer<String> log) {
        if (!java.nio.file.Files.isRegularFile(o.jar)) {
            System.err.println("error: server jar not found: " + o.jar.toAbsolutePath()
                    + "\n  build it (mvn -B -q -DskipTests -pl server -am package) or pass --jar PATH");
            return null;
        }
        BenchDatabase db;
        try {
            db = BenchDatabase.create(o.dbAdminUrl, o.dbUser, o.dbPassword);
        } catch (Exception e) {
            System.err.println("error: cannot create a database via " + o.dbAdminUrl + ": " + e.getMessage());
            return null;
        }
        log.accept("database " + db.name + " created");
        String pgVersion = db.serverVersion();
        try {
            Path workDir = java.nio.file.Files.createTempDirectory("calroom-" + purpose + "-");
            int port = o.port != 0 ? o.port : Benchmark.freePort();
            return new Launch(db, start(o, db, port, workDir), port, pgVersion);
        } catch (IOException e) {
            System.err.println("error: cannot start the server: " + e.getMessage());
            if (!o.keepDb) db.drop();
            return null;
        }
    }

    static ServerProcess start(Options o, BenchDatabase db, int port, Path workDir) throws IOException {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        // Run a private copy: the JVM loads classes from the jar lazily, and a rebuild that replaces
        // the jar mid-run would otherwise surface as NoClassDefFoundErrors in the server.
        Path jar = workDir.resolve("caldav-server.jar");
        String modified = Files.getLastModifiedTime(o.jar).toString();
        Files.copy(o.jar, jar, StandardCopyOption.REPLACE_EXISTING);
        String jarInfo = "copy of " + o.jar.toAbsolutePath().normalize() + " (" + Files.size(jar) / 1024 + " KiB, modified "
                + modified + ", sha256 " + sha256(jar).substring(0, 12) + ")";
        List<String> cmd = new ArrayList<>(List.of(javaBin.toString(), "-Xmx" + o.heap, "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=" + workDir.resolve("gc.log")));
        java.util.Locale locale = java.util.Locale.forLanguageTag(o.serverLocale);
        cmd.add("-Duser.language=" + locale.getLanguage());
        if (!locale.getCountry().isEmpty()) cmd.add("-Duser.country=" + locale.getCountry());
        cmd.add("-Duser.timezone=" + o.serverTimezone);
        cmd.addAll(o.serverJavaOptions);
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("server.log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CALDAV_"));
        env.put("CALDAV_HOST", "127.0.0.1");
        env.put("CALDAV_PORT", Integer.toString(port));
        env.put("CALDAV_DB_URL", db.jdbcUrl);
        if (db.user() != null) env.put("CALDAV_DB_USER", db.user());
        if (db.password() != null) env.put("CALDAV_DB_PASSWORD", db.password());
        env.put("CALDAV_ADMIN_USER", USER);
        env.put("CALDAV_ADMIN_PASSWORD", PASSWORD);
        env.put("CALDAV_DEMO_DATA", "false");
        env.put("CALDAV_PASSWORD_HASH_ITERATIONS", Integer.toString(o.hashIterations));
        long started = System.nanoTime();
        ServerProcess sp = new ServerProcess(workDir, port, cmd, jarInfo, pb.start());
        sp.startedNanos = started;
        return sp;
    }

    private static String sha256(Path file) throws IOException {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    long pid() {
        return process.pid();
    }

    /** Polls /health until 200, at most {@code timeout}; throws if the process exits first. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            try {
                HttpResponse<Void> r = c.send(HttpRequest.newBuilder(baseUri().resolve("/health")).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IOException("the server did not become ready within " + timeout.toSeconds() + " s; see " + log);
    }

    void checkAlive() {
        if (!process.isAlive()) {
            throw new ServerDied("the server process exited with status " + process.exitValue()
                    + (logMentionsOom() ? " after an OutOfMemoryError" : "") + "; last lines of " + log + ":\n" + tail(20));
        }
    }

    /** After a failed request: gives a dying server a moment to exit (OutOfMemoryError), then {@link #checkAlive()}. */
    /** Sends; an I/O failure is first checked against the server process (a dead server fails the run). */
    DavClient.Reply send(DavClient.Call c) throws IOException {
        try {
            return c.call();
        } catch (IOException e) {
            checkAliveAfterFailure();
            throw e;
        }
    }

    void checkAliveAfterFailure() {
        try {
            process.waitFor(3, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkAlive();
    }

    boolean alive() {
        return process.isAlive();
    }

    boolean logMentionsOom() {
        return readLog().contains("OutOfMemoryError");
    }

    /** Lines of the server log at ERROR level or with an exception, for the report. */
    long errorLines() {
        return readLog().lines().filter(l -> l.contains(" ERROR ") || l.contains("Exception")).count();
    }

    String tail(int lines) {
        List<String> all = readLog().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private String readLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Seconds since the server process was started (the GC log's clock, give or take JVM start-up). */
    double secondsSinceStart() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** One GC from the log: when (s of JVM uptime), heap used before and after, in MB. */
    record Gc(double at, int beforeMb, int afterMb) {}

    List<Gc> gcs() {
        List<Gc> out = new ArrayList<>();
        Pattern time = Pattern.compile("^\\[(\\d+(?:\\.\\d+)?)s\\]");
        try {
            for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
                Matcher m = GC_LINE.matcher(line);
                Matcher t = time.matcher(line);
                if (m.find() && t.find()) {
                    out.add(new Gc(Double.parseDouble(t.group(1)), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** One GC pause from the log: when (s of JVM uptime), its kind ("Pause Young (Normal) (G1 Evacuation Pause)"), heap MB. */
    record GcPause(double at, String kind, int beforeMb, int afterMb, int committedMb) {
        /** A full GC asked for by {@code jcmd GC.run} ("Diagnostic Command") or System.gc(). */
        boolean forced() {
            return kind.contains("Diagnostic Command") || kind.contains("System.gc()");
        }
    }

    private static final Pattern PAUSE_LINE = Pattern.compile(
            "^\\[(\\d+(?:\\.\\d+)?)s\\].*?GC\\(\\d+\\) (Pause (?:Young|Full)(?: \\((?:[^()]|\\([^()]*\\))*\\))*) (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** The young, mixed and full pauses of the GC log (not G1's Remark and Cleanup, whose figures are no collection's result). */
    List<GcPause> gcPauses() {
        List<GcPause> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
                Matcher m = PAUSE_LINE.matcher(line);
                if (m.find()) {
                    out.add(new GcPause(Double.parseDouble(m.group(1)), m.group(2), Integer.parseInt(m.group(3)),
                            Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))));
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** Deletes the private jar copy, and the whole work directory when {@code all}. */
    void cleanUp(boolean all) {
        try {
            Files.deleteIfExists(workDir.resolve("caldav-server.jar"));
            if (all) {
                Files.deleteIfExists(log);
                Files.deleteIfExists(gcLog);
                Files.deleteIfExists(workDir);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Heap figures from the GC log: collections, peak heap used before a GC, largest heap used after a GC. */
    record Heap(int collections, int peakBeforeMb, int maxAfterMb, int committedMb) {}

    Heap heap() {
        int n = 0, before = 0, after = 0, committed = 0;
        try {
            for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
                Matcher m = GC_LINE.matcher(line);
                if (!m.find()) continue;
                n++;
                before = Math.max(before, Integer.parseInt(m.group(1)));
                after = Math.max(after, Integer.parseInt(m.group(2)));
                committed = Math.max(committed, Integer.parseInt(m.group(3)));
            }
        } catch (IOException | RuntimeException e) {
            return new Heap(0, -1, -1, -1);
        }
        return new Heap(n, before, after, committed);
    }

    /** Peak resident set size of the server process in MB (Linux), or -1. */
    long peakRssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("\\D+", "")) / 1024;
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or gone
        }
        return -1;
    }

    void stop() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
