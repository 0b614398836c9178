package io.calroom.server.caldav;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.tree.IcalTree;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The value of CALDAV:calendar-timezone (RFC 4791 §5.2.2, PROPPATCH and MKCALENDAR) and of a
 * calendar-query's CALDAV:timezone (§9.8): "an iCalendar object containing exactly one valid
 * VTIMEZONE component". Anything else is refused with CALDAV:valid-calendar-data.
 */
public final class TimezoneProperty {
    private TimezoneProperty() {
    }

    /**
     * Why the text is not such a value, or null when it is one: it must parse as one VCALENDAR
     * whose only component is a VTIMEZONE with a TZID and at least one STANDARD or DAYLIGHT
     * (RFC 5545 §3.6.5).
     */
    public static String problem(String text, CalendarObjectParser parser) {
        try {
            parser.parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (CalendarDataException e) {
            return "not an iCalendar object: " + e.getMessage();
        }
        IcalTree.Component root = IcalTree.parse(text); // the parser has accepted it
        List<IcalTree.Component> components = root.children();
        if (components.size() != 1 || !components.get(0).name().equals("VTIMEZONE")) {
            return "the iCalendar object must hold exactly one VTIMEZONE and no other component";
        }
        IcalTree.Component zone = components.get(0);
        if (zone.line("TZID") == null || zone.line("TZID").value().isBlank()) return "the VTIMEZONE has no TZID";
        if (zone.children().stream().noneMatch(c -> c.name().equals("STANDARD") || c.name().equals("DAYLIGHT"))) {
            return "the VTIMEZONE has neither a STANDARD nor a DAYLIGHT component";
        }
        return null;
    }
}
