package io.calroom.server.carddav;

import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.property.NodeProperties;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertyRequest;
import io.calroom.server.dav.xml.Ns;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.List;
import java.util.Map;

/** Writes a card's response in a CardDAV report, CARDDAV:address-data (RFC 6352 §10.4) included. */
final class CardResponder {
    private static final QName ADDRESS_DATA = Ns.carddav("address-data");
    private final LivePropertySet live;
    private final DavRequest req;
    private final PropertyRequest props;

    /** @param report the report element: its DAV:prop, allprop or propname (none: getetag); address-data only when DAV:prop names it */
    CardResponder(LivePropertySet live, DavRequest req, Element report) {
        this.live = live;
        this.req = req;
        this.props = PropertyRequest.of(report).orElse(PropertyRequest.prop(List.of(Ns.dav("getetag"))));
    }

    void write(MultistatusWriter out, VCardNode card) {
        Map<QName, PropValue> extra = props.names(ADDRESS_DATA) ? Map.of(ADDRESS_DATA, PropValue.text(card.text())) : Map.of();
        NodeProperties.Result r = new NodeProperties(live, card, req.user(), List::of, extra, props.wanted()).answer(props);
        out.response(card.path(), r.found(), req.preferMinimal() ? Map.of() : Map.of(404, r.missing()));
    }
}
