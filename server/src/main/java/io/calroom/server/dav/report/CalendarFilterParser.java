package io.calroom.server.dav.report;

import io.calroom.scheduling.query.CompFilter;
import io.calroom.scheduling.query.ParamFilter;
import io.calroom.scheduling.query.PropFilter;
import io.calroom.scheduling.query.TextMatch;
import io.calroom.scheduling.query.TimeRange;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a CALDAV:filter element (RFC 4791 §9.7) into the scheduling module's filter records. */
public final class CalendarFilterParser {
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
        CompFilter root = compFilter(comps.get(0));
        if (!root.name().equals("VCALENDAR")) throw invalid("the top-level comp-filter must name VCALENDAR");
        return root;
    }

    private static CompFilter compFilter(Element e) {
        String name = name(e);
        boolean notDefined = false;
        TimeRange range = null;
        List<PropFilter> props = new ArrayList<>();
        List<CompFilter> comps = new ArrayList<>();
        for (Element c : SafeXml.children(e)) {
            if (SafeXml.is(c, Ns.caldav("is-not-defined"))) notDefined = true;
            else if (SafeXml.is(c, Ns.caldav("time-range"))) range = timeRange(c);
            else if (SafeXml.is(c, Ns.caldav("prop-filter"))) props.add(propFilter(c));
            else if (SafeXml.is(c, Ns.caldav("comp-filter"))) comps.add(compFilter(c));
            else throw invalid("unexpected " + c.getLocalName() + " in comp-filter");
        }
        return new CompFilter(name, notDefined, range, props, comps);
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
