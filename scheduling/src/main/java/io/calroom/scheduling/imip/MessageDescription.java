package io.calroom.scheduling.imip;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.ComponentTypes;
import io.calroom.ical.IcalDuration;
import io.calroom.ical.tree.CalendarObjectTree;
import io.calroom.ical.tree.ContentLine;
import io.calroom.ical.tree.IcalTree.Component;
import io.calroom.ical.tree.IcalTree.Line;
import io.calroom.ical.tree.IcalTree;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a person needs to read about an iTIP message, taken from its iCalendar text: title, time, place, organizer,
 * and for a REPLY the attendee's answer. Lenient: a property it cannot read is left out, never an error.
 *
 * @param method        METHOD of the object, upper-case, or "" when it has none
 * @param componentType VEVENT, VTODO or VJOURNAL
 * @param summary       SUMMARY, unescaped, or {@code null}
 * @param location      LOCATION, unescaped, or {@code null}
 * @param description   DESCRIPTION, unescaped, or {@code null}
 * @param when          the time in words, e.g. "Mon 15 Jan 2024 10:00–11:00 (Europe/Berlin)", or {@code null}
 * @param recurring     the component has an RRULE or RDATE
 * @param oneOccurrence the component has a RECURRENCE-ID: the message is about one occurrence
 * @param sequence      SEQUENCE, 0 when absent
 * @param organizer     the ORGANIZER, or {@code null}
 * @param attendees     the ATTENDEEs of the component, in order
 */
record MessageDescription(String method, String componentType, String summary, String location, String description, String when,
                 boolean recurring, boolean oneOccurrence, int sequence, Person organizer, List<Person> attendees) {

    /** A calendar user: its e-mail address (from mailto:, else from the EMAIL parameter) and CN. */
    record Person(String email, String name, String partstat) {
        String label() {
            if (name != null && email != null) return name + " <" + email + ">";
            return name != null ? name : email != null ? email : "someone";
        }

        String shortName() {
            return name != null ? name : email != null ? email : "Someone";
        }
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM uuuu", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    /** Reads the facts; an unreadable text gives empty facts. */
    static MessageDescription of(String ical) {
        Component root;
        try {
            root = IcalTree.parse(ical);
        } catch (RuntimeException e) {
            return new MessageDescription("", "VEVENT", null, null, null, null, false, false, 0, null, List.of());
        }
        String method = text(root.line("METHOD"));
        Component item = null;
        for (Component c : root.children()) {
            if (!ComponentTypes.isItem(c.name())) continue;
            if (item == null) item = c;
            if (c.line("RECURRENCE-ID") == null) {
                item = c; // the master is the best description of the whole
                break;
            }
        }
        if (item == null) {
            return new MessageDescription(method == null ? "" : method.toUpperCase(Locale.ROOT), "VEVENT", null, null, null, null,
                    false, false, 0, null, List.of());
        }
        int sequence = 0;
        try {
            String s = text(item.line("SEQUENCE"));
            if (s != null) sequence = Integer.parseInt(s.trim());
        } catch (NumberFormatException ignored) {
            // left at 0
        }
        List<Person> attendees = item.lines().stream().filter(l -> l.name().equals("ATTENDEE")).map(MessageDescription::person).toList();
        return new MessageDescription(method == null ? "" : method.trim().toUpperCase(Locale.ROOT), item.name(),
                blankToNull(text(item.line("SUMMARY"))), blankToNull(text(item.line("LOCATION"))),
                blankToNull(text(item.line("DESCRIPTION"))), when(item),
                item.line("RRULE") != null || item.line("RDATE") != null, item.line("RECURRENCE-ID") != null,
                sequence, item.line("ORGANIZER") == null ? null : person(item.line("ORGANIZER")), attendees);
    }

    /** The attendee with this e-mail address, else the only attendee, else {@code null}. */
    Person attendee(String email) {
        if (email != null) {
            for (Person p : attendees) if (email.equalsIgnoreCase(p.email())) return p;
        }
        return attendees.size() == 1 ? attendees.get(0) : null;
    }

    // ---- content lines ----

    private static Person person(Line line) {
        Map<String, String> params = params(line);
        String value = line.value().trim();
        String email = null;
        if (value.regionMatches(true, 0, "mailto:", 0, 7)) {
            email = value.substring(7);
            int q = email.indexOf('?');
            if (q >= 0) email = email.substring(0, q);
        } else if (params.get("EMAIL") != null) {
            email = params.get("EMAIL");
        }
        email = blankToNull(email);
        String partstat = params.get("PARTSTAT");
        return new Person(email == null ? null : email.trim(), blankToNull(oneLine(params.get("CN"))),
                partstat == null ? null : partstat.toUpperCase(Locale.ROOT));
    }

    /** The parameters of a line by upper-case name, quotes removed. */
    static Map<String, String> params(Line line) {
        Map<String, String> out = new LinkedHashMap<>();
        String u = line.unfolded();
        int end = u.length();
        boolean quoted = false;
        for (int i = 0; i < u.length(); i++) {
            char c = u.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == ':' && !quoted) {
                end = i;
                break;
            }
        }
        String head = u.substring(0, end);
        int i = head.indexOf(';');
        while (i >= 0 && i < head.length()) {
            int j = i + 1;
            quoted = false;
            while (j < head.length() && (head.charAt(j) != ';' || quoted)) {
                if (head.charAt(j) == '"') quoted = !quoted;
                j++;
            }
            String p = head.substring(i + 1, j);
            int eq = p.indexOf('=');
            if (eq > 0) {
                String v = p.substring(eq + 1);
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                out.putIfAbsent(p.substring(0, eq).trim().toUpperCase(Locale.ROOT), v);
            }
            i = j;
        }
        return out;
    }

    /** A TEXT value unescaped (RFC 5545 §3.3.11), or {@code null} for no line. */
    static String text(Line line) {
        return line == null ? null : ContentLine.unescapeText(line.value());
    }

    // ---- time in words ----

    private static String when(Component item) {
        Line startLine = item.line("DTSTART");
        Line endLine = item.line(item.name().equals("VTODO") ? "DUE" : "DTEND");
        Moment start = moment(startLine);
        Moment end = moment(endLine);
        if (start == null && end != null && item.name().equals("VTODO")) return "due " + end.describe();
        if (start == null) return null;
        if (end == null && item.line("DURATION") != null) end = start.plus(item.line("DURATION").value().trim());
        if (end == null) return start.describe() + (start.date != null ? " (all day)" : "");
        return range(start, end);
    }

    private static String range(Moment start, Moment end) {
        if (start.date != null && end.date != null) {
            LocalDate last = end.date.isAfter(start.date) ? end.date.minusDays(1) : start.date;
            return (last.equals(start.date) ? DAY.format(start.date) : DAY.format(start.date) + " – " + DAY.format(last))
                    + " (all day)";
        }
        if (start.date != null || end.date != null) return start.describe();
        LocalDateTime s = start.local;
        LocalDateTime e = end.local;
        if (start.zone != null && end.zone != null && !start.zone.equals(end.zone)) {
            e = end.local.atZone(end.zone).withZoneSameInstant(start.zone).toLocalDateTime();
        }
        String text = DAY.format(s) + " " + TIME.format(s)
                + (e.toLocalDate().equals(s.toLocalDate()) ? "–" + TIME.format(e) : " – " + DAY.format(e) + " " + TIME.format(e));
        return text + start.label();
    }

    /** A DATE (date set) or a DATE-TIME (local set, with its zone when known and a label for the zone). */
    private record Moment(LocalDate date, LocalDateTime local, ZoneId zone, String zoneLabel) {
        String describe() {
            return date != null ? DAY.format(date) : DAY.format(local) + " " + TIME.format(local) + label();
        }

        String label() {
            return zoneLabel == null ? "" : " (" + zoneLabel + ")";
        }

        /** This moment plus a DURATION value (the project's one parser), or null for a negative or unreadable one. */
        Moment plus(String icalDuration) {
            try {
                IcalDuration d = IcalDuration.parse(icalDuration, "DURATION");
                if (d.negative()) return null;
                if (date != null) {
                    return icalDuration.contains("T") ? null : new Moment(date.plusDays(d.days()), null, null, null);
                }
                return new Moment(null, local.plusDays(d.days()).plusSeconds(d.seconds()), zone, zoneLabel);
            } catch (CalendarDataException | RuntimeException e) {
                return null;
            }
        }
    }

    private static Moment moment(Line line) {
        if (line == null) return null;
        try {
            CalendarObjectTree.DateTime v = CalendarObjectTree.parseExact(line.value());
            if (v.date()) return new Moment(v.local().toLocalDate(), null, null, null);
            LocalDateTime local = v.local();
            if (v.utc()) return new Moment(null, local, ZoneOffset.UTC, "UTC");
            String tzid = params(line).get("TZID");
            if (tzid == null) return new Moment(null, local, null, null); // floating
            ZoneId zone = zone(tzid);
            return new Moment(null, local, zone, zone != null ? zone.getId() : oneLine(tzid));
        } catch (IllegalArgumentException | DateTimeException e) {
            return null;
        }
    }

    /** An IANA zone for a TZID, also for prefixed forms such as {@code /mozilla.org/20050126_1/Europe/Berlin}. */
    private static ZoneId zone(String tzid) {
        String t = tzid.trim();
        int from = 0;
        while (from < t.length()) {
            try {
                return ZoneId.of(t.substring(from));
            } catch (DateTimeException e) {
                int slash = t.indexOf('/', from);
                if (slash < 0) return null;
                from = slash + 1; // try a shorter suffix
            }
        }
        return null;
    }

    static String oneLine(String s) {
        return s == null ? null : s.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
