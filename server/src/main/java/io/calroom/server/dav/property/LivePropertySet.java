package io.calroom.server.dav.property;

import io.calroom.principal.Principal;
import io.calroom.server.dav.DavConcern;
import io.calroom.server.dav.DavServices;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live properties of a node, in this order: DAV:resourcetype, what every concern adds to
 * every resource ({@link DavConcern#commonProperties}), DAV:supported-report-set (RFC 3253 §3.1.5)
 * and, for resources without content of their own, the length and type of their description page
 * (RFC 4918 §15.4, §15.5), then the node's own ({@link DavNode#liveProperties}). All are computed
 * from what the node already holds, and only the wanted ones: no query per property.
 */
public final class LivePropertySet {
    /** The properties DAV:allprop returns (RFC 4918 §9.1: the ones it defines, not the costly ones). */
    private static final Set<QName> ALLPROP = Set.of(Ns.dav("resourcetype"), Ns.dav("displayname"),
            Ns.dav("getetag"), Ns.dav("getcontenttype"), Ns.dav("getcontentlength"), Ns.dav("getlastmodified"),
            Ns.dav("creationdate"));

    // names computed for every member of a listing: built once, not per member
    private static final QName RESOURCETYPE = Ns.dav("resourcetype");
    private static final QName GETCONTENTTYPE = Ns.dav("getcontenttype");
    private static final QName GETCONTENTLENGTH = Ns.dav("getcontentlength");
    private static final QName SUPPORTED_REPORT_SET = Ns.dav("supported-report-set");

    private final DavServices services;
    private final List<DavConcern> concerns;

    /** @param services for the properties that are looked up on demand (delegation lists, change logs) */
    public LivePropertySet(DavServices services, List<DavConcern> concerns) {
        this.services = services;
        this.concerns = List.copyOf(concerns);
    }

    public static boolean inAllprop(QName name) {
        return ALLPROP.contains(name);
    }

    /** Every live property of the node with its value, for this caller. */
    public Map<QName, PropValue> of(DavNode node, Principal user) {
        return of(node, user, null);
    }

    /**
     * The live properties of the node among {@code wanted} (null: all of them). Values are only
     * computed for the wanted ones: a Depth 1 PROPFIND of getetag on a large calendar builds one
     * small map per member, not a dozen values.
     */
    public Map<QName, PropValue> of(DavNode node, Principal user, Set<QName> wanted) {
        PropertySink p = new PropertySink(wanted, services, concerns);
        p.put(RESOURCETYPE, () -> new PropValue.Elements(node.resourceTypes()));
        for (DavConcern c : concerns) c.commonProperties(node, user, p);
        p.put(SUPPORTED_REPORT_SET, () -> reports(node.supportedReports()));
        if (!node.hasOwnContent()) {
            // GET gives these a one-line text (RFC 4918 §15.4: the Content-Length GET would return)
            p.put(GETCONTENTLENGTH, () -> PropValue.text(Integer.toString(DescriptionPage.body(node).length)));
            p.put(GETCONTENTTYPE, () -> PropValue.text(DescriptionPage.CONTENT_TYPE));
        }
        node.liveProperties(p, user);
        return p.values();
    }

    private static PropValue reports(List<QName> reports) {
        return new PropValue.Custom(out -> {
            for (QName r : reports) out.start(Ns.dav("supported-report")).start(Ns.dav("report")).empty(r).end().end();
        });
    }
}
