package io.calroom.scheduling.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.Occurrence;
import io.calroom.scheduling.itip.AttendeeScheduling;
import io.calroom.scheduling.itip.ItipMessage;
import io.calroom.scheduling.itip.ItipProcessing;
import io.calroom.scheduling.itip.OrganizerScheduling;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The resource's stored copy after a decision, built from real REQUESTs produced by {@link OrganizerScheduling}. */
class ResourceCopyEditorTest {

    static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
    static final String OLGA = "mailto:olga@example.com";
    static final String ROOM = "mailto:c_room101@resource.calendar.example.com";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final CalendarObjectParser PARSER = new CalendarObjectParser(CalendarObjectLimits.defaults());

    static final String BERLIN_TZ = """
            BEGIN:VTIMEZONE
            TZID:Europe/Berlin
            X-LIC-LOCATION:Europe/Berlin
            BEGIN:DAYLIGHT
            TZOFFSETFROM:+0100
            TZOFFSETTO:+0200
            TZNAME:CEST
            DTSTART:19700329T020000
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
            END:DAYLIGHT
            BEGIN:STANDARD
            TZOFFSETFROM:+0200
            TZOFFSETTO:+0100
            TZNAME:CET
            DTSTART:19701025T030000
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
            END:STANDARD
            END:VTIMEZONE
            """;

    static final String ROOM_ATTENDEE =
            "ATTENDEE;CN=Room 101;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;ROLE=NON-PARTICIPANT;RSVP=TRUE:" + ROOM + "\n";
    static final String PEOPLE = """
            ORGANIZER;CN=Olga Organizer:mailto:olga@example.com
            ATTENDEE;CN=Olga Organizer;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:olga@example.com
            ATTENDEE;CN=Alice Example;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:alice@example.com
            """;

    /** Thunderbird: Thursday 3 December 2026, 10:00–11:00 Berlin, no LOCATION. */
    static final String SINGLE = ics("""
            BEGIN:VCALENDAR
            PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
            VERSION:2.0
            """ + BERLIN_TZ + """
            BEGIN:VEVENT
            CREATED:20261119T101500Z
            LAST-MODIFIED:20261119T101612Z
            DTSTAMP:20261119T101612Z
            UID:0d1c2b3a-single-4f56-9b0c-d1e2f3a4b5c6
            SUMMARY:Budget review
            """ + PEOPLE + ROOM_ATTENDEE + """
            DTSTART;TZID=Europe/Berlin:20261203T100000
            DTEND;TZID=Europe/Berlin:20261203T110000
            TRANSP:OPAQUE
            SEQUENCE:0
            BEGIN:VALARM
            ACTION:DISPLAY
            TRIGGER;VALUE=DURATION:-PT15M
            DESCRIPTION:Default Mozilla Description
            END:VALARM
            END:VEVENT
            END:VCALENDAR
            """);

    /** Apple: weekly on Thursdays 10:00–11:00 Berlin, 10 times from 3 December; 17 December moved to 14:00. */
    static final String WEEKLY = ics("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Apple Inc.//macOS 15.1//EN
            CALSCALE:GREGORIAN
            """ + BERLIN_TZ + """
            BEGIN:VEVENT
            TRANSP:OPAQUE
            DTEND;TZID=Europe/Berlin:20261203T110000
            UID:7A1B2C3D-WEEK-4BBB-8CCC-1234567890AB
            DTSTAMP:20261119T090000Z
            SEQUENCE:0
            SUMMARY:Weekly planning
            LOCATION:Room 101
            DTSTART;TZID=Europe/Berlin:20261203T100000
            RRULE:FREQ=WEEKLY;COUNT=10
            """ + PEOPLE + ROOM_ATTENDEE + """
            END:VEVENT
            BEGIN:VEVENT
            TRANSP:OPAQUE
            DTEND;TZID=Europe/Berlin:20261217T150000
            UID:7A1B2C3D-WEEK-4BBB-8CCC-1234567890AB
            DTSTAMP:20261119T090000Z
            SEQUENCE:0
            RECURRENCE-ID;TZID=Europe/Berlin:20261217T100000
            SUMMARY:Weekly planning (afternoon)
            LOCATION:Room 101
            DTSTART;TZID=Europe/Berlin:20261217T140000
            """ + PEOPLE + ROOM_ATTENDEE + """
            END:VEVENT
            END:VCALENDAR
            """);

    /** An all-day offsite, weekly on Fridays, 4 times from 4 December 2026 (Apple makes all-day events transparent). */
    static final String ALL_DAY_WEEKLY = ics("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Apple Inc.//macOS 15.1//EN
            BEGIN:VEVENT
            UID:ALLDAY-OFFSITE-1
            DTSTAMP:20261119T090000Z
            DTSTART;VALUE=DATE:20261204
            DTEND;VALUE=DATE:20261205
            RRULE:FREQ=WEEKLY;COUNT=4
            SUMMARY:Offsite
            SEQUENCE:0
            """ + PEOPLE + ROOM_ATTENDEE + """
            END:VEVENT
            END:VCALENDAR
            """);

    /** A weekly meeting where only the instance of 10 December needs the room. */
    static final String ROOM_FOR_ONE_INSTANCE = ics("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Apple Inc.//macOS 15.1//EN
            """ + BERLIN_TZ + """
            BEGIN:VEVENT
            UID:ONE-INSTANCE-ROOM
            DTSTAMP:20261119T090000Z
            DTSTART;TZID=Europe/Berlin:20261203T100000
            DTEND;TZID=Europe/Berlin:20261203T110000
            RRULE:FREQ=WEEKLY;COUNT=5
            SUMMARY:Team sync
            SEQUENCE:0
            """ + PEOPLE + """
            END:VEVENT
            BEGIN:VEVENT
            UID:ONE-INSTANCE-ROOM
            DTSTAMP:20261119T090000Z
            RECURRENCE-ID;TZID=Europe/Berlin:20261210T100000
            DTSTART;TZID=Europe/Berlin:20261210T100000
            DTEND;TZID=Europe/Berlin:20261210T120000
            SUMMARY:Team sync (with customer)
            SEQUENCE:0
            """ + PEOPLE + ROOM_ATTENDEE + """
            END:VEVENT
            END:VCALENDAR
            """);

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** LF → CRLF, folded at 75 octets (the fixtures are ASCII). */
    static String ics(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) continue;
            while (line.length() > 75) {
                b.append(line, 0, 75).append("\r\n ");
                line = line.substring(75);
            }
            b.append(line).append("\r\n");
        }
        return b.toString();
    }

    /** The resource's copy as the server stores it on delivery: the REQUEST for the room, applied. */
    static String requestFor(String organizerText) {
        for (ItipMessage m : OrganizerScheduling.schedule(null, organizerText, OLGA, NOW).messages()) {
            if (m.method().equals("REQUEST") && m.recipient().equalsIgnoreCase(ROOM)) return m.ical();
        }
        throw new AssertionError("no REQUEST for the room");
    }

    static String copyOf(String organizerText) {
        return ItipProcessing.applyRequest(null, requestFor(organizerText), ROOM);
    }

    static List<Occurrence> validOccurrences(String text) {
        assertTrue(text.endsWith("\r\n"));
        for (String physical : text.split("\r\n")) {
            assertTrue(physical.getBytes(StandardCharsets.UTF_8).length <= 75, "not folded: " + physical);
            assertFalse(physical.contains("\n") || physical.contains("\r"), "bare line break");
        }
        try {
            return PARSER.validate(text.getBytes(StandardCharsets.UTF_8), Set.of("VEVENT"), ZoneOffset.UTC, NOW)
                    .occurrences();
        } catch (CalendarDataException e) {
            fail("invalid copy: " + e.getMessage() + "\n" + text);
            return null;
        }
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.replace("\r\n ", "").split("\r\n")) if (!l.isEmpty()) out.add(l);
        return out;
    }

    /** The unfolded lines of each VEVENT, in order. */
    static List<List<String>> events(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = null;
        int depth = 0;
        for (String l : lines(text)) {
            if (l.equals("BEGIN:VEVENT")) {
                cur = new ArrayList<>();
                depth = 0;
            } else if (l.equals("END:VEVENT")) {
                out.add(cur);
                cur = null;
            } else if (cur != null) {
                if (l.startsWith("BEGIN:")) depth++;
                if (depth == 0) cur.add(l);
                if (l.startsWith("END:")) depth--;
            }
        }
        return out;
    }

    static String roomPartstat(List<String> event) {
        for (String l : event) {
            if (l.startsWith("ATTENDEE") && l.toLowerCase().endsWith(ROOM.toLowerCase())) {
                for (String part : l.substring(0, l.lastIndexOf(":mailto")).split(";")) {
                    if (part.startsWith("PARTSTAT=")) return part.substring(9);
                }
            }
        }
        return null;
    }

    static String value(List<String> event, String prefix) {
        for (String l : event) if (l.startsWith(prefix)) return l;
        return null;
    }

    static Occurrence at(List<Occurrence> occurrences, Instant recurrenceId) {
        for (Occurrence o : occurrences) if (recurrenceId.equals(o.recurrenceId())) return o;
        throw new AssertionError("no occurrence " + recurrenceId);
    }

    static Instant berlin(String local) {
        return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
    }

    static Decision accepted(OccurrenceVerdict... declined) {
        return new Decision("ACCEPTED", Decision.SUCCESS, declined.length == 0 ? null : "some declined", List.of(declined));
    }

    static final Decision DECLINED = new Decision("DECLINED", Decision.CONFLICT,
            "Room 101 is already booked 10:00\u201311:00 on 2026-12-03 by 'Budget review'", List.of());

    // ---- single events ---------------------------------------------------------------------------------------------

    @Test
    void single_accepted() {
        String copy = copyOf(SINGLE);
        assertEquals("NEEDS-ACTION", roomPartstat(events(copy).get(0)));
        String stored = ResourceCopyEditor.applyDecision(copy, ROOM, accepted());
        List<Occurrence> occ = validOccurrences(stored);
        assertEquals(1, occ.size());
        assertFalse(occ.get(0).transparent());
        List<String> e = events(stored).get(0);
        assertEquals("ACCEPTED", roomPartstat(e));
        assertEquals("TRANSP:OPAQUE", value(e, "TRANSP"));
        assertTrue(value(e, "ATTENDEE;CN=Alice").contains("PARTSTAT=NEEDS-ACTION"), "other attendees untouched");
        assertFalse(stored.contains("REQUEST-STATUS"));
        assertFalse(stored.contains("METHOD"));
    }

    @Test
    void single_declined_isTransparent_andCarriesNoRequestStatus() {
        String stored = ResourceCopyEditor.applyDecision(copyOf(SINGLE), ROOM, DECLINED);
        List<Occurrence> occ = validOccurrences(stored);
        assertEquals(1, occ.size());
        assertTrue(occ.get(0).transparent());
        List<String> e = events(stored).get(0);
        assertEquals("DECLINED", roomPartstat(e));
        assertEquals("TRANSP:TRANSPARENT", value(e, "TRANSP"));
        assertEquals(1, e.stream().filter(l -> l.startsWith("TRANSP")).count());
        assertFalse(stored.contains("REQUEST-STATUS"));
        assertFalse(stored.contains("already booked"));
    }

    @Test
    void single_pending_keepsNeedsAction() {
        Decision pending = new Decision("NEEDS-ACTION", Decision.SUCCESS, "awaits a manager", List.of());
        String stored = ResourceCopyEditor.applyDecision(copyOf(SINGLE), ROOM, pending);
        validOccurrences(stored);
        assertEquals("NEEDS-ACTION", roomPartstat(events(stored).get(0)));
        assertEquals("TRANSP:OPAQUE", value(events(stored).get(0), "TRANSP"));
    }

    @Test
    void rerequestAfterADecline_isOpaqueAgainOnceAccepted() {
        String declined = ResourceCopyEditor.applyDecision(copyOf(SINGLE), ROOM, DECLINED);
        // the organizer moves the meeting to a free hour
        String moved = SINGLE.replace("20261203T100000", "20261203T140000").replace("20261203T110000", "20261203T150000")
                .replace("SEQUENCE:0", "SEQUENCE:1");
        String request = null;
        for (ItipMessage m : OrganizerScheduling.schedule(SINGLE, moved, OLGA, NOW).messages()) {
            if (m.method().equals("REQUEST") && m.recipient().equalsIgnoreCase(ROOM)) request = m.ical();
        }
        assertNotNull(request);
        String copy = ItipProcessing.applyRequest(declined, request, ROOM);
        assertEquals("TRANSP:TRANSPARENT", value(events(copy).get(0), "TRANSP"), "applyRequest keeps the copy's TRANSP");
        String stored = ResourceCopyEditor.applyDecision(copy, request, ROOM, accepted());
        List<Occurrence> occ = validOccurrences(stored);
        assertFalse(occ.get(0).transparent(), "an accepted booking must block the room");
        assertEquals("ACCEPTED", roomPartstat(events(stored).get(0)));
        assertEquals("TRANSP:OPAQUE", value(events(stored).get(0), "TRANSP"));
    }

    // ---- recurring -----------------------------------------------------------------------------------------------

    @Test
    void recurring_declinedOccurrencesBecomeDeclinedTransparentOverrides() {
        String copy = copyOf(WEEKLY);
        Instant dec10 = berlin("2026-12-10T10:00");
        Instant jan14 = berlin("2027-01-14T10:00");
        String stored = ResourceCopyEditor.applyDecision(copy, ROOM, accepted(
                new OccurrenceVerdict(dec10, true, "Room 101 is busy 10:00\u201311:00 on 2026-12-10"),
                new OccurrenceVerdict(jan14, true, "Room 101 is busy 10:00\u201311:00 on 2027-01-14")));
        List<Occurrence> occ = validOccurrences(stored);
        assertEquals(10, occ.size());
        for (Occurrence o : occ) {
            boolean declined = o.recurrenceId().equals(dec10) || o.recurrenceId().equals(jan14);
            assertEquals(declined, o.transparent(), "occurrence " + o.recurrenceId());
        }
        // the moved occurrence keeps its own times
        assertEquals(berlin("2026-12-17T14:00"), at(occ, berlin("2026-12-17T10:00")).start());

        List<List<String>> events = events(stored);
        assertEquals(4, events.size());
        assertEquals("ACCEPTED", roomPartstat(events.get(0)));
        assertEquals("ACCEPTED", roomPartstat(events.get(1)), "the organizer's own override follows the series");
        List<String> o1 = events.get(2);
        assertEquals("RECURRENCE-ID;TZID=Europe/Berlin:20261210T100000", value(o1, "RECURRENCE-ID"));
        assertEquals("DTSTART;TZID=Europe/Berlin:20261210T100000", value(o1, "DTSTART"));
        assertEquals("DTEND;TZID=Europe/Berlin:20261210T110000", value(o1, "DTEND"));
        assertEquals("DECLINED", roomPartstat(o1));
        assertEquals("TRANSP:TRANSPARENT", value(o1, "TRANSP"));
        assertEquals(null, value(o1, "RRULE"));
        assertEquals("RECURRENCE-ID;TZID=Europe/Berlin:20270114T100000", value(events.get(3), "RECURRENCE-ID"));
        assertEquals("DECLINED", roomPartstat(events.get(3)));
        assertEquals("TRANSP:OPAQUE", value(events.get(0), "TRANSP"));
        assertFalse(stored.contains("REQUEST-STATUS"));
    }

    @Test
    void recurring_declinedOccurrenceThatAlreadyHasAnOverride() {
        Instant dec17 = berlin("2026-12-17T10:00");
        String stored = ResourceCopyEditor.applyDecision(copyOf(WEEKLY), ROOM,
                accepted(new OccurrenceVerdict(dec17, true, "busy")));
        List<Occurrence> occ = validOccurrences(stored);
        assertTrue(at(occ, dec17).transparent());
        assertEquals(1, occ.stream().filter(Occurrence::transparent).count());
        List<List<String>> events = events(stored);
        assertEquals(2, events.size(), "no second override for the same instance");
        assertEquals("DECLINED", roomPartstat(events.get(1)));
        assertEquals("SUMMARY:Weekly planning (afternoon)", value(events.get(1), "SUMMARY"));
    }

    @Test
    void recurring_wholeSeriesDeclined_everyComponentTransparent() {
        String stored = ResourceCopyEditor.applyDecision(copyOf(WEEKLY), ROOM, DECLINED);
        List<Occurrence> occ = validOccurrences(stored);
        assertEquals(10, occ.size());
        assertTrue(occ.stream().allMatch(Occurrence::transparent));
        for (List<String> e : events(stored)) {
            assertEquals("DECLINED", roomPartstat(e));
            assertEquals("TRANSP:TRANSPARENT", value(e, "TRANSP"));
        }
    }

    @Test
    void recurring_instancesNotInTheSeriesAreSkipped() {
        String stored = ResourceCopyEditor.applyDecision(copyOf(WEEKLY), ROOM,
                accepted(new OccurrenceVerdict(berlin("2026-12-11T10:00"), true, "not an instance")));
        validOccurrences(stored);
        assertEquals(2, events(stored).size());
    }

    @Test
    void allDayRecurring_declinedDateInstance() {
        String copy = copyOf(ALL_DAY_WEEKLY);
        Instant dec11 = Instant.parse("2026-12-11T00:00:00Z"); // as the occurrence table (floating UTC) names it
        String stored = ResourceCopyEditor.applyDecision(copy, ROOM, accepted(new OccurrenceVerdict(dec11, true, "busy")));
        List<Occurrence> occ = validOccurrences(stored);
        assertEquals(4, occ.size());
        assertTrue(at(occ, dec11).transparent());
        assertFalse(at(occ, Instant.parse("2026-12-04T00:00:00Z")).transparent());
        List<String> o = events(stored).get(1);
        assertEquals("RECURRENCE-ID;VALUE=DATE:20261211", value(o, "RECURRENCE-ID"));
        assertEquals("DTSTART;VALUE=DATE:20261211", value(o, "DTSTART"));
        assertEquals("DTEND;VALUE=DATE:20261212", value(o, "DTEND"));
        assertEquals("DECLINED", roomPartstat(o));
    }

    @Test
    void overrideOnlyObject_partstatOnEachOverride() {
        String copy = copyOf(ROOM_FOR_ONE_INSTANCE);
        List<List<String>> before = events(copy);
        assertEquals(1, before.size());
        assertNotNull(value(before.get(0), "RECURRENCE-ID"));
        String stored = ResourceCopyEditor.applyDecision(copy, ROOM, accepted());
        List<Occurrence> occ = validOccurrences(stored);
        assertEquals(1, occ.size());
        assertFalse(occ.get(0).transparent());
        assertEquals("ACCEPTED", roomPartstat(events(stored).get(0)));

        String declined = ResourceCopyEditor.applyDecision(copy, ROOM, DECLINED);
        assertTrue(validOccurrences(declined).get(0).transparent());
        assertEquals("DECLINED", roomPartstat(events(declined).get(0)));
    }

    // ---- end to end ------------------------------------------------------------------------------------------------

    @Test
    void endToEnd_decideFromTheCopysOccurrences_applyAndReply() throws Exception {
        String copy = copyOf(WEEKLY);
        List<RequestedOccurrence> requested = new ArrayList<>();
        for (Occurrence o : validOccurrences(copy)) requested.add(RequestedOccurrence.of(o));
        List<List<Booking>> bookings = new ArrayList<>();
        for (RequestedOccurrence r : requested) {
            List<Booking> b = new ArrayList<>();
            if (r.recurrenceId().equals(berlin("2027-01-07T10:00"))) {
                b.add(new Booking("other", berlin("2027-01-07T09:00"), berlin("2027-01-07T12:00"), "Board meeting"));
            }
            bookings.add(b);
        }
        AgentContext ctx = new AgentContext("Room 101", ResourcePolicy.builder().timezone(BERLIN).build(), true, true,
                false, NOW);
        Decision d = AutoScheduleAgent.decide(ctx, requested, bookings);
        assertEquals("ACCEPTED", d.partstat());
        assertEquals(1, d.declinedOccurrences().size());
        assertEquals("Room 101 declined 1 of 10 occurrences (2027-01-07 10:00): Room 101 is already booked "
                + "09:00\u201312:00 on 2027-01-07 by 'Board meeting'", d.reason());

        String stored = ResourceCopyEditor.applyDecision(copy, requestFor(WEEKLY), ROOM, d);
        List<Occurrence> occ = validOccurrences(stored);
        assertTrue(at(occ, berlin("2027-01-07T10:00")).transparent());
        assertEquals(1, occ.stream().filter(Occurrence::transparent).count());

        // the stored copy is a change the attendee may make, and yields the REPLY to the organizer
        ItipMessage reply = AttendeeScheduling.schedule(copy, stored, ROOM, NOW).orElseThrow();
        assertEquals("REPLY", reply.method());
        List<List<String>> parts = events(reply.ical());
        assertEquals(3, parts.size(), reply.ical()); // master, the organizer's override, the declined instance
        assertEquals("ACCEPTED", roomPartstat(parts.get(0)));
        assertEquals("DECLINED", roomPartstat(parts.get(2)));
        assertEquals("RECURRENCE-ID;TZID=Europe/Berlin:20270107T100000", value(parts.get(2), "RECURRENCE-ID"));
    }

    // ---- LOCATION of the organizer's copy --------------------------------------------------------------------------

    @Test
    void setLocationIfEmpty_fillsMissingAndEmptyLocations() {
        String filled = ItipProcessing.setLocationIfEmpty(SINGLE, "Room 101, Building A; Floor 2");
        validOccurrences(filled);
        assertEquals("LOCATION:Room 101\\, Building A\\; Floor 2", value(events(filled).get(0), "LOCATION"));
        assertTrue(lines(filled).contains("SUMMARY:Budget review"));
        assertEquals(1, events(filled).get(0).stream().filter(l -> l.startsWith("LOCATION")).count());

        String empty = SINGLE.replace("SUMMARY:Budget review\r\n", "SUMMARY:Budget review\r\nLOCATION:\r\n");
        String refilled = ItipProcessing.setLocationIfEmpty(empty, "Room 101");
        assertEquals("LOCATION:Room 101", value(events(refilled).get(0), "LOCATION"));
        assertEquals(1, events(refilled).get(0).stream().filter(l -> l.startsWith("LOCATION")).count());

        // a location the organizer wrote is kept, the text is returned as is
        assertSame(WEEKLY, ItipProcessing.setLocationIfEmpty(WEEKLY, "Room 202"));
        assertSame(SINGLE, ItipProcessing.setLocationIfEmpty(SINGLE, " "));

        String both = ItipProcessing.setLocationIfEmpty(ROOM_FOR_ONE_INSTANCE, "Room 101");
        validOccurrences(both);
        for (List<String> e : events(both)) assertEquals("LOCATION:Room 101", value(e, "LOCATION"));
        assertFalse(both.contains("BEGIN:VTIMEZONE\r\nLOCATION"), "only items get a LOCATION");
    }
}
