package io.calroom.server.acl;

import io.calroom.server.dav.DavServices;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalStore;
import java.util.ArrayList;
import java.util.Set;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.PrincipalKind;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;

/** /principals/users/ or /principals/resources/: the principals of the caller's org. */
public final class PrincipalCollectionNode extends DavNode {
    private final PrincipalKind kind;

    public PrincipalCollectionNode(PrincipalKind kind) {
        super("/principals/" + kind.collection() + "/");
        this.kind = kind;
    }

    public PrincipalKind kind() {
        return kind;
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
    public List<QName> supportedReports() {
        return AclConcern.PRINCIPAL_REPORTS;
    }

    @Override
    public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
        List<DavNode> out = new ArrayList<>();
        PrincipalStore principals = services.directoryStores().principals();
        for (Principal p : principals.inOrg(user.orgId(), kind)) {
            out.add(PrincipalNode.of(p, principals, services.directoryStores().resourcePolicies()));
        }
        return out;
    }
}
