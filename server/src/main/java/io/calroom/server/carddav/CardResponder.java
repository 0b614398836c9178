package io.calroom.server.carddav;

import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.property.LiveProperties;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.property.NodeProperties;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.tree.VCardNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Writes a card's response in a CardDAV report, CARDDAV:address-data (RFC 6352 §10.4) included. */
final class CardResponder {
    private final LiveProperties live;
    private final DavRequest req;
    private final List<QName> props;

    CardResponder(LiveProperties live, DavRequest req, Optional<Element> prop) {
        this.live = live;
        this.req = req;
        this.props = prop.map(p -> SafeXml.children(p).stream().map(SafeXml::name).toList()).orElse(List.of(Ns.dav("getetag")));
    }

    void write(MultistatusWriter out, VCardNode card) {
        Map<QName, PropValue> extra = Map.of(Ns.carddav("address-data"), PropValue.text(card.text()));
        NodeProperties.Result r = new NodeProperties(live, card, req.user(), List::of, extra, Set.copyOf(props)).select(props);
        out.response(card.path(), r.found(), req.preferMinimal() ? Map.of() : Map.of(404, r.missing()));
    }
}
