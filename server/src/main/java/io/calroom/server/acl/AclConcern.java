package io.calroom.server.acl;

import io.calroom.server.dav.DavServices;
import io.calroom.principal.Principal;
import io.calroom.principal.CachedPrincipalLookups;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.directory.ResourcePolicyStore;
import io.calroom.server.dav.DavConcern;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertySink;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.tree.PlainCollectionNode;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Principals and access (RFC 3744, RFC 5397, CalendarServer's calendar-proxy and principal
 * search): {@code /principals/{users|resources}/{name}/} with its proxy groups, the principal
 * REPORTs, and the current-user-principal and principal-collection-set of every resource.
 */
public final class AclConcern implements DavConcern {
    /** The reports of principals and principal collections (RFC 3744 §9, CalendarServer search). */
    static final List<QName> PRINCIPAL_REPORTS = List.of(Ns.dav("principal-property-search"),
            Ns.dav("principal-search-property-set"), Ns.dav("principal-match"), Ns.dav("expand-property"),
            Ns.cs("calendarserver-principal-search"));
    private static final QName CURRENT_USER_PRINCIPAL = Ns.dav("current-user-principal");
    private static final QName PRINCIPAL_COLLECTION_SET = Ns.dav("principal-collection-set");

    private final CachedPrincipalLookups directory;
    private final ResourcePolicyStore policies;

    public AclConcern(CachedPrincipalLookups directory, ResourcePolicyStore policies) {
        this.directory = directory;
        this.policies = policies;
    }

    @Override
    public List<ComplianceToken> complianceTokens() {
        return List.of(new ComplianceToken(30, "access-control"), new ComplianceToken(80, "calendar-proxy"),
                new ComplianceToken(100, "calendarserver-principal-search"));
    }

    @Override
    public Map<QName, ReportMethod.Report> reports(LivePropertySet live) {
        return Map.of(Ns.dav("expand-property"), new ExpandPropertyReport(live),
                Ns.dav("principal-property-search"), new PrincipalPropertySearchReport(live),
                Ns.dav("principal-search-property-set"), new PrincipalSearchPropertySetReport(),
                Ns.dav("principal-match"), new PrincipalMatchReport(live),
                Ns.cs("calendarserver-principal-search"), new CalendarServerPrincipalSearchReport(live));
    }

    @Override
    public String collection() {
        return "principals";
    }

    @Override
    public DavNode topCollection(Principal user) {
        return new PrincipalsNode();
    }

    @Override
    public Optional<DavNode> resolve(List<String> s, Principal user) {
        int n = s.size();
        if (n == 1) return Optional.of(new PrincipalsNode());
        Optional<PrincipalKind> kind = PrincipalKind.fromCollection(s.get(1));
        if (kind.isEmpty()) return Optional.empty();
        if (n == 2) return Optional.of(new PrincipalCollectionNode(kind.get()));
        if (n == 4) {
            boolean write = s.get(3).equals(ProxyGroupNode.WRITE);
            if (!write && !s.get(3).equals(ProxyGroupNode.READ)) return Optional.empty();
            return directory.byName(kind.get(), s.get(2)).map(CachedPrincipalLookups.Entry::principal)
                    .filter(p -> Access.canSeePrincipal(user, p)).map(p -> new ProxyGroupNode(p, write));
        }
        if (n > 4) return Optional.empty();
        return directory.byName(kind.get(), s.get(2))
                .filter(e -> Access.canSeePrincipal(user, e.principal()))
                .map(e -> new PrincipalNode(e.principal(), e.addresses(), e.personalName(), PrincipalNode.policyOf(e.principal(), policies)));
    }

    @Override
    public void commonProperties(DavNode node, Principal user, PropertySink p) {
        p.put(CURRENT_USER_PRINCIPAL, () -> new PropValue.Href(user.path()));
        // one root holding people and rooms, as CalendarServer has: Apple Calendar searches only the
        // first href (without apply-to-principal-collection-set), and must find rooms there too
        p.put(PRINCIPAL_COLLECTION_SET, () -> new PropValue.Hrefs(List.of("/principals/")));
    }

    /** {@code /principals/}: one collection per kind of principal. */
    private static final class PrincipalsNode extends PlainCollectionNode {
        PrincipalsNode() {
            super("/principals/");
        }

        @Override
        public List<QName> supportedReports() {
            return PRINCIPAL_REPORTS;
        }

        @Override
        public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
            List<DavNode> out = new ArrayList<>();
            for (PrincipalKind k : PrincipalKind.values()) out.add(new PrincipalCollectionNode(k));
            return out;
        }
    }
}
