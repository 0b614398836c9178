package io.calroom.ical;

import static io.calroom.ical.Ics.calendar;
import static io.calroom.ical.Ics.component;
import static io.calroom.ical.Ics.event;
import static io.calroom.ical.Ics.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.fortuna.ical4j.model.Calendar;
import org.junit.jupiter.api.Test;

/** Recurrence expansion (RFC 5545 §3.8.5) through {@link OccurrenceExpander} and {@link CalendarObjectParser}. */
class OccurrenceExpanderTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private final CalendarObjectParser parser = new CalendarObjectParser(CalendarObjectLimits.defaults());
    private final OccurrenceExpander expander = new OccurrenceExpander(CalendarObjectLimits.defaults());

    private OccurrenceExpander.Expansion expand(String body, Instant windowStart, Instant windowEnd)
            throws CalendarDataException {
        Calendar calendar = parser.parse(Ics.bytes(body));
        return expander.expand(calendar, Ics.UTC, windowStart, windowEnd);
    }

    private static List<Instant> starts(List<Occurrence> occurrences) {
        return occurrences.stream().map(Occurrence::start).toList();
    }

    /**
     * RFC 5545 §3.3.10: WKST "The default value is MO", whatever the JVM's locale. Weeks of an INTERVAL=2 rule are
     * counted from the Monday-started week holding DTSTART (Sunday 18 January 2026): the weeks of 26 January,
     * 9 February, 23 February, ... hold a Thursday and a Sunday each; the week of Monday 16 February holds none.
     * With a Sunday-first locale (en_US, as CI runs this test) ical4j put the Sunday and the following Thursday in
     * one week and answered 22 January, 5 and 19 February, ...
     */
    @Test
    void rfc5545_3_3_10_weeklyIntervalCountsMondayWeeks_whateverTheDefaultLocale() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART;TZID=Europe/Paris:20260118T160000",
                "DURATION:PT30M", "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,SU;UNTIL=20260331T235959Z"));
        List<LocalDate> days = v.occurrences().stream()
                .map(o -> LocalDate.ofInstant(o.start(), ZoneId.of("Europe/Paris"))).toList();
        assertEquals(List.of(LocalDate.of(2026, 1, 18), LocalDate.of(2026, 1, 29), LocalDate.of(2026, 2, 1),
                LocalDate.of(2026, 2, 12), LocalDate.of(2026, 2, 15), LocalDate.of(2026, 2, 26),
                LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 12), LocalDate.of(2026, 3, 15),
                LocalDate.of(2026, 3, 26), LocalDate.of(2026, 3, 29)), days);
        // 16:00 in Paris: CET until the 29 March change, then CEST
        assertEquals(t("2026-01-18T15:00:00Z"), v.occurrences().get(0).start());
        assertEquals(t("2026-03-29T14:00:00Z"), v.occurrences().get(10).start());
        assertFalse(v.unbounded());
    }

    @Test
    void weeklyBerlinMeeting_followsDst() throws Exception {
        // a weekly 10:00 Europe/Berlin event is 09:00Z in winter and 08:00Z in summer
        ValidatedCalendarObject v = Ics.validate(event("DTSTART;TZID=Europe/Berlin:20240318T100000",
                "DTEND;TZID=Europe/Berlin:20240318T110000", "RRULE:FREQ=WEEKLY;COUNT=34"));
        List<Instant> s = starts(v.occurrences());
        assertEquals(t("2024-03-18T09:00:00Z"), s.get(0));
        assertEquals(t("2024-03-25T09:00:00Z"), s.get(1));
        assertEquals(t("2024-04-01T08:00:00Z"), s.get(2));
        assertEquals(t("2024-10-21T08:00:00Z"), s.get(31));
        assertEquals(t("2024-10-28T09:00:00Z"), s.get(32));
        for (Occurrence o : v.occurrences()) {
            assertEquals(Duration.ofHours(1), Duration.between(o.start(), o.end()));
        }
    }

    @Test
    void ianaTzidWithoutVtimezone_usesBuiltInZone() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART;TZID=America/New_York:20240308T090000",
                "RRULE:FREQ=DAILY;COUNT=3", "DURATION:PT30M"));
        assertEquals(List.of(t("2024-03-08T14:00:00Z"), t("2024-03-09T14:00:00Z"), t("2024-03-10T13:00:00Z")),
                starts(v.occurrences()));
    }

    @Test
    void rfc5545_3_3_5_localTimeInDstGap_usesOffsetBeforeGap() throws Exception {
        // 02:30 does not exist on 2024-03-31 in Berlin: read with +01:00 (= 03:30 CEST)
        ValidatedCalendarObject v = Ics.validate(event("DTSTART;TZID=Europe/Berlin:20240331T023000"));
        assertEquals(t("2024-03-31T01:30:00Z"), v.firstStart());
    }

    @Test
    void rfc5545_3_3_5_ambiguousLocalTime_meansFirstOccurrence() throws Exception {
        // 02:30 occurs twice on 2024-10-27 in Berlin: the first one is CEST (+02:00)
        ValidatedCalendarObject v = Ics.validate(event("DTSTART;TZID=Europe/Berlin:20241027T023000"));
        assertEquals(t("2024-10-27T00:30:00Z"), v.firstStart());
    }

    @Test
    void floatingTimes_areReadInTheCalendarZone() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART:20240506T100000", "DTEND:20240506T110000"), BERLIN);
        Occurrence o = v.occurrences().get(0);
        assertEquals(t("2024-05-06T08:00:00Z"), o.start());
        assertTrue(o.floating());
        assertFalse(o.allDay());
        assertNull(o.recurrenceId());
        Occurrence utc = Ics.validate(event("DTSTART:20240506T100000Z")).occurrences().get(0);
        assertFalse(utc.floating());
    }

    @Test
    void rfc5545_3_8_5_3_dtstartCountsAsFirstInstance_evenIfNotMatchingTheRule() throws Exception {
        // Sunday DTSTART, BYDAY=MO, COUNT=3: the Sunday and two Mondays
        ValidatedCalendarObject v = Ics.validate(event("DTSTART:20240505T100000Z",
                "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3"));
        assertEquals(List.of(t("2024-05-05T10:00:00Z"), t("2024-05-06T10:00:00Z"), t("2024-05-13T10:00:00Z")),
                starts(v.occurrences()));
        assertFalse(v.unbounded());
    }

    @Test
    void rfc5545_3_3_10_untilIsInclusive() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART;TZID=Europe/Berlin:20240506T100000",
                "RRULE:FREQ=DAILY;UNTIL=20240508T080000Z"));
        assertEquals(3, v.occurrences().size());
        assertFalse(v.unbounded());
        assertEquals(t("2024-05-08T08:00:00Z"), v.lastEnd());
        ValidatedCalendarObject dates = Ics.validate(event("DTSTART;VALUE=DATE:20240506",
                "RRULE:FREQ=DAILY;UNTIL=20240508"));
        assertEquals(3, dates.occurrences().size());
        assertEquals(t("2024-05-09T00:00:00Z"), dates.lastEnd());
    }

    @Test
    void untilBeyondTheHorizon_isUnbounded() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART:20240506T100000Z",
                "RRULE:FREQ=WEEKLY;UNTIL=20991231T000000Z"));
        assertTrue(v.unbounded());
        assertNull(v.lastEnd());
        Instant windowEnd = t("2024-05-06T10:00:00Z").plus(Duration.ofDays(730));
        assertEquals(windowEnd, v.expandedUntil());
        assertTrue(v.occurrences().get(v.occurrences().size() - 1).start().isBefore(windowEnd));
        assertEquals(105, v.occurrences().size());
    }

    /**
     * A COUNT that ends just after the window: the expansion is still unbounded (the last instance lies past
     * expanded_until and must be found by a later window). Found by interop/recurrence-diff.py: the 19th instance
     * of this rule, one day after a PUT's two-year horizon, was lost.
     */
    @Test
    void countEndingPastTheWindow_isUnbounded_andTheLastInstanceIsFoundLater() throws Exception {
        String body = event("DTSTART;TZID=Pacific/Auckland:20261215T013000", "DURATION:PT1H",
                "RRULE:FREQ=YEARLY;BYMONTH=6,8,12;BYHOUR=1,4,12;BYMINUTE=30;COUNT=19");
        Instant windowEnd = t("2028-12-13T12:30:00Z");
        OccurrenceExpander.Expansion first = expand(body, null, windowEnd);
        assertEquals(18, first.occurrences().size());
        assertTrue(first.unbounded());
        OccurrenceExpander.Expansion later = expand(body, windowEnd, t("2030-01-01T00:00:00Z"));
        assertEquals(List.of(t("2028-12-14T12:30:00Z")), starts(later.occurrences()));
        assertFalse(later.unbounded());
    }

    @Test
    void openEndedRule_isExpandedFromDtstartToNowPlusHorizon() throws Exception {
        // DTSTART in the past: window ends at now + 730 days
        ValidatedCalendarObject v = Ics.validate(event("DTSTART:20230101T090000Z", "RRULE:FREQ=MONTHLY"));
        assertTrue(v.unbounded());
        assertEquals(Ics.NOW.plus(Duration.ofDays(730)), v.expandedUntil());
        assertEquals(t("2023-01-01T09:00:00Z"), v.firstStart());
        assertEquals(37, v.occurrences().size()); // 2023-01 .. 2026-01
    }

    @Test
    void rfc5545_3_8_5_1_exdateRemovesInstances_includingDtstart() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY;COUNT=4",
                "EXDATE:20240506T100000Z,20240508T100000Z"));
        assertEquals(List.of(t("2024-05-07T10:00:00Z"), t("2024-05-09T10:00:00Z")), starts(v.occurrences()));
    }

    @Test
    void exdateAsDate_onDateTimeSeries_removesThatDay() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART;TZID=Europe/Berlin:20240506T100000",
                "RRULE:FREQ=DAILY;COUNT=3", "EXDATE;VALUE=DATE:20240507"));
        assertEquals(List.of(t("2024-05-06T08:00:00Z"), t("2024-05-08T08:00:00Z")), starts(v.occurrences()));
    }

    @Test
    void exdateInAnotherZone_matchesTheSameInstant() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART;TZID=Europe/Berlin:20240506T100000",
                "RRULE:FREQ=DAILY;COUNT=3", "EXDATE:20240507T080000Z"));
        assertEquals(2, v.occurrences().size());
    }

    @Test
    void rfc5545_3_8_5_2_rdateForms() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART:20240506T100000Z", "DURATION:PT1H",
                "RDATE:20240510T120000Z,20240511T120000Z",
                "RDATE;TZID=Europe/Berlin:20240512T120000",
                "RDATE;VALUE=PERIOD:20240513T120000Z/PT3H,20240514T120000Z/20240514T123000Z"));
        assertEquals(List.of(t("2024-05-06T10:00:00Z"), t("2024-05-10T12:00:00Z"), t("2024-05-11T12:00:00Z"),
                t("2024-05-12T10:00:00Z"), t("2024-05-13T12:00:00Z"), t("2024-05-14T12:00:00Z")),
                starts(v.occurrences()));
        List<Instant> ends = v.occurrences().stream().map(Occurrence::end).toList();
        assertEquals(t("2024-05-06T11:00:00Z"), ends.get(0));
        assertEquals(t("2024-05-12T11:00:00Z"), ends.get(3));
        assertEquals(t("2024-05-13T15:00:00Z"), ends.get(4));
        assertEquals(t("2024-05-14T12:30:00Z"), ends.get(5));
        assertEquals(t("2024-05-06T10:00:00Z"), v.occurrences().get(0).recurrenceId());
        assertFalse(v.unbounded());
    }

    @Test
    void rdateAsDate_onAllDaySeries() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART;VALUE=DATE:20240506",
                "RDATE;VALUE=DATE:20240601,20240701"), BERLIN);
        assertEquals(List.of(t("2024-05-05T22:00:00Z"), t("2024-05-31T22:00:00Z"), t("2024-06-30T22:00:00Z")),
                starts(v.occurrences()));
        assertTrue(v.occurrences().stream().allMatch(Occurrence::allDay));
        assertEquals(t("2024-07-01T22:00:00Z"), v.lastEnd());
    }

    @Test
    void rfc5545_3_8_4_4_overrideReplacesInstance_andUsesItsOwnProperties() throws Exception {
        ValidatedCalendarObject v = Ics.validate(calendar(
                component("VEVENT", "DTSTART:20240506T100000Z", "DTEND:20240506T110000Z",
                        "RRULE:FREQ=DAILY;COUNT=3", "TRANSP:OPAQUE"),
                component("VEVENT", "RECURRENCE-ID:20240507T100000Z", "DTSTART:20240507T150000Z",
                        "DURATION:PT2H", "TRANSP:TRANSPARENT", "STATUS:tentative")));
        assertEquals(List.of(t("2024-05-06T10:00:00Z"), t("2024-05-07T15:00:00Z"), t("2024-05-08T10:00:00Z")),
                starts(v.occurrences()));
        Occurrence moved = v.occurrences().get(1);
        assertEquals(new Occurrence(t("2024-05-07T15:00:00Z"), t("2024-05-07T17:00:00Z"),
                t("2024-05-07T10:00:00Z"), true, "TENTATIVE", false, false), moved);
        assertFalse(v.occurrences().get(0).transparent());
    }

    @Test
    void overrideMatchingNoInstance_isAnExtraInstance() throws Exception {
        ValidatedCalendarObject v = Ics.validate(calendar(
                component("VEVENT", "DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY;COUNT=2"),
                component("VEVENT", "RECURRENCE-ID:20240520T100000Z", "DTSTART:20240520T120000Z")));
        assertEquals(List.of(t("2024-05-06T10:00:00Z"), t("2024-05-07T10:00:00Z"), t("2024-05-20T12:00:00Z")),
                starts(v.occurrences()));
        assertEquals(t("2024-05-20T12:00:00Z"), v.lastEnd());
    }

    @Test
    void thisAndFutureOverride_isTreatedAsPlainOverride() throws Exception {
        ValidatedCalendarObject v = Ics.validate(calendar(
                component("VEVENT", "DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY;COUNT=4"),
                component("VEVENT", "RECURRENCE-ID;RANGE=THISANDFUTURE:20240507T100000Z",
                        "DTSTART:20240507T110000Z")));
        assertEquals(List.of(t("2024-05-06T10:00:00Z"), t("2024-05-07T11:00:00Z"), t("2024-05-08T10:00:00Z"),
                t("2024-05-09T10:00:00Z")), starts(v.occurrences()));
    }

    @Test
    void cancelledStatus_isKept_onMasterAndOverride() throws Exception {
        ValidatedCalendarObject v = Ics.validate(calendar(
                component("VEVENT", "DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY;COUNT=2", "STATUS:CONFIRMED"),
                component("VEVENT", "RECURRENCE-ID:20240507T100000Z", "DTSTART:20240507T100000Z",
                        "STATUS:CANCELLED")));
        assertEquals(List.of("CONFIRMED", "CANCELLED"), v.occurrences().stream().map(Occurrence::status).toList());
        assertEquals("CANCELLED", Ics.validate(event("DTSTART:20240506T100000Z", "STATUS:Cancelled"))
                .occurrences().get(0).status());
    }

    @Test
    void recurringDurationIsNominal_dtendIsExact() throws Exception {
        // P1D keeps the local time across DST (23 hours), DTEND keeps the exact length (24 hours)
        Occurrence nominal = Ics.validate(event("DTSTART;TZID=Europe/Berlin:20240330T120000", "DURATION:P1D",
                "RRULE:FREQ=WEEKLY;COUNT=1")).occurrences().get(0);
        assertEquals(Duration.ofHours(23), Duration.between(nominal.start(), nominal.end()));
        List<Occurrence> exact = Ics.validate(event("DTSTART;TZID=Europe/Berlin:20240323T120000",
                "DTEND;TZID=Europe/Berlin:20240324T120000", "RRULE:FREQ=WEEKLY;COUNT=2")).occurrences();
        assertEquals(Duration.ofHours(24), Duration.between(exact.get(1).start(), exact.get(1).end()));
        List<Occurrence> days = Ics.validate(event("DTSTART;VALUE=DATE:20240323",
                "DTEND;VALUE=DATE:20240325", "RRULE:FREQ=WEEKLY;COUNT=2"), BERLIN).occurrences();
        assertEquals(t("2024-03-29T23:00:00Z"), days.get(1).start());
        assertEquals(t("2024-03-31T22:00:00Z"), days.get(1).end());
    }

    @Test
    void rfc5545_3_3_10_byHourIsIgnoredForDateSeries() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART;VALUE=DATE:20240506",
                "RRULE:FREQ=DAILY;COUNT=2;BYHOUR=9,10"));
        assertEquals(List.of(t("2024-05-06T00:00:00Z"), t("2024-05-07T00:00:00Z")), starts(v.occurrences()));
    }

    @Test
    void monthlyOn31st_skipsShortMonths() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART:20240131T100000Z", "RRULE:FREQ=MONTHLY;COUNT=4"));
        assertEquals(List.of(t("2024-01-31T10:00:00Z"), t("2024-03-31T10:00:00Z"), t("2024-05-31T10:00:00Z"),
                t("2024-07-31T10:00:00Z")), starts(v.occurrences()));
    }

    @Test
    void twoRrules_areUnited() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART:20240506T100000Z",
                "RRULE:FREQ=WEEKLY;COUNT=2;BYDAY=MO", "RRULE:FREQ=WEEKLY;COUNT=2;BYDAY=MO,WE"));
        assertEquals(List.of(t("2024-05-06T10:00:00Z"), t("2024-05-08T10:00:00Z"), t("2024-05-13T10:00:00Z")),
                starts(v.occurrences()));
    }

    @Test
    void recurringTodo_andJournal() throws Exception {
        ValidatedCalendarObject todo = Ics.validate(Ics.todo("DTSTART:20240506T090000Z", "DUE:20240506T170000Z",
                "RRULE:FREQ=WEEKLY;COUNT=3", "STATUS:NEEDS-ACTION"));
        assertEquals("VTODO", todo.componentType());
        assertEquals(3, todo.occurrences().size());
        assertEquals(t("2024-05-20T17:00:00Z"), todo.lastEnd());
        assertFalse(todo.occurrences().get(0).transparent());
        ValidatedCalendarObject journal = Ics.validate(Ics.journal("DTSTART;VALUE=DATE:20240506",
                "RRULE:FREQ=DAILY;COUNT=2"));
        assertEquals(List.of(t("2024-05-06T00:00:00Z"), t("2024-05-07T00:00:00Z")), starts(journal.occurrences()));
        assertEquals(t("2024-05-08T00:00:00Z"), journal.lastEnd());
    }

    @Test
    void futureDtstart_windowStartsAtDtstart() throws Exception {
        ValidatedCalendarObject v = Ics.validate(event("DTSTART:20300101T090000Z", "RRULE:FREQ=YEARLY"));
        assertEquals(t("2030-01-01T09:00:00Z").plus(Duration.ofDays(730)), v.expandedUntil());
        assertEquals(2, v.occurrences().size());
    }

    @Test
    void explicitWindows_partitionTheRecurrenceSet() throws Exception {
        String body = calendar(
                component("VEVENT", "DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY",
                        "RDATE:20240510T150000Z,20240601T150000Z", "EXDATE:20240509T100000Z"),
                component("VEVENT", "RECURRENCE-ID:20240508T100000Z", "DTSTART:20240508T130000Z"),
                component("VEVENT", "RECURRENCE-ID:20240605T100000Z", "DTSTART:20240605T130000Z"));
        Instant w1 = t("2024-05-20T00:00:00Z");
        Instant w2 = t("2024-07-01T00:00:00Z");
        OccurrenceExpander.Expansion first = expand(body, null, w1);
        OccurrenceExpander.Expansion second = expand(body, w1, w2);
        OccurrenceExpander.Expansion whole = expand(body, null, w2);
        assertTrue(first.unbounded());
        assertEquals(w1, first.expandedUntil());
        assertTrue(first.occurrences().stream().allMatch(o -> o.recurrenceId().isBefore(w1)));
        assertTrue(second.occurrences().stream().noneMatch(o -> o.recurrenceId().isBefore(w1)));
        List<Occurrence> joined = new ArrayList<>(first.occurrences());
        joined.addAll(second.occurrences());
        assertEquals(whole.occurrences(), joined);
        assertTrue(starts(whole.occurrences()).contains(t("2024-06-05T13:00:00Z")));
        assertTrue(starts(whole.occurrences()).contains(t("2024-06-01T15:00:00Z")));
        assertFalse(starts(whole.occurrences()).contains(t("2024-05-09T10:00:00Z")));
    }

    @Test
    void windowStartFarAfterDtstart_isFast() throws Exception {
        // no COUNT: ical4j jumps to the window instead of iterating 40 years of minutes
        String body = event("DTSTART:19840101T000000Z", "RRULE:FREQ=MINUTELY;INTERVAL=15");
        long started = System.nanoTime();
        OccurrenceExpander.Expansion e = expand(body, t("2024-05-06T00:00:00Z"), t("2024-05-07T00:00:00Z"));
        assertEquals(96, e.occurrences().size());
        assertEquals(t("2024-05-06T00:00:00Z"), e.occurrences().get(0).start());
        assertTrue(System.nanoTime() - started < 2_000_000_000L);
    }

    @Test
    void expandingCalendarWithoutStorableComponents_isEmpty() throws Exception {
        Calendar calendar = parser.parse(Ics.bytes(calendar(component("VFREEBUSY", "DTSTART:20240506T100000Z"))));
        OccurrenceExpander.Expansion e = expander.expand(calendar, Ics.UTC, null, t("2025-01-01T00:00:00Z"));
        assertTrue(e.occurrences().isEmpty());
        assertFalse(e.unbounded());
    }
}
