package io.calroom.server.dav.tree;

import io.calroom.server.dav.DavServices;
import io.calroom.principal.Principal;
import io.calroom.server.dav.DavConcern;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The root collection: its members are the concerns' top-level collections, in registration order. */
final class RootNode extends PlainCollectionNode {
    private final List<DavConcern> concerns;

    RootNode(List<DavConcern> concerns) {
        super("/");
        this.concerns = concerns;
    }

    @Override
    public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
        List<DavNode> out = new ArrayList<>();
        for (DavConcern c : concerns) {
            DavNode top = c.topCollection(user);
            if (top != null) out.add(top);
        }
        return out;
    }
}
