package io.calroom.ical;

import static io.calroom.ical.CalDavPrecondition.VALID_CALENDAR_DATA;
import static io.calroom.ical.Ics.bytes;
import static io.calroom.ical.Ics.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

/** {@link CalendarObjectParser#parse}: bytes as received over HTTP (RFC 5545 §3.1, §3.4; RFC 4791 §5.3.2.1). */
class CalendarObjectParserTest {

    private final CalendarObjectParser parser = new CalendarObjectParser(CalendarObjectLimits.defaults());

    private CalendarDataException refused(byte[] body) {
        CalendarDataException e = assertThrows(CalendarDataException.class, () -> parser.parse(body));
        assertEquals(VALID_CALENDAR_DATA, e.precondition());
        return e;
    }

    @Test
    void parsesAnEvent() throws Exception {
        Calendar calendar = parser.parse(bytes(event("DTSTART:20240506T100000Z", "SUMMARY:Hallo Welt")));
        VEvent event = (VEvent) calendar.getComponent("VEVENT").orElseThrow();
        assertEquals("Hallo Welt", event.getProperty("SUMMARY").orElseThrow().getValue());
    }

    @Test
    void eventDatePropertiesKeepTheTextAsReceived() throws Exception {
        String body = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
                "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
                "BEGIN:STANDARD", "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
                "BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT", "END:VTIMEZONE",
                "BEGIN:VEVENT", "UID:verbatim-1", "DTSTAMP:20261101T120000Z",
                "DTSTART;TZID=Europe/Berlin:20270104T100000", "DTEND;TZID=Europe/Berlin:20270104T110000",
                "RRULE:FREQ=WEEKLY;COUNT=5", "EXDATE;TZID=Europe/Berlin:20270111T100000,20270118T100000",
                "END:VEVENT", "END:VCALENDAR", "");
        Calendar calendar = parser.parse(bytes(body));
        VEvent event = (VEvent) calendar.getComponent("VEVENT").orElseThrow();
        assertTrue(event.getProperty("DTSTART").orElseThrow() instanceof VerbatimDateProperty, "not re-parsed by ical4j");
        assertEquals("20270104T100000", event.getProperty("DTSTART").orElseThrow().getValue());
        // A date list stays one unescaped value: no "\," in what is written back.
        assertEquals("EXDATE;TZID=Europe/Berlin:20270111T100000,20270118T100000\r\n",
                event.getProperty("EXDATE").orElseThrow().toString());
        // The observances stay ical4j's typed properties, which its ZoneRulesBuilder reads.
        var timeZone = calendar.getComponent("VTIMEZONE").orElseThrow();
        var standard = ((net.fortuna.ical4j.model.component.VTimeZone) timeZone).getObservances().get(0);
        assertTrue(standard.getProperty("DTSTART").orElseThrow() instanceof net.fortuna.ical4j.model.property.DtStart<?>);
        assertEquals(5 - 2, parser.validate(bytes(body), java.util.Set.of("VEVENT"), java.time.ZoneOffset.UTC,
                java.time.Instant.parse("2026-11-22T00:00:00Z")).occurrences().size());
    }

    @Test
    void rfc5545_3_1_4_utf8TextIsKept() throws Exception {
        Calendar calendar = parser.parse(bytes(event("DTSTART:20240506T100000Z", "SUMMARY:Grüße 👋 日本")));
        assertEquals("Grüße 👋 日本", calendar.getComponent("VEVENT").orElseThrow().getProperty("SUMMARY")
                .orElseThrow().getValue());
    }

    @Test
    void byteOrderMarkIsTolerated() throws Exception {
        byte[] body = bytes(event("DTSTART:20240506T100000Z"));
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertNotNull(parser.parse(withBom));
    }

    @Test
    void rfc5545_3_1_4_invalidUtf8IsRefused() {
        byte[] latin1 = event("DTSTART:20240506T100000Z", "SUMMARY:Grüße").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(refused(latin1).getMessage().contains("UTF-8"));
    }

    @Test
    void emptyAndNonCalendarBodiesAreRefused() {
        refused(new byte[0]);
        refused(null);
        refused(bytes("   \r\n"));
        refused(bytes("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna\r\nEND:VCARD\r\n"));
        refused(bytes("<html><body>hello</body></html>"));
        refused(bytes("{\"summary\": \"json\"}"));
    }

    @Test
    void truncatedOrGarbledCalendarsAreRefused() {
        String full = event("DTSTART:20240506T100000Z");
        refused(bytes(full.substring(0, full.length() / 2)));
        refused(bytes(full.replace("END:VEVENT", "END:VTODO")));
        refused(bytes(full.replace("DTSTART:", "DTSTART")));
        refused(bytes(full + "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"));
        refused(bytes(full + "trailing garbage\r\n"));
    }

    @Test
    void lfOnlyLineEndingsAndFoldedLinesAreAccepted() throws Exception {
        String body = event("DTSTART:20240506T100000Z", "DESCRIPTION:a long descrip", " tion folded",
                "ATTENDEE;CN=Very Long Name;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=", "\tTRUE:mailto:a@example.com")
                .replace("\r\n", "\n");
        Calendar calendar = parser.parse(bytes(body));
        assertEquals("a long description folded", calendar.getComponent("VEVENT").orElseThrow()
                .getProperty("DESCRIPTION").orElseThrow().getValue());
    }

    @Test
    void trailingBlankLinesAreAccepted() throws Exception {
        assertNotNull(parser.parse(bytes(event("DTSTART:20240506T100000Z") + "\r\n\r\n")));
    }

    @Test
    void xPropertiesUnknownPropertiesAndParametersAreAccepted() throws Exception {
        Calendar calendar = parser.parse(bytes(event("DTSTART:20240506T100000Z",
                "X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-TITLE=\"Raum: 4\":geo:52.5,13.4",
                "X-MOZ-GENERATION:3", "CONFERENCE;VALUE=URI;FEATURE=VIDEO:https://meet.example.com/x",
                "ATTENDEE;X-NUM-GUESTS=0;EMAIL=a@example.com:mailto:a@example.com")));
        assertTrue(calendar.getComponent("VEVENT").orElseThrow().getProperty("X-MOZ-GENERATION").isPresent());
    }

    @Test
    void strictDateValues_rfc5545_3_3_5() {
        refused(bytes(event("DTSTART:20240230T100000Z")));
        refused(bytes(event("DTSTART:20240506T100000Z", "RDATE;VALUE=PERIOD:20240507T100000Z/bogus")));
        refused(bytes(event("DTSTART:20240506T100000Z", "RDATE;VALUE=PERIOD:20240507T100000Z")));
        refused(bytes(event("DTSTART:20240506T100000Z", "EXDATE:20240507T100000Z,")));
        refused(bytes(event("DTSTART:20240506T100000Z", "RECURRENCE-ID:20241301T000000Z")));
    }

    @Test
    void vtimezonePropertiesAreNotCheckedAsEventValues() throws Exception {
        // observance DTSTARTs are local times, TZOFFSETs with seconds are valid (RFC 5545 §3.3.14)
        assertNotNull(parser.parse(bytes(Ics.calendar("BEGIN:VTIMEZONE", "TZID:Custom", "BEGIN:STANDARD",
                "DTSTART:16010101T000000", "TZOFFSETFROM:+013000", "TZOFFSETTO:+013000", "END:STANDARD",
                "END:VTIMEZONE", Ics.component("VEVENT", "DTSTART;TZID=Custom:20240506T100000")))));
    }

    @Test
    void eachParseIsIndependent() throws Exception {
        Calendar a = parser.parse(bytes(event("DTSTART:20240506T100000Z", "SUMMARY:A")));
        Calendar b = parser.parse(bytes(event("DTSTART:20240506T100000Z", "SUMMARY:B")));
        assertEquals("A", a.getComponent("VEVENT").orElseThrow().getProperty("SUMMARY").orElseThrow().getValue());
        assertEquals("B", b.getComponent("VEVENT").orElseThrow().getProperty("SUMMARY").orElseThrow().getValue());
    }
}
