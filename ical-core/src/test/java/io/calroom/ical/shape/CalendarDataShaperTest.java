package io.calroom.ical.shape;

import io.calroom.ical.CalendarObjectLimits;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 4791 §9.6.5 expand with overrides whose RECURRENCE-ID names a zone the object defines itself: the object's
 * VTIMEZONE decides the instant (RFC 5545 §3.6.5), also when the shaper has already seen another object whose
 * VTIMEZONE of the same TZID says something else (its rules are kept by the definition's text, not by the name).
 */
class CalendarDataShaperTest {

    private static final CalendarDataSpec EXPAND_JUNE_2027 = new CalendarDataSpec(null,
            new CalendarDataSpec.Range(Instant.parse("2027-06-01T00:00:00Z"), Instant.parse("2027-07-01T00:00:00Z")),
            null, null);

    private final CalendarDataShaper shaper = new CalendarDataShaper(CalendarObjectLimits.defaults());

    @Test
    void overrideOfADailySeriesReplacesItsOccurrenceUnderTheObjectsOwnZone_rfc4791_9_6_5() throws Exception {
        String plusTwo = seriesWithOverride("+0200");
        String minusFive = seriesWithOverride("-0500");

        String first = shaper.shape(plusTwo, EXPAND_JUNE_2027, ZoneOffset.UTC);
        String second = shaper.shape(minusFive, EXPAND_JUNE_2027, ZoneOffset.UTC);
        String firstAgain = shaper.shape(plusTwo, EXPAND_JUNE_2027, ZoneOffset.UTC);

        // 09:00 at +02:00 is 07:00Z; at -05:00 it is 14:00Z. The override (SUMMARY:Moved) replaces that instance.
        assertTrue(instance(first, "20270610T070000Z").contains("SUMMARY:Moved"), first);
        assertTrue(instance(second, "20270610T140000Z").contains("SUMMARY:Moved"), second);
        assertFalse(second.contains("RECURRENCE-ID:20270610T070000Z"), second);
        assertEquals(first, firstAgain, "the same object shapes the same way the second time");
    }

    /** The expanded VEVENT whose RECURRENCE-ID is {@code utc}; fails if there is not exactly one. */
    private static String instance(String expanded, String utc) {
        String[] events = expanded.split("BEGIN:VEVENT");
        String found = null;
        for (String event : events) {
            if (event.contains("RECURRENCE-ID:" + utc + "\r\n")) {
                assertTrue(found == null, "two instances with RECURRENCE-ID " + utc + ": " + expanded);
                found = event;
            }
        }
        assertTrue(found != null, "no instance with RECURRENCE-ID " + utc + ": " + expanded);
        return found;
    }

    /** A daily 09:00 series in a custom zone "Office Time" with a fixed offset, and an override on 10 June. */
    private static String seriesWithOverride(String offset) {
        return String.join("\r\n",
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//calroom//test//EN",
                "BEGIN:VTIMEZONE",
                "TZID:Office Time",
                "BEGIN:STANDARD",
                "DTSTART:19700101T000000",
                "TZOFFSETFROM:" + offset,
                "TZOFFSETTO:" + offset,
                "END:STANDARD",
                "END:VTIMEZONE",
                "BEGIN:VEVENT",
                "UID:series-" + offset,
                "DTSTAMP:20270101T000000Z",
                "DTSTART;TZID=Office Time:20270601T090000",
                "DURATION:PT1H",
                "RRULE:FREQ=DAILY;COUNT=20",
                "SUMMARY:Daily",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:series-" + offset,
                "DTSTAMP:20270101T000000Z",
                "RECURRENCE-ID;TZID=Office Time:20270610T090000",
                "DTSTART;TZID=Office Time:20270610T110000",
                "DURATION:PT1H",
                "SUMMARY:Moved",
                "END:VEVENT",
                "END:VCALENDAR",
                "");
    }
}
