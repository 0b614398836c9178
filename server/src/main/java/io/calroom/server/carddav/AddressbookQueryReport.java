package io.calroom.server.carddav;

import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CARDDAV:addressbook-query (RFC 6352 §8.6, §10.5) on the directory: prop-filters with
 * text-match (collations i;unicode-casemap, i;ascii-casemap, i;octet; match-types equals,
 * contains, starts-with, ends-with; negate-condition) and is-not-defined, combined by the
 * filter's and each prop-filter's {@code test} (anyof by default); CARDDAV:limit caps the answer.
 * This is what Apple Contacts and Thunderbird send to complete a name or an address.
 */
public final class AddressbookQueryReport implements ReportMethod.Report {
    private final LivePropertySet live;

    public AddressbookQueryReport(LivePropertySet live) {
        this.live = live;
    }

    private record TextMatch(String text, String collation, String matchType, boolean negate) {}

    private record PropFilter(String name, boolean allOf, boolean notDefined, List<TextMatch> matches) {}

    @Override
    public void run(DavRequest req, Element body) {
        DavNode target = req.node();
        Element filter = SafeXml.child(body, Ns.carddav("filter"))
                .orElseThrow(() -> DavException.forbidden(Ns.carddav("valid-filter"), "addressbook-query needs a CARDDAV:filter"));
        boolean allOf = "allof".equals(filter.getAttribute("test"));
        List<PropFilter> filters = new ArrayList<>();
        for (Element pf : SafeXml.children(filter)) {
            if (!SafeXml.is(pf, Ns.carddav("prop-filter"))) continue;
            List<TextMatch> matches = new ArrayList<>();
            boolean notDefined = false;
            for (Element c : SafeXml.children(pf)) {
                if (SafeXml.is(c, Ns.carddav("is-not-defined"))) notDefined = true;
                else if (SafeXml.is(c, Ns.carddav("text-match"))) matches.add(textMatch(c));
            }
            filters.add(new PropFilter(pf.getAttribute("name").trim().toUpperCase(Locale.ROOT), "allof".equals(pf.getAttribute("test")),
                    notDefined, matches));
        }
        int limit = SafeXml.child(body, Ns.carddav("limit")).flatMap(l -> SafeXml.child(l, Ns.carddav("nresults")))
                .map(n -> parseLimit(n.getTextContent())).orElse(Integer.MAX_VALUE);
        CardResponder responder = new CardResponder(live, req, body);
        // only the caller's own directory book lists this report (its supported-report-set, which
        // REPORT enforces), so the target is that book
        List<VCardNode> cards = req.depth(1) != 0
                ? DirectoryCards.all(req.services().directoryStores(), req.user().orgId(), target.path())
                : List.of();
        MultistatusWriter out = new MultistatusWriter(req.response());
        int written = 0;
        boolean truncated = false;
        for (VCardNode card : cards) {
            if (!matches(card.text(), filters, allOf)) continue;
            if (written >= limit) {
                truncated = true;
                break;
            }
            responder.write(out, card);
            written++;
        }
        if (truncated) out.truncated(target.path()); // RFC 6352 §8.6.1: more results than the limit
        out.finish();
    }

    private static TextMatch textMatch(Element e) {
        String collation = e.hasAttribute("collation") ? e.getAttribute("collation") : "i;unicode-casemap";
        if (!List.of("i;unicode-casemap", "i;ascii-casemap", "i;octet").contains(collation)) {
            throw DavException.forbidden(Ns.carddav("supported-collation"), "unsupported collation " + collation);
        }
        String type = e.hasAttribute("match-type") ? e.getAttribute("match-type") : "contains";
        if (!List.of("equals", "contains", "starts-with", "ends-with").contains(type)) {
            throw DavException.forbidden(Ns.carddav("supported-filter"), "unsupported match-type " + type);
        }
        return new TextMatch(e.getTextContent(), collation, type, "yes".equals(e.getAttribute("negate-condition")));
    }

    private static boolean matches(String card, List<PropFilter> filters, boolean allOf) {
        if (filters.isEmpty()) return true;
        for (PropFilter f : filters) {
            boolean ok = matches(card, f);
            if (allOf && !ok) return false;
            if (!allOf && ok) return true;
        }
        return allOf;
    }

    private static boolean matches(String card, PropFilter f) {
        List<String> values = values(card, f.name());
        if (f.notDefined()) return values.isEmpty();
        if (values.isEmpty()) return false;
        if (f.matches().isEmpty()) return true;
        for (TextMatch m : f.matches()) {
            boolean ok = values.stream().anyMatch(v -> textMatches(v, m)) != m.negate();
            if (f.allOf() && !ok) return false;
            if (!f.allOf() && ok) return true;
        }
        return f.allOf();
    }

    private static List<String> values(String card, String name) {
        List<String> out = new ArrayList<>();
        for (String line : card.replace("\r\n ", "").split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String head = line.substring(0, colon);
            String prop = head.contains(";") ? head.substring(0, head.indexOf(';')) : head;
            if (prop.equalsIgnoreCase(name)) out.add(line.substring(colon + 1).replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\"));
        }
        return out;
    }

    private static boolean textMatches(String value, TextMatch m) {
        String v = fold(value, m.collation());
        String t = fold(m.text(), m.collation());
        return switch (m.matchType()) {
            case "equals" -> v.equals(t);
            case "starts-with" -> v.startsWith(t);
            case "ends-with" -> v.endsWith(t);
            default -> v.contains(t);
        };
    }

    private static String fold(String s, String collation) {
        return switch (collation) {
            case "i;octet" -> s;
            case "i;ascii-casemap" -> s.chars().map(c -> c >= 'A' && c <= 'Z' ? c + 32 : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            default -> Normalizer.normalize(s, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        };
    }

    private static int parseLimit(String s) {
        try {
            int n = Integer.parseInt(s.trim());
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw DavException.badRequest("nresults must be a positive number");
        }
    }
}
