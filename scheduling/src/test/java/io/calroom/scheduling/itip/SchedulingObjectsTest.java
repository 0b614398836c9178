package io.calroom.scheduling.itip;

import static io.calroom.scheduling.itip.Fixtures.ALICE;
import static io.calroom.scheduling.itip.Fixtures.APPLE_WEEKLY;
import static io.calroom.scheduling.itip.Fixtures.OLGA;
import static io.calroom.scheduling.itip.Fixtures.OVERRIDE_22;
import static io.calroom.scheduling.itip.Fixtures.THUNDERBIRD_SINGLE;
import static io.calroom.scheduling.itip.Fixtures.insertAfter;
import static io.calroom.scheduling.itip.Fixtures.replaceLine;
import static io.calroom.scheduling.itip.Fixtures.withOverride;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.calroom.ical.CalendarDataException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulingObjectsTest {

    @Test
    void read_appleWeekly() throws Exception {
        SchedulingObject o = SchedulingObjects.read(APPLE_WEEKLY);
        assertEquals(Fixtures.APPLE_UID, o.uid());
        assertEquals("mailto:olga@example.com", o.organizer());
        assertEquals("SERVER", o.organizerScheduleAgent());
        assertTrue(o.isScheduling());
        assertEquals(Set.of(""), o.instances().keySet());
        Instance m = o.master();
        assertEquals(4, m.attendees().size());
        Attendee alice = m.attendee("mailto:alice@example.com").orElseThrow();
        assertEquals(new Attendee("mailto:Alice@Example.com", "Alice Example", "NEEDS-ACTION", "REQ-PARTICIPANT", true,
                "SERVER", "INDIVIDUAL", null), alice);
        Attendee room = m.attendee(Fixtures.ROOM).orElseThrow();
        assertEquals("ROOM", room.cutype());
        assertEquals("CHAIR", m.attendee(OLGA).orElseThrow().role());
        assertFalse(m.cancelled());
        assertEquals(0, o.sequence());
    }

    @Test
    void overrideKeys_areUtc_andDateKeysAreDates() throws Exception {
        SchedulingObject o = SchedulingObjects.read(withOverride(APPLE_WEEKLY, OVERRIDE_22));
        assertEquals(List.of("", "20240122T090000Z"), List.copyOf(o.instances().keySet()));
        assertEquals(1, o.sequence());
        assertTrue(o.instances().get("20240122T090000Z").has(Fixtures.CAROL));

        String allDay = Fixtures.ics("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example//EN
                BEGIN:VEVENT
                UID:allday-1
                DTSTAMP:20240101T000000Z
                DTSTART;VALUE=DATE:20240101
                RRULE:FREQ=DAILY;COUNT=5
                EXDATE;VALUE=DATE:20240103,20240104
                ORGANIZER:mailto:olga@example.com
                ATTENDEE:mailto:alice@example.com
                END:VEVENT
                BEGIN:VEVENT
                UID:allday-1
                DTSTAMP:20240101T000000Z
                RECURRENCE-ID;VALUE=DATE:20240102
                DTSTART;VALUE=DATE:20240102
                STATUS:CANCELLED
                ORGANIZER:mailto:olga@example.com
                ATTENDEE:mailto:alice@example.com
                END:VEVENT
                END:VCALENDAR
                """);
        SchedulingObject d = SchedulingObjects.read(allDay);
        assertEquals(List.of("", "20240102"), List.copyOf(d.instances().keySet()));
        assertEquals(Set.of("20240103", "20240104"), d.master().exdates());
        assertTrue(d.instances().get("20240102").cancelled());
        assertEquals("NEEDS-ACTION", d.master().attendees().get(0).partstat());
        assertEquals("SERVER", d.master().attendees().get(0).scheduleAgent());
    }

    @Test
    void fingerprints_ignorePerUserDataFoldingAndParameterOrder() throws Exception {
        Instance base = SchedulingObjects.read(APPLE_WEEKLY).master();
        String noise = replaceLine(APPLE_WEEKLY, "TRIGGER:-PT15M", "TRIGGER:-PT5M");
        noise = replaceLine(noise, "DTSTAMP:20240110T090000Z", "DTSTAMP:20240111T090000Z");
        noise = replaceLine(noise, "TRANSP:OPAQUE", "TRANSP:TRANSPARENT");
        noise = replaceLine(noise, "ORGANIZER;CN=Olga Organizer;EMAIL=olga@example.com:mailto:olga@example.com",
                "ORGANIZER;EMAIL=olga@example.com;CN=\"Olga Organizer\":MAILTO:Olga@Example.com");
        noise = replaceLine(noise, "RRULE:FREQ=WEEKLY;COUNT=10", "RRULE:COUNT=10;FREQ=WEEKLY");
        noise = replaceLine(noise, "DTSTART;TZID=Europe/Berlin:20240115T100000",
                "DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20240115T100000");
        noise = insertAfter(noise, "SEQUENCE:0", "X-MOZ-GENERATION:3\nLAST-MODIFIED:20240111T090000Z\n");
        Instance same = SchedulingObjects.read(Fixtures.unfold(noise)).master();
        assertEquals(base.significantFingerprint(), same.significantFingerprint());
        assertEquals(base.timesFingerprint(), same.timesFingerprint());

        Instance retitled = SchedulingObjects.read(replaceLine(APPLE_WEEKLY, "SUMMARY:Weekly planning", "SUMMARY:Other")).master();
        assertNotEquals(base.significantFingerprint(), retitled.significantFingerprint());
        assertEquals(base.timesFingerprint(), retitled.timesFingerprint());

        Instance utc = SchedulingObjects.read(replaceLine(APPLE_WEEKLY, "DTSTART;TZID=Europe/Berlin:20240115T100000",
                "DTSTART:20240115T090000Z")).master();
        assertNotEquals(base.timesFingerprint(), utc.timesFingerprint(), "same instant, other zone: other recurrence");
        Instance longer = SchedulingObjects.read(replaceLine(APPLE_WEEKLY, "DTEND;TZID=Europe/Berlin:20240115T110000",
                "DTEND;TZID=Europe/Berlin:20240115T113000")).master();
        assertNotEquals(base.timesFingerprint(), longer.timesFingerprint());
        Instance asDuration = SchedulingObjects.read(replaceLine(APPLE_WEEKLY, "DTEND;TZID=Europe/Berlin:20240115T110000",
                "DURATION:PT1H")).master();
        assertEquals(base.timesFingerprint(), asDuration.timesFingerprint());
    }

    @Test
    void roles() throws Exception {
        SchedulingObject o = SchedulingObjects.read(THUNDERBIRD_SINGLE);
        assertEquals(Role.ORGANIZER, SchedulingRoles.of(o, List.of("urn:uuid:x", "MAILTO:OLGA@example.com")));
        assertEquals(Role.ATTENDEE, SchedulingRoles.of(o, List.of("mailto:Alice@Example.COM")));
        assertEquals("mailto:alice@example.com", SchedulingRoles.ownerAttendeeAddress(o, List.of(ALICE)));
        assertEquals(Role.NONE, SchedulingRoles.of(o, List.of("mailto:mallory@example.net")));
        assertNull(SchedulingRoles.ownerAttendeeAddress(o, List.of("mailto:mallory@example.net")));

        String plain = Fixtures.ics(String.join("\n", Fixtures.lines(THUNDERBIRD_SINGLE).stream()
                .filter(l -> !l.startsWith("ATTENDEE")).toList()));
        SchedulingObject p = SchedulingObjects.read(plain);
        assertFalse(p.isScheduling());
        assertEquals(Role.NONE, SchedulingRoles.of(p, List.of(OLGA)));
    }

    @Test
    void sameOrganizerInAllComponents() {
        String both = withOverride(APPLE_WEEKLY, OVERRIDE_22);
        assertTrue(SchedulingObjects.sameOrganizerInAllComponents(both));
        assertFalse(SchedulingObjects.sameOrganizerInAllComponents(both.replace(
                "ORGANIZER;CN=Olga Organizer;EMAIL=olga@example.com:mailto:olga@example.com\r\nUID:5F1B2C3D-AAAA-4BBB-8CCC-1234567890AB\r\nDTSTAMP:20240111",
                "ORGANIZER:mailto:other@example.com\r\nUID:5F1B2C3D-AAAA-4BBB-8CCC-1234567890AB\r\nDTSTAMP:20240111")));
    }

    @Test
    void read_refusesInvalidData() {
        assertThrows(CalendarDataException.class, () -> SchedulingObjects.read("BEGIN:VEVENT\r\nEND:VEVENT\r\n"));
        assertThrows(CalendarDataException.class, () -> SchedulingObjects.read(
                APPLE_WEEKLY.replace("DTSTART;TZID=Europe/Berlin:20240115T100000", "DTSTART;TZID=Nowhere/Land:20240115T100000")));
    }
}
