package io.calroom.server.dav.method;

import io.calroom.schema.store.DeadProperty;
import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.property.NodeProperties;
import io.calroom.server.dav.property.PropertyRequest;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * PROPFIND (RFC 4918 §9.1) at Depth 0 or 1; Depth infinity is refused with
 * DAV:propfind-finite-depth (§9.1, §16). The multistatus is streamed member by member, with the
 * dead properties of a calendar's members fetched in one query.
 */
public final class PropfindMethod implements DavMethod {
    private final LivePropertySet liveProperties;

    public PropfindMethod(LivePropertySet liveProperties) {
        this.liveProperties = liveProperties;
    }

    @Override
    public String name() {
        return "PROPFIND";
    }

    @Override
    public void handle(DavRequest req) {
        DavNode node = req.node();
        int depth = req.depth(DavRequest.DEPTH_INFINITY);
        if (depth == DavRequest.DEPTH_INFINITY) {
            throw DavException.forbidden(Ns.dav("propfind-finite-depth"), "PROPFIND with Depth: infinity is not supported");
        }
        PropertyRequest propfind = PropfindRequest.parse(req.services().xml().parse(req.body()));
        boolean minimal = req.preferMinimal();
        DeadPropertyStore deadStore = req.services().stores().calendars().deadProperties();
        List<DavNode> members = depth == 1 ? req.services().tree().children(req, node,
                propfind.wanted()) : List.of();
        if (minimal) req.response().setHeader("Preference-Applied", "return=minimal");

        MultistatusWriter out = new MultistatusWriter(req.response());
        write(out, req, node, propfind, minimal, () -> node.deadPropertyOwner() == null ? List.of() : deadStore.list(node.deadPropertyOwner()));
        Map<Long, List<DeadProperty>> memberDead = null;
        for (DavNode member : members) {
            Supplier<List<DeadProperty>> dead;
            if (member.deadPropertyOwner() instanceof PropertyOwner.OfObject obj
                    && node.deadPropertyOwner() instanceof PropertyOwner.OfCalendar cal) {
                // the objects of a calendar: their dead properties in one query
                if (memberDead == null) memberDead = deadStore.ofObjectsIn(cal.calendarId());
                Map<Long, List<DeadProperty>> batch = memberDead;
                dead = () -> batch.getOrDefault(obj.objectId(), List.of());
            } else {
                dead = () -> member.deadPropertyOwner() == null ? List.of() : deadStore.list(member.deadPropertyOwner());
            }
            write(out, req, member, propfind, minimal, dead);
        }
        out.finish();
    }

    private void write(MultistatusWriter out, DavRequest req, DavNode node, PropertyRequest propfind, boolean minimal,
                       Supplier<List<DeadProperty>> dead) {
        NodeProperties.Result r = new NodeProperties(liveProperties, node, req.user(), dead, Map.of(), propfind.wanted()).answer(propfind);
        out.response(node.path(), r.found(), minimal ? Map.of() : Map.of(404, r.missing()));
    }
}
