package io.calroom.ical;

import static io.calroom.ical.Ics.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Optional;
import net.fortuna.ical4j.model.Calendar;
import org.junit.jupiter.api.Test;

/** TZID resolution (RFC 5545 §3.2.19, §3.6.5) and local-time conversion (§3.3.5). */
class CalendarTimeZonesTest {

    private final CalendarObjectParser parser = new CalendarObjectParser(CalendarObjectLimits.defaults());

    private CalendarTimeZones zones(String... lines) throws CalendarDataException {
        Calendar calendar = parser.parse(Ics.bytes(Ics.calendar(lines)));
        return CalendarTimeZones.of(calendar);
    }

    @Test
    void ianaNames_directAndPrefixed() {
        assertEquals(Optional.of(ZoneId.of("Europe/Berlin")), CalendarTimeZones.ianaZone("Europe/Berlin"));
        assertEquals(Optional.of(ZoneId.of("Europe/Berlin")),
                CalendarTimeZones.ianaZone("/mozilla.org/20050126_1/Europe/Berlin"));
        assertEquals(Optional.of(ZoneId.of("America/Argentina/Buenos_Aires")),
                CalendarTimeZones.ianaZone("/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires"));
        assertEquals(Optional.of(ZoneId.of("UTC")), CalendarTimeZones.ianaZone("UTC"));
        assertEquals(Optional.of(ZoneId.of("US/Eastern")), CalendarTimeZones.ianaZone("\"US/Eastern\""));
        assertEquals(Optional.empty(), CalendarTimeZones.ianaZone("W. Europe Standard Time"));
        assertEquals(Optional.empty(), CalendarTimeZones.ianaZone("+01:00"));
        assertEquals(Optional.empty(), CalendarTimeZones.ianaZone("Mars/Olympus_Mons"));
        assertEquals(Optional.empty(), CalendarTimeZones.ianaZone(""));
    }

    @Test
    void rfc5545_3_3_5_gapAndOverlap() {
        ZoneRules berlin = ZoneId.of("Europe/Berlin").getRules();
        assertEquals(t("2024-03-31T01:30:00Z"),
                CalendarTimeZones.toInstant(LocalDateTime.parse("2024-03-31T02:30:00"), berlin));
        assertEquals(t("2024-10-27T00:30:00Z"),
                CalendarTimeZones.toInstant(LocalDateTime.parse("2024-10-27T02:30:00"), berlin));
        // RFC 5545 §3.3.5 examples for America/New_York
        ZoneRules newYork = ZoneId.of("America/New_York").getRules();
        assertEquals(t("2007-11-04T05:30:00Z"),
                CalendarTimeZones.toInstant(LocalDateTime.parse("2007-11-04T01:30:00"), newYork));
        assertEquals(t("2007-03-11T07:30:00Z"),
                CalendarTimeZones.toInstant(LocalDateTime.parse("2007-03-11T02:30:00"), newYork));
    }

    /** RFC 5545 §3.6.5: the object's VTIMEZONE defines its TZID, also when the TZID is an IANA name. */
    @Test
    void rfc5545_3_6_5_vtimezoneWithIanaName_winsOverTzdata() throws Exception {
        CalendarTimeZones z = zones("BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:STANDARD",
                "DTSTART:19700101T000000", "TZOFFSETFROM:+0500", "TZOFFSETTO:+0500", "END:STANDARD",
                "END:VTIMEZONE", Ics.component("VEVENT", "DTSTART:20240101T000000Z"));
        assertEquals(t("2024-07-01T07:00:00Z"),
                CalendarTimeZones.toInstant(LocalDateTime.parse("2024-07-01T12:00:00"), z.rules("Europe/Berlin")));
        // without a VTIMEZONE the tz database answers
        assertEquals(ZoneId.of("Europe/Berlin").getRules(), zones(Ics.component("VEVENT",
                "DTSTART:20240101T000000Z")).rules("Europe/Berlin"));
    }

    @Test
    void unusableVtimezoneOfAnIanaZone_fallsBackToTzdata() throws Exception {
        CalendarTimeZones z = zones("BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "END:VTIMEZONE",
                Ics.component("VEVENT", "DTSTART:20240101T000000Z"));
        assertEquals(ZoneId.of("Europe/Berlin").getRules(), z.rules("Europe/Berlin"));
        CalendarTimeZones lightning = zones("BEGIN:VTIMEZONE", "TZID:Lightning Berlin",
                "X-LIC-LOCATION:Europe/Berlin", "END:VTIMEZONE", Ics.component("VEVENT", "DTSTART:20240101T000000Z"));
        assertEquals(ZoneId.of("Europe/Berlin").getRules(), lightning.rules("Lightning Berlin"));
    }

    @Test
    void xLicLocation_doesNotOverrideTheDefinition() throws Exception {
        CalendarTimeZones z = zones("BEGIN:VTIMEZONE", "TZID:Lightning Berlin", "X-LIC-LOCATION:Europe/Berlin",
                "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0100",
                "END:STANDARD", "END:VTIMEZONE", Ics.component("VEVENT", "DTSTART:20240101T000000Z"));
        // the definition has no DST: 12:00 in July is 11:00Z, not 10:00Z as in the tz database
        assertEquals(t("2024-07-01T11:00:00Z"),
                CalendarTimeZones.toInstant(LocalDateTime.parse("2024-07-01T12:00:00"), z.rules("Lightning Berlin")));
    }

    /** The rules of a VTIMEZONE are built once per definition text, whichever object brings it. */
    @Test
    void theSameDefinition_isBuiltOnce() throws Exception {
        OccurrenceExpander expander = new OccurrenceExpander(CalendarObjectLimits.defaults());
        String berlin = String.join("\r\n", "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:DAYLIGHT",
                "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT", "BEGIN:STANDARD", "TZOFFSETFROM:+0200",
                "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE");
        ZoneRules first = expander.timeZones(parser.parse(Ics.bytes(Ics.calendar(berlin,
                Ics.component("VEVENT", "DTSTART;TZID=Europe/Berlin:20240101T100000"))))).rules("Europe/Berlin");
        ZoneRules second = expander.timeZones(parser.parse(Ics.bytes(Ics.calendar(berlin.replace("TZNAME:CET",
                "TZNAME:MEZ"), Ics.component("VEVENT", "DTSTART;TZID=Europe/Berlin:20240202T100000")))))
                .rules("Europe/Berlin");
        assertTrue(first == second, "built again");
        // and they agree with the tz database since 1996
        ZoneRules iana = ZoneId.of("Europe/Berlin").getRules();
        for (java.time.Instant i = t("1996-01-01T00:00:00Z"); i.isBefore(t("2060-01-01T00:00:00Z"));
             i = i.plusSeconds(3 * 3600)) {
            assertEquals(iana.getOffset(i), first.getOffset(i), i.toString());
        }
    }

    @Test
    void customVtimezone_withDst_isInterpreted() throws Exception {
        CalendarTimeZones z = zones(Ics.resource("outlook-custom-tz.ics").lines()
                .filter(l -> !l.startsWith("BEGIN:VCALENDAR") && !l.startsWith("END:VCALENDAR")
                        && !l.startsWith("VERSION") && !l.startsWith("PRODID"))
                .toArray(String[]::new));
        ZoneRules rules = z.rules("W. Europe Standard Time");
        assertEquals(t("2024-01-15T09:00:00Z"),
                CalendarTimeZones.toInstant(LocalDateTime.parse("2024-01-15T10:00:00"), rules));
        assertEquals(t("2024-07-15T08:00:00Z"),
                CalendarTimeZones.toInstant(LocalDateTime.parse("2024-07-15T10:00:00"), rules));
        assertEquals(t("2030-03-31T00:30:00Z"),
                CalendarTimeZones.toInstant(LocalDateTime.parse("2030-03-31T01:30:00"), rules));
        assertEquals(t("2030-03-31T01:30:00Z"),
                CalendarTimeZones.toInstant(LocalDateTime.parse("2030-03-31T03:30:00"), rules));
    }

    @Test
    void windowsNameWithoutVtimezone_mapsToIana() throws Exception {
        ValidatedCalendarObject v = Ics.validate(Ics.event("DTSTART;TZID=Pacific Standard Time:20240701T090000"));
        assertEquals(t("2024-07-01T16:00:00Z"), v.firstStart());
    }

    @Test
    void rfc4791_5_2_2_calendarTimezoneProperty_namesTheFloatingZone() throws Exception {
        Calendar apple = parser.parse(Ics.bytes(Ics.calendar(Ics.resource("apple-weekly-standup.ics").lines()
                .dropWhile(l -> !l.equals("BEGIN:VTIMEZONE")).takeWhile(l -> !l.equals("BEGIN:VEVENT"))
                .toArray(String[]::new))));
        assertEquals(Optional.of(ZoneId.of("Europe/Berlin")), CalendarTimeZones.zoneOf(apple));
        Calendar outlook = parser.parse(Ics.bytes(Ics.calendar(Ics.resource("outlook-custom-tz.ics").lines()
                .dropWhile(l -> !l.equals("BEGIN:VTIMEZONE")).takeWhile(l -> !l.equals("BEGIN:VEVENT"))
                .toArray(String[]::new))));
        assertEquals(Optional.of(ZoneId.of("Europe/Berlin")), CalendarTimeZones.zoneOf(outlook));
        Calendar custom = parser.parse(Ics.bytes(Ics.calendar("BEGIN:VTIMEZONE", "TZID:My own", "BEGIN:STANDARD",
                "DTSTART:19700101T000000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0100", "END:STANDARD",
                "END:VTIMEZONE")));
        assertEquals(Optional.empty(), CalendarTimeZones.zoneOf(custom));
    }

    @Test
    void unknownTzid_isInvalidCalendarData() throws Exception {
        CalendarTimeZones z = zones(Ics.component("VEVENT", "DTSTART:20240101T000000Z"));
        CalendarDataException e = assertThrows(CalendarDataException.class, () -> z.rules("Nowhere/Special"));
        assertEquals(CalDavPrecondition.VALID_CALENDAR_DATA, e.precondition());
        assertTrue(e.getMessage().contains("Nowhere/Special"));
    }

    @Test
    void brokenVtimezone_isInvalidCalendarData() {
        CalendarDataException e = assertThrows(CalendarDataException.class, () -> Ics.validate(Ics.calendar(
                "BEGIN:VTIMEZONE", "TZID:Broken", "END:VTIMEZONE",
                Ics.component("VEVENT", "DTSTART;TZID=Broken:20240506T100000"))));
        assertEquals(CalDavPrecondition.VALID_CALENDAR_DATA, e.precondition());
    }
}
