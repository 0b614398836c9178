package io.calroom.ical;

import static io.calroom.ical.CalDavPrecondition.MAX_ATTENDEES_PER_INSTANCE;
import static io.calroom.ical.CalDavPrecondition.SUPPORTED_CALENDAR_COMPONENT;
import static io.calroom.ical.CalDavPrecondition.VALID_CALENDAR_DATA;
import static io.calroom.ical.CalDavPrecondition.VALID_CALENDAR_OBJECT_RESOURCE;
import static io.calroom.ical.Ics.bytes;
import static io.calroom.ical.Ics.calendar;
import static io.calroom.ical.Ics.component;
import static io.calroom.ical.Ics.event;
import static io.calroom.ical.Ics.todo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 4791 §4.1 and §5.3.2.1: each invalid object is refused with the expected precondition. */
class ValidationTest {

    private static CalendarDataException refused(String body) {
        return refused(body, Ics.ALL, CalendarObjectLimits.defaults());
    }

    private static CalendarDataException refused(String body, Set<String> allowed, CalendarObjectLimits limits) {
        CalendarObjectParser parser = new CalendarObjectParser(limits);
        return assertThrows(CalendarDataException.class,
                () -> parser.validate(bytes(body), allowed, Ics.UTC, Ics.NOW));
    }

    private static void assertRefused(CalDavPrecondition expected, String body) {
        CalendarDataException e = refused(body);
        assertEquals(expected, e.precondition(), e.getMessage());
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void preconditionElementNames_rfc4791_5_3_2_1() {
        assertEquals("valid-calendar-data", VALID_CALENDAR_DATA.elementName());
        assertEquals("valid-calendar-object-resource", VALID_CALENDAR_OBJECT_RESOURCE.elementName());
        assertEquals("supported-calendar-component", SUPPORTED_CALENDAR_COMPONENT.elementName());
        assertEquals("max-instances", CalDavPrecondition.MAX_INSTANCES.elementName());
        assertEquals("max-attendees-per-instance", MAX_ATTENDEES_PER_INSTANCE.elementName());
    }

    /** RFC 5545 §3.3.11: a backslash escapes only \\, \;, \, and \n/\N; no control character but HTAB. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"SUMMARY:Say \\\"hi\\\"", "DESCRIPTION:trailing \\",
        "LOCATION:C:\\temp", "COMMENT:a\\tb", "CONTACT:x\\:y", "CATEGORIES:A,B\\.", "RESOURCES:bell \u0007",
        "SUMMARY:nul \u0000 inside", "DESCRIPTION:del \u007f"})
    void rfc5545_3_3_11_invalidTextValues_areRefused(String line) {
        CalendarDataException e = refused(event("DTSTART:20240506T100000Z", line));
        assertEquals(VALID_CALENDAR_DATA, e.precondition(), e.getMessage());
        assertTrue(e.getMessage().contains("RFC 5545 §3.3.11"), e.getMessage());
    }

    @Test
    void rfc5545_3_3_11_tznameAndAlarmTexts_areChecked_too() {
        assertRefused(VALID_CALENDAR_DATA, calendar("BEGIN:VTIMEZONE", "TZID:Custom", "BEGIN:STANDARD",
                "DTSTART:19700101T000000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0100", "TZNAME:C\\ET", "END:STANDARD",
                "END:VTIMEZONE", component("VEVENT", "DTSTART;TZID=Custom:20240506T100000")));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "BEGIN:VALARM", "ACTION:DISPLAY",
                "TRIGGER:-PT5M", "DESCRIPTION:bad \\x escape", "END:VALARM"));
    }

    @Test
    void rfc5545_3_3_11_whatClientsWrite_isAccepted() throws Exception {
        Ics.validate(event("DTSTART:20240506T100000Z", "SUMMARY:Lunch\\, then coffee\\; \\\\ and\\nmore\\N",
                "DESCRIPTION:tab\there, unescaped , and ; and \"quotes\" and : colons",
                "X-ALT-DESC;FMTTYPE=text/html:<p>\\x</p>", "URL:http://example.com/a\\b",
                "X-APPLE-STRUCTURED-LOCATION;VALUE=URI:geo:\\\"1\\\"", "ATTENDEE;CN=\"A\\B\":mailto:a@example.com",
                "DESCRIPTION;VALUE=URI:http://example.com/\\q"));
    }

    @Test
    void rfc5545_3_3_11_controlCharacterInAFoldedTextLine_isFound() {
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "DESCRIPTION:first part",
                " and the folded \u0001 rest"));
    }

    @Test
    void controlCharactersOutsideTextProperties_areLeftAlone() throws Exception {
        Ics.validate(event("DTSTART:20240506T100000Z", "X-CUSTOM:odd \u0001 value"));
    }

    @Test
    void storedObjects_areReadWithoutTheTextCheck() throws Exception {
        // data stored before the check still parses (a calendar-query must not lose it)
        new CalendarObjectParser(CalendarObjectLimits.defaults())
                .parse(bytes(event("DTSTART:20240506T100000Z", "SUMMARY:Say \\\"hi\\\"")));
    }

    @Test
    void rfc4791_4_1_methodPropertyIsRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, calendar("METHOD:REQUEST",
                component("VEVENT", "DTSTART:20240506T100000Z")));
    }

    @Test
    void rfc4791_4_1_mixedComponentTypesAreRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, calendar(component("VEVENT", "DTSTART:20240506T100000Z"),
                component("VTODO", "DUE:20240506T100000Z")));
    }

    @Test
    void rfc4791_4_1_differentUidsAreRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, calendar(component("VEVENT", "DTSTART:20240506T100000Z",
                "RRULE:FREQ=DAILY;COUNT=3"), component("VEVENT", "DTSTART:20240507T120000Z",
                "RECURRENCE-ID:20240507T100000Z").replace("UID:test-uid-1", "UID:other")));
    }

    @Test
    void rfc4791_4_1_missingUidIsRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE,
                calendar(component("VEVENT", "DTSTART:20240506T100000Z").replace("UID:test-uid-1\r\n", "")));
    }

    @Test
    void rfc4791_4_1_twoMastersAreRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, calendar(component("VEVENT", "DTSTART:20240506T100000Z"),
                component("VEVENT", "DTSTART:20240507T100000Z")));
    }

    @Test
    void rfc5545_3_8_4_4_duplicateRecurrenceIdsAreRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, calendar(
                component("VEVENT", "DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY;COUNT=3"),
                component("VEVENT", "RECURRENCE-ID:20240507T100000Z", "DTSTART:20240507T110000Z"),
                component("VEVENT", "RECURRENCE-ID;TZID=Europe/Berlin:20240507T120000",
                        "DTSTART:20240507T130000Z")));
    }

    @Test
    void rfc4791_4_1_onlyVtimezoneIsRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, calendar("BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
                "BEGIN:STANDARD", "DTSTART:19701025T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
                "END:STANDARD", "END:VTIMEZONE"));
    }

    @Test
    void rfc4791_4_1_emptyCalendarIsRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, calendar());
    }

    @Test
    void rfc5545_3_6_1_veventWithoutDtstartIsRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, event("SUMMARY:no start"));
    }

    @Test
    void rfc5545_3_6_1_veventWithDtendAndDurationIsRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, event("DTSTART:20240506T100000Z", "DTEND:20240506T110000Z",
                "DURATION:PT1H"));
    }

    @Test
    void rfc5545_3_8_2_2_dtendBeforeDtstartIsRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, event("DTSTART:20240506T100000Z",
                "DTEND:20240506T095959Z"));
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, event("DTSTART;VALUE=DATE:20240506",
                "DTEND;VALUE=DATE:20240505"));
    }

    @Test
    void rfc5545_3_8_2_5_negativeDurationIsRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, event("DTSTART:20240506T100000Z", "DURATION:-PT1H"));
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, todo("DTSTART:20240506T100000Z", "DURATION:-P1D"));
    }

    @Test
    void rfc5545_3_6_2_vtodoWithDueAndDurationIsRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, todo("DTSTART:20240506T100000Z", "DUE:20240507T100000Z",
                "DURATION:PT1H"));
    }

    @Test
    void rfc5545_3_6_2_vtodoDurationWithoutDtstartIsRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, todo("DURATION:PT1H"));
    }

    @Test
    void rfc5545_3_8_2_3_vtodoDueBeforeDtstartIsRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, todo("DTSTART:20240506T100000Z", "DUE:20240505T100000Z"));
    }

    @Test
    void rfc5545_3_8_5_3_recurringTodoWithoutDtstartIsRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, todo("DUE:20240506T100000Z", "RRULE:FREQ=DAILY"));
    }

    @Test
    void rfc5545_3_6_duplicateSingleValuedPropertiesAreRefused() {
        assertRefused(VALID_CALENDAR_OBJECT_RESOURCE, event("DTSTART:20240506T100000Z",
                "DTSTART:20240507T100000Z"));
    }

    @Test
    void rfc4791_5_3_2_1_unsupportedComponentType() {
        CalendarDataException e = refused(todo("DUE:20240506T100000Z"), Set.of("VEVENT"),
                CalendarObjectLimits.defaults());
        assertEquals(SUPPORTED_CALENDAR_COMPONENT, e.precondition());
        e = refused(calendar(component("VAVAILABILITY", "DTSTART:20240506T100000Z")), Ics.ALL,
                CalendarObjectLimits.defaults());
        assertEquals(SUPPORTED_CALENDAR_COMPONENT, e.precondition());
    }

    @Test
    void rfc4791_5_3_2_1_unsupportedComponentIsCheckedBeforeExpansion() {
        // the rule would exceed max-instances, but the type is refused first
        CalendarDataException e = refused(event("DTSTART:20240506T100000Z", "RRULE:FREQ=SECONDLY"),
                Set.of("VTODO"), CalendarObjectLimits.defaults());
        assertEquals(SUPPORTED_CALENDAR_COMPONENT, e.precondition());
    }

    @Test
    void rfc4791_5_2_9_tooManyAttendees() {
        String[] lines = new String[4];
        lines[0] = "DTSTART:20240506T100000Z";
        for (int i = 1; i < lines.length; i++) {
            lines[i] = "ATTENDEE;CN=Person " + i + ":mailto:p" + i + "@example.com";
        }
        CalendarObjectLimits limits = new CalendarObjectLimits(100, 2, Duration.ofDays(30));
        assertEquals(MAX_ATTENDEES_PER_INSTANCE, refused(event(lines), Ics.ALL, limits).precondition());
        CalendarObjectLimits three = new CalendarObjectLimits(100, 3, Duration.ofDays(30));
        assertEquals(1, assertDoesNotThrow(event(lines), three).occurrences().size());
    }

    private static ValidatedCalendarObject assertDoesNotThrow(String body, CalendarObjectLimits limits) {
        try {
            return new CalendarObjectParser(limits).validate(bytes(body), Ics.ALL, Ics.UTC, Ics.NOW);
        } catch (CalendarDataException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rfc4791_5_2_8_tooManyInstances() {
        CalendarObjectLimits limits = new CalendarObjectLimits(10, 500, Duration.ofDays(730));
        assertEquals(CalDavPrecondition.MAX_INSTANCES, refused(event("DTSTART:20240506T100000Z",
                "RRULE:FREQ=DAILY;COUNT=11"), Ics.ALL, limits).precondition());
        assertEquals(10, assertDoesNotThrow(event("DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY;COUNT=10"),
                limits).occurrences().size());
        // EXDATEs do not count
        assertEquals(10, assertDoesNotThrow(event("DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY;COUNT=11",
                "EXDATE:20240508T100000Z"), limits).occurrences().size());
        // RDATEs do
        assertEquals(CalDavPrecondition.MAX_INSTANCES, refused(event("DTSTART:20240506T100000Z",
                "RRULE:FREQ=DAILY;COUNT=10", "RDATE:20250101T100000Z"), Ics.ALL, limits).precondition());
    }

    @Test
    void everyDatePropertyKeptAsReceivedIsStillCheckedStrictly() {
        for (String name : VerbatimDateProperty.NAMES) {
            String body = name.equals("DTSTAMP")
                    ? Ics.calendar("BEGIN:VEVENT", "UID:v-1", "DTSTAMP:garbage", "DTSTART:20240506T100000Z", "END:VEVENT")
                    : name.equals("DTSTART") ? event("DTSTART:garbage")
                    : event("DTSTART:20240506T100000Z", name + ":garbage");
            assertRefused(VALID_CALENDAR_DATA, body);
        }
    }

    @Test
    void rfc5545_invalidDateTimeValues() {
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:2024-05-06T10:00:00Z"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240230T100000Z"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART;TZID=Europe/Berlin:20240506T250000"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART;TZID=Europe/Berlin:garbage"));
        // the stamps are DATE-TIME values too (RFC 5545 §3.8.7.2, §3.8.7.3)
        assertRefused(VALID_CALENDAR_DATA, Ics.calendar("BEGIN:VEVENT", "UID:stamp-1", "DTSTAMP:garbage",
                "DTSTART:20240506T100000Z", "END:VEVENT"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "LAST-MODIFIED:20240230T100000Z"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART;VALUE=DATE:20240506T100000"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "DTEND:tomorrow"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "DURATION:1 hour"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "DURATION:P"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY",
                "EXDATE:20240507T10"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY",
                "RECURRENCE-ID:nope"));
    }

    @Test
    void rfc5545_3_3_10_invalidRecurrenceRules() {
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "RRULE:FREQ=FORTNIGHTLY"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "RRULE:COUNT=3"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY;COUNT=x"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "RRULE:FREQ=MONTHLY;BYMONTH=13"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "RRULE:FREQ=WEEKLY;BYDAY=XX"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY;COUNT=0"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART;VALUE=DATE:20240506", "RRULE:FREQ=HOURLY"));
    }

    @Test
    void rfc5545_3_2_19_unknownTzidIsRefused() {
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART;TZID=Mars/Olympus_Mons:20240506T100000"));
        assertRefused(VALID_CALENDAR_DATA, event("DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY;COUNT=2",
                "EXDATE;TZID=Atlantis/Capital:20240507T100000"));
    }

    @Test
    void rfc5545_3_7_4_versionIsRequired() {
        String body = event("DTSTART:20240506T100000Z").replace("VERSION:2.0\r\n", "");
        assertRefused(VALID_CALENDAR_DATA, body);
        assertRefused(VALID_CALENDAR_DATA, body.replace("BEGIN:VCALENDAR\r\n", "BEGIN:VCALENDAR\r\nVERSION:1.0\r\n"));
    }

    @Test
    void rfc5545_3_7_3_missingProdidIsTolerated() throws Exception {
        String body = event("DTSTART:20240506T100000Z").replace("PRODID:-//Calroom//Test//EN\r\n", "");
        assertEquals(1, Ics.validate(body).occurrences().size());
    }
}
