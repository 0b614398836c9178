package io.calroom.ical.query;

import static io.calroom.ical.query.AppendixB.ABCD2;
import static io.calroom.ical.query.AppendixB.ABCD4;
import static io.calroom.ical.query.AppendixB.ABCD5;
import static io.calroom.ical.query.AppendixB.ics;
import static io.calroom.ical.query.AppendixB.matches;
import static io.calroom.ical.query.AppendixB.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CALDAV:calendar-query examples of RFC 4791 §7.8.1–§7.8.10, each request's CALDAV:filter translated into the
 * model by hand, run over the Appendix B collection; the expected hrefs are those of the RFC's responses.
 */
class Rfc4791QueryExamplesTest {

    static CompFilter vcalendar(CompFilter... children) {
        return CompFilter.of("VCALENDAR", children);
    }

    static CompFilter comp(String name, TimeRange timeRange) {
        return new CompFilter(name, false, timeRange, List.of(), List.of());
    }

    static TimeRange range(String start, String end) {
        return TimeRange.ofUtc(start, end);
    }

    @Test
    @DisplayName("Appendix B: <comp-filter name=\"VCALENDAR\"/> returns the whole collection")
    void appendixB_allObjects() {
        assertEquals(Set.of("abcd1", "abcd2", "abcd3", "abcd4", "abcd5", "abcd6", "abcd7", "abcd8"),
                query(CompFilter.exists("VCALENDAR")));
    }

    @Test
    @DisplayName("§7.8.1 partial retrieval of events by time range: abcd2 (third instance overridden) and abcd3")
    void s7_8_1_eventsByTimeRange() {
        // <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
        //   <C:time-range start="20060104T000000Z" end="20060105T000000Z"/>
        CompFilter filter = vcalendar(comp("VEVENT", range("20060104T000000Z", "20060105T000000Z")));
        assertEquals(Set.of("abcd2", "abcd3"), query(filter));
    }

    @Test
    @DisplayName("§7.8.2 partial retrieval of recurring events: abcd2 and abcd3")
    void s7_8_2_recurringEvents() {
        CompFilter filter = vcalendar(comp("VEVENT", range("20060103T000000Z", "20060105T000000Z")));
        assertEquals(Set.of("abcd2", "abcd3"), query(filter));
    }

    @Test
    @DisplayName("§7.8.3 expanded retrieval of recurring events: same filter, abcd2 and abcd3")
    void s7_8_3_expandedRecurringEvents() {
        // CALDAV:expand only shapes the returned data; the filter is that of §7.8.2
        CompFilter filter = vcalendar(comp("VEVENT", range("20060103T000000Z", "20060105T000000Z")));
        assertEquals(Set.of("abcd2", "abcd3"), query(filter));
    }

    @Test
    @DisplayName("§7.8.4 stored free busy components: abcd8 (DTSTART/DTEND decide)")
    void s7_8_4_freeBusy() {
        CompFilter filter = vcalendar(comp("VFREEBUSY", range("20060102T000000Z", "20060103T000000Z")));
        assertEquals(Set.of("abcd8"), query(filter));
    }

    @Test
    @DisplayName("§7.8.5 to-dos by alarm time range: the alarm of Task #2 as printed in the RFC's response matches")
    void s7_8_5_todosByAlarm() {
        // <C:comp-filter name="VTODO"><C:comp-filter name="VALARM">
        //   <C:time-range start="20060106T100000Z" end="20060107T100000Z"/>
        CompFilter filter = vcalendar(new CompFilter("VTODO", false, null, List.of(),
                List.of(comp("VALARM", range("20060106T100000Z", "20060107T100000Z")))));

        // The RFC's response shows href abcd4.ics with the body of Task #2 as below (DUE 12:00 US/Eastern = 17:00Z,
        // so TRIGGER;RELATED=START:-PT10M, relative to DUE for want of a DTSTART, fires at 16:50Z: in range).
        String task2AsInResponse = ics("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example Corp.//CalDAV Client//EN
                BEGIN:VTODO
                DTSTAMP:20060205T235300Z
                DUE;TZID=US/Eastern:20060106T120000
                LAST-MODIFIED:20060205T235308Z
                SEQUENCE:1
                STATUS:NEEDS-ACTION
                SUMMARY:Task #2
                UID:E10BA47467C5C69BB74E8720@example.com
                BEGIN:VALARM
                ACTION:AUDIO
                TRIGGER;RELATED=START:-PT10M
                END:VALARM
                END:VTODO
                END:VCALENDAR
                """);
        assertTrue(matches(task2AsInResponse, filter));

        // With the Appendix B bodies (DUE;VALUE=DATE) the triggers are 2006-01-03T23:50Z (abcd4) and
        // 2006-01-05T23:50Z (abcd5) in UTC: the RFC's example data and response disagree, and nothing matches.
        assertEquals(Set.of(), query(filter));
        assertEquals(Set.of("abcd5"), query(vcalendar(new CompFilter("VTODO", false, null, List.of(),
                List.of(comp("VALARM", range("20060105T235000Z", "20060105T235001Z")))))));
        assertEquals(Set.of("abcd4"), query(vcalendar(new CompFilter("VTODO", false, null, List.of(),
                List.of(comp("VALARM", range("20060103T230000Z", "20060104T000000Z")))))));
        // read in US/Eastern the DATE 2006-01-06 starts at 05:00Z: the trigger moves to 04:50Z
        assertTrue(matches(ABCD5, vcalendar(new CompFilter("VTODO", false, null, List.of(),
                List.of(comp("VALARM", range("20060106T044500Z", "20060106T045500Z"))))),
                java.time.ZoneId.of("America/New_York")));
        assertFalse(matches(ABCD4, filter));
    }

    @Test
    @DisplayName("§7.8.6 event by UID (i;octet): abcd3")
    void s7_8_6_eventByUid() {
        CompFilter filter = vcalendar(new CompFilter("VEVENT", false, null, List.of(PropFilter.matching("UID",
                new TextMatch("DC6C50A017428C5216A2F1CD@example.com", "i;octet", false))), List.of()));
        assertEquals(Set.of("abcd3"), query(filter));
        // i;octet is case-sensitive, the default i;ascii-casemap is not
        assertEquals(Set.of(), query(vcalendar(new CompFilter("VEVENT", false, null, List.of(PropFilter.matching(
                "UID", new TextMatch("dc6c50a017428c5216a2f1cd@example.com", "i;octet", false))), List.of()))));
        assertEquals(Set.of("abcd3"), query(vcalendar(new CompFilter("VEVENT", false, null, List.of(
                PropFilter.matching("UID", TextMatch.of("dc6c50a017428c5216a2f1cd@EXAMPLE.com"))), List.of()))));
    }

    @Test
    @DisplayName("§7.8.7 events by PARTSTAT: abcd3 (lisa NEEDS-ACTION)")
    void s7_8_7_eventsByPartstat() {
        CompFilter filter = vcalendar(new CompFilter("VEVENT", false, null, List.of(PropFilter.matching("ATTENDEE",
                new TextMatch("mailto:lisa@example.com", "i;ascii-casemap", false),
                ParamFilter.matching("PARTSTAT", new TextMatch("NEEDS-ACTION", "i;ascii-casemap", false)))),
                List.of()));
        assertEquals(Set.of("abcd3"), query(filter));

        // the param-filter must hold on the same ATTENDEE: Lisa did not accept, Cyrus did
        assertEquals(Set.of(), query(vcalendar(new CompFilter("VEVENT", false, null, List.of(PropFilter.matching(
                "ATTENDEE", TextMatch.of("mailto:lisa@example.com"),
                ParamFilter.matching("PARTSTAT", TextMatch.of("ACCEPTED")))), List.of()))));
        assertEquals(Set.of("abcd3"), query(vcalendar(new CompFilter("VEVENT", false, null, List.of(
                PropFilter.matching("ATTENDEE", TextMatch.of("cyrus"),
                        ParamFilter.matching("PARTSTAT", TextMatch.of("accepted")),
                        ParamFilter.matching("ROLE", TextMatch.of("CHAIR")))), List.of()))));
    }

    @Test
    @DisplayName("§7.8.8 events only: abcd1, abcd2, abcd3")
    void s7_8_8_eventsOnly() {
        assertEquals(Set.of("abcd1", "abcd2", "abcd3"), query(vcalendar(CompFilter.exists("VEVENT"))));
        // and its counterpart with is-not-defined: the objects without any VEVENT
        assertEquals(Set.of("abcd4", "abcd5", "abcd6", "abcd7", "abcd8"),
                query(vcalendar(CompFilter.notDefined("VEVENT"))));
    }

    @Test
    @DisplayName("§7.8.9 all pending to-dos (COMPLETED is-not-defined, STATUS negate CANCELLED): abcd4, abcd5")
    void s7_8_9_pendingTodos() {
        CompFilter filter = vcalendar(new CompFilter("VTODO", false, null, List.of(
                PropFilter.notDefined("COMPLETED"),
                PropFilter.matching("STATUS", new TextMatch("CANCELLED", null, true))), List.of()));
        assertEquals(Set.of("abcd4", "abcd5"), query(filter));
    }

    @Test
    @DisplayName("§7.8.10 X-ABC-GUID text-match: evaluated (the 403 supported-filter is the server's decision)")
    void s7_8_10_unsupportedProperty() {
        CompFilter filter = vcalendar(new CompFilter("VEVENT", false, null,
                List.of(PropFilter.matching("X-ABC-GUID", TextMatch.of("ABC"))), List.of()));
        assertEquals(Set.of(), query(filter));
    }

    @Test
    @DisplayName("recurring abcd2: an overridden instance is only where its override puts it")
    void recurringWithOverrides() {
        // instances at 17:00Z on Jan 2..6; the Jan 4 one is moved to 19:00Z ("Event #2 bis")
        assertFalse(matches(ABCD2, vcalendar(comp("VEVENT", range("20060104T170000Z", "20060104T180000Z")))));
        assertTrue(matches(ABCD2, vcalendar(comp("VEVENT", range("20060104T190000Z", "20060104T200000Z")))));
        assertTrue(matches(ABCD2, vcalendar(comp("VEVENT", range("20060106T170000Z", "20060106T180000Z")))));
        assertFalse(matches(ABCD2, vcalendar(comp("VEVENT", range("20060107T170000Z", "20060107T180000Z")))));
        // COUNT=5: nothing after Jan 6, open-ended ranges included
        assertFalse(matches(ABCD2, vcalendar(comp("VEVENT", new TimeRange(
                java.time.Instant.parse("2006-01-06T18:00:00Z"), null)))));
        assertTrue(matches(ABCD2, vcalendar(comp("VEVENT", new TimeRange(
                java.time.Instant.parse("2006-01-06T17:59:59Z"), null)))));
        assertTrue(matches(ABCD2, vcalendar(comp("VEVENT", new TimeRange(null,
                java.time.Instant.parse("2006-01-02T17:00:01Z"))))));
        assertFalse(matches(ABCD2, vcalendar(comp("VEVENT", new TimeRange(null,
                java.time.Instant.parse("2006-01-02T17:00:00Z"))))));

        // the second override printed in the §7.8.1 response ("Event #2 bis bis", Jan 6 moved to 14:00 EST)
        String withSecondOverride = ABCD2.replace("END:VCALENDAR", ics("""
                BEGIN:VEVENT
                DTSTAMP:20060206T001121Z
                DTSTART;TZID=US/Eastern:20060106T140000
                DURATION:PT1H
                RECURRENCE-ID;TZID=US/Eastern:20060106T120000
                SUMMARY:Event #2 bis bis
                UID:00959BC664CA650E933C892C@example.com
                END:VEVENT
                END:VCALENDAR"""));
        assertFalse(matches(withSecondOverride,
                vcalendar(comp("VEVENT", range("20060106T170000Z", "20060106T180000Z")))));
        assertTrue(matches(withSecondOverride,
                vcalendar(comp("VEVENT", range("20060106T190000Z", "20060106T200000Z")))));
    }
}
