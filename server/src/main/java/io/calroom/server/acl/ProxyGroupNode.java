package io.calroom.server.acl;

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
}
