package io.calroom.server.carddav;

import io.calroom.server.dav.DavServices;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.DirectoryStores;
import io.calroom.server.dav.DavConcern;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertySink;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.tree.PlainCollectionNode;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CardDAV (RFC 6352), read-only: {@code /addressbooks/users/{name}/directory/{card}.vcf}, a
 * user's own address book home and its org directory, the addressbook REPORTs, and the
 * addressbook-home-set of people.
 */
public final class CarddavConcern implements DavConcern {
    private final DirectoryStores directory;

    public CarddavConcern(DirectoryStores directory) {
        this.directory = directory;
    }

    @Override
    public List<ComplianceToken> complianceTokens() {
        return List.of(new ComplianceToken(70, "addressbook"));
    }

    @Override
    public Map<QName, ReportMethod.Report> reports(LivePropertySet live) {
        return Map.of(Ns.carddav("addressbook-multiget"), new AddressbookMultigetReport(live, this),
                Ns.carddav("addressbook-query"), new AddressbookQueryReport(live));
    }

    @Override
    public String collection() {
        return "addressbooks";
    }

    @Override
    public DavNode topCollection(Principal user) {
        return new AddressbooksNode();
    }

    @Override
    public Optional<DavNode> resolve(List<String> s, Principal user) {
        int n = s.size();
        if (n == 1) return Optional.of(new AddressbooksNode());
        if (!s.get(1).equals("users")) return Optional.empty();
        if (n == 2) return Optional.of(new UsersNode());
        if (!s.get(2).equals(user.name()) || user.kind() != PrincipalKind.USER) return Optional.empty();
        if (n == 3) return Optional.of(new AddressbookHomeNode(user));
        if (!s.get(3).equals(DirectoryBookNode.NAME)) return Optional.empty();
        if (n == 4) return Optional.of(new DirectoryBookNode(user, directory.principals().directoryRevision(user.orgId())));
        return card(s, user).map(c -> c);
    }

    /**
     * The card at {@code /addressbooks/users/{caller}/directory/{card}.vcf} (segments include the
     * first), if it is one of the caller's org directory; empty for any other path.
     */
    Optional<VCardNode> card(List<String> s, Principal user) {
        if (s.size() != 5 || !s.get(0).equals(collection()) || !s.get(1).equals("users") || !s.get(2).equals(user.name())
                || user.kind() != PrincipalKind.USER || !s.get(3).equals(DirectoryBookNode.NAME) || !s.get(4).endsWith(".vcf")) {
            return Optional.empty();
        }
        String card = s.get(4).substring(0, s.get(4).length() - 4);
        return DirectoryCards.one(directory, user.orgId(), card, DirectoryBookNode.pathOf(user));
    }

    /** The directory is read-only. */
    @Override
    public boolean readOnly(List<String> segments, Principal user) {
        return true;
    }

    @Override
    public void principalProperties(Principal principal, List<String> addresses, PropertySink out) {
        if (principal.kind() == PrincipalKind.USER) {
            // RFC 6352 §7.1.1: where the read-only org directory lives
            out.put(Ns.carddav("addressbook-home-set"), () -> new PropValue.Href("/addressbooks/users/" + principal.name() + "/"));
        }
    }

    /** {@code /addressbooks/}. */
    private static final class AddressbooksNode extends PlainCollectionNode {
        AddressbooksNode() {
            super("/addressbooks/");
        }

        @Override
        public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
            return List.of(new UsersNode());
        }
    }

    /** {@code /addressbooks/users/}: only the caller's own home is listed. */
    private static final class UsersNode extends PlainCollectionNode {
        UsersNode() {
            super("/addressbooks/users/");
        }

        @Override
        public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
            return List.of(new AddressbookHomeNode(user));
        }
    }
}
