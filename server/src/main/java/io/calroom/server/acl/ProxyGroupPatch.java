package io.calroom.server.acl;

import io.calroom.server.dav.method.ProppatchMethod;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.Role;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PROPPATCH of a proxy group's DAV:group-member-set (CalendarServer calendar-proxy §5.1): sets
 * the delegates of the group's principal. Only the principal itself may (and, for rooms and
 * resources, its org's admins); members must be people of the same org (else 409, nothing changes).
 */
public final class ProxyGroupPatch {
    private ProxyGroupPatch() {
    }

    public static Map<QName, ProppatchMethod.Failure> run(DavRequest req, ProxyGroupNode group,
                                                   List<ProppatchMethod.Instruction> instructions) {
        Principal owner = group.owner();
        Principal user = req.user();
        boolean allowed = user.id() == owner.id() || user.role() == Role.SUPER_ADMIN
                || (user.role() == Role.ORG_ADMIN && owner.kind() == PrincipalKind.RESOURCE && user.orgId() == owner.orgId());
        if (!allowed) throw DavException.forbidden(Ns.dav("need-privileges"), "only " + owner.name() + " may choose its delegates");
        Map<QName, ProppatchMethod.Failure> failed = new LinkedHashMap<>();
        List<Principal> members = null;
        for (ProppatchMethod.Instruction i : instructions) {
            if (!i.name().equals(Ns.dav("group-member-set"))) {
                failed.put(i.name(), new ProppatchMethod.Failure(403, Ns.dav("cannot-modify-protected-property")));
                continue;
            }
            if (i.remove()) {
                members = List.of();
                continue;
            }
            List<Principal> found = new ArrayList<>();
            PrincipalStore principals = req.services().directoryStores().principals();
            for (Element href : SafeXml.children(i.element())) {
                if (!SafeXml.is(href, Ns.dav("href"))) continue;
                Optional<Principal> p = principals.byAddress(href.getTextContent().trim())
                        .filter(m -> m.orgId() == owner.orgId() && m.kind() == PrincipalKind.USER && m.id() != owner.id());
                if (p.isEmpty()) {
                    failed.put(i.name(), new ProppatchMethod.Failure(409, null));
                    break;
                }
                found.add(p.get());
            }
            members = found;
        }
        if (!failed.isEmpty() || members == null) return failed;
        req.services().directoryStores().delegations().replaceDelegates(owner, group.write(), members);
        return failed;
    }
}
