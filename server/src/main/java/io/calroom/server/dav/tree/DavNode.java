package io.calroom.server.dav.tree;

import io.calroom.schema.store.PropertyOwner;
import io.milton.http.Auth;
import io.milton.http.Request;
import io.milton.resource.Resource;

import javax.xml.namespace.QName;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * A resource of the DAV tree. Implements Milton's {@link Resource} so it lives in Milton's
 * resource model; authentication and authorisation are done before a node is ever resolved (see
 * {@code AuthenticationFilter} and {@link DavTree}), so the Milton hooks here are inert.
 */
public abstract class DavNode implements Resource {
    private final String path;

    protected DavNode(String path) {
        this.path = path;
    }

    /** The decoded path; collections end with a slash. */
    public final String path() {
        return path;
    }

    public abstract boolean isCollection();

    /** The DAV:resourcetype children. */
    public abstract List<QName> resourceTypes();

    /** Where this node's dead properties are kept, or null if it cannot have any. */
    public PropertyOwner deadPropertyOwner() {
        return null;
    }

    public Instant modified() {
        return null;
    }

    // ---- Milton's Resource ----

    @Override
    public String getUniqueId() {
        return path;
    }

    @Override
    public String getName() {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    @Override
    public Object authenticate(String user, String password) {
        return null;
    }

    @Override
    public boolean authorise(Request request, Request.Method method, Auth auth) {
        return true;
    }

    @Override
    public String getRealm() {
        return "Calroom";
    }

    @Override
    public Date getModifiedDate() {
        Instant m = modified();
        return m == null ? null : Date.from(m);
    }

    @Override
    public String checkRedirect(Request request) {
        return null;
    }
}
