package io.calroom.scheduling.itip;

import io.calroom.ical.tree.CalendarObjectTree;
import io.calroom.ical.tree.ContentLine;
import io.calroom.ical.tree.IcalTree.Component;
import io.calroom.ical.tree.IcalTree.Line;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Building blocks of iTIP message bodies and of rewritten calendar objects. */
final class ItipBodyParts {

    static final String PRODID = "-//Calroom//CalDAV Server//EN";
    private static final String[] SCHEDULING_PARAMS = {"SCHEDULE-AGENT", "SCHEDULE-STATUS", "SCHEDULE-FORCE-SEND"};

    private ItipBodyParts() {
    }

    /** A VCALENDAR with VERSION, PRODID, the source's CALSCALE and METHOD. */
    static Component calendar(CalendarObjectTree source, String method) {
        Component root = new Component("VCALENDAR");
        root.lines().add(ContentLine.of("VERSION", "2.0").line());
        root.lines().add(ContentLine.of("PRODID", PRODID).line());
        Line calscale = source == null ? null : source.root.line("CALSCALE");
        if (calscale != null) root.lines().add(calscale);
        root.lines().add(ContentLine.of("METHOD", method).line());
        return root;
    }

    /**
     * A calendar user's personal property, not sent to others: Thunderbird's X-MOZ-*, Apple's X-APPLE-* (except
     * X-APPLE-STRUCTURED-*, which describe the event), CalendarServer private comments, libical's X-LIC-ERROR.
     */
    static boolean personal(String name) {
        return name.startsWith("X-MOZ-")
                || (name.startsWith("X-APPLE-") && !name.startsWith("X-APPLE-STRUCTURED-"))
                || name.startsWith("X-CALENDARSERVER-PRIVATE-")
                || name.equals("X-LIC-ERROR");
    }

    /** Per-user data an attendee keeps in its copy across organizer updates: TRANSP and personal properties. */
    static boolean perUser(String name) {
        return name.equals("TRANSP") || personal(name);
    }

    /** An ORGANIZER/ATTENDEE line without the RFC 6638 §7 parameters that never travel in messages. */
    static Line stripScheduling(Line l) {
        if (!l.name().equals("ATTENDEE") && !l.name().equals("ORGANIZER")) return l;
        ContentLine p = ContentLine.of(l);
        if (!p.hasParam("SCHEDULE-AGENT") && !p.hasParam("SCHEDULE-STATUS") && !p.hasParam("SCHEDULE-FORCE-SEND")) {
            return l;
        }
        return p.without(SCHEDULING_PARAMS).line();
    }

    /**
     * A copy of {@code c} for a REQUEST: no VALARMs, no personal properties, no REQUEST-STATUS, no SCHEDULE-*
     * parameters, DTSTAMP set to {@code now}, SEQUENCE present.
     */
    static Component forRequest(Component c, Instant now) {
        Component out = new Component(c.name());
        for (Line l : c.lines()) {
            if (personal(l.name()) || l.name().equals("REQUEST-STATUS")) continue;
            out.lines().add(stripScheduling(l));
        }
        for (Component child : c.children()) if (!child.name().equals("VALARM")) out.children().add(child.copy());
        CalendarObjectTree.setLine(out, ContentLine.of("DTSTAMP", CalendarObjectTree.stamp(now)));
        if (out.line("SEQUENCE") == null) CalendarObjectTree.setLine(out, ContentLine.of("SEQUENCE", "0"));
        return out;
    }

    /** Adds to {@code root}, before its components, the VTIMEZONEs the components refer to, taken from the sources. */
    static void addTimezones(Component root, CalendarObjectTree... sources) {
        Set<String> tzids = new LinkedHashSet<>();
        for (Component c : root.children()) CalendarObjectTree.tzids(c, tzids);
        List<Component> zones = new ArrayList<>();
        for (String tzid : tzids) {
            Component found = null;
            for (CalendarObjectTree d : sources) {
                if (d == null) continue;
                for (Component z : d.timezones()) {
                    if (tzid.equals(CalendarObjectTree.tzidOf(z))) {
                        found = z;
                        break;
                    }
                }
                if (found != null) break;
            }
            if (found != null) zones.add(found.copy());
        }
        root.children().addAll(0, zones);
    }

    /** The first line named {@code name}, stripped of scheduling parameters, or {@code null}. */
    static Line line(Component c, String name) {
        Line l = c == null ? null : c.line(name);
        return l == null ? null : stripScheduling(l);
    }

    /** The ATTENDEE line of {@code address} in {@code c}, or {@code null}. */
    static Line attendeeLine(Component c, String address) {
        if (c == null) return null;
        for (Line l : c.lines()) {
            if (l.name().equals("ATTENDEE") && Addresses.same(l.value(), address)) return l;
        }
        return null;
    }
}
