package io.calroom.server.carddav;

import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.server.carddav.VCards;

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
}
