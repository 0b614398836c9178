package io.calroom.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The calendar the benchmark loads, and what a correct server must answer about it. Deterministic
 * for a seed: 80% single events spread over one year, 20% (every fifth) recurring events, each with
 * one EXDATE and one RECURRENCE-ID override, in three shapes ({@link Shape}): half of them weekly
 * with COUNT 10-52; a quarter every other week on Sunday and one other day with COUNT 10-52; a
 * quarter the same without an end. Every object carries a Europe/Berlin VTIMEZONE and TZID'd times,
 * half of them shaped like Apple Calendar's PUTs, half like Thunderbird's. Times are 07:00-21:45
 * local, so no occurrence falls into a DST gap.
 * <p>
 * The two-day shape is the one whose answer depends on the week start (RFC 5545 §3.3.10: WKST
 * defaults to MO, and with INTERVAL &gt; 1 and several BYDAY values the weeks counted from DTSTART's
 * Monday-started week decide which days recur); DTSTART is a Sunday and the other day falls before
 * it in a Monday-started week, so a server that counts Sunday-started weeks answers other dates.
 * The open-ended shape is expanded here up to {@link #OPEN_END_LIMIT_YEARS} years after the events'
 * year, far enough for every range the benchmark asks about.
 */
final class EventGenerator {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", java.util.Locale.ROOT);
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", java.util.Locale.ROOT);
    private static final int[] DURATIONS_MIN = {30, 45, 60, 60, 90, 120};
    private static final Instant STAMP = Instant.parse("2026-11-01T09:00:00Z");
    /** Occurrences of open-ended series are generated until January 1 of the events' year plus this. */
    static final int OPEN_END_LIMIT_YEARS = 5;

    /** The RRULE of a recurring event. */
    enum Shape {
        /** {@code FREQ=WEEKLY;COUNT=n}: every week on DTSTART's weekday. */
        WEEKLY,
        /** {@code FREQ=WEEKLY;INTERVAL=2;BYDAY=xx,SU;COUNT=n} from a Sunday DTSTART. */
        FORTNIGHTLY_TWO_DAYS,
        /** As {@link #FORTNIGHTLY_TWO_DAYS} without COUNT: the series never ends. */
        FORTNIGHTLY_OPEN_ENDED
    }

    /** One occurrence, [start, end) in UTC. */
    record Period(Instant start, Instant end) {
        boolean overlaps(Instant from, Instant to) {
            return start.isBefore(to) && end.isAfter(from);
        }
    }

    /** One calendar object resource. */
    static final class Event {
        final int index;
        final String uid;
        final String resourceName;
        final boolean apple;
        final boolean recurring;
        final Shape shape;
        final DayOfWeek otherDay;
        final LocalDateTime start;
        final Duration duration;
        final int count;
        /** The generated starts of a recurring event before EXDATE and the override apply (RFC 5545 §3.8.5.3). */
        final List<LocalDateTime> starts;
        final int exdateIndex;
        final int overrideIndex;
        final LocalDateTime overrideStart;
        final Duration overrideDuration;
        int revision;

        Event(int index, String uid, boolean apple, Shape shape, DayOfWeek otherDay, LocalDateTime start, Duration duration,
              int count, List<LocalDateTime> starts, int exdateIndex, int overrideIndex, LocalDateTime overrideStart,
              Duration overrideDuration) {
            this.index = index;
            this.uid = uid;
            this.resourceName = uid + ".ics";
            this.apple = apple;
            this.recurring = shape != null;
            this.shape = shape;
            this.otherDay = otherDay;
            this.start = start;
            this.duration = duration;
            this.count = count;
            this.starts = starts;
            this.exdateIndex = exdateIndex;
            this.overrideIndex = overrideIndex;
            this.overrideStart = overrideStart;
            this.overrideDuration = overrideDuration;
        }

        /** The occurrences a correct server expands this object to (RFC 5545 §3.8.5.3 with EXDATE and override). */
        List<Period> periods() {
            List<Period> out = new ArrayList<>();
            if (!recurring) {
                out.add(period(start, duration));
                return out;
            }
            for (int i = 0; i < starts.size(); i++) {
                if (i == exdateIndex) continue;
                if (i == overrideIndex) out.add(period(overrideStart, overrideDuration));
                else out.add(period(starts.get(i), duration));
            }
            return out;
        }

        /** A single event (no RRULE) at {@code start}. */
        static Event single(int index, String uid, boolean apple, LocalDateTime start, Duration duration) {
            return new Event(index, uid, apple, null, null, start, duration, 1, List.of(start), -1, -1, null, null);
        }

        /**
         * This event moved by about {@code days} (every occurrence and the override with it), a single one with a new
         * length. A series pinned to Sundays moves by whole weeks only ({@code days} rounded towards zero).
         */
        Event moved(int requestedDays, Duration singleLength) {
            if (!recurring) return single(index, uid, apple, start.plusDays(requestedDays), singleLength);
            int days = shape == Shape.WEEKLY ? requestedDays : requestedDays - requestedDays % 7;
            List<LocalDateTime> shifted = starts.stream().map(t -> t.plusDays(days)).toList();
            return new Event(index, uid, apple, shape, otherDay, start.plusDays(days), duration, count, shifted, exdateIndex,
                    overrideIndex, overrideStart.plusDays(days), overrideDuration);
        }

        /** The RRULE value as the client sends it. */
        String rrule() {
            return switch (shape) {
                case WEEKLY -> "FREQ=WEEKLY;COUNT=" + count;
                case FORTNIGHTLY_TWO_DAYS -> "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + twoLetters(otherDay) + ",SU;COUNT=" + count;
                case FORTNIGHTLY_OPEN_ENDED -> "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + twoLetters(otherDay) + ",SU";
            };
        }

        boolean openEnded() {
            return shape == Shape.FORTNIGHTLY_OPEN_ENDED;
        }

        /** The iCalendar text as the client PUTs it (CRLF line ends). */
        byte[] ical() {
            return (apple ? appleIcal() : thunderbirdIcal()).getBytes(StandardCharsets.UTF_8);
        }

        private String summary() {
            return (recurring ? "Weekly sync " : "Meeting ") + index + (revision > 0 ? " (edit " + revision + ")" : "");
        }

        private String stamp() {
            return UTC.format(STAMP.plusSeconds(60L * revision).atOffset(ZoneOffset.UTC));
        }

        private String appleIcal() {
            StringBuilder b = new StringBuilder();
            line(b, "BEGIN:VCALENDAR");
            line(b, "CALSCALE:GREGORIAN");
            line(b, "PRODID:-//Apple Inc.//macOS 14.5//EN");
            line(b, "VERSION:2.0");
            b.append(APPLE_BERLIN);
            line(b, "BEGIN:VEVENT");
            line(b, "CREATED:" + UTC.format(STAMP.atOffset(ZoneOffset.UTC)));
            line(b, "DTEND;TZID=Europe/Berlin:" + LOCAL.format(start.plus(duration)));
            line(b, "DTSTAMP:" + stamp());
            if (recurring) line(b, "EXDATE;TZID=Europe/Berlin:" + LOCAL.format(starts.get(exdateIndex)));
            line(b, "DTSTART;TZID=Europe/Berlin:" + LOCAL.format(start));
            line(b, "LAST-MODIFIED:" + stamp());
            line(b, "LOCATION:Room " + (1 + index % 9) + "." + (10 + index % 17));
            if (recurring) line(b, "RRULE:" + rrule());
            line(b, "SEQUENCE:" + revision);
            line(b, "SUMMARY:" + summary());
            line(b, "TRANSP:OPAQUE");
            line(b, "UID:" + uid);
            line(b, "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC");
            line(b, "END:VEVENT");
            if (recurring) {
                line(b, "BEGIN:VEVENT");
                line(b, "CREATED:" + UTC.format(STAMP.atOffset(ZoneOffset.UTC)));
                line(b, "DTEND;TZID=Europe/Berlin:" + LOCAL.format(overrideStart.plus(overrideDuration)));
                line(b, "DTSTAMP:" + stamp());
                line(b, "DTSTART;TZID=Europe/Berlin:" + LOCAL.format(overrideStart));
                line(b, "LAST-MODIFIED:" + stamp());
                line(b, "RECURRENCE-ID;TZID=Europe/Berlin:" + LOCAL.format(starts.get(overrideIndex)));
                line(b, "SEQUENCE:" + (revision + 1));
                line(b, "SUMMARY:" + summary() + " (moved)");
                line(b, "TRANSP:OPAQUE");
                line(b, "UID:" + uid);
                line(b, "END:VEVENT");
            }
            line(b, "END:VCALENDAR");
            return b.toString();
        }

        private String thunderbirdIcal() {
            StringBuilder b = new StringBuilder();
            line(b, "BEGIN:VCALENDAR");
            line(b, "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN");
            line(b, "VERSION:2.0");
            b.append(THUNDERBIRD_BERLIN);
            line(b, "BEGIN:VEVENT");
            line(b, "CREATED:" + UTC.format(STAMP.atOffset(ZoneOffset.UTC)));
            line(b, "LAST-MODIFIED:" + stamp());
            line(b, "DTSTAMP:" + stamp());
            line(b, "UID:" + uid);
            line(b, "SUMMARY:" + summary());
            if (recurring) {
                line(b, "RRULE:" + rrule());
                line(b, "EXDATE;TZID=Europe/Berlin:" + LOCAL.format(starts.get(exdateIndex)));
            }
            line(b, "DTSTART;TZID=Europe/Berlin:" + LOCAL.format(start));
            line(b, "DTEND;TZID=Europe/Berlin:" + LOCAL.format(start.plus(duration)));
            line(b, "TRANSP:OPAQUE");
            line(b, "DESCRIPTION:Agenda: status\\, risks\\, next steps. Generated by the Calroom benchmark.");
            line(b, "X-MOZ-GENERATION:" + (revision + 1));
            line(b, "END:VEVENT");
            if (recurring) {
                line(b, "BEGIN:VEVENT");
                line(b, "CREATED:" + UTC.format(STAMP.atOffset(ZoneOffset.UTC)));
                line(b, "LAST-MODIFIED:" + stamp());
                line(b, "DTSTAMP:" + stamp());
                line(b, "UID:" + uid);
                line(b, "SUMMARY:" + summary() + " (moved)");
                line(b, "RECURRENCE-ID;TZID=Europe/Berlin:" + LOCAL.format(starts.get(overrideIndex)));
                line(b, "DTSTART;TZID=Europe/Berlin:" + LOCAL.format(overrideStart));
                line(b, "DTEND;TZID=Europe/Berlin:" + LOCAL.format(overrideStart.plus(overrideDuration)));
                line(b, "SEQUENCE:1");
                line(b, "TRANSP:OPAQUE");
                line(b, "X-MOZ-GENERATION:" + (revision + 1));
                line(b, "END:VEVENT");
            }
            line(b, "END:VCALENDAR");
            return b.toString();
        }
    }

    static final String APPLE_BERLIN = String.join("\r\n",
            "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
            "BEGIN:DAYLIGHT", "DTSTART:19810329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "TZNAME:MESZ",
            "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
            "BEGIN:STANDARD", "DTSTART:19961027T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZNAME:MEZ",
            "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
            "END:VTIMEZONE") + "\r\n";

    private static final String THUNDERBIRD_BERLIN = String.join("\r\n",
            "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "X-LIC-LOCATION:Europe/Berlin",
            "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
            "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
            "END:VTIMEZONE") + "\r\n";

    static void line(StringBuilder b, String s) {
        b.append(s).append("\r\n");
    }

    private static Period period(LocalDateTime localStart, Duration d) {
        Instant s = localStart.atZone(BERLIN).toInstant();
        Instant e = localStart.plus(d).atZone(BERLIN).toInstant();
        return new Period(s, e);
    }

    private final List<Event> events;

    EventGenerator(int n, long seed, int year) {
        List<Event> list = new ArrayList<>(n);
        LocalDate jan1 = LocalDate.of(year, 1, 1);
        LocalDateTime openEndLimit = jan1.plusYears(OPEN_END_LIMIT_YEARS).atStartOfDay();
        int days = jan1.lengthOfYear();
        for (int i = 0; i < n; i++) {
            Random r = new Random(seed * 1_000_003L + i);
            boolean apple = i % 2 == 0;
            boolean recurring = i % 5 == 4;
            UUID u = UUID.nameUUIDFromBytes(("calroom-bench:" + seed + ":" + i).getBytes(StandardCharsets.UTF_8));
            String uid = apple ? u.toString().toUpperCase(java.util.Locale.ROOT) : u.toString();
            LocalDateTime start = jan1.plusDays(r.nextInt(days)).atTime(LocalTime.of(7, 0).plusMinutes(15L * r.nextInt(48)));
            Duration duration = Duration.ofMinutes(DURATIONS_MIN[r.nextInt(DURATIONS_MIN.length)]);
            if (!recurring) {
                list.add(Event.single(i, uid, apple, start, duration));
                continue;
            }
            int count = 10 + r.nextInt(43);
            Shape shape = switch ((i / 5) % 4) {
                case 2 -> Shape.FORTNIGHTLY_TWO_DAYS;
                case 3 -> Shape.FORTNIGHTLY_OPEN_ENDED;
                default -> Shape.WEEKLY;
            };
            DayOfWeek otherDay = null;
            List<LocalDateTime> starts;
            if (shape == Shape.WEEKLY) {
                starts = new ArrayList<>(count);
                for (int k = 0; k < count; k++) starts.add(start.plusWeeks(k));
            } else {
                start = start.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
                otherDay = DayOfWeek.of(1 + r.nextInt(6)); // Monday..Saturday
                starts = fortnightly(start, otherDay, shape == Shape.FORTNIGHTLY_OPEN_ENDED ? -1 : count, openEndLimit);
            }
            int exdate = 1 + r.nextInt(count - 1);
            int override;
            do {
                override = 1 + r.nextInt(count - 1);
            } while (override == exdate);
            LocalDateTime overrideStart = starts.get(override).plusDays(r.nextInt(3)).plusHours(1 + r.nextInt(3));
            Duration overrideDuration = duration.plusMinutes(15L * r.nextInt(3));
            list.add(new Event(i, uid, apple, shape, otherDay, start, duration, count, List.copyOf(starts), exdate, override,
                    overrideStart, overrideDuration));
        }
        this.events = List.copyOf(list);
    }

    /**
     * {@code FREQ=WEEKLY;INTERVAL=2;BYDAY=<otherDay>,SU} from a Sunday {@code dtstart} (RFC 5545 §3.3.10): the
     * weeks start on Monday (WKST defaults to MO), every second one counted from the week holding DTSTART
     * recurs on both days, and instances before DTSTART do not count. Stops after {@code count} instances
     * ({@code -1}: none) or before {@code limit}.
     */
    static List<LocalDateTime> fortnightly(LocalDateTime dtstart, DayOfWeek otherDay, int count, LocalDateTime limit) {
        List<LocalDateTime> out = new ArrayList<>();
        LocalDateTime monday = dtstart.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        for (int week = 0; ; week += 2) {
            for (DayOfWeek day : new DayOfWeek[]{otherDay, DayOfWeek.SUNDAY}) { // Monday-started week order
                LocalDateTime t = monday.plusWeeks(week).plusDays(day.getValue() - 1L);
                if (t.isBefore(dtstart)) continue;
                if (!t.isBefore(limit) || (count >= 0 && out.size() == count)) return out;
                out.add(t);
            }
        }
    }

    static String twoLetters(DayOfWeek d) {
        return d.name().substring(0, 2);
    }

    List<Event> events() {
        return events;
    }

    /** [Monday 00:00 UTC, next Monday 00:00 UTC) of ISO week {@code week} of {@code year}. */
    static Period isoWeek(int year, int week) {
        LocalDate monday = LocalDate.of(year, 6, 1).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        Instant s = monday.atStartOfDay(ZoneOffset.UTC).toInstant();
        return new Period(s, s.plus(Duration.ofDays(7)));
    }

    /** [1st 00:00 UTC, 1st of next month 00:00 UTC). */
    static Period month(int year, int month) {
        LocalDate first = LocalDate.of(year, month, 1);
        return new Period(first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                first.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** Resource name to the number of its occurrences overlapping the range (only those with at least one). */
    Map<String, Integer> hitsIn(Period range) {
        Map<String, Integer> hits = new LinkedHashMap<>();
        for (Event e : events) {
            int c = 0;
            for (Period p : e.periods()) if (p.overlaps(range.start(), range.end())) c++;
            if (c > 0) hits.put(e.resourceName, c);
        }
        return hits;
    }

    /** The busy time in the range: every occurrence clipped to it, merged where they overlap or touch. */
    List<Period> busyIn(Period range) {
        List<Period> all = new ArrayList<>();
        for (Event e : events) {
            for (Period p : e.periods()) {
                if (!p.overlaps(range.start(), range.end())) continue;
                Instant s = p.start().isBefore(range.start()) ? range.start() : p.start();
                Instant en = p.end().isAfter(range.end()) ? range.end() : p.end();
                all.add(new Period(s, en));
            }
        }
        return merge(all);
    }

    static List<Period> merge(List<Period> periods) {
        List<Period> sorted = new ArrayList<>(periods);
        sorted.sort(Comparator.comparing(Period::start).thenComparing(Period::end));
        List<Period> out = new ArrayList<>();
        for (Period p : sorted) {
            if (!p.end().isAfter(p.start())) continue;
            if (!out.isEmpty() && !p.start().isAfter(out.get(out.size() - 1).end())) {
                Period last = out.remove(out.size() - 1);
                out.add(new Period(last.start(), p.end().isAfter(last.end()) ? p.end() : last.end()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    static String utc(Instant t) {
        return UTC.format(t.atOffset(ZoneOffset.UTC));
    }

    static Instant parseUtc(String s) {
        return LocalDateTime.parse(s, UTC).toInstant(ZoneOffset.UTC);
    }
}
