package io.calroom.server.acl;

import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.ResourcePolicyStore;
import org.jooq.DSLContext;
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
    public static PrincipalNode of(Principal principal, PrincipalStore store, DSLContext db) {
        return new PrincipalNode(principal, store.addresses(principal.id()), store.personalName(principal.id()),
                policyOf(principal, db));
    }

    /** The policy of a resource (the default when none was ever written), null for people. */
    public static ResourcePolicy policyOf(Principal principal, DSLContext db) {
        if (principal.kind() != PrincipalKind.RESOURCE) return null;
        return new ResourcePolicyStore(db).read(principal.orgId(), principal.id()).orElse(ResourcePolicy.DEFAULT);
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
}
