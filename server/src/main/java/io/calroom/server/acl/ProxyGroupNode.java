package io.calroom.server.acl;

import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ProppatchMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.LiveValues;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertySink;
import java.util.Map;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;

/**
 * A principal's calendar-proxy-read or calendar-proxy-write group (CalendarServer calendar-proxy,
 * §5.1): its members are the principal's read or write delegates.
 */
public final class ProxyGroupNode extends DavNode {
    public static final String READ = "calendar-proxy-read";
    public static final String WRITE = "calendar-proxy-write";
    private final Principal owner;
    private final boolean write;

    public ProxyGroupNode(Principal owner, boolean write) {
        super(owner.path() + (write ? WRITE : READ) + "/");
        this.owner = owner;
        this.write = write;
    }

    public Principal owner() {
        return owner;
    }

    public boolean write() {
        return write;
    }

    @Override
    public boolean isCollection() {
        return true;
    }

    @Override
    public List<QName> resourceTypes() {
        return List.of(Ns.dav("principal"), Ns.cs(write ? WRITE : READ));
    }

    @Override
    public List<QName> supportedReports() {
        return AclConcern.PRINCIPAL_REPORTS;
    }

    @Override
    public void liveProperties(PropertySink p, Principal user) {
        Principal owner = owner();
        p.put(Ns.dav("displayname"), () -> PropValue.text(owner.displayNameOrName() + (write() ? " (write proxies)" : " (read proxies)")));
        p.put(Ns.dav("principal-URL"), () -> new PropValue.Href(path()));
        p.put(Ns.dav("group-member-set"), () -> new PropValue.Hrefs(
                p.services().directoryStores().delegations().delegates(owner.id(), write()).stream().map(Principal::path).toList()));
        p.put(Ns.dav("group-membership"), () -> new PropValue.Hrefs(List.of()));
        p.put(Ns.dav("alternate-URI-set"), () -> new PropValue.Hrefs(List.of()));
        boolean mayChange = user.id() == owner.id() || user.role() == Role.SUPER_ADMIN
                || (user.role() == Role.ORG_ADMIN && owner.kind() == PrincipalKind.RESOURCE
                && user.orgId() == owner.orgId());
        p.put(Ns.dav("current-user-privilege-set"), () -> LiveValues.privileges(mayChange
                ? List.of("read", "write-properties", "read-current-user-privilege-set") : LiveValues.READ_ONLY));
    }

    /** PROPPATCH of DAV:group-member-set: who the delegates are. */
    @Override
    public Map<QName, ProppatchMethod.Failure> patch(DavRequest req, List<ProppatchMethod.Instruction> instructions,
                                                     LivePropertySet live) {
        return ProxyGroupPatch.run(req, this, instructions);
    }
}
