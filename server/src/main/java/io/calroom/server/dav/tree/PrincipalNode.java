package io.calroom.server.dav.tree;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalStore;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;

/** A principal (RFC 3744 §2): a person, room or resource, with its calendar-user addresses. */
public final class PrincipalNode extends DavNode {
    private final Principal principal;
    private final List<String> addresses;
    private final PrincipalStore.PersonalName personalName;

    public PrincipalNode(Principal principal, List<String> addresses, PrincipalStore.PersonalName personalName) {
        super(principal.path());
        this.principal = principal;
        this.addresses = List.copyOf(addresses);
        this.personalName = personalName;
    }

    /** Looks up what a principal node shows besides the principal itself. */
    public static PrincipalNode of(Principal principal, PrincipalStore store) {
        return new PrincipalNode(principal, store.addresses(principal.id()), store.personalName(principal.id()));
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
