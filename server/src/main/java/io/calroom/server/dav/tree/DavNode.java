package io.calroom.server.dav.tree;

import io.calroom.principal.Principal;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.DavServices;
import io.calroom.server.dav.method.ProppatchMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.LiveValues;
import io.calroom.server.dav.property.PropertySink;
import io.calroom.server.dav.xml.Ns;
import io.milton.http.Auth;
import io.milton.http.Request;
import io.milton.resource.Resource;

import javax.xml.namespace.QName;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.w3c.dom.Element;

/**
 * A resource of the DAV tree. Implements Milton's {@link Resource} so it lives in Milton's
 * resource model; authentication and authorisation are done before a node is ever resolved (see
 * {@code AuthenticationFilter} and {@link DavTree}), so the Milton hooks here are inert.
 * <p>
 * What differs between kinds of resource is asked of the node, never decided by testing its
 * class: the methods it allows, its reports, its live properties, its members, and how it answers
 * GET, PUT of a member, DELETE, COPY/MOVE, MKCOL and PROPPATCH. The defaults here are those of a
 * plain read-only collection; the node classes of the concerns override what they do.
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

    // ---- what the protocol methods ask of a node; the defaults are a plain read-only collection's ----

    /** The methods it supports: the Allow header of OPTIONS and of 405 answers. */
    public String allowedMethods() {
        return "OPTIONS, GET, HEAD, PROPFIND, REPORT";
    }

    private static final List<QName> DEFAULT_REPORTS = List.of(Ns.dav("expand-property"));

    /**
     * Its DAV:supported-report-set, and exactly what REPORT accepts on it (RFC 3253 §3.6: any
     * other is 403 DAV:supported-report). Every resource has expand-property (RFC 4791 §7.1).
     */
    public List<QName> supportedReports() {
        return DEFAULT_REPORTS;
    }

    /** True when GET returns the node's own content; else a one-line description page. */
    public boolean hasOwnContent() {
        return false;
    }

    /** What GET returns when {@link #hasOwnContent()}. */
    public Representation representation(DavServices services) {
        return null;
    }

    /** A GET answer: the headers before the If-None-Match check, in order, and the body read after it. */
    public record Representation(String etag, Map<String, String> headers, String contentType, Supplier<byte[]> body) {}

    /** Its entity tag, or null when it has none (collections). */
    public String etag() {
        return null;
    }

    /** Its own live properties, after those every resource has (see {@link LivePropertySet}). */
    public void liveProperties(PropertySink out, Principal user) {
        out.put(Ns.dav("current-user-privilege-set"), () -> LiveValues.privileges(LiveValues.READ_ONLY));
    }

    /**
     * The members the caller may see (Depth: 1), in listing order, read through the stores of
     * {@code services}; {@code wanted} names the properties that will be asked of them (null:
     * all), so a node may read less of each.
     */
    public List<DavNode> members(DavServices services, Principal user, Set<QName> wanted) {
        return List.of();
    }

    /** DELETE (RFC 4918 §9.6). */
    public void delete(DavRequest req) {
        throw DavException.forbidden(Ns.dav("need-privileges"), path + " cannot be deleted");
    }

    /** PUT of a new or replaced member named {@code uri} of this collection (RFC 4918 §9.7). */
    public void putMember(DavRequest req, String uri) {
        throw DavException.forbidden(Ns.caldav("calendar-collection-location-ok"),
                path + " is not a calendar collection: calendar objects can only be stored in calendars");
    }

    /**
     * MKCOL (extended, RFC 5689) or MKCALENDAR ({@code mkcol} false) of the member the request
     * names: {@code properties} reads the body's DAV:set elements, once the node has checked
     * that it takes such a member (a misplaced request is refused before its body is read).
     */
    public void createCollection(DavRequest req, Supplier<List<Element>> properties, boolean mkcol) {
        throw DavException.forbidden(Ns.caldav("calendar-collection-location-ok"),
                "calendar collections can only be created directly in a calendar home");
    }

    /** COPY or MOVE of this node to the request's Destination (RFC 4918 §9.8-9.9). */
    public void copyOrMove(DavRequest req, boolean move) {
        throw DavException.forbidden(null, (move ? "MOVE" : "COPY") + " of collections is not supported; copy or move the events instead");
    }

    /**
     * PROPPATCH handled whole by the node (principals, proxy groups), inside the request's
     * transaction, or null to have PROPPATCH validate and store the instructions (then
     * {@link #checkPatch} and {@link #applyPatch}).
     */
    public Map<QName, ProppatchMethod.Failure> patch(DavRequest req, List<ProppatchMethod.Instruction> instructions,
                                                      LivePropertySet live) {
        return null;
    }

    /**
     * PROPPATCH of a property the node stores itself: null when it does not (then it is protected
     * or dead), empty when the instruction is valid, else its failure.
     */
    public Optional<ProppatchMethod.Failure> checkPatch(ProppatchMethod.Instruction instruction, DavRequest req) {
        return null;
    }

    /** Stores an instruction {@link #checkPatch} accepted; false when it is a dead property after all. */
    public boolean applyPatch(DavServices services, ProppatchMethod.Instruction instruction) {
        return false;
    }

    /** After PROPPATCH changed its dead properties. */
    public void deadPropertiesChanged(DavServices services) {
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
