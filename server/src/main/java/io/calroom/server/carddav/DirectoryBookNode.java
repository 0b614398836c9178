package io.calroom.server.carddav;

import io.calroom.server.dav.DavServices;
import org.w3c.dom.Element;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.sync.SyncSource;
import io.calroom.server.sync.SyncCollectionReport;
import io.calroom.server.dav.property.LiveValues;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertySink;
import io.calroom.server.sync.SyncTokens;
import java.util.ArrayList;
import java.util.Set;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;

/**
 * The read-only address book {@code directory/} (RFC 6352): the people, rooms and resources of the
 * owner's org as vCards, generated from the principals. Its revision is the org's directory
 * revision (ctag and sync token).
 */
public final class DirectoryBookNode extends DavNode implements SyncSource {
    public static final String NAME = "directory";
    private final Principal owner;
    private final long revision;

    /** Where a user's directory address book is. */
    static String pathOf(Principal owner) {
        return "/addressbooks/users/" + owner.name() + "/" + NAME + "/";
    }

    public DirectoryBookNode(Principal owner, long revision) {
        super(pathOf(owner));
        this.owner = owner;
        this.revision = revision;
    }

    public Principal owner() {
        return owner;
    }

    public long revision() {
        return revision;
    }

    @Override
    public boolean isCollection() {
        return true;
    }

    @Override
    public List<QName> resourceTypes() {
        return List.of(Ns.dav("collection"), Ns.carddav("addressbook"));
    }

    private static final List<QName> REPORTS = List.of(Ns.carddav("addressbook-multiget"), Ns.carddav("addressbook-query"),
            Ns.dav("sync-collection"), Ns.dav("expand-property"));

    /** The CardDAV reports (RFC 6352 §8) and sync of the directory's revisions (RFC 6578). */
    @Override
    public List<QName> supportedReports() {
        return REPORTS;
    }

    @Override
    public void liveProperties(PropertySink p, Principal user) {
        p.put(Ns.dav("displayname"), () -> PropValue.text("Directory"));
        p.put(Ns.carddav("addressbook-description"), () -> PropValue.text("People, rooms and resources of your organisation"));
        p.put(Ns.dav("owner"), () -> new PropValue.Href(owner().path()));
        p.put(Ns.cs("getctag"), () -> PropValue.text("dir-" + owner().orgId() + "-" + revision()));
        p.put(Ns.dav("sync-token"), () -> PropValue.text(SyncTokens.directory(owner().orgId(), revision())));
        p.put(Ns.dav("current-user-privilege-set"), () -> LiveValues.privileges(LiveValues.READ_ONLY));
        p.put(Ns.carddav("supported-address-data"), () -> new PropValue.Custom(out ->
                out.emptyWithAttributes(Ns.carddav("address-data-type"), "content-type", "text/vcard", "version", "4.0")));
        p.put(Ns.carddav("max-resource-size"), () -> PropValue.text("102400"));
    }

    @Override
    public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
        return new ArrayList<>(DirectoryCards.all(services.directoryStores(), owner().orgId(), path()));
    }

    @Override
    public void sync(SyncCollectionReport report, DavRequest req, Element body, boolean infinite) {
        report.syncDirectory(req, body, this);
    }
}
