package io.calroom.server.carddav;

import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;

/**
 * The read-only address book {@code directory/} (RFC 6352): the people, rooms and resources of the
 * owner's org as vCards, generated from the principals. Its revision is the org's directory
 * revision (ctag and sync token).
 */
public final class DirectoryBookNode extends DavNode {
    public static final String NAME = "directory";
    private final Principal owner;
    private final long revision;

    public DirectoryBookNode(Principal owner, long revision) {
        super("/addressbooks/users/" + owner.name() + "/" + NAME + "/");
        this.owner = owner;
        this.revision = revision;
    }

    public Principal owner() {
        return owner;
    }

    public long revision() {
        return revision;
    }

    @Override
    public boolean isCollection() {
        return true;
    }

    @Override
    public List<QName> resourceTypes() {
        return List.of(Ns.dav("collection"), Ns.carddav("addressbook"));
    }
}
