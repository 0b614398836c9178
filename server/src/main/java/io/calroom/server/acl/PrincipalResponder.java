package io.calroom.server.acl;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalStore;
import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.property.NodeProperties;
import io.calroom.server.dav.property.PropertyRequest;
import io.calroom.server.dav.xml.Ns;
import org.w3c.dom.Element;

import java.util.List;
import java.util.Map;

/** Writes principals found by a search report, each with the properties the report asked for. */
final class PrincipalResponder {
    private final LivePropertySet live;
    private final DavRequest req;
    private final PropertyRequest props;

    /** @param report the report element: its DAV:prop (or allprop, propname) says what to return; none: displayname */
    PrincipalResponder(LivePropertySet live, DavRequest req, Element report) {
        this.live = live;
        this.req = req;
        this.props = PropertyRequest.of(report).orElse(PropertyRequest.prop(List.of(Ns.dav("displayname"))));
    }

    void writeAll(List<Principal> principals) {
        PrincipalStore store = req.services().stores().principals();
        DeadPropertyStore dead = req.services().stores().calendars().deadProperties();
        MultistatusWriter out = new MultistatusWriter(req.response());
        boolean minimal = req.preferMinimal();
        for (Principal p : principals) {
            PrincipalNode node = PrincipalNode.of(p, store, req.services().directoryStores().resourcePolicies());
            NodeProperties.Result r = new NodeProperties(live, node, req.user(), () -> dead.list(node.deadPropertyOwner()),
                    Map.of(), props.wanted())
                    .answer(props);
            out.response(node.path(), r.found(), minimal ? Map.of() : Map.of(404, r.missing()));
        }
        out.finish();
    }
}
