package io.calroom.ical.tree;

import io.calroom.ical.tree.IcalTree.Component;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edits through the tree: master versus override, ORGANIZER, LOCATION, a new override; other lines keep their bytes. */
class CalendarObjectTreeTest {

    static final String SERIES = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//test//EN\r
            BEGIN:VEVENT\r
            UID:series-1\r
            DTSTAMP:20240101T000000Z\r
            DTSTART:20240108T100000Z\r
            DTEND:20240108T110000Z\r
            RRULE:FREQ=WEEKLY;COUNT=4\r
            SUMMARY:Weekly\\, with a folded \r
             description\r
            ORGANIZER;CN=Org:mailto:org@example.com\r
            ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:room@example.com\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:series-1\r
            RECURRENCE-ID:20240115T100000Z\r
            DTSTAMP:20240101T000000Z\r
            DTSTART:20240115T120000Z\r
            DTEND:20240115T130000Z\r
            ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:room@example.com\r
            END:VEVENT\r
            END:VCALENDAR\r
            """;

    @Test
    void roundTrip_keepsEveryByte() {
        assertEquals(SERIES, CalendarObjectTree.parse(SERIES).text());
    }

    @Test
    void editInsideTheOverride_leavesTheMasterAlone() {
        CalendarObjectTree doc = CalendarObjectTree.parse(SERIES);
        Component override = doc.byKey().get("20240115T100000Z");
        Component master = doc.master();
        String masterBefore = master.text();
        CalendarObjectTree.setLine(override, ContentLine.of("LOCATION", "Room 1, floor 2"));
        IcalTree.Line attendee = override.line("ATTENDEE");
        override.lines().set(override.lines().indexOf(attendee), ContentLine.of(attendee).with("PARTSTAT", "ACCEPTED").line());
        assertEquals(masterBefore, master.text());
        String text = doc.text();
        assertTrue(text.contains("RECURRENCE-ID:20240115T100000Z\r\nDTSTAMP"), text);
        assertTrue(text.contains("UID:series-1\r\nLOCATION:Room 1, floor 2\r\n"), text); // setLine: after UID, value as given
        assertTrue(text.contains("ATTENDEE;PARTSTAT=ACCEPTED:mailto:room@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR"), text);
        assertEquals(1, text.split("PARTSTAT=ACCEPTED", -1).length - 1);
    }

    @Test
    void editOfTheMaster_leavesTheOverrideAlone() {
        CalendarObjectTree doc = CalendarObjectTree.parse(SERIES);
        Component override = doc.byKey().get("20240115T100000Z");
        String overrideBefore = override.text();
        CalendarObjectTree.setLine(doc.master(), ContentLine.of("ORGANIZER", "mailto:new@example.com").with("CN", "New, Org"));
        assertEquals(overrideBefore, override.text());
        assertTrue(doc.text().contains("ORGANIZER;CN=\"New, Org\":mailto:new@example.com\r\nATTENDEE"), doc.text());
        CalendarObjectTree.removeLines(doc.master(), "ORGANIZER");
        assertNull(doc.master().line("ORGANIZER"));
    }

    @Test
    void addingAnOverride_writesRecurrenceIdLikeTheMastersDtstart() {
        CalendarObjectTree doc = CalendarObjectTree.parse(SERIES);
        Component master = doc.master();
        Component added = master.copy();
        CalendarObjectTree.removeLines(added, "RRULE");
        CalendarObjectTree.setLine(added, doc.propertyLike("RECURRENCE-ID", ContentLine.of(master.line("DTSTART")), "20240122T100000Z"));
        doc.root.children().add(added);
        assertEquals("20240122T100000Z", doc.key(added));
        assertEquals(3, doc.byKey().size());
        assertTrue(doc.text().contains("UID:series-1\r\nRECURRENCE-ID:20240122T100000Z\r\n"), doc.text());
    }

    @Test
    void dateValues() {
        CalendarObjectTree.DateTime d = CalendarObjectTree.parseExact(" 20240229 ");
        assertTrue(d.date());
        CalendarObjectTree.DateTime utc = CalendarObjectTree.parseExact("20240229T235959Z");
        assertTrue(utc.utc());
        assertTrue(CalendarObjectTree.parseExact("20240229T235959").floating());
        assertThrows(IllegalArgumentException.class, () -> CalendarObjectTree.parseExact("20240229T235960Z"));
        assertThrows(IllegalArgumentException.class, () -> CalendarObjectTree.parseExact("20240101T100000Z/PT1H"));
        assertEquals(59, CalendarObjectTree.parseValue("20240229T235960Z", null).local().getSecond()); // leap second read as :59
    }
}
