package io.calroom.server.acl;

import io.calroom.principal.Principal;
import io.calroom.schema.store.DeadProperty;
import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.property.NodeProperties;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertyRequest;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * DAV:principal-match (RFC 3744 §9.3).
 * <ul>
 *   <li>With DAV:self on a principal collection: the current user's own principal, if it lives
 *   in that collection (the proxy groups the user is a member of are not reported).</li>
 *   <li>With DAV:principal-property: every member of the target, at any depth, whose named
 *   property holds an href of a principal that matches the current user, that is the user's own
 *   principal or a group it is a member of (its DAV:group-membership: the calendar-proxy groups
 *   it is a delegate in). E.g. DAV:owner on a calendar home finds its calendars and objects
 *   when the caller owns them; DAV:group-member-set on /principals/ the proxy groups the caller
 *   is in.</li>
 * </ul>
 * Each match is reported with the requested properties, or, without DAV:prop, with a 200 status
 * (as in the RFC's example).
 */
public final class PrincipalMatchReport implements ReportMethod.Report {
    private final LivePropertySet live;

    public PrincipalMatchReport(LivePropertySet live) {
        this.live = live;
    }

    @Override
    public void run(DavRequest req, Element body) {
        PrincipalReports.requireDepthZero(req, "9.3");
        DavNode target = req.node();
        boolean self = SafeXml.child(body, Ns.dav("self")).isPresent();
        Optional<Element> principalProperty = SafeXml.child(body, Ns.dav("principal-property"));
        if (!self && principalProperty.isEmpty()) {
            throw DavException.badRequest("principal-match needs DAV:self or DAV:principal-property");
        }
        if (self) {
            Principal me = req.user();
            // /principals/, or the principal collection of the caller's kind
            boolean inScope = target.path().equals("/principals/")
                    || target.path().equals("/principals/" + me.kind().collection() + "/");
            new PrincipalResponder(live, req, body).writeAll(inScope ? List.of(me) : List.of());
            return;
        }
        List<Element> named = SafeXml.children(principalProperty.get());
        if (named.size() != 1) throw DavException.badRequest("DAV:principal-property names exactly one property");
        new Matcher(req, SafeXml.name(named.get(0)), PropertyRequest.of(body)).run(target);
    }

    /** One principal-match by property: walks the target's members and writes those that match. */
    private final class Matcher {
        private final DavRequest req;
        private final QName property;
        private final PropertyRequest props;
        private final Set<QName> wanted;
        private final Set<String> matching;
        private final DeadPropertyStore dead;
        private final MultistatusWriter out;

        Matcher(DavRequest req, QName property, Optional<PropertyRequest> props) {
            this.req = req;
            this.property = property;
            this.props = props.orElse(null);
            this.wanted = this.props == null ? Set.of(property) : this.props.wanted() == null ? null : union(this.props.wanted(), property);
            this.matching = principalsMatching(req);
            this.dead = req.services().stores().calendars().deadProperties();
            this.out = new MultistatusWriter(req.response());
        }

        void run(DavNode target) {
            walk(target);
            out.finish();
        }

        /** The members of {@code node} at any depth, in the order a Depth 1 PROPFIND lists them. */
        private void walk(DavNode node) {
            List<DavNode> members = req.services().tree().children(req, node, wanted);
            CalendarDead calendarDead = node.deadPropertyOwner() instanceof PropertyOwner.OfCalendar cal
                    ? new CalendarDead(cal.calendarId()) : null;
            for (DavNode member : members) {
                // matched on the live value: dead properties are the client's XML, not principal hrefs the server vouches for
                if (matches(live.of(member, req.user(), Set.of(property)).get(property))) write(member, calendarDead);
                walk(member);
            }
        }

        private boolean matches(PropValue value) {
            if (value instanceof PropValue.Href h) return matching.contains(h.target());
            if (value instanceof PropValue.Hrefs hs) return hs.targets().stream().anyMatch(matching::contains);
            return false;
        }

        private void write(DavNode member, CalendarDead calendarDead) {
            if (props == null) {
                out.status(member.path(), 200);
                return;
            }
            Supplier<List<DeadProperty>> deadOf = member.deadPropertyOwner() instanceof PropertyOwner.OfObject obj && calendarDead != null
                    ? () -> calendarDead.of(obj.objectId())
                    : () -> member.deadPropertyOwner() == null ? List.of() : dead.list(member.deadPropertyOwner());
            NodeProperties.Result r = new NodeProperties(live, member, req.user(), deadOf, Map.of(), props.wanted()).answer(props);
            out.response(member.path(), r.found(), req.preferMinimal() ? Map.of() : Map.of(404, r.missing()));
        }

        /** The dead properties of one calendar's objects, read for all of them in one query when first needed. */
        private final class CalendarDead {
            private final long calendarId;
            private Map<Long, List<DeadProperty>> byObject;

            CalendarDead(long calendarId) {
                this.calendarId = calendarId;
            }

            List<DeadProperty> of(long objectId) {
                if (byObject == null) byObject = dead.ofObjectsIn(calendarId);
                return byObject.getOrDefault(objectId, List.of());
            }
        }
    }

    /** The hrefs of the principals that match the current user (RFC 3744 §9.3): its own and its groups'. */
    private Set<String> principalsMatching(DavRequest req) {
        Principal me = req.user();
        Set<String> out = new HashSet<>();
        out.add(me.path());
        PrincipalNode node = PrincipalNode.of(me, req.services().directoryStores().principals(), req.services().directoryStores().resourcePolicies());
        PropValue groups = live.of(node, me, Set.of(Ns.dav("group-membership"))).get(Ns.dav("group-membership"));
        if (groups instanceof PropValue.Hrefs hs) out.addAll(hs.targets());
        return out;
    }

    private static Set<QName> union(Set<QName> a, QName b) {
        Set<QName> u = new HashSet<>(a);
        u.add(b);
        return u;
    }
}
