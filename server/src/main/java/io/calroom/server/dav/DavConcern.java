package io.calroom.server.dav;

import io.calroom.principal.Principal;
import io.calroom.server.dav.method.ProppatchMethod;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.PropertySink;
import io.calroom.server.dav.tree.DavNode;

import javax.xml.namespace.QName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One protocol concern (CalDAV, scheduling, ACL and principals, sync, CardDAV), in the spirit of
 * SabreDAV's plugins: what it adds to the core WebDAV server. Concerns are registered once at
 * start-up ({@code CalroomServer}), in an order that is part of the answers: the members of the
 * root, and the order in which concerns add properties, follow it. The core never names a concern;
 * what is particular to one kind of resource is answered by its node (see {@link DavNode}).
 * Every method has a default, so a concern implements only what it adds.
 */
public interface DavConcern {
    /** A token of the DAV: header of OPTIONS (RFC 4918 §10.1), with its place among all concerns' tokens. */
    record ComplianceToken(int position, String token) {}

    /** The compliance classes this concern adds to the DAV: header. */
    default List<ComplianceToken> complianceTokens() {
        return List.of();
    }

    /** The REPORTs it implements, by report element; a node lists those it accepts in its supported-report-set. */
    default Map<QName, ReportMethod.Report> reports(LivePropertySet live) {
        return Map.of();
    }

    /** The HTTP methods it adds to the core's (MKCALENDAR, POST). */
    default List<DavMethod> methods(LivePropertySet live) {
        return List.of();
    }

    /** The top-level collection it serves ({@code "calendars"} for {@code /calendars/}), or null. */
    default String collection() {
        return null;
    }

    /** The node of its top-level collection, as the root lists it for this caller. */
    default DavNode topCollection(Principal user) {
        return null;
    }

    /** Resolves a path under its top-level collection (segments include the first); empty when absent or hidden. */
    default Optional<DavNode> resolve(List<String> segments, Principal user) {
        return Optional.empty();
    }

    /** True when the caller may only read at this path under its collection (write methods are then refused). */
    default boolean readOnly(List<String> segments, Principal user) {
        return false;
    }

    /** Live properties it adds to every resource, right after DAV:resourcetype. */
    default void commonProperties(DavNode node, Principal user, PropertySink out) {
    }

    /** Live properties it adds to every principal resource (RFC 3744 §4), in the principal's own list. */
    default void principalProperties(Principal principal, List<String> addresses, PropertySink out) {
    }

    /**
     * PROPPATCH of a property this concern defines, on a node that does not store it itself (see
     * {@link DavNode#checkPatch}): the failure to report, or null when the property is not this concern's.
     */
    default ProppatchMethod.Failure refusePatchElsewhere(ProppatchMethod.Instruction instruction) {
        return null;
    }

    /** The Allow header where nothing exists yet, if this concern creates resources there (first one registered wins). */
    default String allowedWhereNothingIs() {
        return null;
    }
}
