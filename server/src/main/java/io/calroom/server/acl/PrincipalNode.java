package io.calroom.server.acl;

import io.calroom.server.dav.DavServices;
import io.calroom.principal.Role;
import io.calroom.server.dav.DavConcern;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ProppatchMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.LiveValues;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertySink;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.ResourcePolicyStore;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;

/** A principal (RFC 3744 §2): a person, room or resource, with its calendar-user addresses. */
public final class PrincipalNode extends DavNode {
    private final Principal principal;
    private final List<String> addresses;
    private final PrincipalStore.PersonalName personalName;
    private final ResourcePolicy policy;

    /** @param policy the booking policy of a room or resource, null for people */
    public PrincipalNode(Principal principal, List<String> addresses, PrincipalStore.PersonalName personalName,
                         ResourcePolicy policy) {
        super(principal.path());
        this.principal = principal;
        this.addresses = List.copyOf(addresses);
        this.personalName = personalName;
        this.policy = policy;
    }

    /** Looks up what a principal node shows besides the principal itself. */
    public static PrincipalNode of(Principal principal, PrincipalStore store, ResourcePolicyStore policies) {
        return new PrincipalNode(principal, store.addresses(principal.id()), store.personalName(principal.id()),
                policyOf(principal, policies));
    }

    /** The policy of a resource (the default when none was ever written), null for people. */
    public static ResourcePolicy policyOf(Principal principal, ResourcePolicyStore policies) {
        if (principal.kind() != PrincipalKind.RESOURCE) return null;
        return policies.read(principal.orgId(), principal.id()).orElse(ResourcePolicy.DEFAULT);
    }

    /** The booking policy of a room or resource, or null for a person. */
    public ResourcePolicy policy() {
        return policy;
    }

    public PrincipalStore.PersonalName personalName() {
        return personalName;
    }

    public Principal principal() {
        return principal;
    }

    /** The calendar-user addresses, the preferred {@code mailto:} first. */
    public List<String> addresses() {
        return addresses;
    }

    @Override
    public boolean isCollection() {
        return true;
    }

    @Override
    public List<QName> resourceTypes() {
        return List.of(Ns.dav("collection"), Ns.dav("principal"));
    }

    @Override
    public PropertyOwner deadPropertyOwner() {
        return new PropertyOwner.OfPrincipal(principal.id());
    }

    @Override
    public String allowedMethods() {
        return "OPTIONS, GET, HEAD, PROPFIND, PROPPATCH, REPORT";
    }

    @Override
    public List<QName> supportedReports() {
        return AclConcern.PRINCIPAL_REPORTS;
    }

    /** RFC 3744 §4, what the registered concerns add to principals, and CalendarServer's extensions. */
    @Override
    public void liveProperties(PropertySink p, Principal user) {
        Principal pr = principal;
        p.put(Ns.dav("displayname"), () -> PropValue.text(pr.displayNameOrName()));
        p.put(Ns.dav("principal-URL"), () -> new PropValue.Href(pr.path()));
        p.put(Ns.dav("alternate-URI-set"), () -> new PropValue.Hrefs(List.of()));
        p.put(Ns.dav("group-membership"), () -> {
            List<String> groups = new ArrayList<>();
            delegators(p, pr, false).forEach(d -> groups.add(d.path() + ProxyGroupNode.READ + "/"));
            delegators(p, pr, true).forEach(d -> groups.add(d.path() + ProxyGroupNode.WRITE + "/"));
            return new PropValue.Hrefs(groups);
        });
        p.put(Ns.dav("owner"), () -> new PropValue.Href(pr.path()));
        for (DavConcern c : p.concerns()) c.principalProperties(pr, addresses, p);
        List<String> emails = addresses.stream().filter(a -> a.startsWith("mailto:"))
                .map(a -> a.substring("mailto:".length())).toList();
        p.put(Ns.cs("email-address-set"), () -> new PropValue.Custom(out -> emails.forEach(e -> out.element(Ns.cs("email-address"), e))));
        p.put(Ns.cs("record-type"), () -> PropValue.text(recordType(pr.calendarUserType())));
        // CalendarServer calendar-proxy: whom this principal is a delegate of, and its proxy groups
        p.put(Ns.cs("calendar-proxy-read-for"), () -> new PropValue.Hrefs(delegators(p, pr, false).stream().map(Principal::path).toList()));
        p.put(Ns.cs("calendar-proxy-write-for"), () -> new PropValue.Hrefs(delegators(p, pr, true).stream().map(Principal::path).toList()));
        if (policy != null) ResourceProperties.of(policy, pr.active()).forEach((q, v) -> p.put(q, () -> v));
        if (personalName.first() != null) p.put(Ns.cs("first-name"), () -> PropValue.text(personalName.first()));
        if (personalName.last() != null) p.put(Ns.cs("last-name"), () -> PropValue.text(personalName.last()));
        boolean self = user.id() == pr.id();
        p.put(Ns.dav("current-user-privilege-set"), () -> self
                ? LiveValues.privileges(List.of("read", "write-properties", "read-current-user-privilege-set"))
                : LiveValues.privileges(List.of("read", "read-current-user-privilege-set")));
    }

    private static List<Principal> delegators(PropertySink p, Principal delegate, boolean write) {
        return p.services().directoryStores().delegations().delegators(delegate.id(), write);
    }

    /** CalendarServer's record-type of a principal. */
    private static String recordType(String calendarUserType) {
        return switch (calendarUserType) {
            case "ROOM" -> "locations";
            case "RESOURCE" -> "resources";
            case "GROUP" -> "groups";
            default -> "users";
        };
    }

    /** Its two proxy groups (CalendarServer calendar-proxy). */
    @Override
    public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
        return List.of(new ProxyGroupNode(principal, false), new ProxyGroupNode(principal, true));
    }

    /**
     * PROPPATCH of a room or resource: its typed booking policy; of a person: by that person
     * (or a super-admin) only, as dead properties.
     */
    @Override
    public Map<QName, ProppatchMethod.Failure> patch(DavRequest req, List<ProppatchMethod.Instruction> instructions,
                                                     LivePropertySet live) {
        if (policy != null) return ResourcePrincipalPatch.run(req, this, instructions, live);
        if (principal.id() != req.user().id() && req.user().role() != Role.SUPER_ADMIN) {
            throw DavException.forbidden(Ns.dav("need-privileges"), "only the principal itself may change its properties");
        }
        return null;
    }
}
