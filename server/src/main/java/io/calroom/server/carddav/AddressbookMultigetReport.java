package io.calroom.server.carddav;

import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.Hrefs;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import java.util.Optional;

/** CARDDAV:addressbook-multiget (RFC 6352 §8.7): the asked cards, 404 for any that is not there. */
public final class AddressbookMultigetReport implements ReportMethod.Report {
    private final LivePropertySet live;
    private final CarddavConcern cards;

    /** @param cards resolves each href to the card it names */
    public AddressbookMultigetReport(LivePropertySet live, CarddavConcern cards) {
        this.live = live;
        this.cards = cards;
    }

    @Override
    public void run(DavRequest req, Element body) {
        req.node();
        CardResponder responder = new CardResponder(live, req, body);
        MultistatusWriter out = new MultistatusWriter(req.response());
        int count = 0;
        for (Element h : SafeXml.children(body)) {
            if (!SafeXml.is(h, Ns.dav("href"))) continue;
            if (++count > 5_000) throw DavException.forbidden(Ns.dav("number-of-matches-within-limits"), "too many hrefs");
            String href = h.getTextContent().trim();
            Optional<VCardNode> card = Hrefs.pathOf(href).flatMap(Hrefs::segments).flatMap(s -> cards.card(s, req.user()));
            if (card.isPresent()) responder.write(out, card.get());
            else out.status(Hrefs.pathOf(href).orElse(href), 404);
        }
        out.finish();
    }
}
