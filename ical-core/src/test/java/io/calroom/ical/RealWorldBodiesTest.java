package io.calroom.ical;

import static io.calroom.ical.Ics.resource;
import static io.calroom.ical.Ics.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bodies as the RFC 4791 Appendix B examples, Apple Calendar, Thunderbird, Outlook/Exchange and Google send them. */
class RealWorldBodiesTest {

    private static ValidatedCalendarObject validate(String resource) throws CalendarDataException {
        return Ics.validate(resource(resource));
    }

    private static Occurrence at(ValidatedCalendarObject v, Instant start) {
        return v.occurrences().stream().filter(o -> start.equals(o.start())).findFirst()
                .orElseThrow(() -> new AssertionError("no occurrence at " + start + " in " + v.occurrences()));
    }

    private static List<Instant> starts(ValidatedCalendarObject v) {
        return v.occurrences().stream().map(Occurrence::start).toList();
    }

    @Test
    void rfc4791_appendixB_abcd1_singleEventInUsEastern() throws Exception {
        ValidatedCalendarObject v = validate("rfc4791-abcd1.ics");
        assertEquals("74855313FA803DA593CD579A@example.com", v.uid());
        assertEquals("VEVENT", v.componentType());
        Occurrence o = v.occurrences().get(0);
        assertEquals(new Occurrence(t("2006-01-02T15:00:00Z"), t("2006-01-02T16:00:00Z"), null, false, null, false,
                false), o);
        assertEquals(t("2006-01-02T15:00:00Z"), v.firstStart());
        assertEquals(t("2006-01-02T16:00:00Z"), v.lastEnd());
        assertFalse(v.unbounded());
    }

    @Test
    void rfc4791_appendixB_abcd2_dailyCountWithMovedInstance() throws Exception {
        ValidatedCalendarObject v = validate("rfc4791-abcd2.ics");
        assertEquals(List.of(t("2006-01-02T17:00:00Z"), t("2006-01-03T17:00:00Z"), t("2006-01-04T19:00:00Z"),
                t("2006-01-05T17:00:00Z"), t("2006-01-06T17:00:00Z")), starts(v));
        Occurrence moved = at(v, t("2006-01-04T19:00:00Z"));
        assertEquals(t("2006-01-04T17:00:00Z"), moved.recurrenceId());
        assertEquals(t("2006-01-04T20:00:00Z"), moved.end());
        assertFalse(v.unbounded());
        assertEquals(t("2006-01-06T18:00:00Z"), v.lastEnd());
    }

    @Test
    void rfc4791_appendixB_abcd3_tentativeWithAttendees() throws Exception {
        ValidatedCalendarObject v = validate("rfc4791-abcd3.ics");
        assertEquals("TENTATIVE", v.occurrences().get(0).status());
        assertEquals(t("2006-01-04T15:00:00Z"), v.firstStart());
    }

    @Test
    void rfc4791_appendixB_todos() throws Exception {
        ValidatedCalendarObject due = validate("rfc4791-abcd4.ics");
        assertEquals("VTODO", due.componentType());
        Occurrence o = due.occurrences().get(0);
        assertEquals(t("2006-01-04T00:00:00Z").minusNanos(1000), o.start());
        assertEquals(t("2006-01-04T00:00:00Z"), o.end());
        assertTrue(o.allDay());
        assertEquals("NEEDS-ACTION", o.status());
        assertEquals("COMPLETED", validate("rfc4791-abcd6.ics").occurrences().get(0).status());
        assertEquals("CANCELLED", validate("rfc4791-abcd7.ics").occurrences().get(0).status());
        assertEquals(1, validate("rfc4791-abcd5.ics").occurrences().size());
    }

    @Test
    void rfc4791_appendixB_abcd8_vfreebusyIsNotStorable() {
        CalendarDataException e = assertThrows(CalendarDataException.class, () -> validate("rfc4791-abcd8.ics"));
        assertEquals(CalDavPrecondition.SUPPORTED_CALENDAR_COMPONENT, e.precondition());
    }

    @Test
    void apple_weeklyWithExdateMovedAndCancelledInstances() throws Exception {
        ValidatedCalendarObject v = validate("apple-weekly-standup.ics");
        assertEquals("3C7B2F6E-7E4B-4C3E-9C1F-2A9B1D6E5F40", v.uid());
        // Mondays 2024-03-04 .. 2026-03-02 (window ends DTSTART + 730 days), minus the EXDATE of 2024-04-01
        assertEquals(104, v.occurrences().size());
        assertTrue(v.unbounded());
        assertNull(v.lastEnd());
        assertEquals(t("2024-03-04T09:00:00Z").plus(java.time.Duration.ofDays(730)), v.expandedUntil());
        Occurrence first = v.occurrences().get(0);
        assertEquals(new Occurrence(t("2024-03-04T09:00:00Z"), t("2024-03-04T09:30:00Z"),
                t("2024-03-04T09:00:00Z"), false, null, false, false), first);
        Occurrence moved = at(v, t("2024-03-18T12:00:00Z"));
        assertEquals(t("2024-03-18T09:00:00Z"), moved.recurrenceId());
        assertEquals(t("2024-03-18T12:30:00Z"), moved.end());
        assertEquals("CANCELLED", at(v, t("2024-03-25T09:00:00Z")).status());
        assertFalse(starts(v).contains(t("2024-04-01T08:00:00Z")));
        // after the DST change 10:00 Berlin is 08:00Z
        assertEquals(t("2024-04-08T08:30:00Z"), at(v, t("2024-04-08T08:00:00Z")).end());
        assertEquals(t("2024-11-04T09:00:00Z"), at(v, t("2024-11-04T09:00:00Z")).start());
    }

    @Test
    void apple_yearlyAllDayBirthday_isTransparentAndFloating() throws Exception {
        ValidatedCalendarObject v = validate("apple-allday-birthday.ics");
        // 1985 .. 2025: the window runs from DTSTART to now + 730 days
        assertEquals(41, v.occurrences().size());
        Occurrence o = at(v, t("2024-04-12T00:00:00Z"));
        assertEquals(t("2024-04-13T00:00:00Z"), o.end());
        assertTrue(o.transparent());
        assertTrue(o.allDay());
        assertTrue(o.floating());
        assertTrue(v.unbounded());
    }

    @Test
    void apple_allDayInCalendarTimeZone() throws Exception {
        ValidatedCalendarObject v = Ics.validate(resource("apple-allday-birthday.ics"),
                java.time.ZoneId.of("America/New_York"));
        Occurrence o = at(v, t("2024-04-12T04:00:00Z"));
        assertEquals(t("2024-04-13T04:00:00Z"), o.end());
    }

    @Test
    void thunderbird_biweeklyUntilWithExdateAndRdate() throws Exception {
        ValidatedCalendarObject v = validate("thunderbird-biweekly.ics");
        assertEquals(List.of(t("2024-01-16T09:00:00Z"), t("2024-01-30T09:00:00Z"), t("2024-02-27T09:00:00Z"),
                t("2024-03-12T09:00:00Z"), t("2024-03-26T09:00:00Z"), t("2024-04-09T08:00:00Z"),
                t("2024-04-23T08:00:00Z"), t("2024-05-07T08:00:00Z"), t("2024-05-21T08:00:00Z"),
                t("2024-06-04T08:00:00Z"), t("2024-06-18T08:00:00Z"), t("2024-07-02T13:00:00Z")), starts(v));
        assertFalse(v.unbounded());
        assertEquals(t("2024-07-02T14:00:00Z"), v.lastEnd());
        assertEquals(t("2024-01-16T09:00:00Z"), v.firstStart());
    }

    @Test
    void thunderbird_todoWithDateStartAndDue() throws Exception {
        ValidatedCalendarObject v = validate("thunderbird-todo.ics");
        Occurrence o = v.occurrences().get(0);
        assertEquals(new Occurrence(t("2024-03-01T00:00:00Z"), t("2024-07-31T00:00:00Z"), null, false,
                "IN-PROCESS", true, true), o);
    }

    @Test
    void lightning_mozillaPrefixedTzid_usesIanaZone() throws Exception {
        ValidatedCalendarObject v = validate("lightning-mozilla-tzid.ics");
        assertEquals(12, v.occurrences().size());
        assertEquals(t("2024-01-04T08:00:00Z"), v.firstStart());
        assertTrue(starts(v).contains(t("2024-07-04T07:00:00Z")));
        assertEquals(t("2024-12-05T09:00:00Z"), v.lastEnd());
    }

    @Test
    void outlook_windowsZoneDefinedByVtimezone_lastFridayOfMonth() throws Exception {
        ValidatedCalendarObject v = validate("outlook-custom-tz.ics");
        assertEquals(List.of(t("2024-01-26T13:00:00Z"), t("2024-02-23T13:00:00Z"), t("2024-03-29T13:00:00Z"),
                t("2024-04-26T12:00:00Z"), t("2024-05-31T12:00:00Z"), t("2024-06-28T12:00:00Z")), starts(v));
        assertEquals("CONFIRMED", v.occurrences().get(0).status());
        assertEquals(t("2024-06-28T14:00:00Z"), v.lastEnd());
    }

    @Test
    void google_weeklyCount() throws Exception {
        ValidatedCalendarObject v = validate("google-weekly.ics");
        assertEquals(10, v.occurrences().size());
        assertEquals(t("2024-05-06T10:00:00Z"), v.lastEnd());
        assertFalse(v.unbounded());
    }

    @Test
    void overridesOnly_asAttendeesInvitedToSingleInstancesGetThem() throws Exception {
        ValidatedCalendarObject v = validate("invited-single-instance.ics");
        assertEquals(List.of(
                new Occurrence(t("2024-03-11T09:00:00Z"), t("2024-03-11T10:00:00Z"), t("2024-03-11T09:00:00Z"),
                        false, null, false, false),
                new Occurrence(t("2024-03-25T10:00:00Z"), t("2024-03-25T11:00:00Z"), t("2024-03-25T09:00:00Z"),
                        false, null, false, false)), v.occurrences());
        assertFalse(v.unbounded());
        assertEquals(t("2024-03-25T11:00:00Z"), v.lastEnd());
    }

    @Test
    void everyRealWorldBodyIsAcceptedForEventCollections() throws Exception {
        CalendarObjectParser parser = new CalendarObjectParser(CalendarObjectLimits.defaults());
        for (String name : List.of("apple-weekly-standup.ics", "apple-allday-birthday.ics",
                "thunderbird-biweekly.ics", "lightning-mozilla-tzid.ics", "outlook-custom-tz.ics",
                "google-weekly.ics", "invited-single-instance.ics", "rfc4791-abcd1.ics", "rfc4791-abcd2.ics",
                "rfc4791-abcd3.ics")) {
            ValidatedCalendarObject v = parser.validate(Ics.bytes(resource(name)), Set.of("VEVENT"), Ics.UTC,
                    Ics.NOW);
            assertFalse(v.occurrences().isEmpty(), name);
        }
    }
}
