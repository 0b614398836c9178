package io.calroom.benchmark;

import io.calroom.benchmark.EventGenerator.Period;
import io.calroom.benchmark.Result.Target;
import io.calroom.benchmark.Result.Verdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The booking scenario: rooms provisioned through the admin API, one of them preloaded with
 * {@code --room-bookings} single bookings and {@code --room-series} weekly series over the next 52
 * weeks (Mon-Fri 08:00-18:00 Europe/Berlin, 12:00-13:00 left free), nine more with some bookings.
 * Measures (a) a booking PUT, the room agent's decision included, into free and into busy slots;
 * (b) a free-busy POST to the outbox for the ten rooms over a week; (c) concurrent bookings of one
 * slot of a fresh room by {@code --race-users} users. Every answer is checked against the model of
 * what was loaded and booked: the PARTSTAT the organizer's copy shows, the busy periods, the number
 * of accepted bookings.
 */
final class BookingScenario {
    static final String ORG = "bench-rooms";
    static final String USER_PASSWORD = "booker-secret";
    static final String BOOKER = "booker";
    private static final String MAIL_DOMAIN = "bench.example.com";
    private static final int WORK_DAYS = 52 * 5;
    private static final LocalTime LUNCH = LocalTime.of(12, 0);
    private static final LocalTime[][] BLOCKS = {
            {LocalTime.of(8, 0), LocalTime.of(12, 0)}, {LocalTime.of(13, 0), LocalTime.of(18, 0)}};
    private static final int[] SINGLE_MIN = {30, 45, 60, 60, 90, 120};
    private static final int[] SERIES_MIN = {30, 60, 60, 90};
    private static final Instant STAMP = Instant.parse("2026-11-01T09:00:00Z");
    private static final String WORKING_HOURS = "\"timezone\":\"Europe/Berlin\",\"workingHours\":[{\"days\":[\"MO\",\"TU\",\"WE\",\"TH\",\"FR\"],"
            + "\"start\":\"07:00\",\"end\":\"20:00\"}]";
    private static final Pattern JSON_ADDRESS = Pattern.compile("\"address\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern JSON_CALENDAR = Pattern.compile("\"calendarUrl\"\\s*:\\s*\"([^\"]+)\"");

    /** A room as provisioned, and the model of its opaque bookings (preloaded plus accepted by the agent). */
    static final class Room {
        final String id;
        final String address;
        final String calendar;
        final List<Period> busy = new ArrayList<>();
        final List<Period> singles = new ArrayList<>();
        final List<List<Period>> series = new ArrayList<>();

        Room(String id, String address, String calendar) {
            this.id = id;
            this.address = address;
            this.calendar = calendar;
        }
    }

    /** One object to preload into a room's calendar. */
    record Preload(String href, byte[] ical) {}

    /** A booking to make: its local start and length. */
    record Slot(LocalDateTime start, Duration length) {
        Period period() {
            return new Period(start.atZone(EventGenerator.BERLIN).toInstant(), start.plus(length).atZone(EventGenerator.BERLIN).toInstant());
        }
    }

    private final Options o;
    private final ServerProcess server;
    private final CpuMeter cpu;
    private final List<Result> results;
    private final List<String> problems;
    private final Random random;
    private final LocalDate firstMonday;
    private final DavClient admin;
    private Room big;
    private final List<Room> rooms = new ArrayList<>();
    private DavClient booker;
    private String bookerAddress;
    private final List<DavClient> raceClients = new ArrayList<>();
    private final List<String> raceUsers = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int bookingSeq;

    BookingScenario(Options o, ServerProcess server, CpuMeter cpu, List<Result> results, List<String> problems) {
        this.o = o;
        this.server = server;
        this.cpu = cpu;
        this.results = results;
        this.problems = problems;
        this.random = new Random(o.seed * 31 + 7);
        this.firstMonday = LocalDate.now(EventGenerator.BERLIN).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        this.admin = client(ServerProcess.USER, ServerProcess.PASSWORD);
    }

    /** What the report says about the booking data. */
    String describe() {
        return "rooms: org `" + ORG + "`, " + (1 + o.otherRooms) + " rooms (Mon–Fri 07:00–20:00 Europe/Berlin working hours, "
                + "multipleBookings 1); `room-big` preloaded with " + o.roomBookings + " single bookings + " + o.roomSeries
                + " weekly series, the others with " + o.otherRoomBookings + " + " + o.otherRoomSeries + " each, all 08:00–18:00 "
                + "local over the 52 weeks from " + firstMonday + " (12:00–13:00 kept free), PUT by the super-admin into the "
                + "rooms' calendars; bookings by `" + BOOKER + "` and " + o.raceUsers + " race users" + (notes.isEmpty() ? "" : "; "
                + String.join("; ", notes)) + "\n- booking method: booking PUT rows time the PUT alone (the room agent decides inside it); "
                + "the organizer's GETs that check the room's PARTSTAT and SCHEDULE-STATUS=2.0 follow the measured PUTs, outside timing and "
                + "CPU; their target is stated for the median and judged on it; free-busy is judged on p95; race rows: n = rounds, each "
                + "on a fresh room, after one unmeasured round; median / p95 of the time from releasing all threads to the last answer, "
                + "the throughput column gives bookings/s of the median round and the latency of the single PUTs; CPU per booking";
    }

    void run() throws IOException, InterruptedException {
        provision();
        if (!preload()) return;
        bookings();
        freeBusy();
        races();
        farAhead();
    }

    // ---------------------------------------------------------------- set-up

    private void provision() throws IOException {
        long t0 = System.nanoTime();
        adminPost("/api/v1/orgs", "{\"slug\":\"" + ORG + "\",\"name\":\"Benchmark rooms\"}");
        bookerAddress = "mailto:" + createUser(BOOKER);
        booker = client(BOOKER, USER_PASSWORD);
        for (int i = 1; i <= o.raceUsers; i++) {
            String name = String.format(Locale.ROOT, "racer%03d", i);
            createUser(name);
            raceUsers.add(name);
            raceClients.add(client(name, USER_PASSWORD));
        }
        big = createRoom("room-big", "Big room", 1);
        rooms.add(big);
        for (int i = 1; i <= o.otherRooms; i++) rooms.add(createRoom(String.format(Locale.ROOT, "room-%02d", i), "Room " + i, 1));
        log("provisioned org " + ORG + ", " + (1 + o.raceUsers) + " users, " + rooms.size() + " rooms in "
                + Math.round((System.nanoTime() - t0) / 1e6) + " ms");
    }

    private String createUser(String name) throws IOException {
        String email = name + "@" + MAIL_DOMAIN;
        adminPost("/api/v1/orgs/" + ORG + "/users", "{\"username\":\"" + name + "\",\"email\":\"" + email + "\",\"displayName\":\""
                + name + "\",\"password\":\"" + USER_PASSWORD + "\",\"role\":\"user\"}");
        return email;
    }

    private Room createRoom(String id, String name, int multipleBookings) throws IOException {
        String answer = adminPost("/api/v1/orgs/" + ORG + "/resources", "{\"id\":\"" + id + "\",\"type\":\"ROOM\",\"name\":\"" + name
                + "\",\"capacity\":12,\"multipleBookings\":" + multipleBookings + "," + WORKING_HOURS + "}");
        Matcher a = JSON_ADDRESS.matcher(answer);
        Matcher c = JSON_CALENDAR.matcher(answer);
        if (!a.find() || !c.find()) throw new IllegalStateException("the resource answer has no address or calendarUrl: " + answer);
        return new Room(id, a.group(1), c.group(1));
    }

    private String adminPost(String path, String json) throws IOException {
        DavClient.Reply r = server.send(() -> admin.send("POST", path, json.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"));
        if (r.status() != 201) throw new IllegalStateException("POST " + path + " answered " + r.status() + ": " + r.text());
        return r.text();
    }

    /** Preloads the rooms from 8 clients; an info row. Returns false when a PUT failed. */
    private boolean preload() throws InterruptedException {
        List<Preload> all = new ArrayList<>();
        Random r = new Random(o.seed * 1_000_003L + 99);
        all.addAll(generate(big, o.roomBookings, o.roomSeries, r));
        for (Room room : rooms) if (room != big) all.addAll(generate(room, o.otherRoomBookings, o.otherRoomSeries, r));
        Collections.shuffle(all, r);
        int occurrences = 0;
        for (Room room : rooms) occurrences += room.busy.size();
        int bigOcc = big.busy.size();
        double bigHours = 0;
        for (Period p : big.busy) bigHours += Duration.between(p.start(), p.end()).toMinutes() / 60.0;
        notes.add(String.format(Locale.ROOT, "`room-big` holds %,d occurrences (%,.0f booked hours against %,d open hours of its "
                + "08:00–18:00 less lunch, so the preloaded bookings overlap each other, %.1f deep on average)", bigOcc, bigHours,
                WORK_DAYS * 9, bigHours / (WORK_DAYS * 9)));
        log("preloading " + all.size() + " objects (" + occurrences + " occurrences) into " + rooms.size() + " room calendars");

        Result res = new Result("room preload: PUT into room calendars as super-admin, 8 clients (no scheduling)", Target.none());
        long[] nanos = new long[all.size()];
        long[] sizes = new long[all.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        List<DavClient> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) clients.add(client(ServerProcess.USER, ServerProcess.PASSWORD));
        res.fromSec = server.secondsSinceStart();
        CpuMeter.Sample before = cpu.sample();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (DavClient client : clients) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    int i = next.getAndIncrement();
                    if (i >= all.size()) return;
                    Preload p = all.get(i);
                    try {
                        DavClient.Reply rep = client.put(p.href(), p.ical(), null);
                        if (rep.status() != 201) throw new Mismatch("PUT " + p.href() + " answered " + rep.status() + ": " + Benchmark.abbreviate(rep.text()));
                        nanos[i] = rep.nanos();
                        sizes[i] = p.ical().length;
                    } catch (Mismatch | IOException | RuntimeException e) {
                        errors.add(e.getMessage());
                        stop.set(true);
                    }
                }
            }, "preload-client");
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join(Duration.ofMinutes(30).toMillis());
        double seconds = (System.nanoTime() - t0) / 1e9;
        res.toSec = server.secondsSinceStart();
        res.cpu = CpuMeter.perRequest(before, cpu.sample(), all.size());
        if (!errors.isEmpty()) {
            Benchmark.wrong(res, new Mismatch("room preload: " + errors.peek()), server, problems);
        } else {
            res.latencies(nanos).bodies(sizes).throughput = all.size() / seconds;
        }
        results.add(res.judge());
        log(res.row());
        return res.verdict != Verdict.WRONG;
    }

    /** Single bookings and weekly series for one room, in its model and as iCalendar to PUT. */
    private List<Preload> generate(Room room, int singles, int series, Random r) {
        List<Preload> out = new ArrayList<>();
        for (int i = 0; i < singles; i++) {
            LocalDate day = workDay(r.nextInt(WORK_DAYS));
            int minutes = SINGLE_MIN[r.nextInt(SINGLE_MIN.length)];
            LocalDateTime start = day.atTime(startIn(r, minutes));
            Slot s = new Slot(start, Duration.ofMinutes(minutes));
            room.busy.add(s.period());
            room.singles.add(s.period());
            String uid = uid(room.id + ":single:" + i, r);
            out.add(new Preload(room.calendar + uid + ".ics", preloadIcal(uid, "Booked " + room.id + " #" + i, s, 0, -1)));
        }
        for (int i = 0; i < series; i++) {
            int firstWeek = r.nextInt(12);
            int count = 10 + r.nextInt(52 - firstWeek - 10 + 1);
            int exdate = 1 + r.nextInt(count - 1);
            int minutes = SERIES_MIN[r.nextInt(SERIES_MIN.length)];
            LocalDate day = firstMonday.plusWeeks(firstWeek).plusDays(r.nextInt(5));
            Slot first = new Slot(day.atTime(startIn(r, minutes)), Duration.ofMinutes(minutes));
            List<Period> occ = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                if (k == exdate) continue;
                Period p = new Slot(first.start().plusWeeks(k), first.length()).period();
                occ.add(p);
                room.busy.add(p);
            }
            room.series.add(occ);
            String uid = uid(room.id + ":series:" + i, r);
            out.add(new Preload(room.calendar + uid + ".ics", preloadIcal(uid, "Weekly " + room.id + " #" + i, first, count, exdate)));
        }
        return out;
    }

    /** A start on the quarter hour such that [start, start + minutes) lies in the morning or the afternoon block. */
    private static LocalTime startIn(Random r, int minutes) {
        LocalTime[] block = BLOCKS[r.nextInt(BLOCKS.length)];
        int length = (int) Duration.between(block[0], block[1]).toMinutes();
        return block[0].plusMinutes(15L * r.nextInt((length - minutes) / 15 + 1));
    }

    private LocalDate workDay(int d) {
        return firstMonday.plusWeeks(d / 5).plusDays(d % 5);
    }

    private static String uid(String seed, Random r) {
        return UUID.nameUUIDFromBytes((seed + ":" + r.nextLong()).getBytes(StandardCharsets.UTF_8)).toString().toUpperCase(Locale.ROOT);
    }

    private static byte[] preloadIcal(String uid, String summary, Slot s, int count, int exdate) {
        StringBuilder b = new StringBuilder();
        header(b);
        EventGenerator.line(b, "BEGIN:VEVENT");
        EventGenerator.line(b, "CREATED:" + EventGenerator.utc(STAMP));
        EventGenerator.line(b, "DTEND;TZID=Europe/Berlin:" + EventGenerator.LOCAL.format(s.start().plus(s.length())));
        EventGenerator.line(b, "DTSTAMP:" + EventGenerator.utc(STAMP));
        if (count > 0) EventGenerator.line(b, "EXDATE;TZID=Europe/Berlin:" + EventGenerator.LOCAL.format(s.start().plusWeeks(exdate)));
        EventGenerator.line(b, "DTSTART;TZID=Europe/Berlin:" + EventGenerator.LOCAL.format(s.start()));
        EventGenerator.line(b, "LAST-MODIFIED:" + EventGenerator.utc(STAMP));
        if (count > 0) EventGenerator.line(b, "RRULE:FREQ=WEEKLY;COUNT=" + count);
        EventGenerator.line(b, "SEQUENCE:0");
        EventGenerator.line(b, "SUMMARY:" + summary);
        EventGenerator.line(b, "TRANSP:OPAQUE");
        EventGenerator.line(b, "UID:" + uid);
        EventGenerator.line(b, "END:VEVENT");
        EventGenerator.line(b, "END:VCALENDAR");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void header(StringBuilder b) {
        EventGenerator.line(b, "BEGIN:VCALENDAR");
        EventGenerator.line(b, "CALSCALE:GREGORIAN");
        EventGenerator.line(b, "PRODID:-//Apple Inc.//macOS 14.5//EN");
        EventGenerator.line(b, "VERSION:2.0");
        b.append(EventGenerator.APPLE_BERLIN);
    }

    /** A booking request as Apple Calendar PUTs it: the organizer as ACCEPTED chair, the room NEEDS-ACTION with RSVP. */
    static byte[] bookingIcal(String uid, String user, String userAddress, Room room, Slot s) {
        return bookingIcal(uid, user, userAddress, room, s, null);
    }

    /** As {@link #bookingIcal(String, String, String, Room, Slot)}, recurring by {@code rrule} when it is not null. */
    static byte[] bookingIcal(String uid, String user, String userAddress, Room room, Slot s, String rrule) {
        StringBuilder b = new StringBuilder();
        header(b);
        EventGenerator.line(b, "BEGIN:VEVENT");
        folded(b, "ATTENDEE;CN=" + user + ";CUTYPE=INDIVIDUAL;EMAIL=" + userAddress.substring(7)
                + ";PARTSTAT=ACCEPTED;ROLE=CHAIR:" + userAddress);
        folded(b, "ATTENDEE;CN=" + room.id + ";CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:" + room.address);
        EventGenerator.line(b, "CREATED:" + EventGenerator.utc(STAMP));
        EventGenerator.line(b, "DTEND;TZID=Europe/Berlin:" + EventGenerator.LOCAL.format(s.start().plus(s.length())));
        EventGenerator.line(b, "DTSTAMP:" + EventGenerator.utc(STAMP));
        EventGenerator.line(b, "DTSTART;TZID=Europe/Berlin:" + EventGenerator.LOCAL.format(s.start()));
        EventGenerator.line(b, "LAST-MODIFIED:" + EventGenerator.utc(STAMP));
        EventGenerator.line(b, "LOCATION:" + room.id);
        folded(b, "ORGANIZER;CN=" + user + ";EMAIL=" + userAddress.substring(7) + ":" + userAddress);
        if (rrule != null) EventGenerator.line(b, "RRULE:" + rrule);
        EventGenerator.line(b, "SEQUENCE:0");
        EventGenerator.line(b, "SUMMARY:Meeting of " + user + " in " + room.id);
        EventGenerator.line(b, "TRANSP:OPAQUE");
        EventGenerator.line(b, "UID:" + uid);
        EventGenerator.line(b, "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC");
        EventGenerator.line(b, "END:VEVENT");
        EventGenerator.line(b, "END:VCALENDAR");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends a content line folded at 75 octets (RFC 5545 §3.1; ASCII only here). */
    static void folded(StringBuilder b, String line) {
        int i = 0;
        int width = 75;
        while (line.length() - i > width) {
            b.append(line, i, i + width).append("\r\n ");
            i += width;
            width = 74;
        }
        b.append(line, i, line.length()).append("\r\n");
    }

    // ---------------------------------------------------------------- (a) booking latency

    private void bookings() {
        int n = o.bookingIterations;
        int warm = o.warmup;
        // free: the kept-free lunch hour of room-big, 30-minute halves, each used once
        List<Slot> lunch = new ArrayList<>();
        for (int d = 0; d < WORK_DAYS; d++) {
            lunch.add(new Slot(workDay(d).atTime(LUNCH), Duration.ofMinutes(30)));
            lunch.add(new Slot(workDay(d).atTime(LUNCH.plusMinutes(30)), Duration.ofMinutes(30)));
        }
        Collections.shuffle(lunch, random);
        if (warm + n > lunch.size()) throw new IllegalStateException("--booking-iterations + --warmup must be at most " + lunch.size());
        List<Slot> free = lunch.subList(0, warm + n);
        // busy: 30 minutes from the start of a preloaded occurrence, half of them occurrences of the series
        List<Slot> busy = new ArrayList<>();
        for (int i = 0; i < warm + n; i++) {
            Period p;
            if (i % 2 == 1 && !big.series.isEmpty()) {
                List<Period> s = big.series.get(random.nextInt(big.series.size()));
                p = s.get(random.nextInt(s.size()));
            } else if (!big.singles.isEmpty()) {
                p = big.singles.get(random.nextInt(big.singles.size()));
            } else {
                p = big.busy.get(random.nextInt(big.busy.size()));
            }
            busy.add(new Slot(LocalDateTime.ofInstant(p.start(), EventGenerator.BERLIN), Duration.ofMinutes(30)));
        }
        String load = String.format(Locale.ROOT, "%,d bookings + %,d series", o.roomBookings, o.roomSeries);
        results.add(measureBookings("booking PUT, free slot → ACCEPTED (room with " + load + ")", free, warm, true));
        results.add(measureBookings("booking PUT, busy slot → DECLINED (room with " + load + ")", busy, warm, false));
    }

    private Result measureBookings(String name, List<Slot> slots, int warm, boolean free) {
        Result res = new Result(name, Target.medianLatency(30, null));
        int n = slots.size() - warm;
        long[] nanos = new long[n];
        long[] sizes = new long[n];
        String expected = free ? "ACCEPTED" : "DECLINED";
        log(name + " ...");
        try {
            for (int i = 0; i < warm; i++) {
                String href = book(booker, BOOKER, bookerAddress, big, slots.get(i), null, null);
                expectPartstat(booker, href, big, expected);
                if (free) big.busy.add(slots.get(i).period());
            }
            List<String> hrefs = new ArrayList<>();
            res.fromSec = server.secondsSinceStart();
            CpuMeter.Sample before = cpu.sample();
            for (int i = 0; i < n; i++) {
                long[] t = new long[2];
                hrefs.add(book(booker, BOOKER, bookerAddress, big, slots.get(warm + i), t, null));
                nanos[i] = t[0];
                sizes[i] = t[1];
            }
            res.toSec = server.secondsSinceStart();
            res.cpu = CpuMeter.perRequest(before, cpu.sample(), n);
            for (int i = 0; i < n; i++) {
                expectPartstat(booker, hrefs.get(i), big, expected);
                if (free) big.busy.add(slots.get(warm + i).period());
            }
            res.latencies(nanos).bodies(sizes);
        } catch (Mismatch | IOException e) {
            Benchmark.wrong(res, e, server, problems);
        }
        res.judge();
        log(res.row());
        return res;
    }

    /**
     * PUTs a new booking of {@code room} into the user's default calendar; must answer 201. Returns the href;
     * {@code timing}, when given, receives the nanoseconds and the request size.
     */
    private String book(DavClient client, String user, String address, Room room, Slot slot, long[] timing, String uidOrNull)
            throws IOException, Mismatch {
        return book(client, user, address, room, slot, timing, uidOrNull, null);
    }

    /** As {@link #book(DavClient, String, String, Room, Slot, long[], String)}, recurring by {@code rrule} when not null. */
    private String book(DavClient client, String user, String address, Room room, Slot slot, long[] timing, String uidOrNull,
                        String rrule) throws IOException, Mismatch {
        String uid = uidOrNull != null ? uidOrNull : "booking-" + (++bookingSeq) + "-" + UUID.randomUUID();
        String href = "/calendars/users/" + user + "/default/" + uid + ".ics";
        byte[] body = bookingIcal(uid, user, address, room, slot, rrule);
        DavClient.Reply r = server.send(() -> client.put(href, body, null));
        if (r.status() != 201) throw new Mismatch("booking PUT " + href + " answered " + r.status() + ": " + Benchmark.abbreviate(r.text()));
        if (timing != null) {
            timing[0] = r.nanos();
            timing[1] = body.length;
        }
        return href;
    }

    /** GETs the organizer's copy and returns the room's PARTSTAT, after checking SCHEDULE-STATUS=2.0 on its ATTENDEE. */
    private String partstat(DavClient client, String href, Room room) throws IOException, Mismatch {
        DavClient.Reply r = server.send(() -> client.get(href));
        if (r.status() != 200) throw new Mismatch("GET " + href + " answered " + r.status());
        return roomPartstat(href, r.text(), room);
    }

    /** The room's PARTSTAT in the organizer's copy, after checking SCHEDULE-STATUS=2.0 on the room's ATTENDEE. */
    static String roomPartstat(String href, String ics, Room room) throws Mismatch {
        String unfolded = ics.replaceAll("\r?\n[ \t]", "");
        String found = null;
        for (String line : unfolded.split("\r?\n")) {
            if (!line.regionMatches(true, 0, "ATTENDEE", 0, 8)) continue;
            int colon = valueColon(line);
            if (colon < 0 || !line.substring(colon + 1).trim().equalsIgnoreCase(room.address)) continue;
            Map<String, String> params = params(line.substring(0, colon));
            String ps = params.getOrDefault("PARTSTAT", "NEEDS-ACTION");
            String ss = params.get("SCHEDULE-STATUS");
            if (ss == null || !ss.replace("\"", "").equals("2.0")) {
                throw new Mismatch("GET " + href + ": the room's ATTENDEE has SCHEDULE-STATUS " + ss + ", expected 2.0: " + line);
            }
            if (found != null && !found.equals(ps)) throw new Mismatch("GET " + href + ": the room has two different PARTSTATs");
            found = ps;
        }
        if (found == null) throw new Mismatch("GET " + href + ": no ATTENDEE line for " + room.address);
        return found;
    }

    private void expectPartstat(DavClient client, String href, Room room, String expected) throws IOException, Mismatch {
        String got = partstat(client, href, room);
        if (!got.equals(expected)) throw new Mismatch(href + ": the room answered " + got + ", expected " + expected);
    }

    static int valueColon(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == ':' && !quoted) return i;
        }
        return -1;
    }

    static Map<String, String> params(String nameAndParams) {
        Map<String, String> out = new HashMap<>();
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < nameAndParams.length(); i++) {
            char c = nameAndParams.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == ';' && !quoted) {
                parts.add(nameAndParams.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(nameAndParams.substring(from));
        for (int i = 1; i < parts.size(); i++) {
            int eq = parts.get(i).indexOf('=');
            if (eq > 0) out.put(parts.get(i).substring(0, eq).toUpperCase(Locale.ROOT), parts.get(i).substring(eq + 1));
        }
        return out;
    }

    // ---------------------------------------------------------------- (b) free-busy for the rooms

    private void freeBusy() {
        Instant s = firstMonday.plusWeeks(o.roomFreeBusyWeek).atStartOfDay(ZoneOffset.UTC).toInstant();
        Period week = new Period(s, s.plus(Duration.ofDays(7)));
        Map<String, List<Period>> expected = new HashMap<>();
        int periods = 0;
        for (Room room : rooms) {
            List<Period> clipped = new ArrayList<>();
            for (Period p : room.busy) {
                if (!p.overlaps(week.start(), week.end())) continue;
                clipped.add(new Period(p.start().isBefore(week.start()) ? week.start() : p.start(),
                        p.end().isAfter(week.end()) ? week.end() : p.end()));
            }
            List<Period> merged = EventGenerator.merge(clipped);
            expected.put(room.address.toLowerCase(Locale.ROOT), merged);
            periods += merged.size();
        }
        String name = "POST outbox free-busy, " + rooms.size() + " rooms, one week (" + periods + " busy periods)";
        results.add(measure(name, o.iterations, Target.latency(50, null), () -> freeBusyOnce(week, expected)));
    }

    private DavClient.Reply freeBusyOnce(Period week, Map<String, List<Period>> expected) throws IOException, Mismatch {
        return freeBusyOnce(week, rooms, expected);
    }

    private DavClient.Reply freeBusyOnce(Period week, List<Room> asked, Map<String, List<Period>> expected) throws IOException, Mismatch {
        StringBuilder b = new StringBuilder();
        EventGenerator.line(b, "BEGIN:VCALENDAR");
        EventGenerator.line(b, "VERSION:2.0");
        EventGenerator.line(b, "PRODID:-//Apple Inc.//macOS 14.5//EN");
        EventGenerator.line(b, "METHOD:REQUEST");
        EventGenerator.line(b, "BEGIN:VFREEBUSY");
        EventGenerator.line(b, "UID:" + UUID.randomUUID().toString().toUpperCase(Locale.ROOT));
        EventGenerator.line(b, "DTSTAMP:" + EventGenerator.utc(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        EventGenerator.line(b, "DTSTART:" + EventGenerator.utc(week.start()));
        EventGenerator.line(b, "DTEND:" + EventGenerator.utc(week.end()));
        folded(b, "ORGANIZER:" + bookerAddress);
        for (Room room : asked) folded(b, "ATTENDEE:" + room.address);
        EventGenerator.line(b, "END:VFREEBUSY");
        EventGenerator.line(b, "END:VCALENDAR");
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        DavClient.Reply r = server.send(() -> booker.send("POST", "/calendars/users/" + BOOKER + "/outbox/", body,
                "Content-Type", "text/calendar; charset=utf-8"));
        if (r.status() != 200) throw new Mismatch("free-busy POST answered " + r.status() + ": " + Benchmark.abbreviate(r.text()));
        String type = r.header("Content-Type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).contains("xml")) throw new Mismatch("free-busy POST answered " + type);
        List<Multistatus.ScheduleResponse> responses = Multistatus.scheduleResponse(r.body());
        if (responses.size() != expected.size()) {
            throw new Mismatch("free-busy POST for " + expected.size() + " rooms returned " + responses.size() + " responses");
        }
        Set<String> seen = new HashSet<>();
        for (Multistatus.ScheduleResponse resp : responses) {
            String who = resp.recipient() == null ? "" : resp.recipient().toLowerCase(Locale.ROOT);
            List<Period> want = expected.get(who);
            if (want == null || !seen.add(who)) throw new Mismatch("free-busy POST answered for an unexpected or repeated recipient " + who);
            if (resp.requestStatus() == null || !resp.requestStatus().startsWith("2.0")) {
                throw new Mismatch("free-busy POST: request-status for " + who + " is " + resp.requestStatus());
            }
            if (resp.calendarData() == null) throw new Mismatch("free-busy POST: no calendar-data for " + who);
            List<Period> got = EventGenerator.merge(Benchmark.freeBusyPeriods(resp.calendarData()));
            if (!got.equals(want)) {
                int i = 0;
                while (i < Math.min(got.size(), want.size()) && got.get(i).equals(want.get(i))) i++;
                throw new Mismatch("free-busy POST: " + who + " has " + got.size() + " merged busy periods, loaded were " + want.size()
                        + "; first difference at #" + i + ": got " + (i < got.size() ? got.get(i) : "none") + ", expected "
                        + (i < want.size() ? want.get(i) : "none"));
            }
        }
        return r;
    }

    // ---------------------------------------------------------------- (c) concurrent bookings of one slot

    private void races() throws InterruptedException {
        int users = raceUsers.size();
        int[][] configs = {{1, users}, {1, o.racePool}, {3, users}, {3, o.racePool}};
        int roomNo = 0;
        // one unmeasured round first (checked like the others), as the other scenarios have their warm-up requests
        {
            roomNo++;
            Room room = createRoomQuietly(String.format(Locale.ROOT, "race-%02d", roomNo), "Race room " + roomNo, 1);
            try {
                warmUsers();
                long[] t = race(room, new Slot(workDay(10 + roomNo).atTime(10, 0), Duration.ofHours(1)), users, new ArrayList<>());
                int accepted = countAccepted(room);
                log(String.format(Locale.ROOT, "  warm-up round (%s): all %d answered after %.0f ms; %d ACCEPTED", room.id, users, t[0] / 1e6,
                        accepted));
                notes.add(String.format(Locale.ROOT, "the unmeasured first race round (multipleBookings 1, %d threads) took %.0f ms",
                        users, t[0] / 1e6));
                if (accepted != 1) problems.add("race warm-up round: " + accepted + " ACCEPTED, expected 1");
            } catch (Mismatch | IOException e) {
                problems.add("race warm-up round: " + e.getMessage());
            }
        }
        for (int[] c : configs) {
            int capacity = c[0];
            int threads = c[1];
            String name = users + " concurrent bookings of one slot, fresh room, multipleBookings " + capacity + ", "
                    + (threads == users ? threads + " threads" : "pool of " + threads) + " (" + capacity + " ACCEPTED + "
                    + (users - capacity) + " DECLINED)";
            Result res = new Result(name, Target.latency(3000, "until all " + users + " answered"));
            log(name + " ...");
            long[] totals = new long[o.raceRounds];
            List<Long> perPut = new ArrayList<>();
            long cpuRequests = 0;
            double jvmMs = 0, pgMs = 0;
            try {
                for (int round = 0; round < o.raceRounds; round++) {
                    roomNo++;
                    Room room = createRoom(String.format(Locale.ROOT, "race-%02d", roomNo), "Race room " + roomNo, capacity);
                    warmUsers();
                    Slot slot = new Slot(workDay(10 + roomNo).atTime(10, 0), Duration.ofHours(1));
                    if (round == 0) res.fromSec = server.secondsSinceStart();
                    CpuMeter.Sample before = cpu.sample();
                    long[] t = race(room, slot, threads, perPut);
                    CpuMeter.Sample after = cpu.sample();
                    res.toSec = server.secondsSinceStart();
                    double[] spent = CpuMeter.spentMs(before, after);
                    jvmMs += spent[0];
                    pgMs += spent[1];
                    cpuRequests += users;
                    totals[round] = t[0];
                    // check: exactly `capacity` ACCEPTED, the rest DECLINED
                    int accepted = 0, declined = 0;
                    List<String> other = new ArrayList<>();
                    for (int u = 0; u < users; u++) {
                        String ps = partstat(raceClients.get(u), raceHref(raceUsers.get(u), room), room);
                        if (ps.equals("ACCEPTED")) accepted++;
                        else if (ps.equals("DECLINED")) declined++;
                        else other.add(raceUsers.get(u) + ": " + ps);
                    }
                    log(String.format(Locale.ROOT, "  round %d (%s): all %d answered after %.0f ms; %d ACCEPTED, %d DECLINED%s", round + 1,
                            room.id, users, t[0] / 1e6, accepted, declined, other.isEmpty() ? "" : ", other: " + other));
                    if (accepted != capacity || declined != users - capacity) {
                        throw new Mismatch("round " + (round + 1) + " (" + room.id + "): " + accepted + " ACCEPTED + " + declined
                                + " DECLINED" + (other.isEmpty() ? "" : " + " + other.size() + " other (" + other.get(0) + ")")
                                + ", expected exactly " + capacity + " + " + (users - capacity));
                    }
                }
                res.latencies(totals);
                long[] puts = perPut.stream().mapToLong(Long::longValue).toArray();
                Result p = new Result("", Target.none()).latencies(puts);
                res.measured = String.format(Locale.ROOT, "%.0f bookings/s; each PUT p50 %s / p95 %s ms", users / (res.median / 1000.0),
                        Result.ms(p.median), Result.ms(p.p95));
                res.cpu = CpuMeter.format(jvmMs / cpuRequests, pgMs / cpuRequests);
            } catch (Mismatch | IOException e) {
                Benchmark.wrong(res, e, server, problems);
            }
            results.add(res.judge());
            log(res.row());
        }
    }

    /** The users' credentials verified (cached by the server) and their connections open before the timing. */
    private void warmUsers() throws IOException, Mismatch {
        for (int u = 0; u < raceUsers.size(); u++) {
            int user = u;
            DavClient.Reply w = server.send(() -> raceClients.get(user).propfind("/calendars/users/" + raceUsers.get(user) + "/default/", "0",
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop></D:propfind>"));
            if (w.status() != 207) throw new Mismatch("warm-up PROPFIND of " + raceUsers.get(u) + " answered " + w.status());
        }
    }

    private int countAccepted(Room room) throws IOException, Mismatch {
        int accepted = 0;
        for (int u = 0; u < raceUsers.size(); u++) {
            if (partstat(raceClients.get(u), raceHref(raceUsers.get(u), room), room).equals("ACCEPTED")) accepted++;
        }
        return accepted;
    }

    private Room createRoomQuietly(String id, String name, int multipleBookings) {
        try {
            return createRoom(id, name, multipleBookings);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String raceHref(String user, Room room) {
        return "/calendars/users/" + user + "/default/race-" + room.id + ".ics";
    }

    /** One round: every user PUTs a booking of the slot at once. Returns {nanos until the last answer}. */
    private long[] race(Room room, Slot slot, int threads, List<Long> perPut) throws InterruptedException, Mismatch {
        int users = raceUsers.size();
        byte[][] bodies = new byte[users][];
        for (int u = 0; u < users; u++) {
            String user = raceUsers.get(u);
            bodies[u] = bookingIcal("race-" + room.id + "-" + user, user, "mailto:" + user + "@" + MAIL_DOMAIN, room, slot);
        }
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger next = new AtomicInteger();
        long[] done = new long[users];
        long[] took = new long[users];
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        List<Thread> pool = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int u = next.getAndIncrement(); u < users; u = next.getAndIncrement()) {
                    String href = raceHref(raceUsers.get(u), room);
                    try {
                        DavClient.Reply r = raceClients.get(u).put(href, bodies[u], null);
                        done[u] = System.nanoTime();
                        took[u] = r.nanos();
                        if (r.status() != 201) errors.add("booking PUT " + href + " answered " + r.status() + ": " + Benchmark.abbreviate(r.text()));
                    } catch (IOException | RuntimeException e) {
                        done[u] = System.nanoTime();
                        errors.add("booking PUT " + href + ": " + e);
                    }
                }
            }, "race-client");
            th.start();
            pool.add(th);
        }
        Thread.sleep(200); // let the threads reach the latch
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread th : pool) th.join(Duration.ofMinutes(10).toMillis());
        long last = 0;
        for (long d : done) last = Math.max(last, d);
        if (pool.stream().anyMatch(Thread::isAlive)) errors.add("the concurrent bookings did not finish within 10 minutes");
        if (!errors.isEmpty()) {
            server.checkAliveAfterFailure();
            throw new Mismatch(errors.size() + " of " + users + " concurrent bookings failed, e.g. " + errors.peek());
        }
        for (long n : took) perPut.add(n);
        return new long[]{last - t0};
    }

    // ---------------------------------------------------------------- (d) series and bookings past the horizons

    /**
     * Bookings the room holds beyond the server's expansion and conflict horizons (a year by default), on a fresh
     * room, as one checked row (not timed against a target):
     * <ol>
     * <li>an open-ended weekly series booked from next week is ACCEPTED, and a single booking of the same slot
     *     {@value #FAR_WEEKS} weeks later is DECLINED: the room holds that occurrence too;</li>
     * <li>the room's free-busy (outbox POST) for that far week shows the series' occurrence, and only it;</li>
     * <li>a single booking made first {@value #FAR_WEEKS} weeks ahead, then a weekly series with a COUNT that
     *     reaches it: the series' occurrence on that date is not accepted (the whole series DECLINED, or that
     *     instance DECLINED in an override; RFC 6638 §3.2.2.1 lets an attendee answer per instance).</li>
     * </ol>
     */
    private void farAhead() {
        Result res = new Result("room: open-ended series, bookings " + FAR_WEEKS + " weeks ahead (past the horizons)", Target.none());
        log(res.scenario + " ...");
        try {
            Room room = createRoom("far-room", "Far room", 1);
            Slot weekly = new Slot(workDay(1).atTime(10, 0), Duration.ofHours(1));
            long[] t = new long[2];
            String series = book(booker, BOOKER, bookerAddress, room, weekly, t, null, "FREQ=WEEKLY");
            expectPartstat(booker, series, room, "ACCEPTED");
            Slot far = new Slot(weekly.start().plusWeeks(FAR_WEEKS), weekly.length());
            String clash = book(raceClients.get(0), raceUsers.get(0), "mailto:" + raceUsers.get(0) + "@" + MAIL_DOMAIN, room, far,
                    null, null, null);
            expectPartstat(raceClients.get(0), clash, room, "DECLINED");

            LocalDate farMonday = far.start().toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            Instant ws = farMonday.atStartOfDay(ZoneOffset.UTC).toInstant();
            Period week = new Period(ws, ws.plus(Duration.ofDays(7)));
            List<Period> want = new ArrayList<>();
            for (int w = -1; w <= 1; w++) {
                Period p = new Slot(far.start().plusWeeks(w), far.length()).period();
                if (p.overlaps(week.start(), week.end())) want.add(p);
            }
            Map<String, List<Period>> expected = Map.of(room.address.toLowerCase(Locale.ROOT), EventGenerator.merge(want));
            freeBusyOnce(week, List.of(room), expected);

            Slot single = new Slot(workDay(3).atTime(14, 0).plusWeeks(FAR_WEEKS), Duration.ofHours(1));
            String early = book(booker, BOOKER, bookerAddress, room, single, null, null, null);
            expectPartstat(booker, early, room, "ACCEPTED");
            Slot from = new Slot(workDay(3).atTime(14, 0), Duration.ofHours(1));
            String counted = book(raceClients.get(1), raceUsers.get(1), "mailto:" + raceUsers.get(1) + "@" + MAIL_DOMAIN, room, from,
                    null, null, "FREQ=WEEKLY;COUNT=" + (FAR_WEEKS + 10));
            DavClient.Reply r = server.send(() -> raceClients.get(1).get(counted));
            if (r.status() != 200) throw new Mismatch("GET " + counted + " answered " + r.status());
            Map<String, String> answers = roomPartstats(counted, r.text(), room);
            String conflicting = EventGenerator.utc(single.period().start());
            String master = answers.get("");
            boolean held = "ACCEPTED".equals(master) && !"DECLINED".equals(answers.get(conflicting));
            if (held) {
                throw new Mismatch(counted + ": the series was ACCEPTED including its occurrence of " + conflicting
                        + ", which overlaps a booking accepted before; answers per instance: " + answers);
            }
            res.measured = "series " + master + (answers.size() > 1 ? ", " + (answers.size() - 1) + " instance(s) answered apart" : "");
            res.latencies(t[0] > 0 ? new long[]{t[0]} : new long[]{1});
        } catch (Mismatch | IOException e) {
            Benchmark.wrong(res, e, server, problems);
        }
        results.add(res.judge());
        log(res.row());
    }

    /** Weeks ahead of the far-ahead checks: three years, past the default horizons of one year. */
    static final int FAR_WEEKS = 156;

    /**
     * The room's PARTSTAT per component of the organizer's copy: "" for the master, else the RECURRENCE-ID as
     * UTC text ({@code 20290612T120000Z}), after checking SCHEDULE-STATUS=2.0 on each of the room's ATTENDEEs.
     */
    static Map<String, String> roomPartstats(String href, String ics, Room room) throws Mismatch {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        String unfolded = ics.replaceAll("\r?\n[ \t]", "");
        String rid = null;
        StringBuilder component = null;
        for (String line : unfolded.split("\r?\n")) {
            if (line.equalsIgnoreCase("BEGIN:VEVENT")) {
                component = new StringBuilder();
                rid = "";
            } else if (line.equalsIgnoreCase("END:VEVENT") && component != null) {
                component.append(line).append("\r\n");
                out.put(rid, roomPartstat(href, "BEGIN:VEVENT\r\n" + component, room));
                component = null;
            } else if (component != null) {
                component.append(line).append("\r\n");
                if (line.regionMatches(true, 0, "RECURRENCE-ID", 0, 13)) rid = recurrenceIdUtc(line);
            }
        }
        return out;
    }

    /** A RECURRENCE-ID line's value as UTC text (TZID=Europe/Berlin or UTC, as the benchmark writes them). */
    private static String recurrenceIdUtc(String line) throws Mismatch {
        int colon = valueColon(line);
        String value = line.substring(colon + 1).trim();
        try {
            if (value.endsWith("Z")) return value;
            String tzid = params(line.substring(0, colon)).get("TZID");
            java.time.ZoneId zone = tzid == null ? ZoneOffset.UTC : java.time.ZoneId.of(tzid.replace("\"", ""));
            return EventGenerator.utc(LocalDateTime.parse(value, EventGenerator.LOCAL).atZone(zone).toInstant());
        } catch (RuntimeException e) {
            throw new Mismatch("cannot read " + line);
        }
    }

    // ---------------------------------------------------------------- helpers

    interface Step {
        DavClient.Reply run() throws IOException, Mismatch;
    }

    private Result measure(String name, int iterations, Target target, Step step) {
        Result res = new Result(name, target);
        long[] nanos = new long[iterations];
        long[] bytes = new long[iterations];
        log(name + " ...");
        try {
            for (int i = 0; i < o.warmup; i++) step.run();
            res.fromSec = server.secondsSinceStart();
            CpuMeter.Sample before = cpu.sample();
            for (int i = 0; i < iterations; i++) {
                DavClient.Reply r = step.run();
                nanos[i] = r.nanos();
                bytes[i] = r.body().length;
            }
            res.toSec = server.secondsSinceStart();
            res.cpu = CpuMeter.perRequest(before, cpu.sample(), iterations);
            res.latencies(nanos).bodies(bytes);
        } catch (Mismatch | IOException e) {
            Benchmark.wrong(res, e, server, problems);
        }
        res.judge();
        log(res.row());
        return res;
    }

    private DavClient client(String user, String password) {
        return new DavClient(server.baseUri(), user, password);
    }

    private static void log(String msg) {
        System.err.println("[bench " + LocalTime.now().withNano(0) + "] " + msg);
    }
}
