package io.calroom.server.caldav;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.shape.CalendarDataShaper;
import io.calroom.ical.shape.CalendarDataSpec;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A CALDAV:calendar-data element of a report's DAV:prop (RFC 4791 §9.6), parsed into the
 * scheduling module's {@link CalendarDataSpec}, and applied to each object by the shaper.
 */
public final class CalendarDataRequest {
    private final CalendarDataSpec spec;
    private final CalendarDataShaper shaper;

    private CalendarDataRequest(CalendarDataSpec spec, CalendarDataShaper shaper) {
        this.spec = spec;
        this.shaper = shaper;
    }

    /**
     * @throws DavException 403 CALDAV:supported-calendar-data when content-type or version ask
     *                      for anything but text/calendar 2.0 (RFC 4791 §9.6, the preconditions
     *                      of §7.8 and §7.9), 400 for contradictory children
     */
    public static CalendarDataRequest parse(Element calendarData, CalendarDataShaper shaper) {
        checkMediaType(calendarData);
        CalendarDataSpec.Comp selection = null;
        CalendarDataSpec.Range expand = null, limitRecurrence = null, limitFreebusy = null;
        for (Element c : SafeXml.children(calendarData)) {
            if (SafeXml.is(c, Ns.caldav("comp"))) selection = comp(c);
            else if (SafeXml.is(c, Ns.caldav("expand"))) expand = range(c);
            else if (SafeXml.is(c, Ns.caldav("limit-recurrence-set"))) limitRecurrence = range(c);
            else if (SafeXml.is(c, Ns.caldav("limit-freebusy-set"))) limitFreebusy = range(c);
        }
        if (expand != null && limitRecurrence != null) {
            throw DavException.badRequest("calendar-data cannot ask for both expand and limit-recurrence-set");
        }
        return new CalendarDataRequest(new CalendarDataSpec(selection, expand, limitRecurrence, limitFreebusy), shaper);
    }

    /** RFC 4791 §9.6: content-type defaults to text/calendar and version to 2.0, the only calendar data this server has. */
    private static void checkMediaType(Element calendarData) {
        String type = calendarData.hasAttribute("content-type") ? calendarData.getAttribute("content-type") : "text/calendar";
        String version = calendarData.hasAttribute("version") ? calendarData.getAttribute("version").trim() : "2.0";
        String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("text/calendar") || !version.equals("2.0")) {
            throw DavException.forbidden(Ns.caldav("supported-calendar-data"),
                    "calendar data is text/calendar version 2.0 only, not " + type.trim() + " version " + version);
        }
    }

    /** The expand range, or null when the request does not expand. */
    public CalendarDataSpec.Range expandRange() {
        return spec.expand();
    }

    /** @param knownOccurrences the stored occurrences in the expand range, or null */
    public String render(String ical, ZoneId floatingZone, java.util.List<io.calroom.ical.Occurrence> knownOccurrences) {
        try {
            return shaper.shape(ical, spec, floatingZone, knownOccurrences);
        } catch (CalendarDataException e) {
            return ical; // stored data was valid when stored; return it whole rather than fail the report
        }
    }

    private static CalendarDataSpec.Comp comp(Element e) {
        String name = e.getAttribute("name").trim().toUpperCase(Locale.ROOT);
        if (name.isEmpty()) throw DavException.badRequest("CALDAV:comp needs a name");
        boolean allProps = false, allComps = false;
        Set<String> props = new HashSet<>();
        List<CalendarDataSpec.Comp> comps = new ArrayList<>();
        for (Element c : SafeXml.children(e)) {
            if (SafeXml.is(c, Ns.caldav("allprop"))) allProps = true;
            else if (SafeXml.is(c, Ns.caldav("allcomp"))) allComps = true;
            else if (SafeXml.is(c, Ns.caldav("prop"))) props.add(c.getAttribute("name").trim().toUpperCase(Locale.ROOT));
            else if (SafeXml.is(c, Ns.caldav("comp"))) comps.add(comp(c));
        }
        return new CalendarDataSpec.Comp(name, allProps, props, allComps, comps);
    }

    private static CalendarDataSpec.Range range(Element e) {
        TimeRanges.Range r = TimeRanges.parse(e);
        return new CalendarDataSpec.Range(r.start(), r.end());
    }
}
