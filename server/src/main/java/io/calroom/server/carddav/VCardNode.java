package io.calroom.server.carddav;

import io.calroom.server.dav.property.LiveValues;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertySink;
import io.calroom.server.dav.DavServices;
import io.calroom.server.dav.xml.Ns;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;

import javax.xml.namespace.QName;
import java.time.Instant;
import java.util.List;

/** One card of the directory address book: a principal of the org as a vCard. */
public final class VCardNode extends DavNode {
    private final Principal subject;
    private final String text;
    private final String etag;

    public VCardNode(String bookPath, Principal subject, String text) {
        super(bookPath + VCards.cardName(subject) + ".vcf");
        this.subject = subject;
        this.text = text;
        this.etag = VCards.etag(text);
    }

    public Principal subject() {
        return subject;
    }

    public String text() {
        return text;
    }

    @Override
    public String etag() {
        return etag;
    }

    @Override
    public boolean isCollection() {
        return false;
    }

    @Override
    public List<QName> resourceTypes() {
        return List.of();
    }

    @Override
    public Instant modified() {
        return null;
    }

    private static final List<QName> REPORTS = List.of(Ns.carddav("addressbook-multiget"), Ns.dav("expand-property"));

    @Override
    public String allowedMethods() {
        return "OPTIONS, GET, HEAD, PROPFIND";
    }

    @Override
    public List<QName> supportedReports() {
        return REPORTS;
    }

    @Override
    public boolean hasOwnContent() {
        return true;
    }

    @Override
    public Representation representation(DavServices services) {
        return new Representation(etag(), Map.of("ETag", etag()), "text/vcard; charset=utf-8",
                () -> text().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void liveProperties(PropertySink p, Principal user) {
        p.put(Ns.dav("getetag"), () -> PropValue.text(etag()));
        p.put(Ns.dav("getcontenttype"), () -> PropValue.text("text/vcard; charset=utf-8"));
        p.put(Ns.dav("getcontentlength"), () -> PropValue.text(Integer.toString(text().getBytes(StandardCharsets.UTF_8).length)));
        p.put(Ns.dav("current-user-privilege-set"), () -> LiveValues.privileges(LiveValues.READ_ONLY));
    }
}
