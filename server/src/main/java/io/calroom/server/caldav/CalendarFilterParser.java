package io.calroom.server.caldav;

import io.calroom.ical.query.CompFilter;
import io.calroom.ical.query.ParamFilter;
import io.calroom.ical.query.PropFilter;
import io.calroom.ical.query.TextMatch;
import io.calroom.ical.query.TimeRange;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a CALDAV:filter element (RFC 4791 §9.7) into the scheduling module's filter records,
 * refusing with 403 CALDAV:valid-filter (§7.8) what has no defined meaning:
 * <ul>
 *   <li>a component filter where RFC 5545 puts no such component (VALARM outside VEVENT and
 *   VTODO, VEVENT inside VEVENT, VCALENDAR below the root, STANDARD outside VTIMEZONE...);
 *   components the server does not know (X-, IANA extensions) may appear anywhere below the
 *   root, and known ones inside them;</li>
 *   <li>a time-range on a component other than VEVENT, VTODO, VJOURNAL, VFREEBUSY and VALARM
 *   (§9.9: "not defined for any other calendar components");</li>
 *   <li>a time-range in a prop-filter of a property whose value is not a DATE or DATE-TIME: §9.9
 *   defines it for COMPLETED, CREATED, DTEND, DTSTAMP, DTSTART, DUE and LAST-MODIFIED; the
 *   other date-valued properties (RECURRENCE-ID, EXDATE, RDATE, RFC 9074's ACKNOWLEDGED) are
 *   compared the same way, and X- properties, whose type is unknown, are let through.</li>
 * </ul>
 */
public final class CalendarFilterParser {
    /** Where RFC 5545 (§3.4, §3.6) and RFC 7953 put each component it defines. */
    private static final Map<String, Set<String>> CHILDREN = Map.of(
            "VCALENDAR", Set.of("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE", "VAVAILABILITY"),
            "VEVENT", Set.of("VALARM"),
            "VTODO", Set.of("VALARM"),
            "VJOURNAL", Set.of(),
            "VFREEBUSY", Set.of(),
            "VTIMEZONE", Set.of("STANDARD", "DAYLIGHT"),
            "STANDARD", Set.of(),
            "DAYLIGHT", Set.of(),
            "VALARM", Set.of(),
            "VAVAILABILITY", Set.of("AVAILABLE"));
    private static final Set<String> KNOWN = Set.of("VCALENDAR", "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE",
            "STANDARD", "DAYLIGHT", "VALARM", "VAVAILABILITY", "AVAILABLE");
    /** RFC 4791 §9.9: the components a time-range is defined for. */
    private static final Set<String> TIME_RANGE_COMPONENTS = Set.of("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VALARM");
    /** Properties whose values are DATE or DATE-TIME (RFC 5545 §3.8.2, §3.8.4.4, §3.8.5, §3.8.7; RFC 9074 §6). */
    private static final Set<String> DATE_PROPERTIES = Set.of("COMPLETED", "CREATED", "DTEND", "DTSTAMP", "DTSTART", "DUE",
            "LAST-MODIFIED", "RECURRENCE-ID", "EXDATE", "RDATE", "ACKNOWLEDGED");

    private CalendarFilterParser() {
    }

    /** The filter's one top-level comp-filter, which must be VCALENDAR (else 403 CALDAV:valid-filter). */
    public static CompFilter parse(Element filter) {
        try {
            return parseRoot(filter);
        } catch (IllegalArgumentException e) {
            // the filter records refuse combinations RFC 4791 §9.7 does not allow
            throw invalid(e.getMessage());
        }
    }

    private static CompFilter parseRoot(Element filter) {
        List<Element> comps = SafeXml.children(filter).stream().filter(e -> SafeXml.is(e, Ns.caldav("comp-filter"))).toList();
        if (comps.size() != 1) throw invalid("a filter holds exactly one comp-filter");
        if (!name(comps.get(0)).equals("VCALENDAR")) throw invalid("the top-level comp-filter must name VCALENDAR");
        return compFilter(comps.get(0), null);
    }

    /** @param parent the enclosing component's name, null for the root */
    private static CompFilter compFilter(Element e, String parent) {
        String name = name(e);
        if (parent != null) checkPlacement(name, parent);
        boolean notDefined = false;
        TimeRange range = null;
        List<PropFilter> props = new ArrayList<>();
        List<CompFilter> comps = new ArrayList<>();
        for (Element c : SafeXml.children(e)) {
            if (SafeXml.is(c, Ns.caldav("is-not-defined"))) notDefined = true;
            else if (SafeXml.is(c, Ns.caldav("time-range"))) range = timeRange(c);
            else if (SafeXml.is(c, Ns.caldav("prop-filter"))) props.add(propFilter(c));
            else if (SafeXml.is(c, Ns.caldav("comp-filter"))) comps.add(compFilter(c, name));
            else throw invalid("unexpected " + c.getLocalName() + " in comp-filter");
        }
        if (range != null && !TIME_RANGE_COMPONENTS.contains(name)) {
            throw invalid("a time-range is not defined for " + name + " (RFC 4791 section 9.9)");
        }
        return new CompFilter(name, notDefined, range, props, comps);
    }

    private static void checkPlacement(String name, String parent) {
        if (name.equals("VCALENDAR")) throw invalid("VCALENDAR is only the top-level comp-filter");
        Set<String> allowed = CHILDREN.get(parent);
        if (allowed != null && KNOWN.contains(name) && !allowed.contains(name)) {
            throw invalid(name + " cannot be inside " + parent + " (RFC 5545)");
        }
    }

    private static PropFilter propFilter(Element e) {
        String name = name(e);
        boolean notDefined = false;
        TimeRange range = null;
        TextMatch text = null;
        List<ParamFilter> params = new ArrayList<>();
        for (Element c : SafeXml.children(e)) {
            if (SafeXml.is(c, Ns.caldav("is-not-defined"))) notDefined = true;
            else if (SafeXml.is(c, Ns.caldav("time-range"))) range = timeRange(c);
            else if (SafeXml.is(c, Ns.caldav("text-match"))) text = textMatch(c);
            else if (SafeXml.is(c, Ns.caldav("param-filter"))) params.add(paramFilter(c));
            else throw invalid("unexpected " + c.getLocalName() + " in prop-filter");
        }
        if (range != null && !DATE_PROPERTIES.contains(name) && !name.startsWith("X-")) {
            throw invalid("a time-range is not defined for " + name + ", whose value is not a date or date-time (RFC 4791 section 9.9)");
        }
        return new PropFilter(name, notDefined, range, text, params);
    }

    private static ParamFilter paramFilter(Element e) {
        String name = name(e);
        boolean notDefined = false;
        TextMatch text = null;
        for (Element c : SafeXml.children(e)) {
            if (SafeXml.is(c, Ns.caldav("is-not-defined"))) notDefined = true;
            else if (SafeXml.is(c, Ns.caldav("text-match"))) text = textMatch(c);
            else throw invalid("unexpected " + c.getLocalName() + " in param-filter");
        }
        return new ParamFilter(name, notDefined, text);
    }

    private static TextMatch textMatch(Element e) {
        String collation = e.hasAttribute("collation") ? e.getAttribute("collation") : "i;ascii-casemap";
        String negate = e.hasAttribute("negate-condition") ? e.getAttribute("negate-condition").trim() : "no";
        if (!negate.equals("yes") && !negate.equals("no")) throw invalid("negate-condition must be yes or no");
        return new TextMatch(e.getTextContent(), collation, negate.equals("yes"));
    }

    private static TimeRange timeRange(Element e) {
        TimeRanges.Range r = TimeRanges.parse(e);
        return new TimeRange(r.start(), r.end());
    }

    private static String name(Element e) {
        String n = e.getAttribute("name").trim();
        if (n.isEmpty()) throw invalid(e.getLocalName() + " needs a name");
        return n.toUpperCase(Locale.ROOT);
    }

    private static DavException invalid(String message) {
        return DavException.forbidden(Ns.caldav("valid-filter"), message);
    }
}
