package io.calroom.benchmark;

import io.calroom.benchmark.BookingScenario.Room;
import io.calroom.benchmark.BookingScenario.Slot;
import io.calroom.benchmark.EventGenerator.Event;
import io.calroom.benchmark.EventGenerator.Period;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak test ({@code --soak DURATION}): the server jar as in the benchmark (separate process,
 * {@code -Xmx256m}, GC log, fresh database), {@code --soak-clients} users and {@code --soak-rooms} rooms
 * provisioned through the admin API, each user's calendar preloaded; then one thread per user loops
 * until the time is up over a weighted mix of what a calendar client does (incremental sync with its
 * own token, a week's calendar-query, a multiget, PUTs of new and changed events, DELETEs, bookings of
 * a room, free-busy for three rooms). Each client keeps a model of its calendar and every answer is
 * checked against it; the rooms' bookings are modelled across clients, so a double booking, a free
 * slot declined or a busy period missing from free-busy counts as an error. Reports throughput,
 * per-operation latency, the errors, and the heap after GC after the warm-up and at the end (forced
 * full GCs by {@code jcmd GC.run}, and the young GCs, from the GC log). Fails on any error or when the
 * heap after GC grew by more than 20 %.
 */
final class Soak {
    static final String ORG = "soak";
    private static final String PASSWORD = "soak-secret";
    private static final String MAIL_DOMAIN = "soak.example.com";
    private static final int MULTIGET_HREFS = 20;
    private static final int FREEBUSY_ROOMS = 3;
    private static final int MAX_ERROR_TEXTS = 10;
    private static final double HEAP_GROWTH_LIMIT = 0.20;
    private static final int WORK_DAYS = 52 * 5;
    /** A client keeps at most this many bookings: at the limit it cancels its oldest before it books anew. */
    private static final int MAX_BOOKINGS = 20;
    private static final String WORKING_HOURS = "\"timezone\":\"Europe/Berlin\",\"workingHours\":[{\"days\":[\"MO\",\"TU\",\"WE\",\"TH\",\"FR\"],"
            + "\"start\":\"07:00\",\"end\":\"20:00\"}]";
    private static final Pattern JSON_ADDRESS = Pattern.compile("\"address\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern JSON_CALENDAR = Pattern.compile("\"calendarUrl\"\\s*:\\s*\"([^\"]+)\"");
    private static final String SYNC_PROP = "<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>";

    /** The operations; {@link #weight} is the share (of 100) of a client's loop iterations that start with it. */
    enum Op {
        SYNC("REPORT sync-collection, incremental (the client's own token)", 20),
        QUERY("REPORT calendar-query, one week, getetag + calendar-data", 20),
        MULTIGET("REPORT calendar-multiget, " + MULTIGET_HREFS + " hrefs, getetag + calendar-data", 15),
        PUT_NEW("PUT new event (If-None-Match: *)", 10),
        PUT_CHANGE("PUT changed event, moved (If-Match)", 15),
        BOOKING("booking PUT inviting a room (the agent decides inside)", 10),
        DELETE("DELETE event or booking (If-Match; a booking's room gets a CANCEL)", 5),
        FREEBUSY("POST outbox free-busy, " + FREEBUSY_ROOMS + " rooms, one week", 5),
        BOOKING_GET("GET of the booking just made (room PARTSTAT, SCHEDULE-STATUS)", 0),
        SYNC_INITIAL("REPORT sync-collection, initial (once per client, again after an error)", 0),
        PRELOAD("preload PUT (before the clock starts)", 0);

        final String label;
        final int weight;

        Op(String label, int weight) {
            this.label = label;
            this.weight = weight;
        }
    }

    private static final Op[] MIX;

    static {
        List<Op> mix = new ArrayList<>();
        for (Op op : Op.values()) for (int i = 0; i < op.weight; i++) mix.add(op);
        MIX = mix.toArray(new Op[0]);
    }

    /** A booking of a room, shared by all clients: what the room's calendar may hold, with client-side timestamps (nanoTime). */
    static final class Booking {
        final String href;
        final Period period;
        final LocalDateTime localStart;
        volatile long putStart = Long.MAX_VALUE;
        volatile long putEnd = Long.MAX_VALUE;
        volatile boolean accepted;
        volatile boolean declined;
        volatile long deleteStart = Long.MAX_VALUE;
        volatile long deleteEnd = Long.MAX_VALUE;

        Booking(String href, Slot slot) {
            this.href = href;
            this.period = slot.period();
            this.localStart = slot.start();
        }
    }

    /** An object of a client's calendar as the client knows it. */
    static final class Obj {
        final String href;
        final String uid;
        final Event event; // null for a booking
        final Booking booking; // null for a plain event
        final List<Period> periods;
        final String etag;

        Obj(String href, String uid, Event event, Booking booking, List<Period> periods, String etag) {
            this.href = href;
            this.uid = uid;
            this.event = event;
            this.booking = booking;
            this.periods = periods;
            this.etag = etag;
        }

        boolean overlaps(Period p) {
            for (Period q : periods) if (q.overlaps(p.start(), p.end())) return true;
            return false;
        }
    }

    record ErrorEvent(long at, Op op, String client, String text) {}

    /** A wrong answer about one object: the client stops checking that object (one server mistake, one error). */
    static final class About extends Mismatch {
        final String href;

        About(String href, String message) {
            super(message);
            this.href = href;
        }
    }

    private final Options o;
    private ServerProcess server;
    private CpuMeter cpu;
    private final List<Room> rooms = new ArrayList<>();
    private final List<List<Booking>> roomBookings = new ArrayList<>();
    private final List<Client> clients = new ArrayList<>();
    private final LocalDate firstMonday = LocalDate.now(EventGenerator.BERLIN).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong errorCount = new AtomicLong();
    private final long[] errorsByOp = new long[Op.values().length];
    private final ConcurrentLinkedQueue<ErrorEvent> errors = new ConcurrentLinkedQueue<>();
    private final List<String> problems = new ArrayList<>();
    private volatile String died;
    private long t0; // nanoTime when the clients start
    private double serverSecAtT0;
    private final List<String> loadSamples = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final double[] forcedAt = {Double.NaN, Double.NaN, Double.NaN}; // soak seconds of the jcmd GC.run calls
    private final String[] forcedResult = new String[3];

    Soak(Options o) {
        this.o = o;
    }

    int run() {
        String startedAt = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String loadStart = Benchmark.loadAverage();
        ServerProcess.Launch launch = ServerProcess.launch(o, "soak", Soak::log);
        if (launch == null) return 2;
        BenchDatabase db = launch.db();
        server = launch.server();
        int port = launch.port();
        String pgVersion = launch.pgVersion();
        Thread cleanup = new Thread(() -> {
            stop.set(true);
            server.stop();
            server.cleanUp(false);
            if (!o.keepDb) db.drop();
        }, "soak-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);

        String loadEnd;
        boolean setupFailed = false;
        long rss = -1;
        long serverErrorLines = 0;
        List<ServerProcess.GcPause> pauses = List.of();
        try {
            log("server pid " + server.pid() + " starting on 127.0.0.1:" + port + " (log " + server.log + ")");
            server.awaitReady(Duration.ofSeconds(180));
            log("server ready");
            cpu = new CpuMeter(server.pid(), db);
            provision();
            preload();
            soak();
        } catch (ServerDied e) {
            died = e.getMessage();
        } catch (Exception e) {
            if (!server.alive()) {
                try {
                    server.checkAlive();
                } catch (ServerDied d) {
                    died = d.getMessage();
                }
            } else {
                setupFailed = true;
                problems.add("soak test aborted: " + e);
                e.printStackTrace();
            }
        } finally {
            stop.set(true);
            loadEnd = Benchmark.loadAverage();
            if (died == null && !server.alive()) {
                died = "the server process exited during the run" + (server.logMentionsOom() ? " after an OutOfMemoryError" : "")
                        + "; see " + server.log;
            }
            pauses = server.gcPauses();
            rss = server.peakRssMb();
            serverErrorLines = server.errorLines();
            server.stop();
            if (!o.keepDb) db.drop();
            else log("kept database " + db.name);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        if (died != null) problems.add("THE SERVER DIED: " + died);
        if (serverErrorLines > 0) problems.add("the server log has " + serverErrorLines + " ERROR/exception lines: " + server.log);

        Heap heap = heap(pauses);
        boolean failed = died != null || setupFailed || errorCount.get() > 0 || heap.grew;
        server.cleanUp(!failed && serverErrorLines == 0);
        if (failed || serverErrorLines > 0) problems.add("server log and GC log kept in " + server.workDir);

        String report = report(startedAt, pgVersion, loadStart, loadEnd, port, heap, pauses, rss);
        System.out.println(report);
        if (o.out != null) {
            try {
                Files.writeString(o.out, report, StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println("cannot write " + o.out + ": " + e.getMessage());
            }
        }
        if (setupFailed && t0 == 0) return 2;
        return failed ? 1 : 0;
    }

    // ---------------------------------------------------------------- set-up

    private void provision() throws IOException {
        long start = System.nanoTime();
        DavClient admin = new DavClient(server.baseUri(), ServerProcess.USER, ServerProcess.PASSWORD);
        adminPost(admin, "/api/v1/orgs", "{\"slug\":\"" + ORG + "\",\"name\":\"Soak test\"}");
        for (int i = 1; i <= o.soakRooms; i++) {
            String id = String.format(Locale.ROOT, "soak-room-%02d", i);
            String answer = adminPost(admin, "/api/v1/orgs/" + ORG + "/resources", "{\"id\":\"" + id + "\",\"type\":\"ROOM\",\"name\":\"Soak room "
                    + i + "\",\"capacity\":8,\"multipleBookings\":1," + WORKING_HOURS + "}");
            Matcher a = JSON_ADDRESS.matcher(answer);
            Matcher c = JSON_CALENDAR.matcher(answer);
            if (!a.find() || !c.find()) throw new IllegalStateException("the resource answer has no address or calendarUrl: " + answer);
            rooms.add(new Room(id, a.group(1), c.group(1)));
            roomBookings.add(new ArrayList<>());
        }
        for (int i = 1; i <= o.soakClients; i++) {
            String name = String.format(Locale.ROOT, "soak%03d", i);
            String email = name + "@" + MAIL_DOMAIN;
            adminPost(admin, "/api/v1/orgs/" + ORG + "/users", "{\"username\":\"" + name + "\",\"email\":\"" + email
                    + "\",\"displayName\":\"Soak user " + i + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"user\"}");
            clients.add(new Client(i, name, "mailto:" + email));
        }
        log("provisioned org " + ORG + ", " + o.soakClients + " users, " + o.soakRooms + " rooms in "
                + Math.round((System.nanoTime() - start) / 1e6) + " ms");
    }

    private String adminPost(DavClient admin, String path, String json) throws IOException {
        DavClient.Reply r = admin.send("POST", path, json.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        if (r.status() != 201) throw new IllegalStateException("POST " + path + " answered " + r.status() + ": " + r.text());
        return r.text();
    }

    /** Every client PUTs its preloaded events, all clients at once; untimed for the figures, but a failure is an error. */
    private void preload() throws InterruptedException {
        log("preloading " + o.soakEvents + " events into each of the " + clients.size() + " calendars");
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (Client c : clients) {
            Thread t = new Thread(c::preload, "soak-preload-" + c.user);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join(Duration.ofMinutes(30).toMillis());
        if (threads.stream().anyMatch(Thread::isAlive)) throw new IllegalStateException("the preload did not finish within 30 minutes");
        server.checkAlive();
        log(String.format(Locale.ROOT, "preloaded %,d events in %.1f s, %d errors", o.soakEvents * clients.size(),
                (System.nanoTime() - start) / 1e9, errorCount.get()));
    }

    // ---------------------------------------------------------------- the soak

    private void soak() throws InterruptedException {
        long duration = TimeUnit.SECONDS.toNanos(o.soakSeconds);
        long warmup = TimeUnit.SECONDS.toNanos(o.soakWarmupSeconds);
        long measured = duration - warmup;
        long endGcAt = duration - Math.min(TimeUnit.SECONDS.toNanos(10), measured / 10);
        log("soak: " + clients.size() + " clients for " + o.soakSeconds + " s (the first " + o.soakWarmupSeconds
                + " s are warm-up, not in the figures)");
        t0 = System.nanoTime();
        serverSecAtT0 = server.secondsSinceStart();
        long deadline = t0 + duration;
        List<Thread> threads = new ArrayList<>();
        for (Client c : clients) {
            c.deadline = deadline;
            Thread t = new Thread(c, "soak-" + c.user);
            t.start();
            threads.add(t);
        }
        CpuMeter.Sample cpuStart = null;
        boolean startGc = false, endGc = false;
        long nextLoad = t0;
        long nextProgress = t0 + TimeUnit.SECONDS.toNanos(30);
        long nextSlice = t0;
        while (System.nanoTime() < deadline && !stop.get()) {
            long now = System.nanoTime();
            if (now >= nextSlice) {
                CpuMeter.Sample sample = cpu.sample();
                synchronized (cpuSlices) {
                    cpuSlices.add(sample);
                }
                nextSlice += sliceNanos();
            }
            if (now >= nextLoad) {
                synchronized (loadSamples) {
                    loadSamples.add(Benchmark.loadAverage());
                }
                nextLoad += TimeUnit.SECONDS.toNanos(15);
            }
            if (!startGc && now - t0 >= warmup) {
                startGc = true;
                cpuStart = cpu.sample();
                forcedGc(0);
            }
            if (!endGc && now - t0 >= endGcAt) {
                endGc = true;
                forcedGc(1);
            }
            if (now >= nextProgress) {
                long n = 0;
                for (Client c : clients) n += c.rec.count();
                log(String.format(Locale.ROOT, "%3.0f s: %,d requests, %d errors, load %s", (now - t0) / 1e9, n, errorCount.get(),
                        Benchmark.loadAverage()));
                nextProgress += TimeUnit.SECONDS.toNanos(30);
            }
            if (!server.alive()) {
                stop.set(true);
                break;
            }
            Thread.sleep(200);
        }
        CpuMeter.Sample cpuEnd = cpu.sample();
        synchronized (cpuSlices) {
            cpuSlices.add(cpuEnd);
        }
        long giveUp = System.nanoTime() + DavClient.REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(30);
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(giveUp - System.nanoTime());
            if (left <= 0) break;
            t.join(left);
        }
        long finished = System.nanoTime();
        if (threads.stream().anyMatch(Thread::isAlive)) {
            stop.set(true);
            problems.add("some clients did not finish their last request within " + (DavClient.REQUEST_TIMEOUT.toSeconds() + 30) + " s of the end");
        }
        log(String.format(Locale.ROOT, "clients stopped %.1f s after the deadline", (finished - deadline) / 1e9));
        long requests = 0;
        for (Client c : clients) requests += c.rec.countBetween(warmup, duration);
        String cpuText = "";
        if (cpuStart != null) {
            double[] spent = CpuMeter.spentMs(cpuStart, cpuEnd);
            if (requests > 0) cpuText = CpuMeter.format(spent[0] / requests, spent[1] / requests);
        }
        this.cpuPerRequest = cpuText;
        if (server.alive()) {
            Thread.sleep(2000);
            forcedGc(2);
            Thread.sleep(1000); // let the GC log line be written
        }
    }

    private String cpuPerRequest = "";
    private final List<CpuMeter.Sample> cpuSlices = new ArrayList<>(); // a CPU sample at the start of each slice and at the end

    /** {@code jcmd <server pid> GC.run}: a full GC whose "after" figure in the GC log is the live heap. */
    private void forcedGc(int which) {
        double at = (System.nanoTime() - t0) / 1e9;
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            forcedResult[which] = "no jcmd in " + jcmd.getParent();
            return;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "GC.run").redirectErrorStream(true).start();
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!done) {
                p.destroyForcibly();
                forcedResult[which] = "jcmd GC.run did not return within 60 s";
            } else if (p.exitValue() != 0) {
                forcedResult[which] = "jcmd GC.run failed: " + Benchmark.abbreviate(out);
            } else {
                forcedAt[which] = at;
            }
        } catch (IOException e) {
            forcedResult[which] = "jcmd GC.run failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log(String.format(Locale.ROOT, "%3.0f s: jcmd GC.run %s", at, forcedResult[which] == null ? "done" : forcedResult[which]));
    }

    // ---------------------------------------------------------------- one client

    /** Per-client request log: end time (ns after t0), latency, operation. Written by its thread only, read after it ended. */
    static final class Recorder {
        private long[] ends = new long[4096];
        private long[] nanos = new long[4096];
        private byte[] ops = new byte[4096];
        private volatile int n;

        void add(long end, long latency, Op op) {
            if (n == ends.length) {
                ends = Arrays.copyOf(ends, n * 2);
                nanos = Arrays.copyOf(nanos, n * 2);
                ops = Arrays.copyOf(ops, n * 2);
            }
            ends[n] = end;
            nanos[n] = latency;
            ops[n] = (byte) op.ordinal();
            n = n + 1;
        }

        int count() {
            return n;
        }

        long countBetween(long from, long to) {
            long c = 0;
            for (int i = 0; i < n; i++) if (ends[i] >= from && ends[i] < to) c++;
            return c;
        }
    }

    private final class Client implements Runnable {
        final int no;
        final String user;
        final String address;
        final String calendar;
        final DavClient dav;
        final Random rnd;
        final Recorder rec = new Recorder();
        final Map<String, Obj> model = new LinkedHashMap<>();
        final List<String> hrefs = new ArrayList<>(); // the model's keys, for random picks
        final Map<String, Integer> index = new HashMap<>();
        final java.util.ArrayDeque<String> bookings = new java.util.ArrayDeque<>(); // the bookings in the model, oldest first
        int plain; // the plain events in the model
        final Set<String> uncertain = new HashSet<>(); // hrefs whose state an error left unknown: not checked any more
        final Set<String> changed = new HashSet<>(); // PUT or DELETEd since the sync token
        final Set<String> created = new HashSet<>(); // created since the sync token (removed again: may be left out)
        String token;
        int nextIndex;
        long deadline;
        Op current = Op.PRELOAD;
        String touching;

        Client(int no, String user, String address) {
            this.no = no;
            this.user = user;
            this.address = address;
            this.calendar = "/calendars/users/" + user + "/default/";
            this.dav = new DavClient(server.baseUri(), user, PASSWORD);
            this.rnd = new Random(o.seed * 7919 + no);
        }

        void preload() {
            List<Event> events = new EventGenerator(o.soakEvents, o.seed * 1000 + no, o.year).events();
            nextIndex = events.size();
            for (Event e : events) {
                if (stop.get()) return;
                String href = calendar + e.resourceName;
                touching = href;
                try {
                    DavClient.Reply r = send(Op.PRELOAD, () -> dav.put(href, e.ical(), null));
                    if (r.status() != 201) throw new Mismatch("preload PUT " + href + " answered " + r.status() + ": " + Benchmark.abbreviate(r.text()));
                    String etag = r.header("ETag").orElseThrow(() -> new Mismatch("preload PUT " + href + " answered 201 without an ETag"));
                    put(new Obj(href, e.uid, e, null, e.periods(), etag));
                    touching = null;
                } catch (Mismatch | IOException | RuntimeException ex) {
                    failed(ex);
                }
            }
        }

        @Override
        public void run() {
            while (!stop.get() && System.nanoTime() < deadline) {
                Op op = token == null ? Op.SYNC_INITIAL : MIX[rnd.nextInt(MIX.length)];
                touching = null;
                current = op;
                try {
                    switch (op) {
                        case SYNC, SYNC_INITIAL -> sync();
                        case QUERY -> query();
                        case MULTIGET -> multiget();
                        case PUT_NEW -> putNew();
                        case PUT_CHANGE -> putChange();
                        case DELETE -> delete();
                        case BOOKING -> booking();
                        case FREEBUSY -> freeBusy();
                        default -> throw new IllegalStateException(op.name());
                    }
                } catch (Mismatch | IOException | RuntimeException e) {
                    failed(e);
                }
            }
        }

        private void failed(Exception e) {
            if (e instanceof ServerDied d) {
                died = d.getMessage();
                stop.set(true);
                return;
            }
            Op op = current;
            String text = e instanceof Mismatch ? e.getMessage() : e.toString();
            errorCount.incrementAndGet();
            synchronized (errorsByOp) {
                errorsByOp[op.ordinal()]++;
            }
            errors.add(new ErrorEvent(t0 == 0 ? -1 : System.nanoTime() - t0, op, user, text));
            log("ERROR " + user + " " + op.name() + ": " + Benchmark.abbreviate(text));
            for (String h : new String[]{touching, e instanceof About a ? a.href : null}) {
                if (h == null) continue;
                remove(h);
                uncertain.add(h);
            }
            token = null; // the next sync is an initial one, checked against the model
            if (e instanceof IOException) {
                try {
                    server.checkAliveAfterFailure();
                } catch (ServerDied d) {
                    died = d.getMessage();
                    stop.set(true);
                }
            }
        }

        private DavClient.Reply send(Op op, DavClient.Call c) throws IOException {
            current = op;
            DavClient.Reply r = c.call();
            if (t0 != 0) rec.add(System.nanoTime() - t0, r.nanos(), op); // the preload is not in the figures
            return r;
        }

        private void put(Obj obj) {
            if (model.put(obj.href, obj) == null) {
                index.put(obj.href, hrefs.size());
                hrefs.add(obj.href);
                if (obj.booking != null) bookings.addLast(obj.href);
                else plain++;
            }
        }

        private void remove(String href) {
            Obj obj = model.remove(href);
            if (obj == null) return;
            if (obj.booking != null) bookings.remove(href);
            else plain--;
            int i = index.remove(href);
            String last = hrefs.remove(hrefs.size() - 1);
            if (i < hrefs.size()) {
                hrefs.set(i, last);
                index.put(last, i);
            }
        }

        private Obj randomObj() {
            return hrefs.isEmpty() ? null : model.get(hrefs.get(rnd.nextInt(hrefs.size())));
        }

        private Obj randomPlain() {
            Obj obj = null;
            for (int tries = 0; tries < 20 && (obj == null || obj.event == null); tries++) obj = randomObj();
            return obj == null || obj.event == null ? null : obj;
        }

        // ------------------------------------------------------------ the operations

        private void sync() throws IOException, Mismatch {
            boolean initial = token == null;
            Op op = initial ? Op.SYNC_INITIAL : Op.SYNC;
            String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:sync-collection xmlns:D=\"DAV:\">"
                    + (initial ? "<D:sync-token/>" : "<D:sync-token>" + token + "</D:sync-token>") + SYNC_PROP;
            DavClient.Reply r = send(op, () -> dav.report(calendar, null, body));
            String what = initial ? "initial sync-collection" : "incremental sync-collection";
            expectStatus(r, 207, what);
            Multistatus ms = Multistatus.parse(r.body());
            if (ms.syncToken == null || ms.syncToken.isEmpty()) throw new Mismatch(what + " returned no DAV:sync-token");
            Set<String> seen = new HashSet<>();
            for (Multistatus.Response resp : ms.responses) {
                String h = resp.href();
                if (!seen.add(h)) throw new About(h, what + " returned " + h + " twice");
                if (uncertain.contains(h)) continue;
                Obj obj = model.get(h);
                if (resp.status() == 404) {
                    if (initial) throw new About(h, what + " returned a removed member " + h);
                    if (obj != null) throw new About(h, what + " says " + h + " was removed, but it exists");
                    if (!changed.contains(h)) throw new About(h, what + " says " + h + " was removed, but it was not deleted since the token");
                } else if (resp.status() == 200) {
                    if (obj == null) {
                        throw new About(h, what + " returned " + h + (changed.contains(h) ? ", which was deleted" : ", which the client never stored"));
                    }
                    if (!initial && !changed.contains(h)) throw new About(h, what + " returned " + h + ", unchanged since the token");
                    checkEtag(obj, resp, what);
                } else {
                    throw new About(h, what + " answered " + resp.status() + " for " + h);
                }
            }
            if (initial) {
                for (String h : model.keySet()) if (!seen.contains(h)) throw new About(h, what + " did not list the member " + h);
            } else {
                for (String h : changed) {
                    if (uncertain.contains(h) || seen.contains(h)) continue;
                    if (model.containsKey(h)) throw new About(h, what + " did not report " + h + ", changed since the token");
                    if (!created.contains(h)) throw new About(h, what + " did not report " + h + " as removed (deleted since the token)");
                }
                if (!changed.isEmpty() && ms.syncToken.equals(token)) {
                    throw new Mismatch(what + " returned the same token after " + changed.size() + " changes");
                }
            }
            token = ms.syncToken;
            changed.clear();
            created.clear();
        }

        private void query() throws IOException, Mismatch {
            Period week = EventGenerator.isoWeek(o.year, 1 + rnd.nextInt(52));
            String s = EventGenerator.utc(week.start()), en = EventGenerator.utc(week.end());
            String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                    + "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
                    + "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
                    + "<C:filter><C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\">"
                    + "<C:time-range start=\"" + s + "\" end=\"" + en + "\"/>"
                    + "</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>";
            Set<String> expected = new HashSet<>();
            for (Obj obj : model.values()) if (obj.overlaps(week)) expected.add(obj.href);
            DavClient.Reply r = send(Op.QUERY, () -> dav.report(calendar, "1", body));
            String what = "calendar-query " + s + "–" + en;
            expectStatus(r, 207, what);
            Set<String> got = new HashSet<>();
            for (Multistatus.Response resp : Multistatus.parse(r.body()).responses) {
                if (!got.add(resp.href())) throw new About(resp.href(), what + " returned " + resp.href() + " twice");
                if (uncertain.contains(resp.href())) continue;
                if (!expected.contains(resp.href())) {
                    throw new About(resp.href(), what + " returned " + resp.href() + (model.containsKey(resp.href()) ? ", which has no occurrence in the week"
                            : ", which is not in the calendar"));
                }
                Obj obj = model.get(resp.href());
                checkEtag(obj, resp, what);
                checkData(obj, resp, what);
            }
            for (String h : expected) {
                if (!got.contains(h)) throw new About(h, what + " did not return " + h + " (" + expected.size() + " expected, " + got.size() + " returned)");
            }
        }

        private void multiget() throws IOException, Mismatch {
            Set<String> want = new HashSet<>();
            int k = Math.min(MULTIGET_HREFS, hrefs.size());
            while (want.size() < k) want.add(hrefs.get(rnd.nextInt(hrefs.size())));
            StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                    + "<C:calendar-multiget xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
                    + "<D:prop><D:getetag/><C:calendar-data/></D:prop>");
            for (String h : want) b.append("<D:href>").append(h).append("</D:href>");
            b.append("</C:calendar-multiget>");
            DavClient.Reply r = send(Op.MULTIGET, () -> dav.report(calendar, "1", b.toString()));
            String what = "calendar-multiget of " + want.size();
            expectStatus(r, 207, what);
            Set<String> left = new HashSet<>(want);
            for (Multistatus.Response resp : Multistatus.parse(r.body()).responses) {
                if (!left.remove(resp.href())) throw new About(resp.href(), what + " returned an href not asked for, or twice: " + resp.href());
                Obj obj = model.get(resp.href());
                if (resp.status() != 200) throw new About(resp.href(), what + " answered " + resp.status() + " for " + resp.href());
                checkEtag(obj, resp, what);
                checkData(obj, resp, what);
            }
            if (!left.isEmpty()) throw new About(left.iterator().next(), what + " left out " + left.size() + ", e.g. " + left.iterator().next());
        }

        private void putNew() throws IOException, Mismatch {
            if (plain >= 2 * o.soakEvents) { // a steady state: at twice the preload, a DELETE of an event instead
                Obj victim = randomPlain();
                if (victim != null) {
                    delete(victim);
                    return;
                }
            }
            int i = nextIndex++;
            LocalDate jan1 = LocalDate.of(o.year, 1, 1);
            LocalDateTime start = jan1.plusDays(rnd.nextInt(jan1.lengthOfYear())).atTime(LocalTime.of(7, 0).plusMinutes(15L * rnd.nextInt(48)));
            Duration length = Duration.ofMinutes(new int[]{30, 45, 60, 90, 120}[rnd.nextInt(5)]);
            String uid = UUID.nameUUIDFromBytes((user + ":new:" + i + ":" + rnd.nextLong()).getBytes(StandardCharsets.UTF_8)).toString();
            Event e = Event.single(i, i % 2 == 0 ? uid.toUpperCase(Locale.ROOT) : uid, i % 2 == 0, start, length);
            String href = calendar + e.resourceName;
            touching = href;
            DavClient.Reply r = send(Op.PUT_NEW, () -> dav.put(href, e.ical(), null));
            if (r.status() != 201) throw new Mismatch("PUT (new) " + href + " answered " + r.status() + ": " + Benchmark.abbreviate(r.text()));
            String etag = r.header("ETag").orElseThrow(() -> new Mismatch("PUT (new) " + href + " answered 201 without an ETag"));
            put(new Obj(href, e.uid, e, null, e.periods(), etag));
            changed.add(href);
            created.add(href);
            touching = null;
        }

        /** Moves a plain event by -7..+7 days (a single one also gets a new length); SEQUENCE and DTSTAMP move on. */
        private void putChange() throws IOException, Mismatch {
            Obj old = randomPlain();
            if (old == null) {
                putNew();
                return;
            }
            Event p = old.event;
            int days = rnd.nextInt(15) - 7;
            Duration length = p.recurring ? p.duration : Duration.ofMinutes(new int[]{30, 45, 60, 90, 120}[rnd.nextInt(5)]);
            Event e = p.moved(days, length);
            e.revision = p.revision + 1;
            String href = old.href;
            String ifMatch = old.etag;
            touching = href;
            DavClient.Reply r = send(Op.PUT_CHANGE, () -> dav.put(href, e.ical(), ifMatch));
            if (r.status() != 204 && r.status() != 200) {
                throw new Mismatch("PUT (change, If-Match) " + href + " answered " + r.status() + ": " + Benchmark.abbreviate(r.text()));
            }
            String etag = r.header("ETag").orElseThrow(() -> new Mismatch("PUT (change) " + href + " answered without an ETag"));
            if (etag.equals(ifMatch)) throw new Mismatch("PUT (change) " + href + " answered the old ETag " + etag);
            put(new Obj(href, e.uid, e, null, e.periods(), etag));
            changed.add(href);
            touching = null;
        }

        private void delete() throws IOException, Mismatch {
            Obj obj = randomObj();
            if (obj == null || model.size() <= o.soakEvents / 2) {
                putNew();
                return;
            }
            delete(obj);
        }

        private void delete(Obj obj) throws IOException, Mismatch {
            current = Op.DELETE;
            String href = obj.href;
            touching = href;
            Booking b = obj.booking;
            if (b != null) b.deleteStart = System.nanoTime();
            DavClient.Reply r = send(Op.DELETE, () -> dav.delete(href, obj.etag));
            if (r.status() != 204 && r.status() != 200) {
                throw new Mismatch("DELETE " + href + " answered " + r.status() + ": " + Benchmark.abbreviate(r.text()));
            }
            if (b != null) b.deleteEnd = System.nanoTime();
            remove(href);
            changed.add(href);
            touching = null;
        }

        private void booking() throws IOException, Mismatch {
            if (bookings.size() >= MAX_BOOKINGS) {
                delete(model.get(bookings.peekFirst())); // cancels the oldest booking first
                touching = null;
            }
            current = Op.BOOKING;
            int roomNo = rnd.nextInt(rooms.size());
            Room room = rooms.get(roomNo);
            List<Booking> list = roomBookings.get(roomNo);
            Slot slot = null;
            if (rnd.nextInt(4) == 0) { // a quarter aims at a slot the room has accepted (expect DECLINED unless cancelled meanwhile)
                synchronized (list) {
                    List<Booking> acc = list.stream().filter(x -> x.accepted && x.deleteStart == Long.MAX_VALUE).toList();
                    if (!acc.isEmpty()) slot = new Slot(acc.get(rnd.nextInt(acc.size())).localStart, Duration.ofMinutes(30));
                }
            }
            if (slot == null) {
                int d = rnd.nextInt(WORK_DAYS);
                LocalDate day = firstMonday.plusWeeks(d / 5).plusDays(d % 5);
                slot = new Slot(day.atTime(LocalTime.of(8, 0).plusMinutes(15L * rnd.nextInt(37))), Duration.ofMinutes(rnd.nextBoolean() ? 30 : 60));
            }
            String uid = "soak-" + user + "-" + (nextIndex++) + "-" + new UUID(rnd.nextLong(), rnd.nextLong());
            String href = calendar + uid + ".ics";
            byte[] body = BookingScenario.bookingIcal(uid, user, address, room, slot);
            Booking b = new Booking(href, slot);
            touching = href;
            b.putStart = System.nanoTime();
            synchronized (list) {
                list.add(b);
            }
            DavClient.Reply r = send(Op.BOOKING, () -> dav.put(href, body, null));
            b.putEnd = System.nanoTime();
            if (r.status() != 201) throw new Mismatch("booking PUT " + href + " answered " + r.status() + ": " + Benchmark.abbreviate(r.text()));
            DavClient.Reply g = send(Op.BOOKING_GET, () -> dav.get(href));
            if (g.status() != 200) throw new Mismatch("GET " + href + " (booking) answered " + g.status());
            String etag = g.header("ETag").orElseThrow(() -> new Mismatch("GET " + href + " (booking) answered without an ETag"));
            String ps = BookingScenario.roomPartstat(href, g.text(), room);
            if (ps.equals("ACCEPTED")) b.accepted = true;
            else if (ps.equals("DECLINED")) b.declined = true;
            else throw new Mismatch("booking " + href + ": the room answered " + ps + ", neither ACCEPTED nor DECLINED");
            put(new Obj(href, uid, null, b, List.of(b.period), etag));
            changed.add(href);
            created.add(href);
            touching = null;
            current = Op.BOOKING;
            checkDecision(b, ps, room, list);
        }

        /**
         * The room's decision against the other clients' bookings: an overlapping booking the room had
         * accepted before this PUT was sent, and not cancelled before it was answered, must make it
         * DECLINED; with no overlapping booking that may have been in the room's calendar meanwhile it
         * must be ACCEPTED. Overlaps whose order is uncertain are not judged.
         */
        private void checkDecision(Booking b, String ps, Room room, List<Booking> list) throws Mismatch {
            List<Booking> others;
            synchronized (list) {
                others = new ArrayList<>(list);
            }
            Booking blocker = null;
            boolean maybeBusy = false;
            for (Booking x : others) {
                if (x == b || !x.period.overlaps(b.period.start(), b.period.end())) continue;
                if (x.accepted && x.putEnd < b.putStart && x.deleteStart > b.putEnd) blocker = x;
                if (!x.declined && x.putStart < b.putEnd && !(x.deleteEnd < b.putStart)) maybeBusy = true;
            }
            if (blocker != null && ps.equals("ACCEPTED")) {
                throw new Mismatch("double booking: " + room.id + " ACCEPTED " + b.href + " " + b.period + ", overlapping " + blocker.href
                        + " " + blocker.period + " which it had accepted before");
            }
            if (!maybeBusy && ps.equals("DECLINED")) {
                throw new Mismatch(room.id + " DECLINED " + b.href + " " + b.period + ", a slot no booking overlapped");
            }
        }

        private void freeBusy() throws IOException, Mismatch {
            List<Integer> pick = new ArrayList<>();
            for (int i = 0; i < rooms.size(); i++) pick.add(i);
            java.util.Collections.shuffle(pick, rnd);
            pick = pick.subList(0, Math.min(FREEBUSY_ROOMS, pick.size()));
            Instant s = firstMonday.plusWeeks(rnd.nextInt(52)).atStartOfDay(ZoneOffset.UTC).toInstant();
            Period week = new Period(s, s.plus(Duration.ofDays(7)));
            StringBuilder b = new StringBuilder();
            EventGenerator.line(b, "BEGIN:VCALENDAR");
            EventGenerator.line(b, "VERSION:2.0");
            EventGenerator.line(b, "PRODID:-//Apple Inc.//macOS 14.5//EN");
            EventGenerator.line(b, "METHOD:REQUEST");
            EventGenerator.line(b, "BEGIN:VFREEBUSY");
            EventGenerator.line(b, "UID:" + new UUID(rnd.nextLong(), rnd.nextLong()).toString().toUpperCase(Locale.ROOT));
            EventGenerator.line(b, "DTSTAMP:" + EventGenerator.utc(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            EventGenerator.line(b, "DTSTART:" + EventGenerator.utc(week.start()));
            EventGenerator.line(b, "DTEND:" + EventGenerator.utc(week.end()));
            BookingScenario.folded(b, "ORGANIZER:" + address);
            for (int i : pick) BookingScenario.folded(b, "ATTENDEE:" + rooms.get(i).address);
            EventGenerator.line(b, "END:VFREEBUSY");
            EventGenerator.line(b, "END:VCALENDAR");
            byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
            long sent = System.nanoTime();
            DavClient.Reply r = send(Op.FREEBUSY, () -> dav.send("POST", "/calendars/users/" + user + "/outbox/", body,
                    "Content-Type", "text/calendar; charset=utf-8"));
            long answered = System.nanoTime();
            if (r.status() != 200) throw new Mismatch("free-busy POST answered " + r.status() + ": " + Benchmark.abbreviate(r.text()));
            Map<String, Integer> byAddress = new HashMap<>();
            for (int i : pick) byAddress.put(rooms.get(i).address.toLowerCase(Locale.ROOT), i);
            List<Multistatus.ScheduleResponse> responses = Multistatus.scheduleResponse(r.body());
            if (responses.size() != pick.size()) {
                throw new Mismatch("free-busy POST for " + pick.size() + " rooms returned " + responses.size() + " responses");
            }
            Set<String> seen = new HashSet<>();
            for (Multistatus.ScheduleResponse resp : responses) {
                String who = resp.recipient() == null ? "" : resp.recipient().toLowerCase(Locale.ROOT);
                Integer roomNo = byAddress.get(who);
                if (roomNo == null || !seen.add(who)) throw new Mismatch("free-busy POST answered for an unexpected or repeated recipient " + who);
                if (resp.requestStatus() == null || !resp.requestStatus().startsWith("2.0")) {
                    throw new Mismatch("free-busy POST: request-status for " + who + " is " + resp.requestStatus());
                }
                if (resp.calendarData() == null) throw new Mismatch("free-busy POST: no calendar-data for " + who);
                List<Period> got = EventGenerator.merge(Benchmark.freeBusyPeriods(resp.calendarData()));
                List<Booking> list;
                synchronized (roomBookings.get(roomNo)) {
                    list = new ArrayList<>(roomBookings.get(roomNo));
                }
                List<Period> surely = new ArrayList<>(), maybe = new ArrayList<>();
                for (Booking x : list) {
                    if (!x.period.overlaps(week.start(), week.end())) continue;
                    Period clipped = new Period(x.period.start().isBefore(week.start()) ? week.start() : x.period.start(),
                            x.period.end().isAfter(week.end()) ? week.end() : x.period.end());
                    if (x.accepted && x.putEnd < sent && x.deleteStart > answered) surely.add(clipped);
                    if (!x.declined && x.putStart < answered && !(x.deleteEnd < sent)) maybe.add(clipped);
                }
                Period missing = notCovered(EventGenerator.merge(surely), got);
                if (missing != null) {
                    throw new Mismatch("free-busy POST: " + who + " is not busy over " + missing + ", booked and accepted before the POST");
                }
                Period extra = notCovered(got, EventGenerator.merge(maybe));
                if (extra != null) throw new Mismatch("free-busy POST: " + who + " is busy over " + extra + ", which no booking covers");
            }
        }
    }

    /** The first period of {@code inner} not inside one period of {@code outer} (both merged), or null. */
    static Period notCovered(List<Period> inner, List<Period> outer) {
        for (Period p : inner) {
            boolean in = false;
            for (Period q : outer) {
                if (!q.start().isAfter(p.start()) && !q.end().isBefore(p.end())) {
                    in = true;
                    break;
                }
            }
            if (!in) return p;
        }
        return null;
    }

    private static void checkEtag(Obj obj, Multistatus.Response resp, String what) throws Mismatch {
        if (resp.status() != 200) throw new About(resp.href(), what + " answered " + resp.status() + " for " + resp.href());
        if (obj.etag != null && !obj.etag.equals(resp.etag())) {
            throw new About(resp.href(), what + ": getetag of " + resp.href() + " is " + resp.etag() + ", the client's last write or GET saw " + obj.etag);
        }
    }

    private static void checkData(Obj obj, Multistatus.Response resp, String what) throws Mismatch {
        if (resp.calendarData() == null) throw new About(resp.href(), what + " returned no calendar-data for " + resp.href());
        if (!resp.calendarData().contains("UID:" + obj.uid)) {
            throw new About(resp.href(), what + ": the calendar-data of " + resp.href() + " is not that object's (no UID:" + obj.uid + ")");
        }
    }

    private static void expectStatus(DavClient.Reply r, int status, String what) throws Mismatch {
        if (r.status() != status) throw new Mismatch(what + " answered " + r.status() + " instead of " + status + ": " + Benchmark.abbreviate(r.text()));
    }

    // ---------------------------------------------------------------- heap

    /** The heap figures and the verdict on them. */
    record Heap(String startText, String endText, String idleText, int startMb, int endMb, String youngStart, String youngEnd,
                String basis, double growth, boolean grew, String verdict) {}

    private Heap heap(List<ServerProcess.GcPause> pauses) {
        double warm = o.soakWarmupSeconds, end = o.soakSeconds;
        // the forced full GCs, in the order they were asked for (the ones that failed leave a gap)
        List<ServerProcess.GcPause> forced = pauses.stream().filter(ServerProcess.GcPause::forced).toList();
        ServerProcess.GcPause[] f = new ServerProcess.GcPause[3];
        int k = 0;
        for (int i = 0; i < 3; i++) if (!Double.isNaN(forcedAt[i]) && k < forced.size()) f[i] = forced.get(k++);
        // the collections the load caused, in the first and the last window of the measured part
        double window = Math.min(60, (end - warm) / 4);
        List<Integer> first = new ArrayList<>(), last = new ArrayList<>();
        for (ServerProcess.GcPause p : pauses) {
            if (p.forced()) continue;
            double at = p.at() - serverSecAtT0;
            if (at >= warm && at < warm + window) first.add(p.afterMb());
            if (at >= end - window && at < end) last.add(p.afterMb());
        }
        String ys = stats(first, warm, warm + window), ye = stats(last, end - window, end);
        String st = f[0] == null ? "— (" + (forcedResult[0] == null ? "no full GC in the log" : forcedResult[0]) + ")"
                : describe(f[0]);
        String en = f[1] == null ? "— (" + (forcedResult[1] == null ? "no full GC in the log" : forcedResult[1]) + ")"
                : describe(f[1]);
        String idle = f[2] == null ? "— (" + (forcedResult[2] == null ? "no full GC in the log" : forcedResult[2]) + ")"
                : describe(f[2]);
        int s = -1, e = -1;
        String basis;
        if (f[0] != null && f[1] != null) {
            s = f[0].afterMb();
            e = f[1].afterMb();
            basis = "the full GCs forced after the warm-up and before the end";
        } else if (!first.isEmpty() && !last.isEmpty()) {
            s = first.stream().mapToInt(Integer::intValue).min().orElse(-1);
            e = last.stream().mapToInt(Integer::intValue).min().orElse(-1);
            basis = "the smallest heap after a young GC in the first and in the last window (no forced full GC)";
        } else {
            basis = "no figures";
        }
        double growth = s > 0 && e >= 0 ? (double) (e - s) / s : Double.NaN;
        boolean grew = !Double.isNaN(growth) && growth > HEAP_GROWTH_LIMIT;
        String verdict;
        if (Double.isNaN(growth)) {
            verdict = "**not judged**: no heap figures at both ends (" + basis + ")";
        } else {
            verdict = String.format(Locale.ROOT, "%s: %d MB → %d MB after GC (%+.0f %%; limit +%.0f %%), from %s",
                    grew ? "**FAIL: the heap grew**" : "pass", s, e, growth * 100, HEAP_GROWTH_LIMIT * 100, basis);
        }
        return new Heap(st, en, idle, s, e, ys, ye, basis, growth, grew, verdict);
    }

    private String describe(ServerProcess.GcPause p) {
        return String.format(Locale.ROOT, "%d MB (at %.0f s: %s %dM->%dM(%dM))", p.afterMb(), p.at() - serverSecAtT0, p.kind(), p.beforeMb(),
                p.afterMb(), p.committedMb());
    }

    private static String stats(List<Integer> mbs, double from, double to) {
        if (mbs.isEmpty()) return String.format(Locale.ROOT, "no GC in %.0f–%.0f s", from, to);
        int[] s = mbs.stream().mapToInt(Integer::intValue).sorted().toArray();
        return String.format(Locale.ROOT, "%d GCs in %.0f–%.0f s: after GC min %d / median %d / max %d MB", s.length, from, to, s[0],
                s[(s.length - 1) / 2], s[s.length - 1]);
    }

    // ---------------------------------------------------------------- report

    private String report(String startedAt, String pgVersion, String loadStart, String loadEnd, int port, Heap heap,
                          List<ServerProcess.GcPause> pauses, long rss) {
        long warm = TimeUnit.SECONDS.toNanos(o.soakWarmupSeconds), dur = TimeUnit.SECONDS.toNanos(o.soakSeconds);
        double measuredSec = (dur - warm) / 1e9;
        int ops = Op.values().length;
        List<List<Long>> byOp = new ArrayList<>();
        for (int i = 0; i < ops; i++) byOp.add(new ArrayList<>());
        List<Long> all = new ArrayList<>();
        long everything = 0;
        for (Client c : clients) {
            Recorder r = c.rec;
            for (int i = 0; i < r.count(); i++) {
                everything++;
                if (r.ends[i] < warm || r.ends[i] >= dur) continue;
                byOp.get(r.ops[i]).add(r.nanos[i]);
                all.add(r.nanos[i]);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("## Calroom soak test, ").append(clients.size()).append(" clients for ").append(human(o.soakSeconds)).append("\n\n");
        b.append("- date: ").append(startedAt).append('\n');
        String loadRange = "";
        synchronized (loadSamples) {
            if (!loadSamples.isEmpty()) {
                double min = Double.MAX_VALUE, max = 0;
                for (String l : loadSamples) {
                    try {
                        double one = Double.parseDouble(l.split(" ")[0]);
                        min = Math.min(min, one);
                        max = Math.max(max, one);
                    } catch (RuntimeException ignored) {
                        // "?"
                    }
                }
                if (max > 0) loadRange = String.format(Locale.ROOT, "; 1-minute load average during the run (every 15 s) %.2f–%.2f", min, max);
            }
        }
        b.append("- machine: nproc ").append(Runtime.getRuntime().availableProcessors()).append(", ").append(Benchmark.cpuModel())
                .append(", ").append(Benchmark.memTotal()).append("; load average at start ").append(loadStart).append(", at end ")
                .append(loadEnd).append(loadRange).append('\n');
        b.append("- java: ").append(Benchmark.javaVersion()).append('\n');
        if (server != null) b.append("- server: `").append(String.join(" ", server.command)).append("`, ").append(server.jarInfo).append('\n');
        b.append("- database: ").append(pgVersion).append(" on ").append(o.dbAdminUrl.replaceAll("\\?.*", ""))
                .append(", fresh database per run; clients: java.net.http HTTP/1.1 on 127.0.0.1:").append(port).append('\n');
        int objects = 0, uncertain = 0;
        for (Client c : clients) {
            objects += c.model.size();
            uncertain += c.uncertain.size();
        }
        long accepted = 0, declined = 0, cancelled = 0, roomHeld = 0;
        for (List<Booking> list : roomBookings) {
            synchronized (list) {
                for (Booking x : list) {
                    if (x.accepted) accepted++;
                    if (x.declined) declined++;
                    if (x.deleteEnd != Long.MAX_VALUE) cancelled++;
                    if (x.accepted && x.deleteEnd == Long.MAX_VALUE) roomHeld++;
                }
            }
        }
        b.append("- data: org `").append(ORG).append("`, ").append(clients.size()).append(" users (one per client) and ").append(rooms.size())
                .append(" rooms (multipleBookings 1, Mon–Fri 07:00–20:00 Europe/Berlin) provisioned through the admin API; ")
                .append(o.soakEvents).append(" generated events (")
                .append(o.year).append(", every fifth weekly recurring) preloaded into each user's calendar: ")
                .append(String.format(Locale.ROOT, "%,d", o.soakEvents * clients.size())).append(" objects at the start, ")
                .append(String.format(Locale.ROOT, "%,d", objects)).append(" at the end")
                .append(uncertain > 0 ? " (+ " + uncertain + " left unknown by errors)" : "")
                .append(String.format(Locale.ROOT, "; bookings: %,d ACCEPTED, %,d DECLINED, %,d cancelled again, %,d held by the rooms at the end",
                        accepted, declined, cancelled, roomHeld)).append('\n');
        StringBuilder mix = new StringBuilder();
        for (Op op : Op.values()) if (op.weight > 0) mix.append(mix.length() == 0 ? "" : ", ").append(op.name().toLowerCase(Locale.ROOT)).append(' ').append(op.weight);
        b.append("- method: each client thread loops without pause until the time is up, each iteration one operation drawn by weight (")
                .append(mix).append("; a booking is followed by a GET of the organizer's copy; a client holding ").append(MAX_BOOKINGS)
                .append(" bookings cancels its oldest (DELETE) before it books, and one holding ").append(2 * o.soakEvents)
                .append(" events DELETEs one instead of PUTting a new one, so the data reach a steady state) and checked against the client's model of its ")
                .append("calendar and the shared model of the rooms' bookings (see docs/performance.md); latency from sending to the last byte; ")
                .append("the first ").append(o.soakWarmupSeconds).append(" s are warm-up, the figures are of the ")
                .append(String.format(Locale.ROOT, "%.0f", measuredSec)).append(" s after it; every error counts, warm-up and preload included\n\n");

        b.append(String.format(Locale.ROOT, "**Throughput: %,.1f requests/s** (%,d requests in %.0f s after the warm-up; %,d in all)",
                all.size() / measuredSec, all.size(), measuredSec, everything));
        if (!cpuPerRequest.isEmpty()) b.append("; server CPU per request (JVM + PostgreSQL backends) ").append(cpuPerRequest).append(" ms");
        b.append("  \n**Errors: ").append(errorCount.get()).append("** (must be 0)  \n**Heap after GC:** ").append(heap.verdict).append("\n\n");

        b.append("| Operation | n | share | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Op op : Op.values()) {
            List<Long> l = byOp.get(op.ordinal());
            long errs;
            synchronized (errorsByOp) {
                errs = errorsByOp[op.ordinal()];
            }
            if (l.isEmpty() && errs == 0) continue;
            b.append(row(op.label, l, all.size(), measuredSec, errs)).append('\n');
        }
        b.append(row("**all**", all, all.size(), measuredSec, errorCount.get())).append("\n\n");

        b.append("Heap (`-Xmx").append(o.heap).append("`, from the GC log):\n\n");
        b.append("| | heap after GC |\n|---|---|\n");
        b.append("| full GC forced (`jcmd GC.run`) after the warm-up, under load | ").append(heap.startText).append(" |\n");
        b.append("| full GC forced before the end, under load | ").append(heap.endText).append(" |\n");
        b.append("| full GC forced after the clients stopped (idle) | ").append(heap.idleText).append(" |\n");
        b.append("| young/mixed GCs, first window after the warm-up | ").append(heap.youngStart).append(" |\n");
        b.append("| young/mixed GCs, last window | ").append(heap.youngEnd).append(" |\n");
        int peak = 0, committed = 0, collections = 0;
        for (ServerProcess.GcPause p : pauses) {
            collections++;
            peak = Math.max(peak, p.beforeMb());
            committed = Math.max(committed, p.committedMb());
        }
        b.append("| whole run | ").append(collections).append(" GC pauses, peak ").append(peak).append(" MB in use before a GC, heap committed at most ")
                .append(committed).append(" MB").append(rss > 0 ? ", peak RSS " + rss + " MB" : "").append(" |\n\n");

        b.append(timeline(pauses));

        if (errorCount.get() > 0) {
            b.append("\nFirst errors (of ").append(errorCount.get()).append("):\n\n");
            int n = 0;
            for (ErrorEvent e : errors) {
                if (n++ >= MAX_ERROR_TEXTS) break;
                b.append(String.format(Locale.ROOT, "- %s, %s, %s: %s%n", e.at() < 0 ? "preload" : String.format(Locale.ROOT, "%.1f s", e.at() / 1e9),
                        e.client(), e.op().name(), Benchmark.abbreviate(e.text())));
            }
        }
        List<String> all2 = new ArrayList<>(problems);
        all2.addAll(notes);
        if (!all2.isEmpty()) {
            b.append('\n');
            for (String p : all2) b.append("- ").append(p).append('\n');
        }
        return b.toString();
    }

    /** Per slice of the run (warm-up included): throughput, latency over all operations, errors, GCs. */
    private String timeline(List<ServerProcess.GcPause> pauses) {
        long dur = TimeUnit.SECONDS.toNanos(o.soakSeconds);
        long slice = sliceNanos();
        int slices = (int) ((dur + slice - 1) / slice);
        List<List<Long>> lat = new ArrayList<>();
        for (int i = 0; i < slices; i++) lat.add(new ArrayList<>());
        List<List<List<Long>>> opLat = new ArrayList<>();
        for (int k = 0; k < Op.values().length; k++) {
            List<List<Long>> l = new ArrayList<>();
            for (int i = 0; i < slices; i++) l.add(new ArrayList<>());
            opLat.add(l);
        }
        for (Client c : clients) {
            Recorder r = c.rec;
            for (int i = 0; i < r.count(); i++) {
                if (r.ends[i] < 0 || r.ends[i] >= dur) continue;
                lat.get((int) (r.ends[i] / slice)).add(r.nanos[i]);
                opLat.get(r.ops[i]).get((int) (r.ends[i] / slice)).add(r.nanos[i]);
            }
        }
        long[] errs = new long[slices];
        for (ErrorEvent e : errors) if (e.at() >= 0 && e.at() < dur) errs[(int) (e.at() / slice)]++;
        StringBuilder b = new StringBuilder("Over time (all operations; warm-up marked *; CPU: of the server JVM + its PostgreSQL backends in "
                + "the slice, per request; GC: pauses in the slice, smallest and largest heap after one):\n\n"
                + "| s | req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req JVM + PG | GCs | after GC MB |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (int i = 0; i < slices; i++) {
            double from = i * slice / 1e9, to = Math.min(dur, (i + 1) * slice) / 1e9;
            long[] s = lat.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
            int gcs = 0, min = Integer.MAX_VALUE, max = -1;
            for (ServerProcess.GcPause p : pauses) {
                double at = p.at() - serverSecAtT0;
                if (at < from || at >= to) continue;
                gcs++;
                min = Math.min(min, p.afterMb());
                max = Math.max(max, p.afterMb());
            }
            String cpuText = "";
            synchronized (cpuSlices) {
                if (i + 1 < cpuSlices.size() && cpuSlices.get(i) != null && cpuSlices.get(i + 1) != null && s.length > 0) {
                    double[] spent = CpuMeter.spentMs(cpuSlices.get(i), cpuSlices.get(i + 1));
                    cpuText = CpuMeter.format(spent[0] / s.length, spent[1] / s.length);
                }
            }
            b.append(String.format(Locale.ROOT, "| %.0f–%.0f%s | %.1f | %s | %s | %s | %d | %s | %d | %s |%n", from, to,
                    to <= o.soakWarmupSeconds + 1e-9 ? "*" : "", s.length / (to - from), pct(s, 0.50), pct(s, 0.95), pct(s, 0.99), errs[i],
                    cpuText, gcs, gcs == 0 ? "—" : min + "–" + max));
        }
        b.append("\nPer operation over time (p50 / p95 ms):\n\n| Operation |");
        for (int i = 0; i < slices; i++) {
            b.append(String.format(Locale.ROOT, " %.0f–%.0f%s |", i * slice / 1e9, Math.min(dur, (i + 1) * slice) / 1e9,
                    Math.min(dur, (i + 1) * slice) / 1e9 <= o.soakWarmupSeconds + 1e-9 ? "*" : ""));
        }
        b.append("\n|---|").append("---:|".repeat(slices)).append('\n');
        for (Op op : Op.values()) {
            List<List<Long>> l = opLat.get(op.ordinal());
            if (l.stream().allMatch(List::isEmpty)) continue;
            b.append("| ").append(op.label).append(" |");
            for (int i = 0; i < slices; i++) {
                long[] s = l.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
                b.append(' ').append(pct(s, 0.50)).append(" / ").append(pct(s, 0.95)).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The length of a slice of the over-time tables: a tenth of the duration in whole seconds, at least 5 s. */
    private long sliceNanos() {
        return Math.max(TimeUnit.SECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(Math.round(o.soakSeconds / 10.0)));
    }

    private static String row(String label, List<Long> nanos, long total, double seconds, long errors) {
        long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "| %s | %,d | %.1f %% | %.1f | %s | %s | %s | %s | %d |", label, s.length,
                total == 0 ? 0.0 : 100.0 * s.length / total, s.length / seconds, pct(s, 0.50), pct(s, 0.95), pct(s, 0.99),
                s.length == 0 ? "—" : Result.ms(s[s.length - 1] / 1e6), errors);
    }

    private static String pct(long[] sorted, double q) {
        return sorted.length == 0 ? "—" : Result.ms(Result.percentile(sorted, q) / 1e6);
    }

    private static String human(long seconds) {
        if (seconds % 3600 == 0) return seconds / 3600 + " h";
        if (seconds % 60 == 0) return seconds / 60 + " min";
        return seconds + " s";
    }

    private static void log(String msg) {
        System.err.println("[soak " + LocalTime.now().withNano(0) + "] " + msg);
    }
}
