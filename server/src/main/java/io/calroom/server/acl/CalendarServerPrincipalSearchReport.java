package io.calroom.server.acl;

import io.calroom.principal.PrincipalSearch;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CS:calendarserver-principal-search, what current Apple Calendar sends for attendee and location
 * autocomplete: every search-token must match (AND) one of display name, first/last name, e-mail
 * or name; {@code context} narrows to people (attendee), rooms (location) or equipment (resource);
 * {@code limit/nresults} caps the answer. Scoped to the caller's org.
 */
public final class CalendarServerPrincipalSearchReport implements ReportMethod.Report {
    private final LivePropertySet live;

    public CalendarServerPrincipalSearchReport(LivePropertySet live) {
        this.live = live;
    }

    @Override
    public void run(DavRequest req, Element body) {
        req.node();
        List<String> tokens = new ArrayList<>();
        for (Element t : SafeXml.children(body)) {
            if (SafeXml.is(t, Ns.cs("search-token")) && !t.getTextContent().isBlank()) tokens.add(t.getTextContent().trim());
        }
        int limit = SafeXml.child(body, Ns.cs("limit")).flatMap(l -> SafeXml.child(l, Ns.cs("nresults")))
                .map(n -> parse(n.getTextContent())).orElse(50);
        Set<String> types = switch (body.getAttribute("context").trim()) {
            case "attendee" -> Set.of("INDIVIDUAL", "GROUP");
            case "location" -> Set.of("ROOM");
            case "resource" -> Set.of("RESOURCE");
            default -> Set.of();
        };
        PrincipalSearch search = req.services().directoryStores().search();
        // Each token is an OR over the name attributes; the tokens are ANDed: one query per token, intersected.
        List<io.calroom.principal.Principal> result = null;
        for (String token : tokens.isEmpty() ? List.of("") : tokens) {
            List<PrincipalSearch.Term> terms = new ArrayList<>();
            for (PrincipalSearch.Attribute a : List.of(PrincipalSearch.Attribute.DISPLAY_NAME, PrincipalSearch.Attribute.FIRST_NAME,
                    PrincipalSearch.Attribute.LAST_NAME, PrincipalSearch.Attribute.EMAIL, PrincipalSearch.Attribute.NAME)) {
                terms.add(new PrincipalSearch.Term(a, token, PrincipalSearch.MatchType.CONTAINS));
            }
            var found = search.search(new PrincipalSearch.Query(req.user().orgId(), terms, false, Set.of(), types,
                    PrincipalPropertySearchReport.MAX_RESULTS));
            if (result == null) result = new ArrayList<>(found);
            else result.retainAll(found);
        }
        new PrincipalResponder(live, req, body)
                .writeAll(result.subList(0, Math.min(limit, result.size())));
    }

    private static int parse(String s) {
        try {
            int n = Integer.parseInt(s.trim());
            if (n < 1) throw new NumberFormatException();
            return Math.min(n, PrincipalPropertySearchReport.MAX_RESULTS);
        } catch (NumberFormatException e) {
            throw DavException.badRequest("nresults must be a positive number");
        }
    }
}
