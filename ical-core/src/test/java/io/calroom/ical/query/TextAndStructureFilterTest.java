package io.calroom.ical.query;

import static io.calroom.ical.query.AppendixB.ABCD1;
import static io.calroom.ical.query.AppendixB.ABCD2;
import static io.calroom.ical.query.AppendixB.ABCD3;
import static io.calroom.ical.query.Q.calendar;
import static io.calroom.ical.query.Q.comp;
import static io.calroom.ical.query.Q.component;
import static io.calroom.ical.query.Q.event;
import static io.calroom.ical.query.Q.matches;
import static io.calroom.ical.query.Q.vcalendar;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** text-match (collations, negate-condition), param-filter, is-not-defined, nesting and recurrence-set scoping. */
class TextAndStructureFilterTest {

    private static CompFilter eventWith(PropFilter... propFilters) {
        return vcalendar(comp("VEVENT", null, propFilters));
    }

    private static boolean summaryMatches(String summary, TextMatch tm) {
        return matches(event("DTSTART:20240506T100000Z", "SUMMARY:" + summary),
                eventWith(PropFilter.matching("SUMMARY", tm)));
    }

    // ---------- Collations

    @Test
    void asciiCasemap_foldsAsciiLettersOnly() {
        assertTrue(summaryMatches("Quarterly Review", TextMatch.of("review")));
        assertTrue(summaryMatches("Quarterly Review", new TextMatch("QUARTERLY REV", null, false)));
        assertFalse(summaryMatches("ÄRGER im Büro", TextMatch.of("ärger")));
        assertTrue(summaryMatches("ÄRGER im Büro", TextMatch.of("Ärger IM")));
    }

    @Test
    void octet_isExact() {
        assertTrue(summaryMatches("Quarterly Review", new TextMatch("Review", "i;octet", false)));
        assertFalse(summaryMatches("Quarterly Review", new TextMatch("review", "i;octet", false)));
        assertFalse(summaryMatches("Café", new TextMatch("Cafe\u0301", "i;octet", false)));
    }

    @Test
    void unicodeCasemap_foldsCaseAndCompatibilityForms() {
        assertTrue(summaryMatches("ÄRGER im Büro", new TextMatch("ärger", "i;unicode-casemap", false)));
        assertTrue(summaryMatches("Café crème", new TextMatch("CAFE\u0301 CRÈME", "i;unicode-casemap", false)));
        assertTrue(summaryMatches("Ｒｏｏｍ ４", new TextMatch("room 4", "i;unicode-casemap", false)));
        assertFalse(summaryMatches("Café", new TextMatch("cafes", "i;unicode-casemap", false)));
    }

    @Test
    void emptyText_matchesAnyValue_ofAnExistingProperty() {
        assertTrue(summaryMatches("x", TextMatch.of("")));
        assertFalse(matches(event("DTSTART:20240506T100000Z"), eventWith(PropFilter.matching("SUMMARY",
                TextMatch.of("")))));
    }

    @Test
    void escapedTextIsMatchedUnescaped() {
        assertTrue(summaryMatches("Budget\\, Q3\\; final", TextMatch.of("budget, q3; final")));
    }

    // ---------- NegateCondition

    @Test
    void negatedMatch_onSummary() {
        assertTrue(summaryMatches("Team meeting", new TextMatch("lunch", null, true)));
        assertFalse(summaryMatches("Team Lunch", new TextMatch("lunch", null, true)));
        assertTrue(summaryMatches("Team Lunch", new TextMatch("lunch", "i;octet", true)));
    }

    @Test
    void negatedMatch_neverMatchesAMissingProperty() {
        assertFalse(matches(event("DTSTART:20240506T100000Z"),
                eventWith(PropFilter.matching("STATUS", new TextMatch("CANCELLED", null, true)))));
    }

    @Test
    void multiValuedCategories_matchPerItem() {
        String body = event("DTSTART:20240506T100000Z", "CATEGORIES:WORK,Home\\, garden", "CATEGORIES:Travel");
        assertTrue(matches(body, eventWith(PropFilter.matching("CATEGORIES", TextMatch.of("home, garden")))));
        assertTrue(matches(body, eventWith(PropFilter.matching("CATEGORIES", TextMatch.of("work")))));
        assertTrue(matches(body, eventWith(PropFilter.matching("CATEGORIES", TextMatch.of("travel")))));
        // no item contains "k,H" although the written value does
        assertFalse(matches(body, eventWith(PropFilter.matching("CATEGORIES", TextMatch.of("k,H")))));
        // negated: the first CATEGORIES has "work", the second has not
        assertTrue(matches(body, eventWith(PropFilter.matching("CATEGORIES",
                new TextMatch("work", null, true)))));
        assertFalse(matches(event("DTSTART:20240506T100000Z", "CATEGORIES:WORK,Home"),
                eventWith(PropFilter.matching("CATEGORIES", new TextMatch("home", null, true)))));
    }

    @Test
    void negatedMatch_onAnyOfSeveralProperties() {
        // abcd3 has two ATTENDEEs: cyrus does not contain "lisa"
        assertTrue(matches(ABCD3, eventWith(PropFilter.matching("ATTENDEE",
                new TextMatch("lisa", null, true)))));
        assertFalse(matches(ABCD3, eventWith(PropFilter.matching("ATTENDEE",
                new TextMatch("example.com", null, true)))));
    }

    @Test
    void negatedParameterMatch() {
        // an ATTENDEE whose PARTSTAT is not ACCEPTED: lisa
        assertTrue(matches(ABCD3, eventWith(PropFilter.matching("ATTENDEE", TextMatch.of("lisa"),
                ParamFilter.matching("PARTSTAT", new TextMatch("ACCEPTED", null, true))))));
        assertFalse(matches(ABCD3, eventWith(PropFilter.matching("ATTENDEE", TextMatch.of("cyrus"),
                ParamFilter.matching("PARTSTAT", new TextMatch("ACCEPTED", null, true))))));
    }

    // ---------- ParamFilters

    private final String paramBody = event("DTSTART:20240506T100000Z",
            "ORGANIZER;CN=\"Doe, Jane\":mailto:jane@example.com",
            "ATTENDEE;CUTYPE=ROOM;ROLE=NON-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:room-4@example.com",
            "ATTENDEE;CN=Bob;RSVP=TRUE;MEMBER=\"mailto:dev@example.com\":mailto:bob@example.com");

    @Test
    void existence_andIsNotDefined_areTestedOnTheSameProperty() {
        assertTrue(matches(paramBody, eventWith(new PropFilter("ATTENDEE", false, null, null,
                List.of(ParamFilter.exists("CUTYPE"))))));
        assertTrue(matches(paramBody, eventWith(new PropFilter("ATTENDEE", false, null, null,
                List.of(ParamFilter.notDefined("CUTYPE"), ParamFilter.exists("RSVP"))))));
        assertFalse(matches(paramBody, eventWith(new PropFilter("ATTENDEE", false, null, null,
                List.of(ParamFilter.exists("CUTYPE"), ParamFilter.exists("RSVP"))))));
        assertFalse(matches(paramBody, eventWith(new PropFilter("ORGANIZER", false, null, null,
                List.of(ParamFilter.exists("SENT-BY"))))));
    }

    @Test
    void textMatch_onQuotedAndListValues() {
        assertTrue(matches(paramBody, eventWith(new PropFilter("ORGANIZER", false, null, null,
                List.of(ParamFilter.matching("CN", TextMatch.of("doe, jane")))))));
        assertTrue(matches(paramBody, eventWith(PropFilter.matching("ATTENDEE", TextMatch.of("bob@"),
                ParamFilter.matching("member", new TextMatch("mailto:dev@example.com", "i;octet", false))))));
        assertTrue(matches(paramBody, eventWith(PropFilter.matching("ATTENDEE", TextMatch.of("room"),
                ParamFilter.matching("cutype", TextMatch.of("room"))))));
        assertFalse(matches(paramBody, eventWith(PropFilter.matching("ATTENDEE", TextMatch.of("bob"),
                ParamFilter.matching("CUTYPE", TextMatch.of("room"))))));
    }

    // ---------- Structure

    @Test
    void isNotDefined_onComponentsAndProperties() {
        assertTrue(matches(ABCD1, vcalendar(CompFilter.notDefined("VTODO"))));
        assertFalse(matches(ABCD1, vcalendar(CompFilter.notDefined("VTIMEZONE"))));
        assertTrue(matches(ABCD1, vcalendar(comp("VEVENT", null, PropFilter.notDefined("DTEND")))));
        assertFalse(matches(ABCD1, vcalendar(comp("VEVENT", null, PropFilter.notDefined("DURATION")))));
        // property names are case-insensitive: abcd1 writes "Description"
        assertTrue(matches(ABCD1, vcalendar(comp("VEVENT", null,
                PropFilter.matching("DESCRIPTION", TextMatch.of("steelers"))))));
        assertTrue(matches(ABCD1, vcalendar(comp("vevent", null, PropFilter.exists("description")))));
    }

    @Test
    void vcalendarProperties_andVtimezoneSubcomponents() {
        assertTrue(matches(ABCD1, new CompFilter("VCALENDAR", false, null,
                List.of(PropFilter.matching("PRODID", TextMatch.of("example corp"))),
                List.of(comp("VTIMEZONE", List.of(PropFilter.matching("TZID", TextMatch.of("US/Eastern"))),
                        comp("STANDARD", null, PropFilter.matching("TZNAME", TextMatch.of("EST"))),
                        comp("DAYLIGHT", null, PropFilter.matching("TZNAME", TextMatch.of("EDT"))))))));
        assertFalse(matches(ABCD1, vcalendar(comp("VTIMEZONE", List.of(),
                comp("STANDARD", null, PropFilter.matching("TZNAME", TextMatch.of("EDT")))))));
        assertFalse(matches(ABCD1, vcalendar(comp("VEVENT", List.of(), CompFilter.exists("STANDARD")))));
    }

    @Test
    void rootMustBeVcalendar() {
        assertFalse(matches(ABCD1, CompFilter.exists("VEVENT")));
        assertTrue(matches(ABCD1, CompFilter.notDefined("VEVENT")));
        assertFalse(matches(ABCD1, CompFilter.notDefined("VCALENDAR")));
        assertFalse(matches(ABCD1, new CompFilter("VCALENDAR", false,
                TimeRange.ofUtc("20000101T000000Z", null), List.of(), List.of())));
    }

    @Test
    void nestedAlarmFilters_areEvaluatedInTheirEvent() {
        String body = calendar(
                component("VEVENT", "DTSTART:20240506T100000Z", "SUMMARY:With alarm",
                        Q.alarm("TRIGGER:-PT15M")),
                component("VEVENT", "UID:other", "DTSTART:20240507T100000Z", "SUMMARY:Without alarm")
                        .replace("UID:query-test-1\r\n", ""));
        assertTrue(matches(body, vcalendar(comp("VEVENT", List.of(), CompFilter.exists("VALARM")))));
        // the event without alarm satisfies is-not-defined…
        assertTrue(matches(body, vcalendar(comp("VEVENT", List.of(), CompFilter.notDefined("VALARM")))));
        // …but not together with the SUMMARY of the other one
        assertFalse(matches(body, vcalendar(comp("VEVENT",
                List.of(PropFilter.matching("SUMMARY", TextMatch.of("with alarm"))),
                CompFilter.notDefined("VALARM")))));
        assertTrue(matches(body, vcalendar(comp("VEVENT",
                List.of(PropFilter.matching("SUMMARY", TextMatch.of("with alarm"))),
                comp("VALARM", null, PropFilter.matching("ACTION", TextMatch.of("display")))))));
        assertFalse(matches(body, vcalendar(comp("VEVENT", List.of(),
                comp("VALARM", null, PropFilter.matching("ACTION", TextMatch.of("audio")))))));
    }

    // ---------- RecurrenceSets

    private final String weekly = calendar(
            component("VEVENT", "DTSTART;TZID=Europe/Berlin:20240506T100000",
                    "DTEND;TZID=Europe/Berlin:20240506T110000", "RRULE:FREQ=WEEKLY;COUNT=10",
                    "SUMMARY:Weekly sync", "LOCATION:Room 1"),
            component("VEVENT", "RECURRENCE-ID;TZID=Europe/Berlin:20240513T100000",
                    "DTSTART;TZID=Europe/Berlin:20240514T150000", "DTEND;TZID=Europe/Berlin:20240514T160000",
                    "SUMMARY:Weekly sync (moved)", "LOCATION:Room 2", Q.alarm("TRIGGER:-PT5M")));

    @Test
    void aSubFilterMatchesInTheMasterOrInAnOverride() {
        assertTrue(matches(weekly, vcalendar(comp("VEVENT", null,
                PropFilter.matching("SUMMARY", TextMatch.of("moved"))))));
        assertTrue(matches(weekly, vcalendar(comp("VEVENT", null,
                PropFilter.matching("LOCATION", TextMatch.of("room 1"))))));
        assertTrue(matches(weekly, vcalendar(comp("VEVENT", null, PropFilter.exists("RECURRENCE-ID")))));
        assertTrue(matches(weekly, vcalendar(comp("VEVENT", null, PropFilter.notDefined("RECURRENCE-ID")))));
        assertTrue(matches(weekly, vcalendar(comp("VEVENT", List.of(), CompFilter.exists("VALARM")))));
        assertTrue(matches(weekly, vcalendar(comp("VEVENT", List.of(), CompFilter.notDefined("VALARM")))));
        assertTrue(matches(ABCD2, vcalendar(comp("VEVENT", null,
                PropFilter.matching("SUMMARY", TextMatch.of("Event #2 bis"))))));
    }

    @Test
    void allSubFiltersMustMatchInTheSameComponent() {
        assertTrue(matches(weekly, vcalendar(comp("VEVENT", null,
                PropFilter.matching("SUMMARY", TextMatch.of("moved")),
                PropFilter.matching("LOCATION", TextMatch.of("room 2"))))));
        assertFalse(matches(weekly, vcalendar(comp("VEVENT", null,
                PropFilter.matching("SUMMARY", TextMatch.of("moved")),
                PropFilter.matching("LOCATION", TextMatch.of("room 1"))))));
        assertFalse(matches(weekly, vcalendar(comp("VEVENT",
                List.of(PropFilter.notDefined("RECURRENCE-ID")), CompFilter.exists("VALARM")))));
    }

    @Test
    void timeRangeAndSubFilters_combine() {
        // the time-range holds for some instance, the sub-filters within one member
        TimeRange thirdWeek = TimeRange.ofUtc("20240520T000000Z", "20240521T000000Z");
        assertTrue(matches(weekly, vcalendar(comp("VEVENT", thirdWeek,
                PropFilter.matching("SUMMARY", TextMatch.of("weekly sync"))))));
        assertFalse(matches(weekly, vcalendar(comp("VEVENT", thirdWeek,
                PropFilter.matching("SUMMARY", TextMatch.of("standup"))))));
        // the moved instance: not on Monday May 13, but on Tuesday May 14 13:00Z
        assertFalse(matches(weekly, Q.eventsIn(TimeRange.ofUtc("20240513T000000Z", "20240514T000000Z"))));
        assertTrue(matches(weekly, Q.eventsIn(TimeRange.ofUtc("20240514T130000Z", "20240514T130001Z"))));
    }
}
