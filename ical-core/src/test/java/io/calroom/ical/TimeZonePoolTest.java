package io.calroom.ical;

import static io.calroom.ical.Ics.resource;
import static io.calroom.ical.Ics.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * ical4j 4.4.0 hands every registered VTIMEZONE an id from a global pool of 1500 and threw "Ran out of
 * available zone IDs" on long runs. The parser never registers VTIMEZONEs, so thousands of objects each carrying
 * their own VTIMEZONE parse fine, and fast.
 */
class TimeZonePoolTest {

    private final CalendarObjectParser parser = new CalendarObjectParser(CalendarObjectLimits.defaults());

    private static String withTimeZone(String vtimezone, String tzid, int i) {
        return Ics.calendar(vtimezone, "BEGIN:VEVENT", "UID:pool-" + i, "DTSTAMP:20240101T000000Z",
                "DTSTART;TZID=" + tzid + ":20240304T100000", "DTEND;TZID=" + tzid + ":20240304T110000",
                "RRULE:FREQ=WEEKLY;COUNT=10", "EXDATE;TZID=" + tzid + ":20240311T100000", "END:VEVENT");
    }

    private static String vtimezoneOf(String resource) {
        String text = resource(resource);
        return text.substring(text.indexOf("BEGIN:VTIMEZONE"), text.indexOf("END:VTIMEZONE") + 13);
    }

    @Test
    void fiveThousandObjectsWithTheirOwnVtimezone_doNotExhaustZoneIds() throws Exception {
        String berlin = vtimezoneOf("apple-weekly-standup.ics");
        String windows = vtimezoneOf("outlook-custom-tz.ics");
        String mozilla = vtimezoneOf("lightning-mozilla-tzid.ics");
        long started = System.nanoTime();
        for (int i = 0; i < 5_000; i++) {
            String body = switch (i % 3) {
                case 0 -> withTimeZone(berlin, "Europe/Berlin", i);
                case 1 -> withTimeZone(windows, "W. Europe Standard Time", i);
                default -> withTimeZone(mozilla, "/mozilla.org/20050126_1/Europe/Berlin", i);
            };
            if (i % 10 == 0) {
                ValidatedCalendarObject v = parser.validate(Ics.bytes(body), Ics.ALL, Ics.UTC, Ics.NOW);
                assertEquals(9, v.occurrences().size());
                assertEquals(t("2024-03-04T09:00:00Z"), v.firstStart());
                assertEquals(t("2024-05-06T09:00:00Z"), v.lastEnd());
            } else {
                assertEquals(2, parser.parse(Ics.bytes(body)).getComponents().size());
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 30_000, "5000 parses took " + millis + " ms");
    }

    @Test
    void distinctNonIanaVtimezones_areEachInterpreted() throws Exception {
        // 300 different definitions: each is built into rules (no cache hit), none takes a pool id
        for (int i = 0; i < 300; i++) {
            int minutes = 60 + (i % 60);
            String offset = String.format("+%02d%02d", minutes / 60, minutes % 60);
            String body = Ics.calendar("BEGIN:VTIMEZONE", "TZID:Custom Zone " + i, "BEGIN:STANDARD",
                    "DTSTART:16010101T000000", "TZOFFSETFROM:" + offset, "TZOFFSETTO:" + offset, "END:STANDARD",
                    "END:VTIMEZONE", Ics.component("VEVENT", "DTSTART;TZID=Custom Zone " + i + ":20240506T120000"));
            ValidatedCalendarObject v = parser.validate(Ics.bytes(body), Ics.ALL, Ics.UTC, Ics.NOW);
            assertEquals(t("2024-05-06T12:00:00Z").minusSeconds(minutes * 60L), v.firstStart());
        }
    }
}
