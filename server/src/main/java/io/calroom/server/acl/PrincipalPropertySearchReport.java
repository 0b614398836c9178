package io.calroom.server.acl;

import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalSearch;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DAV:principal-property-search (RFC 3744 §9.4), with the {@code test="anyof|allof"} attribute and
 * the {@code match-type} (starts-with, contains, equals, ends-with) that CalendarServer clients
 * send. Searches the caller's org only: principals of other orgs are never found.
 *
 * <p>Scope (§9.4): the members of the request-URI, so /principals/users/ finds people and
 * /principals/resources/ rooms and equipment; /principals/ (the one href of
 * DAV:principal-collection-set) and DAV:apply-to-principal-collection-set find both.
 */
public final class PrincipalPropertySearchReport implements ReportMethod.Report {
    /** The searchable properties (also the answer of principal-search-property-set). */
    static final Map<QName, PrincipalSearch.Attribute> SEARCHABLE = Map.of(
            Ns.dav("displayname"), PrincipalSearch.Attribute.DISPLAY_NAME,
            Ns.cs("email-address-set"), PrincipalSearch.Attribute.EMAIL,
            Ns.caldav("calendar-user-address-set"), PrincipalSearch.Attribute.ADDRESS,
            Ns.caldav("calendar-user-type"), PrincipalSearch.Attribute.CALENDAR_USER_TYPE,
            Ns.cs("first-name"), PrincipalSearch.Attribute.FIRST_NAME,
            Ns.cs("last-name"), PrincipalSearch.Attribute.LAST_NAME);
    static final int MAX_RESULTS = 500;

    private final LivePropertySet live;

    public PrincipalPropertySearchReport(LivePropertySet live) {
        this.live = live;
    }

    @Override
    public void run(DavRequest req, Element body) {
        PrincipalReports.requireDepthZero(req, "9.4");
        DavNode target = req.node();
        boolean allOf = !"anyof".equalsIgnoreCase(body.getAttribute("test").trim());
        List<PrincipalSearch.Term> terms = new ArrayList<>();
        for (Element ps : SafeXml.children(body)) {
            if (!SafeXml.is(ps, Ns.dav("property-search"))) continue;
            Element prop = SafeXml.child(ps, Ns.dav("prop")).orElseThrow(() -> DavException.badRequest("property-search needs a DAV:prop"));
            Element match = SafeXml.child(ps, Ns.dav("match")).orElseThrow(() -> DavException.badRequest("property-search needs a DAV:match"));
            PrincipalSearch.MatchType type = matchType(match.getAttribute("match-type"));
            List<PrincipalSearch.Term> alternatives = new ArrayList<>();
            for (Element p : SafeXml.children(prop)) {
                PrincipalSearch.Attribute a = SEARCHABLE.get(SafeXml.name(p));
                if (a == null) throw DavException.badRequest("the property " + SafeXml.name(p) + " is not searchable");
                alternatives.add(new PrincipalSearch.Term(a, match.getTextContent().trim(), type));
            }
            terms.addAll(alternatives);
        }
        if (terms.isEmpty()) throw DavException.badRequest("principal-property-search needs at least one property-search");
        // on /principals/{kind}/ without apply-to-principal-collection-set: that kind only
        Optional<PrincipalKind> collection = req.segments().size() == 2 && req.segments().get(0).equals("principals")
                ? PrincipalKind.fromCollection(req.segments().get(1)) : Optional.empty();
        Set<PrincipalKind> kinds = collection.isPresent() && SafeXml.child(body, Ns.dav("apply-to-principal-collection-set")).isEmpty()
                ? Set.of(collection.get()) : Set.of();
        var found = req.services().directoryStores().search().search(
                new PrincipalSearch.Query(req.user().orgId(), terms, allOf, kinds, Set.of(), MAX_RESULTS));
        new PrincipalResponder(live, req, body).writeAll(found);
    }

    static PrincipalSearch.MatchType matchType(String attribute) {
        return switch (attribute.trim().toLowerCase(Locale.ROOT)) {
            case "starts-with" -> PrincipalSearch.MatchType.STARTS_WITH;
            case "ends-with" -> PrincipalSearch.MatchType.ENDS_WITH;
            case "equals" -> PrincipalSearch.MatchType.EQUALS;
            default -> PrincipalSearch.MatchType.CONTAINS;
        };
    }
}
