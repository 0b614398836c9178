package io.calroom.server.caldav;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.IcalDuration;
import io.calroom.ical.tree.ObjectText;
import io.calroom.server.dav.xml.Ns;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.namespace.QName;

/**
 * The default alarms of draft-daboo-valarm-extensions §9 (CALDAV:default-alarm-vevent-datetime,
 * -vevent-date, -vtodo-datetime, -vtodo-date): the text of one VALARM a client adds to new
 * events or to-dos, or empty for none. Apple Calendar sets them on the calendar home and on each
 * calendar during account setup. They are kept as dead properties, validated on the way in.
 */
public final class DefaultAlarms {
    public static final Set<QName> NAMES = Set.of(Ns.caldav("default-alarm-vevent-datetime"), Ns.caldav("default-alarm-vevent-date"),
            Ns.caldav("default-alarm-vtodo-datetime"), Ns.caldav("default-alarm-vtodo-date"));


    private DefaultAlarms() {
    }

    /**
     * Why the text is not a default alarm, or null when it is one: empty, or exactly one VALARM
     * (no other component around or inside it) with one ACTION and one valid TRIGGER (RFC 5545
     * §3.6.6), whose content lines the iCalendar parser accepts.
     */
    public static String problem(String text, CalendarObjectParser parser) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) return null;
        List<String> lines = ObjectText.logicalLines(trimmed);
        if (!lines.get(0).equalsIgnoreCase("BEGIN:VALARM") || !lines.get(lines.size() - 1).equalsIgnoreCase("END:VALARM")) {
            return "a default alarm is one VALARM component, from BEGIN:VALARM to END:VALARM";
        }
        int actions = 0;
        String trigger = null;
        int triggers = 0;
        for (String line : lines.subList(1, lines.size() - 1)) {
            int colon = valueStart(line);
            if (colon < 0) return "not an iCalendar content line: " + line;
            String name = name(line);
            if (name.equals("BEGIN") || name.equals("END")) return "a default alarm is exactly one VALARM, without other components";
            if (name.equals("ACTION")) actions++;
            if (name.equals("TRIGGER")) {
                triggers++;
                trigger = line;
            }
        }
        if (actions != 1) return "a VALARM has exactly one ACTION (RFC 5545 section 3.6.6)";
        if (triggers != 1) return "a VALARM has exactly one TRIGGER (RFC 5545 section 3.6.6)";
        String value = trigger.substring(valueStart(trigger) + 1).trim();
        boolean absolute = trigger.substring(0, valueStart(trigger)).toUpperCase(Locale.ROOT).contains(";VALUE=DATE-TIME");
        if (absolute ? !IcalDuration.isUtcDateTimeForm(value) : !IcalDuration.isRfc5545Form(value)) {
            return "TRIGGER must be a duration, or with VALUE=DATE-TIME a UTC date-time (RFC 5545 section 3.8.6.3): " + value;
        }
        String calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Calroom//default alarm//EN\r\nBEGIN:VEVENT\r\n"
                + "UID:default-alarm\r\nDTSTAMP:20000101T000000Z\r\nDTSTART:20000101T000000Z\r\n"
                + String.join("\r\n", lines) + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        try {
            parser.parse(calendar.getBytes(StandardCharsets.UTF_8));
        } catch (CalendarDataException e) {
            return "not a valid VALARM: " + e.getMessage();
        }
        return null;
    }

    /** The index of the colon that ends name and parameters (outside quoted parameter values), or -1. */
    private static int valueStart(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == ':' && !quoted) return i;
        }
        return -1;
    }

    private static String name(String line) {
        int end = line.length();
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ';' || line.charAt(i) == ':') {
                end = i;
                break;
            }
        }
        return line.substring(0, end).trim().toUpperCase(Locale.ROOT);
    }
}
