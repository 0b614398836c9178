package io.calroom.ical;

import static io.calroom.ical.Ics.calendar;
import static io.calroom.ical.Ics.component;
import static io.calroom.ical.Ics.event;
import static io.calroom.ical.Ics.journal;
import static io.calroom.ical.Ics.t;
import static io.calroom.ical.Ics.todo;
import static io.calroom.ical.StoreOverlap.endGe;
import static io.calroom.ical.StoreOverlap.endGt;
import static io.calroom.ical.StoreOverlap.startLe;
import static io.calroom.ical.StoreOverlap.startLt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every row of the RFC 4791 §9.9 tables: the occurrences computed for a component, stored and intersected as the
 * store does ({@link StoreOverlap}), must match exactly the condition of the table, for query ranges around every
 * relevant instant (±0, ±1µs, ±1s, ±1h, ±1d, and open-ended).
 */
class Rfc4791TimeRangeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    interface Condition {
        boolean matches(Instant start, Instant end);
    }

    private static List<Occurrence> occurrences(String body, ZoneId floating) throws CalendarDataException {
        return Ics.validate(body, floating).occurrences();
    }

    private static void assertSameAsRfc(List<Occurrence> occurrences, Condition rfc, Instant... around) {
        int checked = 0;
        for (Instant[] q : StoreOverlap.queryRanges(around)) {
            boolean expected = rfc.matches(q[0], q[1]);
            boolean actual = StoreOverlap.anyOverlaps(occurrences, q[0], q[1]);
            assertEquals(expected, actual, () -> "query [" + q[0] + ", " + q[1] + ") against " + occurrences);
            checked++;
        }
        assertTrue(checked > 40, "too few query ranges: " + checked);
    }

    @Nested
    @DisplayName("VEVENT table")
    class Vevent {

        @Test
        void rfc4791_9_9_dtend_rowY_N_N() throws Exception {
            Instant s = t("2024-05-06T10:00:00Z");
            Instant e = t("2024-05-06T11:30:00Z");
            List<Occurrence> o = occurrences(event("DTSTART:20240506T100000Z", "DTEND:20240506T113000Z"), Ics.UTC);
            assertSameAsRfc(o, (start, end) -> startLt(start, e) && endGt(end, s), s, e);
        }

        @Test
        void rfc4791_9_9_dtend_zoned_acrossDst() throws Exception {
            // 2024-03-31 01:30 CET (00:30Z) to 03:30 CEST (01:30Z): one hour
            Instant s = t("2024-03-31T00:30:00Z");
            Instant e = t("2024-03-31T01:30:00Z");
            List<Occurrence> o = occurrences(event("DTSTART;TZID=Europe/Berlin:20240331T013000",
                    "DTEND;TZID=Europe/Berlin:20240331T033000"), Ics.UTC);
            assertEquals(List.of(s), o.stream().map(Occurrence::start).toList());
            assertSameAsRfc(o, (start, end) -> startLt(start, e) && endGt(end, s), s, e);
        }

        @Test
        void rfc4791_9_9_dtend_allDay_dates_inFloatingZone() throws Exception {
            Instant s = t("2024-03-29T23:00:00Z"); // 2024-03-30 00:00 CET
            Instant e = t("2024-04-01T22:00:00Z"); // 2024-04-02 00:00 CEST
            List<Occurrence> o = occurrences(event("DTSTART;VALUE=DATE:20240330", "DTEND;VALUE=DATE:20240402"),
                    BERLIN);
            assertTrue(o.get(0).allDay());
            assertTrue(o.get(0).floating());
            assertSameAsRfc(o, (start, end) -> startLt(start, e) && endGt(end, s), s, e);
        }

        @Test
        void rfc4791_9_9_dtendEqualToDtstart_isAcceptedAsZeroLength() throws Exception {
            // RFC 5545 wants DTEND > DTSTART; clients send DTEND = DTSTART for reminders: treated like DURATION:PT0S
            Instant s = t("2024-05-06T10:00:00Z");
            List<Occurrence> o = occurrences(event("DTSTART:20240506T100000Z", "DTEND:20240506T100000Z"), Ics.UTC);
            assertTrue(o.get(0).isPoint());
            assertSameAsRfc(o, (start, end) -> startLe(start, s) && endGt(end, s), s);
        }

        @Test
        void rfc4791_9_9_durationPositive_rowN_Y_Y() throws Exception {
            Instant s = t("2024-05-06T10:00:00Z");
            Instant e = t("2024-05-06T10:45:00Z");
            List<Occurrence> o = occurrences(event("DTSTART:20240506T100000Z", "DURATION:PT45M"), Ics.UTC);
            assertSameAsRfc(o, (start, end) -> startLt(start, e) && endGt(end, s), s, e);
        }

        @Test
        void rfc4791_9_9_durationOneDay_isNominal_acrossDst() throws Exception {
            // RFC 5545 §3.3.6: P1D from 2024-03-30 12:00 Berlin ends 2024-03-31 12:00 Berlin = 23 hours later
            Instant s = t("2024-03-30T11:00:00Z");
            Instant e = t("2024-03-31T10:00:00Z");
            List<Occurrence> o = occurrences(event("DTSTART;TZID=Europe/Berlin:20240330T120000", "DURATION:P1D"),
                    Ics.UTC);
            assertEquals(e, o.get(0).end());
            assertSameAsRfc(o, (start, end) -> startLt(start, e) && endGt(end, s), s, e);
        }

        @Test
        void rfc4791_9_9_durationZero_rowN_Y_N() throws Exception {
            Instant s = t("2024-05-06T10:00:00Z");
            List<Occurrence> o = occurrences(event("DTSTART:20240506T100000Z", "DURATION:PT0S"), Ics.UTC);
            assertSameAsRfc(o, (start, end) -> startLe(start, s) && endGt(end, s), s);
        }

        @Test
        void rfc4791_9_9_noEnd_dateTime_rowN_N_N_Y() throws Exception {
            Instant s = t("2024-05-06T10:00:00Z");
            List<Occurrence> o = occurrences(event("DTSTART:20240506T100000Z"), Ics.UTC);
            assertTrue(o.get(0).isPoint());
            assertSameAsRfc(o, (start, end) -> startLe(start, s) && endGt(end, s), s);
        }

        @Test
        void rfc4791_9_9_noEnd_date_rowN_N_N_N_isOneDay() throws Exception {
            Instant s = t("2024-05-05T22:00:00Z"); // 2024-05-06 00:00 CEST
            Instant e = t("2024-05-06T22:00:00Z");
            List<Occurrence> o = occurrences(event("DTSTART;VALUE=DATE:20240506"), BERLIN);
            assertSameAsRfc(o, (start, end) -> startLt(start, e) && endGt(end, s), s, e);
        }

        @Test
        void rfc4791_9_9_noEnd_date_onDstDay_is23Hours() throws Exception {
            Instant s = t("2024-03-30T23:00:00Z");
            Instant e = t("2024-03-31T22:00:00Z");
            List<Occurrence> o = occurrences(event("DTSTART;VALUE=DATE:20240331"), BERLIN);
            assertEquals(e, o.get(0).end());
            assertSameAsRfc(o, (start, end) -> startLt(start, e) && endGt(end, s), s, e);
        }

        @Test
        void rfc4791_9_9_everyRecurrenceInstance_dateValues() throws Exception {
            // "Time range tests MUST consider every recurrence instance"
            List<Occurrence> o = occurrences(event("DTSTART;VALUE=DATE:20240329", "RRULE:FREQ=DAILY;COUNT=3"), BERLIN);
            Instant[] starts = {t("2024-03-28T23:00:00Z"), t("2024-03-29T23:00:00Z"), t("2024-03-30T23:00:00Z")};
            Instant[] ends = {t("2024-03-29T23:00:00Z"), t("2024-03-30T23:00:00Z"), t("2024-03-31T22:00:00Z")};
            assertEquals(Arrays.asList(starts), o.stream().map(Occurrence::start).toList());
            assertEquals(Arrays.asList(ends), o.stream().map(Occurrence::end).toList());
            assertSameAsRfc(o, (start, end) -> {
                for (int i = 0; i < 3; i++) {
                    if (startLt(start, ends[i]) && endGt(end, starts[i])) {
                        return true;
                    }
                }
                return false;
            }, starts[0], starts[1], starts[2], ends[2]);
        }

        @Test
        void rfc4791_9_9_everyRecurrenceInstance_zeroLength() throws Exception {
            List<Occurrence> o = occurrences(event("DTSTART:20240506T100000Z", "RRULE:FREQ=HOURLY;COUNT=2"), Ics.UTC);
            Instant a = t("2024-05-06T10:00:00Z");
            Instant b = t("2024-05-06T11:00:00Z");
            assertSameAsRfc(o, (start, end) -> (startLe(start, a) && endGt(end, a)) || (startLe(start, b)
                    && endGt(end, b)), a, b);
        }
    }

    @Nested
    @DisplayName("VTODO table")
    class Vtodo {

        private final Instant s = t("2024-05-06T10:00:00Z");

        @Test
        void rfc4791_9_9_dtstartDuration_rowY_Y_N() throws Exception {
            Instant e = t("2024-05-06T12:00:00Z");
            List<Occurrence> o = occurrences(todo("DTSTART:20240506T100000Z", "DURATION:PT2H"), Ics.UTC);
            assertSameAsRfc(o, (start, end) -> startLe(start, e) && (endGt(end, s) || endGe(end, e)), s, e);
        }

        @Test
        void rfc4791_9_9_dtstartDuration_zero() throws Exception {
            List<Occurrence> o = occurrences(todo("DTSTART:20240506T100000Z", "DURATION:PT0S"), Ics.UTC);
            assertSameAsRfc(o, (start, end) -> startLe(start, s) && (endGt(end, s) || endGe(end, s)), s);
        }

        @Test
        void rfc4791_9_9_dtstartDue_rowY_N_Y() throws Exception {
            Instant due = t("2024-05-08T17:00:00Z");
            List<Occurrence> o = occurrences(todo("DTSTART:20240506T100000Z", "DUE:20240508T170000Z"), Ics.UTC);
            assertSameAsRfc(o, (start, end) -> (startLt(start, due) || startLe(start, s))
                    && (endGt(end, s) || endGe(end, due)), s, due);
        }

        @Test
        void rfc4791_9_9_dtstartDue_equal() throws Exception {
            List<Occurrence> o = occurrences(todo("DTSTART:20240506T100000Z", "DUE:20240506T100000Z"), Ics.UTC);
            assertSameAsRfc(o, (start, end) -> (startLt(start, s) || startLe(start, s))
                    && (endGt(end, s) || endGe(end, s)), s);
        }

        @Test
        void rfc4791_9_9_dtstartOnly_rowY_N_N() throws Exception {
            List<Occurrence> o = occurrences(todo("DTSTART:20240506T100000Z"), Ics.UTC);
            assertSameAsRfc(o, (start, end) -> startLe(start, s) && endGt(end, s), s);
        }

        @Test
        void rfc4791_9_9_dtstartOnly_date() throws Exception {
            Instant midnight = t("2024-05-05T22:00:00Z");
            List<Occurrence> o = occurrences(todo("DTSTART;VALUE=DATE:20240506"), BERLIN);
            assertTrue(o.get(0).allDay());
            assertSameAsRfc(o, (start, end) -> startLe(start, midnight) && endGt(end, midnight), midnight);
        }

        @Test
        void rfc4791_9_9_dueOnly_rowN_N_Y() throws Exception {
            Instant due = t("2024-05-08T17:00:00Z");
            List<Occurrence> o = occurrences(todo("DUE:20240508T170000Z"), Ics.UTC);
            assertSameAsRfc(o, (start, end) -> startLt(start, due) && endGe(end, due), due);
        }

        @Test
        void rfc4791_9_9_completedAndCreated_rowN_N_N_Y_Y() throws Exception {
            Instant created = t("2024-05-01T08:00:00Z");
            Instant completed = t("2024-05-03T09:00:00Z");
            List<Occurrence> o = occurrences(todo("CREATED:20240501T080000Z", "COMPLETED:20240503T090000Z"),
                    Ics.UTC);
            assertSameAsRfc(o, (start, end) -> (startLe(start, created) || startLe(start, completed))
                    && (endGe(end, created) || endGe(end, completed)), created, completed);
        }

        @Test
        void rfc4791_9_9_completedBeforeCreated() throws Exception {
            Instant created = t("2024-05-03T09:00:00Z");
            Instant completed = t("2024-05-01T08:00:00Z");
            List<Occurrence> o = occurrences(todo("CREATED:20240503T090000Z", "COMPLETED:20240501T080000Z"),
                    Ics.UTC);
            assertSameAsRfc(o, (start, end) -> (startLe(start, created) || startLe(start, completed))
                    && (endGe(end, created) || endGe(end, completed)), created, completed);
        }

        @Test
        void rfc4791_9_9_completedEqualsCreated() throws Exception {
            Instant c = t("2024-05-03T09:00:00Z");
            List<Occurrence> o = occurrences(todo("CREATED:20240503T090000Z", "COMPLETED:20240503T090000Z"),
                    Ics.UTC);
            assertSameAsRfc(o, (start, end) -> startLe(start, c) && endGe(end, c), c);
        }

        @Test
        void rfc4791_9_9_completedOnly_rowN_N_N_Y_N() throws Exception {
            Instant completed = t("2024-05-03T09:00:00Z");
            List<Occurrence> o = occurrences(todo("COMPLETED:20240503T090000Z"), Ics.UTC);
            assertSameAsRfc(o, (start, end) -> startLe(start, completed) && endGe(end, completed), completed);
        }

        @Test
        void rfc4791_9_9_createdOnly_rowN_N_N_N_Y() throws Exception {
            Instant created = t("2024-05-01T08:00:00Z");
            List<Occurrence> o = occurrences(todo("CREATED:20240501T080000Z"), Ics.UTC);
            assertEquals(null, o.get(0).end());
            assertSameAsRfc(o, (start, end) -> endGt(end, created), created);
        }

        @Test
        void rfc4791_9_9_none_rowN_N_N_N_N_matchesEverything() throws Exception {
            List<Occurrence> o = occurrences(todo("SUMMARY:someday"), Ics.UTC);
            assertEquals(null, o.get(0).start());
            assertEquals(null, o.get(0).end());
            assertSameAsRfc(o, (start, end) -> true, t("2024-05-01T08:00:00Z"), t("1970-01-01T00:00:00Z"));
        }

        @Test
        void rfc4791_9_9_recurringTodoWithDue_everyInstance() throws Exception {
            List<Occurrence> o = occurrences(todo("DTSTART:20240506T100000Z", "DUE:20240506T120000Z",
                    "RRULE:FREQ=DAILY;COUNT=2"), Ics.UTC);
            Instant s1 = s;
            Instant d1 = t("2024-05-06T12:00:00Z");
            Instant s2 = t("2024-05-07T10:00:00Z");
            Instant d2 = t("2024-05-07T12:00:00Z");
            assertSameAsRfc(o, (start, end) ->
                    ((startLt(start, d1) || startLe(start, s1)) && (endGt(end, s1) || endGe(end, d1)))
                            || ((startLt(start, d2) || startLe(start, s2)) && (endGt(end, s2) || endGe(end, d2))),
                    s1, d1, s2, d2);
        }

        @Test
        void rfc4791_9_9_recurringTodoWithDuration_everyInstance() throws Exception {
            List<Occurrence> o = occurrences(todo("DTSTART:20240506T100000Z", "DURATION:PT1H",
                    "RRULE:FREQ=DAILY;COUNT=2"), Ics.UTC);
            Instant s2 = t("2024-05-07T10:00:00Z");
            Instant e1 = t("2024-05-06T11:00:00Z");
            Instant e2 = t("2024-05-07T11:00:00Z");
            assertSameAsRfc(o, (start, end) -> (startLe(start, e1) && (endGt(end, s) || endGe(end, e1)))
                    || (startLe(start, e2) && (endGt(end, s2) || endGe(end, e2))), s, e1, s2, e2);
        }
    }

    @Nested
    @DisplayName("VJOURNAL table")
    class Vjournal {

        @Test
        void rfc4791_9_9_dateTime_rowY_Y() throws Exception {
            Instant s = t("2024-05-06T10:00:00Z");
            List<Occurrence> o = occurrences(journal("DTSTART:20240506T100000Z"), Ics.UTC);
            assertSameAsRfc(o, (start, end) -> startLe(start, s) && endGt(end, s), s);
        }

        @Test
        void rfc4791_9_9_date_rowY_N() throws Exception {
            Instant s = t("2024-05-05T22:00:00Z");
            Instant e = t("2024-05-06T22:00:00Z");
            List<Occurrence> o = occurrences(journal("DTSTART;VALUE=DATE:20240506"), BERLIN);
            assertSameAsRfc(o, (start, end) -> startLt(start, e) && endGt(end, s), s, e);
        }

        @Test
        void rfc4791_9_9_noDtstart_rowN_matchesNothing() throws Exception {
            List<Occurrence> o = occurrences(journal("SUMMARY:notes"), Ics.UTC);
            assertTrue(o.isEmpty());
            assertSameAsRfc(o, (start, end) -> false, t("2024-05-06T10:00:00Z"));
        }
    }

    @Nested
    @DisplayName("RFC 4791 §7.8 examples on the Appendix B data")
    class AppendixBQueries {

        private boolean matches(String resource, String qs, String qe) throws Exception {
            List<Occurrence> o = Ics.validate(Ics.resource(resource)).occurrences();
            return StoreOverlap.anyOverlaps(o, qs == null ? null : t(qs), qe == null ? null : t(qe));
        }

        @Test
        void rfc4791_7_8_1_eventsOnJanuary4() throws Exception {
            assertFalse(matches("rfc4791-abcd1.ics", "2006-01-04T00:00:00Z", "2006-01-05T00:00:00Z"));
            assertTrue(matches("rfc4791-abcd2.ics", "2006-01-04T00:00:00Z", "2006-01-05T00:00:00Z"));
            assertTrue(matches("rfc4791-abcd3.ics", "2006-01-04T00:00:00Z", "2006-01-05T00:00:00Z"));
        }

        @Test
        void rfc4791_7_8_2_eventsOnJanuary3And4() throws Exception {
            assertFalse(matches("rfc4791-abcd1.ics", "2006-01-03T00:00:00Z", "2006-01-05T00:00:00Z"));
            assertTrue(matches("rfc4791-abcd2.ics", "2006-01-03T00:00:00Z", "2006-01-05T00:00:00Z"));
            assertTrue(matches("rfc4791-abcd3.ics", "2006-01-03T00:00:00Z", "2006-01-05T00:00:00Z"));
        }

        @Test
        void rfc4791_9_9_todosWithDateDue() throws Exception {
            // abcd4: DUE;VALUE=DATE:20060104 (UTC floating zone) → (start < DUE AND end >= DUE)
            assertTrue(matches("rfc4791-abcd4.ics", "2006-01-03T00:00:00Z", "2006-01-04T00:00:01Z"));
            assertTrue(matches("rfc4791-abcd4.ics", "2006-01-03T00:00:00Z", "2006-01-04T00:00:00Z"));
            assertFalse(matches("rfc4791-abcd4.ics", "2006-01-04T00:00:00Z", "2006-01-05T00:00:00Z"));
            assertFalse(matches("rfc4791-abcd4.ics", "2006-01-02T00:00:00Z", "2006-01-03T23:59:59Z"));
        }
    }
}
