package io.calroom.server.carddav;

import io.calroom.server.dav.DavServices;
import io.calroom.server.dav.property.LiveValues;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertySink;
import java.util.Set;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;

/** A user's address book home (RFC 6352 §7.1.1): it holds the read-only org directory. */
public final class AddressbookHomeNode extends DavNode {
    private final Principal owner;

    public AddressbookHomeNode(Principal owner) {
        super("/addressbooks/users/" + owner.name() + "/");
        this.owner = owner;
    }

    public Principal owner() {
        return owner;
    }

    @Override
    public boolean isCollection() {
        return true;
    }

    @Override
    public List<QName> resourceTypes() {
        return List.of(Ns.dav("collection"));
    }

    @Override
    public void liveProperties(PropertySink p, Principal user) {
        p.put(Ns.dav("owner"), () -> new PropValue.Href(owner.path()));
        p.put(Ns.dav("current-user-privilege-set"), () -> LiveValues.privileges(LiveValues.READ_ONLY));
    }

    @Override
    public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
        return List.of(new DirectoryBookNode(owner, services.directoryStores().principals().directoryRevision(owner.orgId())));
    }
}
