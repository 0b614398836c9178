package io.calroom.ical.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.query.CalendarQueryEvaluator;
import io.calroom.ical.query.CompFilter;
import io.calroom.ical.query.ParamFilter;
import io.calroom.ical.query.PropFilter;
import io.calroom.ical.query.TextMatch;
import io.calroom.ical.query.TimeRange;
import io.calroom.ical.query.UnsupportedCollationException;
import net.fortuna.ical4j.model.Calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Fuzzes the calendar-query filter evaluation (RFC 4791 §9.7): {@link CalendarQueryEvaluator#matches} over stored
 * calendar objects (seed bodies validated as a PUT validates them, or a fuzzed body that passes validation) and
 * filters built from the fuzz data as {@link CompFilter}/{@link PropFilter}/{@link ParamFilter}/{@link TextMatch}/
 * {@link TimeRange} records, in a fuzzed floating zone.
 * <p>
 * The records refuse invalid combinations with {@link IllegalArgumentException} when they are built, and
 * {@link CalendarQueryEvaluator#checkCollations} refuses unsupported collations (403 CALDAV:supported-collation),
 * as the server does before evaluating: such inputs stop there. Past that, evaluation must neither throw nor take
 * longer than {@link #CALL_LIMIT} (the evaluator documents bounded time).
 * <p>
 * Time-range instants span what the server's request parser can produce (UTC date-times of years 1 to 999999999), with
 * most of them near the seed events. Seeds ({@code QueryEvaluatorFuzzTestInputs/matches}) are fuzzer-generated
 * inputs kept for their coverage, replayed in every {@code mvn test}.
 */
class QueryEvaluatorFuzzTest {

    static final Duration CALL_LIMIT = Duration.ofSeconds(2);
    static final Instant NOW = Instant.parse("2024-01-15T12:00:00Z");
    static final Set<String> STORABLE = Set.of("VEVENT", "VTODO", "VJOURNAL");
    static final CalendarObjectLimits LIMITS = CalendarObjectLimits.defaults();
    static final CalendarObjectParser PARSER = new CalendarObjectParser(LIMITS);
    static final CalendarQueryEvaluator EVALUATOR = new CalendarQueryEvaluator(LIMITS);

    /** Stored objects to query: RFC 4791 Appendix B, real clients' bodies, and objects with alarms, overrides, … */
    static final List<String> SEED_NAMES = List.of(
            "client-rfc4791-abcd1.ics", "client-rfc4791-abcd2.ics", "client-rfc4791-abcd3.ics",
            "client-rfc4791-abcd4.ics", "client-rfc4791-abcd5.ics", "client-rfc4791-abcd6.ics",
            "client-rfc4791-abcd7.ics", "client-apple-weekly-standup.ics", "client-apple-allday-birthday.ics",
            "client-google-weekly.ics", "client-thunderbird-biweekly.ics", "client-thunderbird-todo.ics",
            "client-lightning-mozilla-tzid.ics", "client-outlook-custom-tz.ics", "client-invited-single-instance.ics",
            "adv-alarm-nested.ics", "adv-override-only.ics", "adv-rdate-period.ics", "adv-exdate-tzid.ics",
            "adv-todo-dtstart-due-rrule.ics", "adv-todo-completed-created.ics", "adv-folded-utf8-bom.ics",
            "adv-hourly-open.ics", "adv-floating-dst-gap.ics", "adv-journal-not-allowed.ics",
            "adv-year-9999.ics", "adv-year-0001.ics", "adv-byweekno.ics");
    static final List<Calendar> CALENDARS = new ArrayList<>();

    static final String[] COMPONENTS = {"VCALENDAR", "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VALARM",
            "VTIMEZONE", "STANDARD", "DAYLIGHT", "VAVAILABILITY", "X-CALROOM"};
    static final String[] PROPERTIES = {"SUMMARY", "DESCRIPTION", "LOCATION", "UID", "DTSTART", "DTEND", "DUE",
            "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "ATTENDEE", "ORGANIZER", "CATEGORIES",
            "RESOURCES", "STATUS", "TRANSP", "CLASS", "TRIGGER", "COMPLETED", "CREATED", "DTSTAMP", "LAST-MODIFIED",
            "FREEBUSY", "TZID", "X-APPLE-STRUCTURED-LOCATION", "SEQUENCE", "PRIORITY"};
    static final String[] PARAMETERS = {"PARTSTAT", "ROLE", "CN", "TZID", "VALUE", "RELATED", "MEMBER",
            "DELEGATED-TO", "DELEGATED-FROM", "CUTYPE", "RSVP", "FBTYPE", "RANGE", "X-TITLE", "SCHEDULE-STATUS"};
    static final String[] TEXTS = {"", "meeting", "Event", "mailto:", "MAILTO:CYRUS@EXAMPLE.COM", "NEEDS-ACTION",
            "ACCEPTED", "work", "e", "\u00df", "SS", "\ufb01", "FI", "\u0130", "i\u0307", "caf\u00e9", "CAFE\u0301",
            "\\", "%", "US/Eastern"};
    static final String[] COLLATIONS = {null, TextMatch.ASCII_CASEMAP, TextMatch.OCTET, TextMatch.UNICODE_CASEMAP,
            "I;OCTET", " i;unicode-casemap ", "i;basic"};
    static final ZoneId[] ZONES = {ZoneOffset.UTC, ZoneId.of("America/New_York"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("Pacific/Kiritimati"), ZoneId.of("Pacific/Pago_Pago"), ZoneOffset.ofHours(18),
            ZoneOffset.ofHours(-18), ZoneId.of("Australia/Lord_Howe")};
    /** Instants at the boundaries of the Appendix B events and the RFC 4791 §7.8 examples. */
    static final Instant[] NOTABLE = {Instant.parse("2006-01-04T00:00:00Z"), Instant.parse("2006-01-05T00:00:00Z"),
            Instant.parse("2006-01-03T00:00:00Z"), Instant.parse("2006-01-02T15:00:00Z"),
            Instant.parse("2006-01-02T16:00:00Z"), Instant.parse("2024-03-04T09:30:00Z"), NOW};
    /** The range of {@code yyyyMMdd'T'HHmmss'Z'} values the server's time-range parser accepts. */
    static final long FIRST_SECOND = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    static final long LAST_SECOND = Instant.parse("+999999999-12-31T23:59:59Z").getEpochSecond();
    static final int MAX_DEPTH = 4;

    static {
        for (String name : SEED_NAMES) {
            try (InputStream in = QueryEvaluatorFuzzTest.class.getResourceAsStream(
                    "IcalValidationFuzzTestInputs/validate/" + name)) {
                assertNotNull(in, name);
                CALENDARS.add(PARSER.validate(in.readAllBytes(), STORABLE, ZoneOffset.UTC, NOW).calendar());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CalendarDataException e) {
                throw new AssertionError(name + " must be storable", e);
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void matches(FuzzedDataProvider data) throws Exception {
        Calendar calendar = calendar(data);
        ZoneId zone = ZONES[data.consumeInt(0, ZONES.length - 1)];
        CompFilter filter;
        try {
            filter = compFilter(data, 0);
        } catch (IllegalArgumentException e) {
            return; // refused at construction, as the request parser refuses it (403 CALDAV:valid-filter)
        }
        try {
            CalendarQueryEvaluator.checkCollations(filter);
        } catch (UnsupportedCollationException e) {
            return; // 403 CALDAV:supported-collation
        }
        CompFilter f = filter;
        Bounded.call(CALL_LIMIT, "CalendarQueryEvaluator.matches", () -> EVALUATOR.matches(calendar, f, zone));
    }

    private static Calendar calendar(FuzzedDataProvider data) {
        int pick = data.consumeInt(0, CALENDARS.size());
        if (pick < CALENDARS.size()) {
            return CALENDARS.get(pick);
        }
        byte[] body = data.consumeBytes(data.consumeInt(0, 4096));
        try {
            return PARSER.validate(body, STORABLE, ZoneOffset.UTC, NOW).calendar();
        } catch (CalendarDataException e) {
            return CALENDARS.get(0);
        }
    }

    private static CompFilter compFilter(FuzzedDataProvider data, int depth) {
        String name = depth == 0 && data.consumeInt(0, 15) != 0 ? "VCALENDAR" : name(data, COMPONENTS);
        if (data.consumeInt(0, 5) == 0) {
            boolean alone = data.consumeBoolean();
            return new CompFilter(name, true, alone ? null : timeRange(data), List.of(), List.of());
        }
        TimeRange range = data.consumeBoolean() ? timeRange(data) : null;
        List<PropFilter> props = new ArrayList<>();
        List<CompFilter> comps = new ArrayList<>();
        if (depth < MAX_DEPTH) {
            for (int i = data.consumeInt(0, 3); i > 0; i--) {
                props.add(propFilter(data));
            }
            for (int i = data.consumeInt(0, 3); i > 0; i--) {
                comps.add(compFilter(data, depth + 1));
            }
        }
        return new CompFilter(name, false, range, props, comps);
    }

    private static PropFilter propFilter(FuzzedDataProvider data) {
        String name = name(data, PROPERTIES);
        boolean notDefined = data.consumeInt(0, 5) == 0;
        TimeRange range = null;
        TextMatch text = null;
        switch (data.consumeInt(0, 3)) {
            case 1 -> range = timeRange(data);
            case 2 -> text = textMatch(data);
            case 3 -> {
                range = timeRange(data);
                text = textMatch(data);
            }
            default -> {
            }
        }
        List<ParamFilter> params = new ArrayList<>();
        for (int i = data.consumeInt(0, 2); i > 0; i--) {
            params.add(new ParamFilter(name(data, PARAMETERS), data.consumeInt(0, 3) == 0,
                    data.consumeBoolean() ? textMatch(data) : null));
        }
        return new PropFilter(name, notDefined, range, text, params);
    }

    private static TextMatch textMatch(FuzzedDataProvider data) {
        int t = data.consumeInt(0, TEXTS.length);
        String text = t < TEXTS.length ? TEXTS[t] : data.consumeString(24);
        int c = data.consumeInt(0, COLLATIONS.length);
        String collation = c < COLLATIONS.length ? COLLATIONS[c] : data.consumeString(20);
        return new TextMatch(text, collation, data.consumeBoolean());
    }

    private static TimeRange timeRange(FuzzedDataProvider data) {
        return new TimeRange(instant(data), instant(data));
    }

    private static Instant instant(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 4)) {
            case 0:
                return null;
            case 1:
                return NOTABLE[data.consumeInt(0, NOTABLE.length - 1)];
            case 2:
                return Instant.ofEpochSecond(data.consumeLong(FIRST_SECOND, LAST_SECOND));
            default:
                Instant base = NOTABLE[data.consumeInt(0, NOTABLE.length - 1)];
                return base.plusSeconds(data.consumeLong(-3 * 366 * 86_400L, 3 * 366 * 86_400L));
        }
    }

    /** A name of the vocabulary (sometimes in lower case, as the evaluator compares case-insensitively) or any. */
    private static String name(FuzzedDataProvider data, String[] vocabulary) {
        int i = data.consumeInt(0, vocabulary.length);
        if (i == vocabulary.length) {
            return data.consumeString(16);
        }
        return data.consumeInt(0, 7) == 0 ? vocabulary[i].toLowerCase(Locale.ROOT) : vocabulary[i];
    }
}
