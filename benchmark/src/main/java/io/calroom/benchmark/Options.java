package io.calroom.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of the benchmark; {@link #usage()} lists them. */
final class Options {
    int events = 1000;
    Path jar;
    int iterations = 100;
    int getIterations = 500;
    int warmup = 20;
    int warmupSeconds = 10;
    int putWarmup = 2000;
    int clients = 8;
    long seed = 42;
    int year = 2027;
    int queryWeek = 26;
    int freeBusyMonth = 6;
    int farYears = 3;
    String serverLocale = "en-US";
    String serverTimezone = "America/Los_Angeles";
    String dbAdminUrl = firstNonBlank(System.getenv("CALDAV_BENCH_DB_URL"), "jdbc:postgresql://127.0.0.1:5432/postgres");
    String dbUser = firstNonBlank(System.getenv("CALDAV_BENCH_DB_USER"), "postgres");
    String dbPassword = System.getenv("CALDAV_BENCH_DB_PASSWORD");
    int port = 0;
    int hashIterations = 10_000;
    String heap = "256m";
    Path out;
    final List<String> serverJavaOptions = new ArrayList<>();
    boolean strict;
    boolean keepDb;
    boolean booking = true;
    boolean bookingOnly;
    int roomBookings = 5000;
    int roomSeries = 100;
    int otherRooms = 9;
    int otherRoomBookings = 300;
    int otherRoomSeries = 10;
    int bookingIterations = 100;
    int roomFreeBusyWeek = 26;
    int raceUsers = 100;
    int racePool = 16;
    int raceRounds = 3;
    long soakSeconds; // 0: no soak test, the benchmark
    long soakWarmupSeconds = -1; // default: a quarter of the duration, at most 60 s
    int soakClients = 50;
    int soakRooms = 5;
    int soakEvents = 50;

    static String usage() {
        return String.join("\n",
                "Calroom benchmark: starts the server jar on a fresh PostgreSQL database, loads one calendar and a set of",
                "booked rooms, measures (docs/performance.md).",
                "",
                "  --events N            events to load into the calendar (default 1000; 10000 works)",
                "  --jar PATH            server jar (default server/target/caldav-server.jar of the project)",
                "  --iterations M        measured requests per read scenario (default 100)",
                "  --get-iterations M    measured GETs (default 500)",
                "  --warmup W            unmeasured requests before each scenario (default 20)",
                "  --warmup-seconds S    calendar read scenarios: keep warming up until S seconds have passed as well,",
                "                        so the server's JIT has compiled the request's path (default 10; 0: count only)",
                "  --put-warmup K        PUTs into a scratch calendar (deleted again) before the PUT scenarios, so the",
                "                        server's JIT is warm as in a running server (default 2000; 0: none)",
                "  --clients C           concurrent PUT clients (default 8)",
                "  --seed S              generator seed (default 42)",
                "  --year Y              year the events are spread over (default 2027)",
                "  --query-week W        ISO week of --year for the calendar-query scenarios (default 26)",
                "  --freebusy-month M    month of --year for the free-busy scenario (default 6)",
                "  --far-years K         the far-ahead checks ask about --query-week / --freebusy-month of --year + K,",
                "                        where only the open-ended series still recur (default 3; 0: skip them)",
                "  --server-locale TAG   the server JVM's default locale, a BCP 47 tag (default en-US: Sunday-first)",
                "  --server-timezone Z   the server JVM's default time zone (default America/Los_Angeles); no answer",
                "                        may depend on either, so the defaults are chosen to differ from the data's",
                "  --db-admin-url URL    JDBC URL of an admin connection (default jdbc:postgresql://127.0.0.1:5432/postgres,",
                "                        or $CALDAV_BENCH_DB_URL); a database calroom_bench_<random> is created and dropped",
                "  --db-user U           (default postgres or $CALDAV_BENCH_DB_USER)",
                "  --db-password P       (default $CALDAV_BENCH_DB_PASSWORD)",
                "  --port P              server port on 127.0.0.1 (default: a free one)",
                "  --hash-iterations K   CALDAV_PASSWORD_HASH_ITERATIONS for the server (default 10000)",
                "  --heap SIZE           server -Xmx (default 256m; the target is 256m)",
                "  --out FILE            also write the Markdown report to FILE",
                "  --server-java-option OPT  extra JVM option for the server, repeatable (diagnosis only, e.g.",
                "                        -XX:StartFlightRecording=filename=/tmp/s.jfr); numbers taken so are not comparable",
                "  --no-booking          skip the booking scenario",
                "  --booking-only        only the booking scenario (no calendar load, no calendar scenarios)",
                "  --room-bookings K     single bookings preloaded into room-big (default 5000)",
                "  --room-series K       weekly series preloaded into room-big (default 100)",
                "  --other-rooms K       further rooms for the free-busy lookup (default 9)",
                "  --other-room-bookings K / --other-room-series K   preloaded into each of them (default 300 / 10)",
                "  --booking-iterations M  measured booking PUTs per kind, free and busy (default 100)",
                "  --room-freebusy-week W  week (0-51) of the booking year for the rooms' free-busy (default 26)",
                "  --race-users U        users booking one slot at once (default 100)",
                "  --race-pool P         threads of the pooled variant (default 16)",
                "  --race-rounds R       rounds (each on a fresh room) per race variant (default 3)",
                "  --soak DURATION       instead of the benchmark: the soak test (docs/performance.md), e.g. 10m, 90s, 1h30m;",
                "                        50 clients, each its own user, mixing sync, queries, PUTs, DELETEs, bookings, free-busy",
                "  --soak-clients N      concurrent clients (= users) of the soak test (default 50)",
                "  --soak-rooms N        rooms they book (default 5)",
                "  --soak-events N       events preloaded into each user's calendar (default 50)",
                "  --soak-warmup DURATION  part of the duration not in the figures (default a quarter, at most 60s)",
                "  --strict              exit 3 when a target is missed (default: only wrong results fail)",
                "  --keep-db             do not drop the database at the end",
                "",
                "Exit status: 0 all results right (targets may be missed, see the table), 1 wrong results or the",
                "server died, 2 bad usage or set-up, 3 with --strict: a target missed. Soak test: 0 no error and the",
                "heap after GC at the end at most 20% above the start, 1 otherwise, 2 bad usage or set-up.");
    }

    static Options parse(String[] args) {
        Options o = new Options();
        List<String> a = new ArrayList<>(List.of(args));
        // exec:java passes -Dexec.args as one string when it is quoted oddly; split on blanks then.
        if (a.size() == 1 && a.get(0).contains(" ")) a = List.of(a.get(0).trim().split("\\s+"));
        for (int i = 0; i < a.size(); i++) {
            String k = a.get(i);
            String v = null;
            int eq = k.indexOf('=');
            if (k.startsWith("--") && eq > 0) {
                v = k.substring(eq + 1);
                k = k.substring(0, eq);
            }
            switch (k) {
                case "--help", "-h" -> throw new UsageException(null);
                case "--strict" -> o.strict = true;
                case "--keep-db" -> o.keepDb = true;
                case "--no-booking" -> o.booking = false;
                case "--booking-only" -> o.bookingOnly = true;
                default -> {
                    if (v == null) {
                        if (i + 1 >= a.size()) throw new UsageException(k + " needs a value");
                        v = a.get(++i);
                    }
                    o.set(k, v);
                }
            }
        }
        if (o.events < 10) throw new UsageException("--events must be at least 10");
        if (o.iterations < 1 || o.getIterations < 1 || o.warmup < 0 || o.warmupSeconds < 0 || o.putWarmup < 0 || o.clients < 1) {
            throw new UsageException("--iterations, --get-iterations and --clients must be positive, --warmup and --warmup-seconds not negative");
        }
        if (o.queryWeek < 1 || o.queryWeek > 52) throw new UsageException("--query-week must be 1..52");
        if (o.freeBusyMonth < 1 || o.freeBusyMonth > 12) throw new UsageException("--freebusy-month must be 1..12");
        if (o.farYears < 0 || o.farYears >= EventGenerator.OPEN_END_LIMIT_YEARS) {
            throw new UsageException("--far-years must be 0.." + (EventGenerator.OPEN_END_LIMIT_YEARS - 1));
        }
        if (java.util.Locale.forLanguageTag(o.serverLocale).getLanguage().isEmpty()) {
            throw new UsageException("--server-locale must be a BCP 47 tag such as en-US, got " + o.serverLocale);
        }
        try {
            java.time.ZoneId.of(o.serverTimezone);
        } catch (java.time.DateTimeException e) {
            throw new UsageException("--server-timezone is not a time zone: " + o.serverTimezone);
        }
        if (o.bookingOnly && !o.booking) throw new UsageException("--booking-only and --no-booking exclude each other");
        if (o.roomBookings < 1 || o.roomSeries < 0 || o.otherRooms < 0 || o.otherRoomBookings < 0 || o.otherRoomSeries < 0
                || o.bookingIterations < 1 || o.raceUsers < 3 || o.racePool < 1 || o.raceRounds < 1) {
            throw new UsageException("the booking options must be positive (--race-users at least 3)");
        }
        if (o.booking && o.bookingIterations + o.warmup > 520) {
            throw new UsageException("--booking-iterations + --warmup must be at most 520 (the free half hours kept in room-big)");
        }
        if (o.roomFreeBusyWeek < 0 || o.roomFreeBusyWeek > 51) throw new UsageException("--room-freebusy-week must be 0..51");
        if (o.soakSeconds > 0) {
            if (o.soakSeconds < 20) throw new UsageException("--soak must be at least 20s");
            if (o.soakClients < 1 || o.soakClients > 500) throw new UsageException("--soak-clients must be 1..500");
            if (o.soakRooms < 1 || o.soakRooms > 100) throw new UsageException("--soak-rooms must be 1..100");
            if (o.soakEvents < 20 || o.soakEvents > 10_000) throw new UsageException("--soak-events must be 20..10000");
            if (o.soakWarmupSeconds < 0) o.soakWarmupSeconds = Math.min(60, o.soakSeconds / 4);
            if (o.soakWarmupSeconds > o.soakSeconds / 2) throw new UsageException("--soak-warmup must be at most half of --soak");
        } else if (o.soakWarmupSeconds >= 0) {
            throw new UsageException("--soak-warmup needs --soak");
        }
        if (o.jar == null) o.jar = defaultJar();
        return o;
    }

    private void set(String k, String v) {
        try {
            switch (k) {
                case "--events" -> events = Integer.parseInt(v);
                case "--jar" -> jar = Path.of(v);
                case "--iterations" -> iterations = Integer.parseInt(v);
                case "--get-iterations" -> getIterations = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(v);
                case "--put-warmup" -> putWarmup = Integer.parseInt(v);
                case "--clients" -> clients = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--year" -> year = Integer.parseInt(v);
                case "--query-week" -> queryWeek = Integer.parseInt(v);
                case "--freebusy-month" -> freeBusyMonth = Integer.parseInt(v);
                case "--far-years" -> farYears = Integer.parseInt(v);
                case "--server-locale" -> serverLocale = v;
                case "--server-timezone" -> serverTimezone = v;
                case "--db-admin-url" -> dbAdminUrl = v;
                case "--db-user" -> dbUser = v;
                case "--db-password" -> dbPassword = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--hash-iterations" -> hashIterations = Integer.parseInt(v);
                case "--heap" -> heap = v;
                case "--out" -> out = Path.of(v);
                case "--server-java-option" -> serverJavaOptions.add(v);
                case "--room-bookings" -> roomBookings = Integer.parseInt(v);
                case "--room-series" -> roomSeries = Integer.parseInt(v);
                case "--other-rooms" -> otherRooms = Integer.parseInt(v);
                case "--other-room-bookings" -> otherRoomBookings = Integer.parseInt(v);
                case "--other-room-series" -> otherRoomSeries = Integer.parseInt(v);
                case "--booking-iterations" -> bookingIterations = Integer.parseInt(v);
                case "--room-freebusy-week" -> roomFreeBusyWeek = Integer.parseInt(v);
                case "--race-users" -> raceUsers = Integer.parseInt(v);
                case "--race-pool" -> racePool = Integer.parseInt(v);
                case "--race-rounds" -> raceRounds = Integer.parseInt(v);
                case "--soak" -> soakSeconds = seconds(k, v);
                case "--soak-warmup" -> soakWarmupSeconds = seconds(k, v);
                case "--soak-clients" -> soakClients = Integer.parseInt(v);
                case "--soak-rooms" -> soakRooms = Integer.parseInt(v);
                case "--soak-events" -> soakEvents = Integer.parseInt(v);
                default -> throw new UsageException("unknown option " + k);
            }
        } catch (NumberFormatException e) {
            throw new UsageException(k + " needs a number, was '" + v + "'");
        }
    }

    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s?)?");

    /** A duration such as {@code 10m}, {@code 90s}, {@code 1h30m} or {@code 600} (seconds), in seconds. */
    static long seconds(String option, String v) {
        java.util.regex.Matcher m = DURATION.matcher(v.trim().toLowerCase(java.util.Locale.ROOT));
        if (v.isBlank() || !m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null)) {
            throw new UsageException(option + " needs a duration such as 10m, 90s or 1h30m, was '" + v + "'");
        }
        long s = 0;
        if (m.group(1) != null) s += Long.parseLong(m.group(1)) * 3600;
        if (m.group(2) != null) s += Long.parseLong(m.group(2)) * 60;
        if (m.group(3) != null) s += Long.parseLong(m.group(3));
        return s;
    }

    /**
     * {@code server/target/caldav-server.jar} of the project: relative to the directory Maven was
     * started in (exec:java keeps it as user.dir), or to the reactor root Maven names.
     */
    private static Path defaultJar() {
        List<Path> roots = new ArrayList<>();
        String mavenRoot = System.getProperty("maven.multiModuleProjectDirectory");
        if (mavenRoot != null) roots.add(Path.of(mavenRoot));
        Path cwd = Path.of("").toAbsolutePath();
        roots.add(cwd);
        if (cwd.getParent() != null) roots.add(cwd.getParent());
        for (Path r : roots) {
            Path p = r.resolve("server/target/caldav-server.jar");
            if (Files.isRegularFile(p)) return p;
        }
        return (mavenRoot != null ? Path.of(mavenRoot) : cwd).resolve("server/target/caldav-server.jar");
    }

    private static String firstNonBlank(String a, String b) {
        return a == null || a.isBlank() ? b : a;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
