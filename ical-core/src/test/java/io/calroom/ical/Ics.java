package io.calroom.ical;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;

/** Test helpers: build iCalendar bodies line by line (CRLF), run the parser with fixed settings. */
final class Ics {

    static final Instant NOW = Instant.parse("2024-01-15T12:00:00Z");
    static final Set<String> EVENTS_AND_TODOS = Set.of("VEVENT", "VTODO");
    static final Set<String> ALL = Set.of("VEVENT", "VTODO", "VJOURNAL");
    static final ZoneId UTC = ZoneOffset.UTC;

    private Ics() {
    }

    /** A VCALENDAR around the given lines. */
    static String calendar(String... lines) {
        StringBuilder sb = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Calroom//Test//EN\r\n");
        for (String line : lines) {
            sb.append(line).append("\r\n");
        }
        return sb.append("END:VCALENDAR\r\n").toString();
    }

    /** A VCALENDAR with one VEVENT (UID and DTSTAMP added) around the given property lines. */
    static String event(String... lines) {
        return calendar(component("VEVENT", lines));
    }

    static String todo(String... lines) {
        return calendar(component("VTODO", lines));
    }

    static String journal(String... lines) {
        return calendar(component("VJOURNAL", lines));
    }

    static String component(String type, String... lines) {
        StringBuilder sb = new StringBuilder("BEGIN:" + type + "\r\nUID:test-uid-1\r\nDTSTAMP:20240101T000000Z\r\n");
        for (String line : lines) {
            sb.append(line).append("\r\n");
        }
        return sb.append("END:").append(type).toString();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static ValidatedCalendarObject validate(String text) throws CalendarDataException {
        return new CalendarObjectParser(CalendarObjectLimits.defaults()).validate(bytes(text), ALL, UTC, NOW);
    }

    static ValidatedCalendarObject validate(String text, ZoneId floating) throws CalendarDataException {
        return new CalendarObjectParser(CalendarObjectLimits.defaults()).validate(bytes(text), ALL, floating, NOW);
    }

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    static String resource(String name) {
        try (var in = Ics.class.getResourceAsStream("/ical/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
