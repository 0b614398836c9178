package io.calroom.scheduling.itip;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.tree.ContentLine;

import net.fortuna.ical4j.model.Calendar;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Realistic bodies as Apple Calendar (macOS) and Thunderbird store them, and checks on produced texts. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2024-01-12T08:30:00Z");
    static final String OLGA = "mailto:olga@example.com";
    static final String ALICE = "mailto:alice@example.com";
    static final String BOB = "mailto:bob@example.com";
    static final String CAROL = "mailto:carol@example.com";
    static final String ROOM = "mailto:galileo@rooms.example.com";
    static final String APPLE_UID = "5F1B2C3D-AAAA-4BBB-8CCC-1234567890AB";

    private static final CalendarObjectParser PARSER = new CalendarObjectParser(CalendarObjectLimits.defaults());

    private Fixtures() {
    }

    static final String BERLIN = """
            BEGIN:VTIMEZONE
            TZID:Europe/Berlin
            BEGIN:DAYLIGHT
            TZOFFSETFROM:+0100
            RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
            DTSTART:19810329T020000
            TZNAME:CEST
            TZOFFSETTO:+0200
            END:DAYLIGHT
            BEGIN:STANDARD
            TZOFFSETFROM:+0200
            RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
            DTSTART:19961027T030000
            TZNAME:CET
            TZOFFSETTO:+0100
            END:STANDARD
            END:VTIMEZONE
            """;

    /** Apple Calendar: weekly Monday 10:00-11:00 Berlin, 10 times, organizer Olga (also ATTENDEE), Alice, Bob, a room. */
    static final String APPLE_WEEKLY = ics("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Apple Inc.//macOS 14.2.1//EN
            CALSCALE:GREGORIAN
            """ + BERLIN + """
            BEGIN:VEVENT
            TRANSP:OPAQUE
            DTEND;TZID=Europe/Berlin:20240115T110000
            ORGANIZER;CN=Olga Organizer;EMAIL=olga@example.com:mailto:olga@example.com
            UID:5F1B2C3D-AAAA-4BBB-8CCC-1234567890AB
            DTSTAMP:20240110T090000Z
            SEQUENCE:0
            X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC
            SUMMARY:Weekly planning
            LOCATION:Room Galileo
            DESCRIPTION:Agenda: status\\, risks\\, next steps
            DTSTART;TZID=Europe/Berlin:20240115T100000
            CREATED:20240110T085900Z
            RRULE:FREQ=WEEKLY;COUNT=10
            ATTENDEE;CN=Olga Organizer;CUTYPE=INDIVIDUAL;EMAIL=olga@example.com;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:olga@example.com
            ATTENDEE;CN=Alice Example;CUTYPE=INDIVIDUAL;EMAIL=alice@example.com;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:Alice@Example.com
            ATTENDEE;CN=Bob Builder;CUTYPE=INDIVIDUAL;EMAIL=bob@example.com;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:bob@example.com
            ATTENDEE;CN=Room Galileo;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:galileo@rooms.example.com
            BEGIN:VALARM
            X-WR-ALARMUID:0C5E1A2B-1111-4222-8333-444455556666
            UID:0C5E1A2B-1111-4222-8333-444455556666
            TRIGGER:-PT15M
            ATTACH;VALUE=URI:Chord
            ACTION:AUDIO
            X-APPLE-DEFAULT-ALARM:TRUE
            END:VALARM
            END:VEVENT
            END:VCALENDAR
            """);

    /** Thunderbird: single event 1 Feb 14:00-15:00 Berlin, organizer Olga, attendees Alice and Carol. */
    static final String THUNDERBIRD_SINGLE = ics("""
            BEGIN:VCALENDAR
            PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
            VERSION:2.0
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
            BEGIN:VEVENT
            CREATED:20240111T101500Z
            LAST-MODIFIED:20240111T101612Z
            DTSTAMP:20240111T101612Z
            UID:b7c1d2e3-4f56-4a78-9b0c-d1e2f3a4b5c6
            SUMMARY:Project sync
            ORGANIZER;RSVP=TRUE;CN=Olga Organizer;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:olga@example.com
            ATTENDEE;RSVP=TRUE;CN=Alice Example;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:mailto:alice@example.com
            ATTENDEE;RSVP=TRUE;CN=Carol;PARTSTAT=NEEDS-ACTION;ROLE=OPT-PARTICIPANT:mailto:carol@example.com
            ATTENDEE;RSVP=TRUE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;ROLE=NON-PARTICIPANT:mailto:galileo@rooms.example.com
            DTSTART;TZID=Europe/Berlin:20240201T140000
            DTEND;TZID=Europe/Berlin:20240201T150000
            TRANSP:OPAQUE
            X-MOZ-SEND-INVITATIONS:TRUE
            X-MOZ-SEND-INVITATIONS-UNDISCLOSED:FALSE
            SEQUENCE:0
            BEGIN:VALARM
            ACTION:DISPLAY
            TRIGGER;VALUE=DURATION:-PT15M
            DESCRIPTION:Default Mozilla Description
            END:VALARM
            END:VEVENT
            END:VCALENDAR
            """);

    /** An override of APPLE_WEEKLY for 22 Jan, moved to 11:00, with Carol added. */
    static final String OVERRIDE_22 = """
            BEGIN:VEVENT
            DTEND;TZID=Europe/Berlin:20240122T120000
            ORGANIZER;CN=Olga Organizer;EMAIL=olga@example.com:mailto:olga@example.com
            UID:5F1B2C3D-AAAA-4BBB-8CCC-1234567890AB
            DTSTAMP:20240111T090000Z
            SEQUENCE:1
            RECURRENCE-ID;TZID=Europe/Berlin:20240122T100000
            SUMMARY:Weekly planning (with Carol)
            LOCATION:Room Galileo
            DTSTART;TZID=Europe/Berlin:20240122T110000
            ATTENDEE;CN=Olga Organizer;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:olga@example.com
            ATTENDEE;CN=Alice Example;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:alice@example.com
            ATTENDEE;CN=Bob Builder;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:bob@example.com
            ATTENDEE;CN=Room Galileo;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:galileo@rooms.example.com
            ATTENDEE;CN=Carol;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:carol@example.com
            END:VEVENT
            """;

    static String withOverride(String text, String override) {
        return Fixtures.ics(Fixtures.unfold(text).replace("END:VCALENDAR\r\n", "").replace("\r\n", "\n")
                + override + "END:VCALENDAR\n");
    }

    /** Lines separated by LF → CRLF, long lines folded at 75 octets as clients do. */
    static String ics(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) continue;
            b.append(ContentLine.fold(line)).append("\r\n");
        }
        return b.toString();
    }

    /** Replaces the first occurrence of an unfolded line in a folded text. */
    static String replaceLine(String text, String oldLine, String newLine) {
        String unfolded = unfold(text);
        if (!unfolded.contains(oldLine + "\r\n")) fail("no line " + oldLine);
        return ics(unfolded.replaceFirst(Pattern.quote(oldLine + "\r\n"),
                Matcher.quoteReplacement(newLine.isEmpty() ? "" : newLine + "\r\n")).replace("\r\n", "\n"));
    }

    static String insertAfter(String text, String anchorLine, String newLines) {
        String unfolded = unfold(text);
        if (!unfolded.contains(anchorLine + "\r\n")) fail("no line " + anchorLine);
        return ics(unfolded.replaceFirst(Pattern.quote(anchorLine + "\r\n"),
                Matcher.quoteReplacement(anchorLine + "\r\n" + newLines.replace("\n", "\r\n"))).replace("\r\n", "\n"));
    }

    static String unfold(String text) {
        return text.replace("\r\n ", "").replace("\r\n\t", "");
    }

    /** The unfolded lines of a text. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : unfold(text).split("\r\n")) if (!l.isEmpty()) out.add(l);
        return out;
    }

    static List<String> linesStarting(String text, String prefix) {
        return lines(text).stream().filter(l -> l.startsWith(prefix)).toList();
    }

    static long count(String text, String line) {
        return lines(text).stream().filter(l -> l.equals(line)).count();
    }

    /** Parses with the project parser (works for iTIP messages, which carry METHOD) and checks CRLF endings. */
    static Calendar parse(String text) {
        assertCrlf(text);
        try {
            return PARSER.parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (CalendarDataException e) {
            throw new AssertionError("not valid iCalendar: " + e.getMessage() + "\n" + text, e);
        }
    }

    /** A valid calendar object resource (RFC 4791 §4.1: no METHOD, one UID, ...). */
    static void validObject(String text) {
        assertCrlf(text);
        try {
            PARSER.validate(text.getBytes(StandardCharsets.UTF_8), Set.of("VEVENT", "VTODO"), ZoneOffset.UTC, NOW);
        } catch (CalendarDataException e) {
            throw new AssertionError("not a valid calendar object: " + e.getMessage() + "\n" + text, e);
        }
    }

    /** A valid iTIP message of {@code method}. */
    static void validMessage(ItipMessage m, String method) {
        assertEquals(method, m.method());
        Calendar c = parse(m.ical());
        assertEquals(method, c.getProperty("METHOD").orElseThrow().getValue());
        assertFalse(m.ical().contains("SCHEDULE-AGENT"), "SCHEDULE-AGENT in message");
        assertFalse(m.ical().contains("SCHEDULE-STATUS"), "SCHEDULE-STATUS in message");
        assertFalse(m.ical().contains("SCHEDULE-FORCE-SEND"), "SCHEDULE-FORCE-SEND in message");
        assertFalse(m.ical().contains("BEGIN:VALARM"), "VALARM in message");
        assertTrue(lines(m.ical()).stream().anyMatch(l -> l.startsWith("DTSTAMP:")), "DTSTAMP");
    }

    static void assertCrlf(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) fail("bare LF at " + i + ":\n" + text);
        }
        assertTrue(text.endsWith("\r\n"), "final CRLF");
        for (String physical : text.split("\r\n")) {
            assertTrue(physical.getBytes(StandardCharsets.UTF_8).length <= 75, "line longer than 75 octets: " + physical);
        }
    }

    static ItipMessage only(List<ItipMessage> messages, String method, String recipient) {
        List<ItipMessage> found = messages.stream()
                .filter(m -> m.method().equals(method) && Addresses.same(m.recipient(), recipient)).toList();
        assertEquals(1, found.size(), method + " to " + recipient + " in " + describe(messages));
        return found.get(0);
    }

    static String describe(List<ItipMessage> messages) {
        return messages.stream().map(m -> m.method() + "→" + m.recipient() + m.instanceKeys()).toList().toString();
    }

    /** The lines of the n-th (0-based) VEVENT of a text. */
    static List<String> event(String text, int n) {
        List<String> out = new ArrayList<>();
        int seen = -1;
        boolean in = false;
        int depth = 0;
        for (String l : lines(text)) {
            if (l.equals("BEGIN:VEVENT")) {
                seen++;
                in = seen == n;
                continue;
            }
            if (l.equals("END:VEVENT")) {
                in = false;
                continue;
            }
            if (in) {
                if (l.startsWith("BEGIN:")) depth++;
                if (depth == 0) out.add(l);
                if (l.startsWith("END:")) depth--;
            }
        }
        return out;
    }

    static long events(String text) {
        return count(text, "BEGIN:VEVENT");
    }

    static String attendeeLine(List<String> eventLines, String address) {
        return eventLines.stream().filter(l -> l.startsWith("ATTENDEE")
                && Addresses.same(ContentLine.parse(l).value(), address)).findFirst().orElse(null);
    }

    static String param(String line, String name) {
        return ContentLine.parse(line).param(name);
    }
}
