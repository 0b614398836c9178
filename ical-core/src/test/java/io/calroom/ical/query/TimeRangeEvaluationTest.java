package io.calroom.ical.query;

import static io.calroom.ical.query.AppendixB.ABCD1;
import static io.calroom.ical.query.AppendixB.ABCD2;
import static io.calroom.ical.query.AppendixB.ABCD4;
import static io.calroom.ical.query.AppendixB.ABCD6;
import static io.calroom.ical.query.AppendixB.ABCD8;
import static io.calroom.ical.query.Q.alarm;
import static io.calroom.ical.query.Q.alarmsIn;
import static io.calroom.ical.query.Q.calendar;
import static io.calroom.ical.query.Q.comp;
import static io.calroom.ical.query.Q.component;
import static io.calroom.ical.query.Q.event;
import static io.calroom.ical.query.Q.eventsIn;
import static io.calroom.ical.query.Q.matches;
import static io.calroom.ical.query.Q.range;
import static io.calroom.ical.query.Q.todo;
import static io.calroom.ical.query.Q.vcalendar;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * CALDAV:time-range (RFC 4791 §9.9) on components, alarms and properties: floating and all-day values in a non-UTC
 * floating zone, recurrences with overrides and EXDATEs, open-ended ranges, and bounded evaluation of absurd rules.
 */
class TimeRangeEvaluationTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ZoneId UTC = ZoneOffset.UTC;

    private static CompFilter todosIn(TimeRange r) {
        return vcalendar(comp("VTODO", r));
    }

    private static CompFilter propIn(String component, String property, TimeRange r, ParamFilter... params) {
        return vcalendar(comp(component, null, PropFilter.inRange(property, r, params)));
    }

    // ------------------------------------------------------------------------------- floating and all-day values

    @Test
    void allDayEvent_isReadInTheFloatingZone() {
        String body = event("DTSTART;VALUE=DATE:20240330", "DTEND;VALUE=DATE:20240331", "SUMMARY:Saturday");
        // Berlin: 2024-03-29T23:00Z .. 2024-03-30T23:00Z (CET); UTC: 2024-03-30T00:00Z .. 2024-03-31T00:00Z
        CompFilter lateFriday = eventsIn(range("2024-03-29T23:00:00Z", "2024-03-29T23:30:00Z"));
        assertTrue(matches(body, lateFriday, BERLIN));
        assertFalse(matches(body, lateFriday, UTC));
        CompFilter lateSaturday = eventsIn(range("2024-03-30T23:00:00Z", "2024-03-30T23:30:00Z"));
        assertFalse(matches(body, lateSaturday, BERLIN));
        assertTrue(matches(body, lateSaturday, UTC));
        assertTrue(matches(body, eventsIn(range("2024-03-30T22:59:59Z", "2024-03-30T23:00:00Z")), BERLIN));
        // without DTEND a DATE event lasts one day (P1D)
        String noEnd = event("DTSTART;VALUE=DATE:20240330");
        assertTrue(matches(noEnd, lateFriday, BERLIN));
        assertFalse(matches(noEnd, lateSaturday, BERLIN));
    }

    @Test
    void recurringAllDayEvent_acrossDecades_inTheFloatingZone() {
        String birthday = event("DTSTART;VALUE=DATE:19800412", "RRULE:FREQ=YEARLY", "SUMMARY:Birthday");
        // 2030-04-12 00:00 CEST is 2030-04-11T22:00Z
        CompFilter evening = eventsIn(range("2030-04-11T22:00:00Z", "2030-04-11T22:30:00Z"));
        assertTrue(matches(birthday, evening, BERLIN));
        assertFalse(matches(birthday, evening, UTC));
        assertTrue(matches(birthday, eventsIn(range("2030-04-12T23:30:00Z", "2030-04-13T00:00:00Z")), UTC));
        assertFalse(matches(birthday, eventsIn(range("2030-04-13T00:00:00Z", "2030-06-01T00:00:00Z")), UTC));
    }

    @Test
    void floatingDateTimes_areReadInTheFloatingZone() {
        String body = event("DTSTART:20240506T090000", "DTEND:20240506T100000");
        CompFilter r = eventsIn(range("2024-05-06T13:00:00Z", "2024-05-06T13:30:00Z"));
        assertTrue(matches(body, r, NEW_YORK)); // 09:00 EDT = 13:00Z
        assertFalse(matches(body, r, UTC));
        assertFalse(matches(body, r, TOKYO));
        assertTrue(matches(body, eventsIn(range("2024-05-06T00:59:59Z", "2024-05-06T01:00:00Z")), TOKYO));

        String daily = event("DTSTART:20240506T090000", "DURATION:PT30M", "RRULE:FREQ=DAILY");
        CompFilter newYearsDay = eventsIn(range("2025-01-01T00:00:00Z", "2025-01-01T00:00:01Z"));
        assertTrue(matches(daily, newYearsDay, TOKYO)); // 09:00 JST = 00:00Z
        assertFalse(matches(daily, newYearsDay, UTC));
    }

    // ------------------------------------------------------------------------------------ VTODO, VJOURNAL, VFREEBUSY

    @Test
    void vtodoRows() {
        // DUE only: (start < DUE) AND (end >= DUE)
        String dueOnly = todo("DUE:20240506T100000Z");
        assertTrue(matches(dueOnly, todosIn(range("2024-05-06T09:00:00Z", "2024-05-06T10:00:00Z"))));
        assertFalse(matches(dueOnly, todosIn(range("2024-05-06T10:00:00Z", "2024-05-06T11:00:00Z"))));
        // abcd4: DUE;VALUE=DATE:20060104, in UTC
        assertTrue(matches(ABCD4, todosIn(TimeRange.ofUtc("20060103T000000Z", "20060104T000000Z"))));
        assertFalse(matches(ABCD4, todosIn(TimeRange.ofUtc("20060104T000000Z", "20060105T000000Z"))));
        // COMPLETED only: (start <= COMPLETED) AND (end >= COMPLETED)
        String completed = todo("COMPLETED:20240506T100000Z");
        assertTrue(matches(completed, todosIn(range("2024-05-06T10:00:00Z", "2024-05-06T10:00:01Z"))));
        assertTrue(matches(completed, todosIn(range("2024-05-06T09:00:00Z", "2024-05-06T10:00:00Z"))));
        assertFalse(matches(completed, todosIn(range("2024-05-06T10:00:01Z", null))));
        // DTSTART and DURATION: (start <= DTSTART+DURATION) AND ((end > DTSTART) OR (end >= DTSTART+DURATION))
        String startDuration = todo("DTSTART:20240506T100000Z", "DURATION:PT1H");
        assertTrue(matches(startDuration, todosIn(range("2024-05-06T11:00:00Z", "2024-05-06T12:00:00Z"))));
        assertFalse(matches(startDuration, todosIn(range("2024-05-06T11:00:01Z", "2024-05-06T12:00:00Z"))));
        // none of the dates: TRUE
        String undated = todo("SUMMARY:Some day");
        assertTrue(matches(undated, todosIn(range("1990-01-01T00:00:00Z", "1990-01-02T00:00:00Z"))));
        assertTrue(matches(undated, todosIn(range(null, "1990-01-02T00:00:00Z"))));
    }

    @Test
    void vjournal_withoutDtstart_neverOverlaps() {
        String dated = calendar(component("VJOURNAL", "DTSTART;VALUE=DATE:20240506", "SUMMARY:Notes"));
        String undated = calendar(component("VJOURNAL", "SUMMARY:Notes"));
        CompFilter day = vcalendar(comp("VJOURNAL", range("2024-05-06T20:00:00Z", "2024-05-06T21:00:00Z")));
        assertTrue(matches(dated, day));
        assertFalse(matches(dated, day, TOKYO)); // May 6 in Tokyo ends at 15:00Z
        assertFalse(matches(undated, day));
        assertFalse(matches(undated, vcalendar(comp("VJOURNAL", range(null, null)))));
        assertTrue(matches(undated, vcalendar(CompFilter.exists("VJOURNAL"))));
    }

    @Test
    void vfreebusy_dtstartDtend_thenFreebusyPeriods() {
        // abcd8: DTSTART 2006-01-01, DTEND 2006-01-08: (start <= DTEND) AND (end > DTSTART)
        assertTrue(matches(ABCD8, vcalendar(comp("VFREEBUSY", range("2006-01-08T00:00:00Z", null)))));
        assertFalse(matches(ABCD8, vcalendar(comp("VFREEBUSY", range("2006-01-08T00:00:01Z", null)))));
        assertFalse(matches(ABCD8, vcalendar(comp("VFREEBUSY", range(null, "2006-01-01T00:00:00Z")))));
        // without DTSTART/DTEND the FREEBUSY periods decide
        String periodsOnly = ABCD8.replace("DTSTART:20060101T000000Z\r\n", "").replace("DTEND:20060108T000000Z\r\n", "");
        assertTrue(matches(periodsOnly, vcalendar(comp("VFREEBUSY", range("2006-01-02T11:59:59Z", "2006-01-02T13:00:00Z")))));
        assertFalse(matches(periodsOnly, vcalendar(comp("VFREEBUSY", range("2006-01-02T12:00:00Z", "2006-01-03T10:00:00Z")))));
        assertTrue(matches(periodsOnly, vcalendar(comp("VFREEBUSY", range("2005-06-01T00:59:59Z", "2005-06-01T01:00:00Z")))));
        String nothing = calendar(component("VFREEBUSY", "ORGANIZER:mailto:bernard@example.com"));
        assertFalse(matches(nothing, vcalendar(comp("VFREEBUSY", range(null, null)))));
    }

    @Test
    void openEndedRanges_onRecurrences() {
        String weeklyForever = event("DTSTART;TZID=Europe/Berlin:20240506T100000", "DURATION:PT1H",
                "RRULE:FREQ=WEEKLY");
        assertTrue(matches(weeklyForever, eventsIn(range("2090-01-01T00:00:00Z", null))));
        assertTrue(matches(weeklyForever, eventsIn(range(null, null))));
        assertTrue(matches(weeklyForever, eventsIn(range(null, "2024-05-06T08:00:01Z"))));
        assertFalse(matches(weeklyForever, eventsIn(range(null, "2024-05-06T08:00:00Z"))));
        String until = event("DTSTART;TZID=Europe/Berlin:20240506T100000", "DURATION:PT1H",
                "RRULE:FREQ=WEEKLY;UNTIL=20240527T080000Z");
        assertTrue(matches(until, eventsIn(range("2024-05-27T08:59:59Z", null))));
        assertFalse(matches(until, eventsIn(range("2024-05-27T09:00:00Z", null))));
    }

    @Test
    void exdate_andRdate() {
        String body = event("DTSTART:20240506T100000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=5",
                "EXDATE:20240508T100000Z", "RDATE;VALUE=PERIOD:20240601T100000Z/PT8H");
        assertFalse(matches(body, eventsIn(range("2024-05-08T00:00:00Z", "2024-05-09T00:00:00Z"))));
        assertTrue(matches(body, eventsIn(range("2024-05-09T10:59:59Z", "2024-05-09T11:00:00Z"))));
        assertTrue(matches(body, eventsIn(range("2024-06-01T17:00:00Z", "2024-06-01T18:00:00Z"))));
        assertFalse(matches(body, eventsIn(range("2024-06-01T18:00:00Z", null))));
    }

    // ---------------------------------------------------------------------------------------------------- VALARM

    @Test
    void alarm_relativeToStart_andToEnd() {
        String body = event("DTSTART:20240506T100000Z", "DTEND:20240506T110000Z",
                alarm("TRIGGER:-PT15M"), alarm("TRIGGER;RELATED=END:PT5M"));
        assertTrue(matches(body, alarmsIn("VEVENT", range("2024-05-06T09:45:00Z", "2024-05-06T09:45:01Z"))));
        assertFalse(matches(body, alarmsIn("VEVENT", range("2024-05-06T09:44:00Z", "2024-05-06T09:45:00Z"))));
        assertFalse(matches(body, alarmsIn("VEVENT", range("2024-05-06T09:45:01Z", "2024-05-06T11:05:00Z"))));
        assertTrue(matches(body, alarmsIn("VEVENT", range("2024-05-06T11:05:00Z", "2024-05-06T11:06:00Z"))));
        // the end of an event with DURATION is DTSTART+DURATION
        String withDuration = event("DTSTART:20240506T100000Z", "DURATION:PT30M",
                alarm("TRIGGER;RELATED=END:-PT1M"));
        assertTrue(matches(withDuration, alarmsIn("VEVENT", range("2024-05-06T10:29:00Z", "2024-05-06T10:29:01Z"))));
        assertFalse(matches(withDuration, alarmsIn("VEVENT", range("2024-05-06T09:00:00Z", "2024-05-06T10:29:00Z"))));
        // a VEVENT time-range is about the event, not its alarm
        assertFalse(matches(body, eventsIn(range("2024-05-06T09:45:00Z", "2024-05-06T09:46:00Z"))));
    }

    @Test
    void alarm_absolute_withRepetitions() {
        String body = event("DTSTART:20240506T100000Z",
                alarm("TRIGGER;VALUE=DATE-TIME:20240506T080000Z", "REPEAT:3", "DURATION:PT10M"));
        // triggers at 08:00, 08:10, 08:20, 08:30
        assertFalse(matches(body, alarmsIn("VEVENT", range("2024-05-06T08:25:00Z", "2024-05-06T08:29:59Z"))));
        assertTrue(matches(body, alarmsIn("VEVENT", range("2024-05-06T08:29:59Z", "2024-05-06T08:30:01Z"))));
        assertFalse(matches(body, alarmsIn("VEVENT", range("2024-05-06T08:30:01Z", null))));
        assertTrue(matches(body, alarmsIn("VEVENT", range(null, "2024-05-06T08:00:01Z"))));
        assertFalse(matches(body, alarmsIn("VEVENT", range(null, "2024-05-06T08:00:00Z"))));
    }

    @Test
    void alarm_onEveryInstanceOfARecurringEvent() {
        String weekly = event("DTSTART;TZID=Europe/Berlin:20240506T100000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY",
                "EXDATE;TZID=Europe/Berlin:20240520T100000", alarm("TRIGGER:-PT15M"));
        // summer: 10:00 CEST = 08:00Z, alarm 07:45Z; winter: 10:00 CET = 09:00Z, alarm 08:45Z
        assertTrue(matches(weekly, alarmsIn("VEVENT", range("2025-06-02T07:45:00Z", "2025-06-02T07:46:00Z"))));
        assertTrue(matches(weekly, alarmsIn("VEVENT", range("2025-01-06T08:45:00Z", "2025-01-06T08:46:00Z"))));
        assertFalse(matches(weekly, alarmsIn("VEVENT", range("2025-06-02T07:46:00Z", "2025-06-09T07:45:00Z"))));
        assertTrue(matches(weekly, alarmsIn("VEVENT", range("2025-06-02T07:46:00Z", "2025-06-09T07:45:01Z"))));
        assertTrue(matches(weekly, alarmsIn("VEVENT", range("2060-06-03T00:00:00Z", null))));
        assertFalse(matches(weekly, alarmsIn("VEVENT", range(null, "2024-05-06T07:45:00Z"))));
        assertTrue(matches(weekly, alarmsIn("VEVENT", range(null, "2024-05-06T07:45:01Z"))));
        // the EXDATE removes the instance and its alarm
        assertFalse(matches(weekly, alarmsIn("VEVENT", range("2024-05-20T07:45:00Z", "2024-05-20T07:46:00Z"))));
        assertTrue(matches(weekly, alarmsIn("VEVENT", range("2024-05-27T07:45:00Z", "2024-05-27T07:46:00Z"))));
    }

    @Test
    void alarm_ofAnOverride_andOfAMasterWhoseInstanceIsOverridden() {
        String body = calendar(
                component("VEVENT", "DTSTART;TZID=Europe/Berlin:20240506T100000",
                        "DTEND;TZID=Europe/Berlin:20240506T110000", "RRULE:FREQ=WEEKLY;COUNT=10",
                        alarm("TRIGGER:-PT15M")),
                component("VEVENT", "RECURRENCE-ID;TZID=Europe/Berlin:20240513T100000",
                        "DTSTART;TZID=Europe/Berlin:20240514T150000", "DTEND;TZID=Europe/Berlin:20240514T160000"),
                component("VEVENT", "RECURRENCE-ID;TZID=Europe/Berlin:20240520T100000",
                        "DTSTART;TZID=Europe/Berlin:20240521T150000", "DTEND;TZID=Europe/Berlin:20240521T160000",
                        alarm("TRIGGER;RELATED=END:-PT5M")));
        // May 13: overridden by an override without alarm
        assertFalse(matches(body, alarmsIn("VEVENT", range("2024-05-13T07:45:00Z", "2024-05-13T07:46:00Z"))));
        assertFalse(matches(body, alarmsIn("VEVENT", range("2024-05-14T12:45:00Z", "2024-05-14T12:46:00Z"))));
        // May 21: the override's own alarm, 5 minutes before its end (16:00 CEST = 14:00Z)
        assertTrue(matches(body, alarmsIn("VEVENT", range("2024-05-21T13:55:00Z", "2024-05-21T13:56:00Z"))));
        assertFalse(matches(body, alarmsIn("VEVENT", range("2024-05-20T07:45:00Z", "2024-05-20T07:46:00Z"))));
        // generated instances keep the master's alarm
        assertTrue(matches(body, alarmsIn("VEVENT", range("2024-05-27T07:45:00Z", "2024-05-27T07:46:00Z"))));
        // COUNT=10: the last instance is July 8
        assertTrue(matches(body, alarmsIn("VEVENT", range("2024-07-08T07:45:00Z", null))));
        assertFalse(matches(body, alarmsIn("VEVENT", range("2024-07-08T07:45:01Z", null))));
    }

    @Test
    void alarm_ofTodos() {
        String todo = todo("DTSTART:20240510T090000Z", "DUE:20240510T170000Z",
                alarm("TRIGGER;RELATED=END:-PT1H"));
        assertTrue(matches(todo, alarmsIn("VTODO", range("2024-05-10T16:00:00Z", "2024-05-10T16:00:01Z"))));
        assertFalse(matches(todo, alarmsIn("VTODO", range("2024-05-10T08:00:00Z", "2024-05-10T16:00:00Z"))));

        String daily = todo("DTSTART:20240506T090000Z", "DUE:20240506T170000Z", "RRULE:FREQ=DAILY;COUNT=5",
                alarm("TRIGGER;RELATED=END:-PT30M"), alarm("TRIGGER:PT0S"));
        assertTrue(matches(daily, alarmsIn("VTODO", range("2024-05-08T16:30:00Z", "2024-05-08T16:31:00Z"))));
        assertTrue(matches(daily, alarmsIn("VTODO", range("2024-05-10T09:00:00Z", "2024-05-10T09:00:01Z"))));
        assertFalse(matches(daily, alarmsIn("VTODO", range("2024-05-10T16:31:00Z", null))));

        String durationTodo = todo("DTSTART:20240506T090000Z", "DURATION:PT2H", "RRULE:FREQ=DAILY;COUNT=3",
                alarm("TRIGGER;RELATED=END:PT0S"));
        assertTrue(matches(durationTodo, alarmsIn("VTODO", range("2024-05-07T11:00:00Z", "2024-05-07T11:00:01Z"))));
        assertFalse(matches(durationTodo, alarmsIn("VTODO", range("2024-05-07T11:00:01Z", "2024-05-08T11:00:00Z"))));
    }

    @Test
    void alarm_withAbsurdRepetitions_staysBoundedAndExact() {
        String absolute = event("DTSTART:20240506T100000Z",
                alarm("TRIGGER;VALUE=DATE-TIME:20240101T000000Z", "REPEAT:2147483647", "DURATION:PT1S"));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertTrue(matches(absolute, alarmsIn("VEVENT", range("2030-01-01T00:00:00Z", "2030-01-01T00:00:01Z"))));
            assertFalse(matches(absolute, alarmsIn("VEVENT", range("2100-01-01T00:00:00Z", null))));
        });
        String recurring = event("DTSTART:20240506T080000Z", "RRULE:FREQ=WEEKLY",
                alarm("TRIGGER:-PT15M", "REPEAT:100000", "DURATION:PT1H"));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            // repetitions every hour at :45
            assertTrue(matches(recurring, alarmsIn("VEVENT", range("2031-01-01T00:45:00Z", "2031-01-01T00:46:00Z"))));
            assertFalse(matches(recurring, alarmsIn("VEVENT", range("2031-01-01T00:46:00Z", "2031-01-01T01:45:00Z"))));
        });
    }

    // ---------------------------------------------------------------------------------------- property time-range

    @Test
    void property_timestamps() {
        assertTrue(matches(ABCD1, propIn("VEVENT", "DTSTAMP", TimeRange.ofUtc("20060206T000000Z", "20060207T000000Z"))));
        assertFalse(matches(ABCD1, propIn("VEVENT", "DTSTAMP", TimeRange.ofUtc("20060207T000000Z", null))));
        assertFalse(matches(ABCD1, propIn("VEVENT", "DTSTAMP", TimeRange.ofUtc(null, "20060206T001102Z"))));
        assertTrue(matches(ABCD1, propIn("VEVENT", "DTSTAMP", TimeRange.ofUtc(null, "20060206T001103Z"))));
        assertTrue(matches(ABCD6, propIn("VTODO", "COMPLETED", TimeRange.ofUtc("20051223T122322Z", "20051223T122323Z"))));
        assertFalse(matches(ABCD6, propIn("VTODO", "CREATED", TimeRange.ofUtc(null, null))));
    }

    @Test
    void property_effectiveDtend_isDtstartPlusDuration() {
        // abcd1: DTSTART 10:00 US/Eastern (15:00Z), DURATION PT1H, no DTEND
        assertTrue(matches(ABCD1, propIn("VEVENT", "DTEND", TimeRange.ofUtc("20060102T160000Z", "20060102T160001Z"))));
        assertFalse(matches(ABCD1, propIn("VEVENT", "DTEND", TimeRange.ofUtc("20060102T160001Z", null))));
        assertTrue(matches(ABCD1, propIn("VEVENT", "DTSTART", TimeRange.ofUtc("20060102T150000Z", "20060102T150001Z"),
                ParamFilter.matching("TZID", TextMatch.of("us/eastern")))));
        assertFalse(matches(ABCD1, propIn("VEVENT", "DTSTART", TimeRange.ofUtc("20060102T150000Z", "20060102T150001Z"),
                ParamFilter.matching("TZID", TextMatch.of("Europe")))));
        String todo = todo("DTSTART:20240506T090000Z", "DURATION:PT2H");
        assertTrue(matches(todo, propIn("VTODO", "DUE", range("2024-05-06T11:00:00Z", "2024-05-06T11:00:01Z"))));
        assertFalse(matches(todo, propIn("VTODO", "DUE", range("2024-05-06T11:00:00Z", "2024-05-06T11:00:01Z"),
                ParamFilter.exists("TZID"))));
    }

    @Test
    void property_ofEveryInstance_inARecurringMaster() {
        // abcd2: 12:00 US/Eastern (17:00Z) daily ×5, Jan 4 moved to 14:00 (19:00Z)
        assertTrue(matches(ABCD2, propIn("VEVENT", "DTSTART", TimeRange.ofUtc("20060105T170000Z", "20060105T170001Z"))));
        assertFalse(matches(ABCD2, propIn("VEVENT", "DTSTART", TimeRange.ofUtc("20060104T170000Z", "20060104T170001Z"))));
        assertTrue(matches(ABCD2, propIn("VEVENT", "DTSTART", TimeRange.ofUtc("20060104T190000Z", "20060104T190001Z"))));
        assertFalse(matches(ABCD2, propIn("VEVENT", "DTSTART", TimeRange.ofUtc("20060107T000000Z", null))));
        assertTrue(matches(ABCD2, propIn("VEVENT", "DTEND", TimeRange.ofUtc("20060106T180000Z", "20060106T180001Z"))));
        // the RECURRENCE-ID of the override
        assertTrue(matches(ABCD2, propIn("VEVENT", "RECURRENCE-ID", TimeRange.ofUtc("20060104T170000Z", "20060104T170001Z"))));
    }

    @Test
    void property_dateValues_inTheFloatingZone_andValueLists() {
        String body = event("DTSTART;VALUE=DATE:20240330", "RRULE:FREQ=WEEKLY;COUNT=3",
                "EXDATE;VALUE=DATE:20240406,20240413");
        TimeRange berlinMidnight = range("2024-03-29T23:00:00Z", "2024-03-29T23:00:01Z");
        assertTrue(matches(body, propIn("VEVENT", "DTSTART", berlinMidnight), BERLIN));
        assertFalse(matches(body, propIn("VEVENT", "DTSTART", berlinMidnight), UTC));
        assertTrue(matches(body, propIn("VEVENT", "EXDATE", range("2024-04-13T00:00:00Z", "2024-04-13T00:00:01Z")), UTC));
        assertTrue(matches(body, propIn("VEVENT", "EXDATE", range("2024-04-12T22:00:00Z", "2024-04-12T22:00:01Z")), BERLIN));
        assertFalse(matches(body, propIn("VEVENT", "EXDATE", range("2024-04-14T00:00:00Z", null)), UTC));
    }

    // ------------------------------------------------------------------------------------------ bounded evaluation

    @Test
    void absurdRecurrences_areEvaluatedInBoundedTime() {
        String secondly = event("DTSTART:20000101T000000Z", "RRULE:FREQ=SECONDLY");
        String daily = event("DTSTART:19700101T090000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY");
        String countedMinutely = event("DTSTART:20000101T000000Z", "RRULE:FREQ=MINUTELY;COUNT=100000000");
        String neverOccurs = event("DTSTART:20000101T000000Z", "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertTrue(matches(secondly, eventsIn(range("2090-01-01T00:00:00Z", "2090-01-01T00:00:01Z"))));
            assertTrue(matches(secondly, eventsIn(range("2000-01-01T00:00:01Z", "2100-01-01T00:00:00Z"))));
            assertTrue(matches(secondly, eventsIn(range(null, "2090-01-01T00:00:00Z"))));
            assertFalse(matches(secondly, eventsIn(range(null, "2000-01-01T00:00:00Z"))));
            assertFalse(matches(secondly, alarmsIn("VEVENT", range(null, null))));
            assertTrue(matches(daily, eventsIn(range("2099-06-01T09:30:00Z", "2099-06-01T09:30:01Z"))));
            assertFalse(matches(daily, eventsIn(range("2099-06-01T10:00:00Z", "2099-06-02T09:00:00Z"))));
            matches(countedMinutely, eventsIn(range("2090-01-01T00:00:00Z", "2090-01-02T00:00:00Z")));
            matches(neverOccurs, eventsIn(range("2001-01-01T00:00:00Z", "2090-01-01T00:00:00Z")));
            matches(neverOccurs, propIn("VEVENT", "DTSTART", range("2001-01-01T00:00:00Z", null)));
        });
    }
}
