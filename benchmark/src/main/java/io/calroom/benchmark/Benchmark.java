package io.calroom.benchmark;

import io.calroom.benchmark.EventGenerator.Event;
import io.calroom.benchmark.EventGenerator.Period;
import io.calroom.benchmark.Result.Target;
import io.calroom.benchmark.Result.Verdict;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Calroom benchmark command (not a test). Starts the server jar as a separate process with a
 * 256 MB heap on a fresh PostgreSQL database, loads one calendar with N generated events (the PUT
 * scenarios), then measures the read scenarios, checking every answer against what the generator
 * knows it stored; then the booking scenario ({@link BookingScenario}: rooms, the room agent's
 * decisions, free-busy for rooms, concurrent bookings of one slot). Prints a Markdown report; exits
 * non-zero when an answer is wrong or the server dies. See docs/performance.md.
 */
public final class Benchmark {
    private static final String CALENDAR = "/calendars/users/" + ServerProcess.USER + "/default/";
    private static final int MULTIGET_HREFS = 100;
    private static final int SYNC_CHANGES = 10;

    private final Options o;
    private final List<Result> results = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private EventGenerator gen;
    private List<Event> events;
    private final Map<String, Event> byHref = new HashMap<>();
    private final Map<String, String> etags = new HashMap<>();
    private DavClient dav;
    private ServerProcess server;
    private CpuMeter cpu;
    private BookingScenario booking;
    private final Random random;

    private Benchmark(Options o) {
        this.o = o;
        this.random = new Random(o.seed ^ 0x5DEECE66DL);
    }

    public static void main(String[] args) {
        int code;
        try {
            Options o = Options.parse(args);
            code = o.soakSeconds > 0 ? new Soak(o).run() : new Benchmark(o).run();
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) System.err.println("error: " + e.getMessage() + "\n");
            System.err.println(Options.usage());
            code = e.getMessage() == null ? 0 : 2;
        }
        System.exit(code);
    }

    private int run() {
        String startedAt = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String loadStart = loadAverage();
        ServerProcess.Launch launch = ServerProcess.launch(o, "bench", Benchmark::log);
        if (launch == null) return 2;
        BenchDatabase db = launch.db();
        server = launch.server();
        int port = launch.port();
        String pgVersion = launch.pgVersion();
        Thread cleanup = new Thread(() -> {
            server.stop();
            server.cleanUp(false);
            if (!o.keepDb) db.drop();
        }, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);

        String died = null;
        ServerProcess.Heap heap = null;
        long rss = -1;
        String loadEnd;
        try {
            log("server pid " + server.pid() + " starting on 127.0.0.1:" + port + " (log " + server.log + ")");
            server.awaitReady(Duration.ofSeconds(180));
            log("server ready");
            dav = new DavClient(server.baseUri(), ServerProcess.USER, ServerProcess.PASSWORD);
            cpu = new CpuMeter(server.pid(), db);
            gen = new EventGenerator(o.events, o.seed, o.year);
            events = gen.events();
            for (Event e : events) byHref.put(CALENDAR + e.resourceName, e);
            runScenarios();
            server.checkAlive();
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
                problems.add("benchmark aborted: " + e);
                e.printStackTrace();
            }
        } finally {
            loadEnd = loadAverage();
            heap = server.heap();
            attributeGcs(server.gcs());
            rss = server.peakRssMb();
            boolean oom = server.logMentionsOom();
            boolean alive = server.alive();
            long errors = server.errorLines();
            server.stop();
            if (!o.keepDb) db.drop();
            else log("kept database " + db.name);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            results.add(heapRow(heap, rss, alive && died == null, oom));
            if (!alive && died == null) {
                died = "the server process exited during the run" + (oom ? " after an OutOfMemoryError" : "")
                        + "; see " + server.log;
            }
            if (errors > 0) problems.add("the server log has " + errors + " ERROR/exception lines: " + server.log);
        }
        if (died != null) problems.add("THE SERVER DIED: " + died);
        boolean clean = problems.isEmpty() && !Result.anyWrong(results);
        server.cleanUp(clean);
        if (!clean) problems.add("server log and GC log kept in " + server.workDir);

        String report = report(startedAt, pgVersion, loadStart, loadEnd, port);
        System.out.println(report);
        if (o.out != null) {
            try {
                Files.writeString(o.out, report, StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println("cannot write " + o.out + ": " + e.getMessage());
            }
        }
        if (died != null || Result.anyWrong(results) || problems.stream().anyMatch(p -> p.startsWith("benchmark aborted"))) return 1;
        if (o.strict && Result.anyMiss(results)) return 3;
        return 0;
    }

    // ---------------------------------------------------------------- scenarios

    private void runScenarios() throws IOException, InterruptedException {
        if (!o.bookingOnly) calendarScenarios();
        if (o.booking && (o.bookingOnly || !Result.anyWrong(results))) {
            booking = new BookingScenario(o, server, cpu, results, problems);
            booking.run();
        }
    }

    private void calendarScenarios() throws IOException, InterruptedException {
        // The calendar exists and is empty.
        DavClient.Reply r = dav.propfind(CALENDAR, "1", PROPFIND_GETETAG);
        if (r.status() != 207) throw new IllegalStateException("PROPFIND " + CALENDAR + " answered " + r.status() + ": " + r.text());

        load();
        if (Result.anyWrong(results)) return; // nothing else can be checked against a half-loaded calendar

        results.add(measure("PROPFIND Depth 1 getetag (calendar)", o.iterations,
                o.events <= 10_000 ? Target.latency(100, "(stated at N=10,000)") : Target.none(), i -> propfind()));
        results.add(measure("REPORT calendar-multiget, " + MULTIGET_HREFS + " hrefs with calendar-data", o.iterations,
                Target.latency(15, null), i -> multiget()));
        results.add(measure("GET one object", o.getIterations, Target.latency(2, null), i -> getOne()));

        Period week = EventGenerator.isoWeek(o.year, o.queryWeek);
        Map<String, Integer> weekHits = gen.hitsIn(week);
        Target queryTarget = o.events <= 1_000 ? Target.latency(20, "(N ≤ 1,000)")
                : o.events <= 10_000 ? Target.latency(150, "(N ≤ 10,000)") : Target.none();
        results.add(measure("REPORT calendar-query, one week, time-range (" + weekHits.size() + " hits)", o.iterations,
                queryTarget, i -> calendarQuery(week, weekHits, false)));
        int weekInstances = weekHits.values().stream().mapToInt(Integer::intValue).sum();
        results.add(measure("REPORT calendar-query, one week, with C:expand (" + weekInstances + " instances)", o.iterations,
                queryTarget, i -> calendarQuery(week, weekHits, true)));

        Period month = EventGenerator.month(o.year, o.freeBusyMonth);
        List<Period> busy = gen.busyIn(month);
        results.add(measure("REPORT free-busy-query, one month (" + busy.size() + " busy periods)", o.iterations,
                Target.latency(20, null), i -> freeBusy(month, busy)));
        if (o.farYears > 0) farAhead();

        String[] token = new String[1];
        results.add(measure("REPORT sync-collection, initial (getetag)", o.iterations, Target.none(), i -> {
            DavClient.Reply rep = syncInitial();
            token[0] = Multistatus.parse(rep.body()).syncToken;
            return rep;
        }));
        if (token[0] != null) {
            results.add(measure("REPORT sync-collection, incremental after " + SYNC_CHANGES + " changes²", o.iterations,
                    Target.latency(10, null), i -> {
                        DavClient.Reply rep = syncIncremental(token[0]);
                        token[0] = Multistatus.parse(rep.body()).syncToken;
                        return rep;
                    }));
        }
    }

    /**
     * The same week and month {@code --far-years} later, where only the open-ended series still recur: past the
     * server's expansion horizon, so the answers show whether it sees a series beyond what it expanded when the
     * series was stored (time-range and free-busy, RFC 4791 §9.9 and §7.10). Checked, not judged against a target.
     */
    private void farAhead() {
        int farYear = o.year + o.farYears;
        Period week = EventGenerator.isoWeek(farYear, o.queryWeek);
        Map<String, Integer> hits = gen.hitsIn(week);
        results.add(measure("REPORT calendar-query, one week " + o.farYears + " years ahead (" + hits.size()
                + " open-ended series)", o.iterations, Target.none(), i -> calendarQuery(week, hits, false)));
        Period month = EventGenerator.month(farYear, o.freeBusyMonth);
        List<Period> busy = gen.busyIn(month);
        results.add(measure("REPORT free-busy-query, one month " + o.farYears + " years ahead (" + busy.size()
                + " busy periods)", o.iterations, Target.none(), i -> freeBusy(month, busy)));
    }

    /**
     * JIT warm-up before the PUT scenarios: {@code --put-warmup} other generated events (another seed) PUT
     * into a scratch calendar, half one by one and half from the concurrent clients, each checked for its
     * 201, then the scratch calendar is deleted. A fresh JVM runs its first thousands of PUTs in the
     * interpreter and compiling, which is not what a running server does; the measured calendar still
     * gets exactly N objects.
     */
    private void warmUpPuts() throws IOException, InterruptedException, Mismatch {
        if (o.putWarmup == 0) return;
        String scratch = "/calendars/users/" + ServerProcess.USER + "/put-warmup/";
        DavClient.Reply mk = server.send(() -> dav.send("MKCALENDAR", scratch, null));
        if (mk.status() != 201) throw new Mismatch("MKCALENDAR " + scratch + " answered " + mk.status() + ": " + abbreviate(mk.text()));
        List<Event> warm = new EventGenerator(o.putWarmup, o.seed + 1, o.year).events();
        long t0 = System.nanoTime();
        int half = warm.size() / 2;
        for (int i = 0; i < half; i++) putScratch(dav, scratch, warm.get(i));
        List<DavClient> clients = new ArrayList<>();
        for (int c = 0; c < o.clients; c++) clients.add(new DavClient(server.baseUri(), ServerProcess.USER, ServerProcess.PASSWORD));
        String error = onClients(clients, half, warm.size(), (client, i) -> putScratch(client, scratch, warm.get(i)));
        if (error != null) {
            server.checkAlive();
            throw new Mismatch("warm-up PUT: " + error);
        }
        DavClient.Reply del = server.send(() -> dav.delete(scratch, null));
        if (del.status() != 204) throw new Mismatch("DELETE " + scratch + " answered " + del.status() + ": " + abbreviate(del.text()));
        log(String.format(Locale.ROOT, "JIT warm-up: %d PUTs into %s (half from %d clients) in %.1f s, calendar deleted",
                warm.size(), scratch, o.clients, (System.nanoTime() - t0) / 1e9));
    }

    private void putScratch(DavClient client, String scratch, Event e) throws IOException, Mismatch {
        DavClient.Reply r = server.send(() -> client.put(scratch + e.resourceName, e.ical(), null));
        if (r.status() != 201) throw new Mismatch("warm-up PUT " + scratch + e.resourceName + " answered " + r.status() + ": " + abbreviate(r.text()));
    }

    /** The PUT scenarios: the warm-up PUTs, then half of the rest sequentially, the other half from concurrent clients. */
    private void load() throws InterruptedException {
        try {
            warmUpPuts();
        } catch (Mismatch | IOException e) {
            Result w = new Result("JIT warm-up PUTs (scratch calendar)", Target.none());
            wrong(w, e);
            results.add(w.judge());
            return;
        }
        int n = events.size();
        int warm = Math.min(o.warmup * 5, n / 10);
        int seqEnd = warm + (n - warm) / 2;
        log("loading " + n + " events: " + warm + " warm-up PUTs, " + (seqEnd - warm) + " sequential, "
                + (n - seqEnd) + " from " + o.clients + " concurrent clients");

        Result seq = new Result("PUT sequential (new objects)", Target.throughput(200));
        long[] nanos = new long[seqEnd - warm];
        long[] sizes = new long[seqEnd - warm];
        long t0 = 0;
        CpuMeter.Sample before = null;
        try {
            for (int i = 0; i < seqEnd; i++) {
                if (i == warm) {
                    before = cpu.sample();
                    t0 = System.nanoTime();
                    seq.fromSec = server.secondsSinceStart();
                }
                long t = putNew(dav, events.get(i));
                if (i >= warm) {
                    nanos[i - warm] = t;
                    sizes[i - warm] = events.get(i).ical().length;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            seq.toSec = server.secondsSinceStart();
            seq.cpu = CpuMeter.perRequest(before, cpu.sample(), nanos.length);
            seq.latencies(nanos).bodies(sizes).throughput = nanos.length / seconds;
        } catch (Mismatch | IOException e) {
            wrong(seq, e);
        }
        results.add(seq.judge());
        log(seq.row());
        if (seq.verdict == Verdict.WRONG) return;

        Result conc = new Result("PUT, " + o.clients + " concurrent clients (new objects)",
                o.clients == 8 ? Target.throughput(500) : Target.label("(the target is for 8 clients)"));
        long[] cnanos = new long[n - seqEnd];
        List<DavClient> clients = new ArrayList<>();
        for (int c = 0; c < o.clients; c++) {
            DavClient client = new DavClient(server.baseUri(), ServerProcess.USER, ServerProcess.PASSWORD);
            try {
                client.send("GET", "/health", null); // opens the client's connection outside the timing
            } catch (IOException e) {
                server.checkAlive();
            }
            clients.add(client);
        }
        conc.fromSec = server.secondsSinceStart();
        CpuMeter.Sample cbefore = cpu.sample();
        long c0 = System.nanoTime();
        String error = onClients(clients, seqEnd, n, (client, i) -> cnanos[i - seqEnd] = putNew(client, events.get(i)));
        double seconds = (System.nanoTime() - c0) / 1e9;
        conc.toSec = server.secondsSinceStart();
        conc.cpu = CpuMeter.perRequest(cbefore, cpu.sample(), n - seqEnd);
        if (error != null) {
            server.checkAlive();
            wrong(conc, new Mismatch(error));
        } else {
            long[] csizes = new long[n - seqEnd];
            for (int i = seqEnd; i < n; i++) csizes[i - seqEnd] = events.get(i).ical().length;
            conc.latencies(cnanos).bodies(csizes).throughput = cnanos.length / seconds;
        }
        results.add(conc.judge());
        log(conc.row());
    }

    /** One request of a concurrent run: the item at index {@code i}, sent by {@code client}. */
    interface ClientStep {
        void run(DavClient client, int i) throws IOException, Mismatch;
    }

    /**
     * Items {@code from} to {@code to} - 1, each taken by the next free one of the clients (a thread
     * each); the first failure stops them all.
     *
     * @return null when every item succeeded, else the first failure
     */
    private static String onClients(List<DavClient> clients, int from, int to, ClientStep step) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(from);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (DavClient client : clients) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    int i = next.getAndIncrement();
                    if (i >= to) return;
                    try {
                        step.run(client, i);
                    } catch (Mismatch | IOException | RuntimeException e) {
                        errors.add(String.valueOf(e.getMessage()));
                        stop.set(true);
                    }
                }
            }, "put-client");
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join(Duration.ofMinutes(30).toMillis());
        if (threads.stream().anyMatch(Thread::isAlive)) {
            stop.set(true);
            errors.add("concurrent PUTs did not finish within 30 minutes");
        }
        return errors.peek();
    }

    /** PUT of a new object with If-None-Match: *; must answer 201 with an ETag. Returns its time. */
    private long putNew(DavClient client, Event e) throws IOException, Mismatch {
        String href = CALENDAR + e.resourceName;
        DavClient.Reply r = server.send(() -> client.put(href, e.ical(), null));
        if (r.status() != 201) throw new Mismatch("PUT " + href + " answered " + r.status() + ": " + abbreviate(r.text()));
        String etag = r.header("ETag").orElseThrow(() -> new Mismatch("PUT " + href + " answered 201 without an ETag"));
        synchronized (etags) {
            etags.put(href, etag);
        }
        return r.nanos();
    }

    private static final String PROPFIND_GETETAG = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop></D:propfind>";

    private DavClient.Reply propfind() throws IOException, Mismatch {
        DavClient.Reply r = server.send(() -> dav.propfind(CALENDAR, "1", PROPFIND_GETETAG));
        expectStatus(r, 207, "PROPFIND Depth 1");
        Multistatus ms = Multistatus.parse(r.body());
        if (ms.responses.size() != events.size() + 1) {
            throw new Mismatch("PROPFIND Depth 1 listed " + ms.responses.size() + " responses, expected N+1 = " + (events.size() + 1));
        }
        Set<String> seen = new HashSet<>();
        boolean self = false;
        for (Multistatus.Response resp : ms.responses) {
            if (resp.href().equals(CALENDAR) || resp.href().equals(CALENDAR.substring(0, CALENDAR.length() - 1))) {
                self = true;
                continue;
            }
            checkMember(resp, "PROPFIND");
            if (!seen.add(resp.href())) throw new Mismatch("PROPFIND listed " + resp.href() + " twice");
        }
        if (!self) throw new Mismatch("PROPFIND Depth 1 did not list the calendar itself");
        return r;
    }

    /** A member response: a known href, 200, and the ETag its last PUT returned. */
    private void checkMember(Multistatus.Response resp, String what) throws Mismatch {
        if (!byHref.containsKey(resp.href())) throw new Mismatch(what + " returned an unknown href " + resp.href());
        if (resp.status() != 200) throw new Mismatch(what + " answered " + resp.status() + " for " + resp.href());
        String expected = etags.get(resp.href());
        if (resp.etag() == null || !resp.etag().equals(expected)) {
            throw new Mismatch(what + " getetag of " + resp.href() + " is " + resp.etag() + ", its PUT returned " + expected);
        }
    }

    private DavClient.Reply multiget() throws IOException, Mismatch {
        List<String> hrefs = new ArrayList<>(pick(MULTIGET_HREFS));
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<C:calendar-multiget xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
                + "<D:prop><D:getetag/><C:calendar-data/></D:prop>");
        for (String h : hrefs) b.append("<D:href>").append(h).append("</D:href>");
        b.append("</C:calendar-multiget>");
        DavClient.Reply r = server.send(() -> dav.report(CALENDAR, "1", b.toString()));
        expectStatus(r, 207, "calendar-multiget");
        Multistatus ms = Multistatus.parse(r.body());
        if (ms.responses.size() != hrefs.size()) {
            throw new Mismatch("calendar-multiget of " + hrefs.size() + " hrefs returned " + ms.responses.size() + " responses");
        }
        Set<String> want = new HashSet<>(hrefs);
        int withData = 0;
        for (Multistatus.Response resp : ms.responses) {
            if (!want.remove(resp.href())) throw new Mismatch("calendar-multiget returned an href not asked for or twice: " + resp.href());
            checkMember(resp, "calendar-multiget");
            checkData(resp, "calendar-multiget");
            withData++;
        }
        if (withData != MULTIGET_HREFS) throw new Mismatch("calendar-multiget returned " + withData + " calendar-data");
        return r;
    }

    private void checkData(Multistatus.Response resp, String what) throws Mismatch {
        Event e = byHref.get(resp.href());
        if (resp.calendarData() == null) throw new Mismatch(what + " returned no calendar-data for " + resp.href());
        if (!resp.calendarData().contains("UID:" + e.uid)) {
            throw new Mismatch(what + " calendar-data of " + resp.href() + " is not that object's (no UID:" + e.uid + ")");
        }
    }

    private DavClient.Reply getOne() throws IOException, Mismatch {
        Event e = events.get(random.nextInt(events.size()));
        String href = CALENDAR + e.resourceName;
        DavClient.Reply r = server.send(() -> dav.get(href));
        expectStatus(r, 200, "GET " + href);
        if (!Arrays.equals(r.body(), e.ical())) throw new Mismatch("GET " + href + " returned other bytes than were PUT");
        String etag = r.header("ETag").orElse(null);
        if (!etags.get(href).equals(etag)) throw new Mismatch("GET " + href + " ETag " + etag + " differs from its PUT's " + etags.get(href));
        return r;
    }

    private DavClient.Reply calendarQuery(Period week, Map<String, Integer> hits, boolean expand) throws IOException, Mismatch, Unsupported {
        String s = EventGenerator.utc(week.start()), en = EventGenerator.utc(week.end());
        String data = expand ? "<C:calendar-data><C:expand start=\"" + s + "\" end=\"" + en + "\"/></C:calendar-data>" : "<C:calendar-data/>";
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
                + "<D:prop><D:getetag/>" + data + "</D:prop>"
                + "<C:filter><C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\">"
                + "<C:time-range start=\"" + s + "\" end=\"" + en + "\"/>"
                + "</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>";
        DavClient.Reply r = server.send(() -> dav.report(CALENDAR, "1", body));
        if (r.status() == 403 && r.text().contains("supported-report")) {
            throw new Unsupported("calendar-query: 403 DAV:supported-report");
        }
        String what = "calendar-query" + (expand ? " with expand" : "");
        expectStatus(r, 207, what);
        Multistatus ms = Multistatus.parse(r.body());
        Set<String> want = new HashSet<>();
        hits.keySet().forEach(k -> want.add(CALENDAR + k));
        Set<String> got = new LinkedHashSet<>();
        for (Multistatus.Response resp : ms.responses) {
            if (!got.add(resp.href())) throw new Mismatch(what + " returned " + resp.href() + " twice");
            checkMember(resp, what);
            checkData(resp, what);
            if (expand) {
                String text = resp.calendarData();
                int vevents = count(text, "BEGIN:VEVENT");
                int expected = hits.getOrDefault(byHref.get(resp.href()).resourceName, 0);
                if (vevents != expected) {
                    throw new Mismatch(what + ": " + resp.href() + " has " + expected + " occurrence(s) in the week, the expanded data has "
                            + vevents + " VEVENT(s)");
                }
                if (text.contains("RRULE") || text.contains("EXDATE")) {
                    throw new Mismatch(what + ": the expanded data of " + resp.href() + " still has RRULE/EXDATE");
                }
            }
        }
        if (!got.equals(want)) {
            Set<String> missing = new HashSet<>(want);
            missing.removeAll(got);
            Set<String> extra = new HashSet<>(got);
            extra.removeAll(want);
            throw new Mismatch(what + " returned " + got.size() + " hrefs, the generator put " + want.size()
                    + " events into the week; missing " + missing.size() + " (e.g. " + first(missing) + "), extra "
                    + extra.size() + " (e.g. " + first(extra) + ")");
        }
        return r;
    }

    private DavClient.Reply freeBusy(Period month, List<Period> expected) throws IOException, Mismatch {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:time-range start=\""
                + EventGenerator.utc(month.start()) + "\" end=\"" + EventGenerator.utc(month.end()) + "\"/></C:free-busy-query>";
        DavClient.Reply r = server.send(() -> dav.report(CALENDAR, "1", body));
        expectStatus(r, 200, "free-busy-query");
        String type = r.header("Content-Type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("text/calendar")) throw new Mismatch("free-busy-query answered " + type);
        List<Period> got = EventGenerator.merge(freeBusyPeriods(r.text()));
        if (!got.equals(expected)) {
            int i = 0;
            while (i < Math.min(got.size(), expected.size()) && got.get(i).equals(expected.get(i))) i++;
            throw new Mismatch("free-busy-query: " + got.size() + " merged busy periods, the generator expects " + expected.size()
                    + "; first difference at #" + i + ": got " + (i < got.size() ? got.get(i) : "none") + ", expected "
                    + (i < expected.size() ? expected.get(i) : "none"));
        }
        return r;
    }

    /** The FREEBUSY periods of a VFREEBUSY (RFC 5545 §3.8.2.6), start/end or start/duration, BUSY only. */
    static List<Period> freeBusyPeriods(String ics) throws Mismatch {
        String unfolded = ics.replaceAll("\r?\n[ \t]", "");
        List<Period> out = new ArrayList<>();
        for (String line : unfolded.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String[] nameAndParams = line.substring(0, colon).split(";");
            if (!nameAndParams[0].equalsIgnoreCase("FREEBUSY")) continue;
            for (int i = 1; i < nameAndParams.length; i++) {
                String p = nameAndParams[i].toUpperCase(Locale.ROOT);
                if (p.startsWith("FBTYPE=") && !p.equals("FBTYPE=BUSY")) {
                    throw new Mismatch("free-busy-query returned " + p + ", but every event is opaque and confirmed");
                }
            }
            for (String v : line.substring(colon + 1).split(",")) {
                String[] se = v.trim().split("/");
                try {
                    Instant s = EventGenerator.parseUtc(se[0]);
                    Instant e = se[1].startsWith("P") || se[1].startsWith("+P")
                            ? s.plus(Duration.parse(se[1].replace("+", ""))) : EventGenerator.parseUtc(se[1]);
                    out.add(new Period(s, e));
                } catch (RuntimeException ex) {
                    throw new Mismatch("free-busy-query: cannot read the period '" + v + "'");
                }
            }
        }
        return out;
    }

    private static final String SYNC_PROP = "<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>";

    private DavClient.Reply syncInitial() throws IOException, Mismatch {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:sync-collection xmlns:D=\"DAV:\"><D:sync-token/>" + SYNC_PROP;
        DavClient.Reply r = server.send(() -> dav.report(CALENDAR, null, body));
        expectStatus(r, 207, "sync-collection (initial)");
        Multistatus ms = Multistatus.parse(r.body());
        if (ms.syncToken == null || ms.syncToken.isEmpty()) throw new Mismatch("sync-collection returned no DAV:sync-token");
        if (ms.responses.size() != events.size()) {
            throw new Mismatch("initial sync-collection returned " + ms.responses.size() + " members, expected " + events.size());
        }
        Set<String> seen = new HashSet<>();
        for (Multistatus.Response resp : ms.responses) {
            checkMember(resp, "initial sync-collection");
            if (!seen.add(resp.href())) throw new Mismatch("initial sync-collection returned " + resp.href() + " twice");
        }
        return r;
    }

    /** Changes {@link #SYNC_CHANGES} objects (untimed PUTs with If-Match), then times the sync from {@code token}. */
    private DavClient.Reply syncIncremental(String token) throws IOException, Mismatch {
        Set<String> changed = pick(SYNC_CHANGES);
        for (String href : changed) {
            Event e = byHref.get(href);
            e.revision++;
            DavClient.Reply put = server.send(() -> dav.put(href, e.ical(), etags.get(href)));
            if (put.status() != 204 && put.status() != 200) {
                throw new Mismatch("PUT (change) " + href + " answered " + put.status() + ": " + abbreviate(put.text()));
            }
            etags.put(href, put.header("ETag").orElseThrow(() -> new Mismatch("PUT (change) " + href + " answered without an ETag")));
        }
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:sync-collection xmlns:D=\"DAV:\"><D:sync-token>" + token
                + "</D:sync-token>" + SYNC_PROP;
        DavClient.Reply r = server.send(() -> dav.report(CALENDAR, null, body));
        expectStatus(r, 207, "sync-collection (incremental)");
        Multistatus ms = Multistatus.parse(r.body());
        if (ms.syncToken == null || ms.syncToken.equals(token)) throw new Mismatch("incremental sync-collection returned no new sync-token");
        Set<String> got = new HashSet<>();
        for (Multistatus.Response resp : ms.responses) {
            checkMember(resp, "incremental sync-collection");
            got.add(resp.href());
        }
        if (ms.responses.size() != changed.size() || !got.equals(changed)) {
            throw new Mismatch("incremental sync-collection after " + changed.size() + " changes returned " + ms.responses.size()
                    + " responses (" + got.size() + " distinct hrefs), not exactly the changed ones");
        }
        return r;
    }

    // ---------------------------------------------------------------- measuring

    interface Step {
        DavClient.Reply run(int iteration) throws IOException, Mismatch, Unsupported;
    }

    /**
     * Unmeasured runs, at least {@code o.warmup} of them and for at least {@code o.warmupSeconds}, then
     * {@code iterations} measured runs; every run's answer is checked. The time-based part lets the server's JIT
     * compile the scenario's own code path first (a fresh JVM runs a request type's first thousands interpreted
     * or half-compiled, the C2 compiler competing for the same 2 cores), as in a server that has been up a while.
     */
    private Result measure(String name, int iterations, Target target, Step step) {
        Result res = new Result(name, target);
        long[] nanos = new long[iterations];
        long[] bytes = new long[iterations];
        log(name + " ...");
        try {
            int warmed = 0;
            long warmUntil = System.nanoTime() + o.warmupSeconds * 1_000_000_000L;
            while (warmed < o.warmup || System.nanoTime() < warmUntil) step.run(warmed++);
            log("  " + warmed + " unmeasured warm-up runs");
            res.fromSec = server.secondsSinceStart();
            CpuMeter.Sample before = cpu.sample();
            for (int i = 0; i < iterations; i++) {
                DavClient.Reply r = step.run(warmed + i);
                nanos[i] = r.nanos();
                bytes[i] = r.body().length;
            }
            res.toSec = server.secondsSinceStart();
            res.cpu = CpuMeter.perRequest(before, cpu.sample(), iterations);
            res.latencies(nanos).bodies(bytes);
        } catch (Unsupported e) {
            res.verdict = Verdict.UNSUPPORTED;
            res.detail = e.getMessage();
        } catch (Mismatch | IOException e) {
            wrong(res, e);
        }
        res.judge();
        log(res.row());
        return res;
    }

    private void wrong(Result res, Exception e) {
        wrong(res, e, server, problems);
    }

    /** Marks the scenario wrong and names the problem, after checking whether the server died (which fails the run). */
    static void wrong(Result res, Exception e, ServerProcess server, List<String> problems) {
        if (e instanceof IOException) server.checkAliveAfterFailure();
        else server.checkAlive();
        res.verdict = Verdict.WRONG;
        res.detail = e.getMessage();
        problems.add(res.scenario + ": " + e.getMessage());
    }

    private static void expectStatus(DavClient.Reply r, int status, String what) throws Mismatch {
        if (r.status() != status) throw new Mismatch(what + " answered " + r.status() + " instead of " + status + ": " + abbreviate(r.text()));
    }

    private Set<String> pick(int k) {
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < Math.min(k, events.size())) out.add(CALENDAR + events.get(random.nextInt(events.size())).resourceName);
        return out;
    }

    private Result heapRow(ServerProcess.Heap heap, long rss, boolean alive, boolean oom) {
        Result r = new Result("server heap (-Xmx" + o.heap + ")", Target.label("runs in 256 MB heap"));
        String gc = heap.collections() <= 0 ? "no GC logged"
                : heap.collections() + " GCs, peak " + heap.peakBeforeMb() + " MB, max after GC " + heap.maxAfterMb() + " MB";
        r.measured = gc + (rss > 0 ? ", RSS " + rss + " MB" : "");
        boolean heapOk = o.heap.equalsIgnoreCase("256m");
        if (!alive || oom) {
            r.verdict = Verdict.WRONG;
            r.detail = oom ? "OutOfMemoryError in the server log" : "the server process died";
            r.failLabel = oom ? "OutOfMemoryError" : "server died";
        } else {
            r.verdict = heapOk ? Verdict.PASS : Verdict.NO_TARGET;
        }
        return r;
    }

    /** Per scenario: the largest heap in use before a GC and after a GC, among the GCs in its measured window. */
    private void attributeGcs(List<ServerProcess.Gc> gcs) {
        for (Result r : results) {
            if (Double.isNaN(r.fromSec)) continue;
            int before = -1, after = -1, count = 0;
            for (ServerProcess.Gc g : gcs) {
                if (g.at() < r.fromSec || g.at() > r.toSec) continue;
                count++;
                before = Math.max(before, g.beforeMb());
                after = Math.max(after, g.afterMb());
            }
            r.heap = count == 0 ? "no GC" : before + " / " + after;
        }
    }

    // ---------------------------------------------------------------- report

    private String report(String startedAt, String pgVersion, String loadStart, String loadEnd, int port) {
        StringBuilder b = new StringBuilder();
        b.append("## Calroom benchmark, N = ").append(String.format(Locale.ROOT, "%,d", o.events)).append(" events\n\n");
        b.append("- date: ").append(startedAt).append('\n');
        b.append("- machine: nproc ").append(Runtime.getRuntime().availableProcessors()).append(", ").append(cpuModel())
                .append(", ").append(memTotal()).append("; load average at start ").append(loadStart).append(", at end ").append(loadEnd).append('\n');
        b.append("- java: ").append(javaVersion()).append('\n');
        if (server != null) b.append("- server: `").append(String.join(" ", server.command)).append("`, ").append(server.jarInfo).append('\n');
        b.append("- database: ").append(pgVersion).append(" on ").append(o.dbAdminUrl.replaceAll("\\?.*", ""))
                .append(", fresh database per run; client: java.net.http HTTP/1.1 on 127.0.0.1:").append(port).append('\n');
        if (gen != null && !o.bookingOnly) {
            Map<EventGenerator.Shape, Long> shapes = new java.util.EnumMap<>(EventGenerator.Shape.class);
            for (Event e : events) if (e.recurring) shapes.merge(e.shape, 1L, Long::sum);
            int recurring = (int) events.stream().filter(e -> e.recurring).count();
            int occurrences = events.stream().filter(e -> !e.openEnded()).mapToInt(e -> e.periods().size()).sum();
            Period week = EventGenerator.isoWeek(o.year, o.queryWeek);
            b.append("- calendar: ").append(events.size() - recurring).append(" single + ").append(recurring)
                    .append(" recurring events (").append(shapes.getOrDefault(EventGenerator.Shape.WEEKLY, 0L))
                    .append(" weekly with COUNT, ").append(shapes.getOrDefault(EventGenerator.Shape.FORTNIGHTLY_TWO_DAYS, 0L))
                    .append(" every other week on two days with COUNT, ")
                    .append(shapes.getOrDefault(EventGenerator.Shape.FORTNIGHTLY_OPEN_ENDED, 0L))
                    .append(" the same without an end; ").append(occurrences).append(" occurrences in the bounded ones) from ").append(o.year)
                    .append(", seed ").append(o.seed).append("; query week ").append(EventGenerator.utc(week.start())).append("–")
                    .append(EventGenerator.utc(week.end())).append(", free-busy month ").append(o.year).append("-")
                    .append(String.format(Locale.ROOT, "%02d", o.freeBusyMonth)).append('\n');
        }
        if (booking != null) b.append("- ").append(booking.describe()).append('\n');
        b.append("- method: client-side latency from sending the request to the last byte of the response; ")
                .append(o.putWarmup).append(" JIT warm-up PUTs into a scratch calendar (deleted again) before the PUT scenarios, ")
                .append("unmeasured warm-up requests per read scenario (at least ").append(o.warmup).append(" and for at least ")
                .append(o.warmupSeconds).append(" s; the count is in the log), then ").append(o.iterations)
                .append(" measured (GET: ").append(o.getIterations).append("); every answer checked; latency targets judged on p95; ")
                .append("body KiB: median response body (PUT: request body); server heap MB: largest heap in use before / after a GC ")
                .append("during the scenario's measured requests (from the server's GC log); CPU ms/req: CPU time of the server JVM + ")
                .append("of the PostgreSQL backends of its database during the measured requests, per request (/proc, 10 ms ticks); ")
                .append("² the 10 changing PUTs before each incremental sync are untimed, but their CPU is in that row's CPU column\n\n");
        b.append(Result.header()).append('\n');
        for (Result r : results) b.append(r.row()).append('\n');
        List<String> notes = new ArrayList<>(problems);
        for (Result r : results) if (r.verdict == Verdict.UNSUPPORTED) notes.add(r.scenario + ": " + r.detail + " (not counted as a failure)");
        if (!notes.isEmpty()) {
            b.append('\n');
            for (String n : notes) b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- helpers

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("cpu ?");
        } catch (IOException e) {
            return "cpu ?";
        }
    }

    static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> (Long.parseLong(l.replaceAll("\\D+", "")) / 1024 / 1024) + " GiB RAM").findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** {@code java -version} of the java that runs the server (the same as this JVM's). */
    static String javaVersion() {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return String.join(" / ", out.lines().toList());
        } catch (IOException | InterruptedException e) {
            return System.getProperty("java.version");
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    private static String first(Set<String> s) {
        return s.isEmpty() ? "—" : s.iterator().next();
    }

    static String abbreviate(String s) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    private static void log(String msg) {
        System.err.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + msg);
    }
}
