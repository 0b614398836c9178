package io.calroom.ical.query;

import static io.calroom.ical.query.Q.comp;
import static io.calroom.ical.query.Q.event;
import static io.calroom.ical.query.Q.matches;
import static io.calroom.ical.query.Q.t;
import static io.calroom.ical.query.Q.vcalendar;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The immutable filter model and the collation check. */
class FilterModelTest {

    @Test
    void timeRange_parsesUtcAttributes_andRejectsEmptyRanges() {
        assertEquals(new TimeRange(t("2006-01-04T00:00:00Z"), t("2006-01-05T00:00:00Z")),
                TimeRange.ofUtc("20060104T000000Z", "20060105T000000Z"));
        assertEquals(new TimeRange(null, t("2006-01-05T00:00:00Z")), TimeRange.ofUtc(null, "20060105T000000Z"));
        assertThrows(IllegalArgumentException.class, () -> TimeRange.ofUtc("20060104T000000", null));
        assertThrows(IllegalArgumentException.class, () -> TimeRange.ofUtc("20060104", null));
        assertThrows(IllegalArgumentException.class, () -> TimeRange.ofUtc("20060105T000000Z", "20060105T000000Z"));
        assertThrows(IllegalArgumentException.class, () -> TimeRange.ofUtc("20060105T000000Z", "20060104T000000Z"));
        TimeRange r = TimeRange.ofUtc("20060104T000000Z", "20060105T000000Z");
        assertTrue(r.contains(t("2006-01-04T00:00:00Z")));
        assertTrue(!r.contains(t("2006-01-05T00:00:00Z")));
        assertTrue(new TimeRange(null, null).contains(t("1900-01-01T00:00:00Z")));
    }

    @Test
    void textMatch_defaultsToAsciiCasemap() {
        assertEquals("i;ascii-casemap", new TextMatch("x", null, false).collation());
        assertEquals(new TextMatch("x", "i;ascii-casemap", false), TextMatch.of("x"));
        assertThrows(NullPointerException.class, () -> new TextMatch(null, null, false));
    }

    @Test
    void filters_rejectContradictions_andCopyLists() {
        assertThrows(IllegalArgumentException.class,
                () -> new ParamFilter("PARTSTAT", true, TextMatch.of("ACCEPTED")));
        assertThrows(IllegalArgumentException.class, () -> new PropFilter("DTSTART", false,
                new TimeRange(null, t("2006-01-01T00:00:00Z")), TextMatch.of("2006"), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new PropFilter("SUMMARY", true, null, TextMatch.of("x"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new CompFilter("VEVENT", true,
                new TimeRange(null, t("2006-01-01T00:00:00Z")), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new CompFilter(" ", false, null, null, null));

        List<PropFilter> props = new ArrayList<>(List.of(PropFilter.exists("SUMMARY")));
        CompFilter f = new CompFilter("VEVENT", false, null, props, null);
        props.clear();
        assertEquals(1, f.propFilters().size());
        assertEquals(List.of(), f.compFilters());
        assertThrows(UnsupportedOperationException.class, () -> f.propFilters().add(PropFilter.exists("UID")));
        assertEquals(List.of(), new PropFilter("X", false, null, null, null).paramFilters());
    }

    @Test
    void checkCollations_acceptsTheSupportedOnes() {
        CompFilter filter = vcalendar(new CompFilter("VEVENT", false, null, List.of(
                PropFilter.matching("SUMMARY", new TextMatch("a", "i;octet", false)),
                PropFilter.matching("LOCATION", new TextMatch("a", "i;unicode-casemap", true)),
                PropFilter.matching("ATTENDEE", new TextMatch("a", null, false),
                        ParamFilter.matching("CN", new TextMatch("b", "I;ASCII-CASEMAP", false)))), List.of()));
        assertDoesNotThrow(() -> CalendarQueryEvaluator.checkCollations(filter));
        assertEquals(List.of("i;ascii-casemap", "i;octet", "i;unicode-casemap"),
                CalendarQueryEvaluator.SUPPORTED_COLLATIONS);
    }

    @Test
    void checkCollations_findsAnUnknownOne_atAnyDepth() {
        CompFilter inProp = vcalendar(new CompFilter("VEVENT", false, null, List.of(
                PropFilter.matching("SUMMARY", new TextMatch("a", "i;basic", false))), List.of()));
        UnsupportedCollationException e = assertThrows(UnsupportedCollationException.class,
                () -> CalendarQueryEvaluator.checkCollations(inProp));
        assertEquals("i;basic", e.collation());

        CompFilter inParam = vcalendar(comp("VEVENT", List.of(), new CompFilter("VALARM", false, null, List.of(
                PropFilter.matching("ATTENDEE", TextMatch.of("x"),
                        ParamFilter.matching("CN", new TextMatch("b", "en;primary", false)))), List.of())));
        e = assertThrows(UnsupportedCollationException.class, () -> CalendarQueryEvaluator.checkCollations(inParam));
        assertEquals("en;primary", e.collation());
    }

    @Test
    void matches_refusesAnUncheckedUnknownCollation() {
        CompFilter filter = vcalendar(new CompFilter("VEVENT", false, null, List.of(
                PropFilter.matching("SUMMARY", new TextMatch("a", "i;basic", false))), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> matches(event("DTSTART:20240506T100000Z", "SUMMARY:a"), filter));
    }

    @Test
    void collationModes() {
        assertEquals("ABC-äÖ", Collation.ASCII_CASEMAP.key("abc-äÖ")); // ASCII letters only
        assertTrue(Collation.ASCII_CASEMAP.contains("Team Meeting", "MEETING"));
        assertTrue(!Collation.ASCII_CASEMAP.contains("ÄRGER", "ärger"));
        assertTrue(Collation.UNICODE_CASEMAP.contains("ÄRGER", "ärger"));
        assertTrue(Collation.UNICODE_CASEMAP.contains("Cafe\u0301", "CAFÉ"));
        assertTrue(Collation.UNICODE_CASEMAP.contains("ﬁle", "FILE"));
        assertTrue(!Collation.OCTET.contains("Team Meeting", "meeting"));
        assertTrue(Collation.OCTET.contains("Team Meeting", "Meeting"));
        assertTrue(Collation.OCTET.contains("anything", ""));
        assertNull(Collation.of("i;basic").orElse(null));
    }
}
