package io.calroom.server.carddav;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.DirectoryStores;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.directory.ResourcePolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The cards of an org's directory address book, made from its active principals. */
public final class DirectoryCards {
    private DirectoryCards() {
    }

    public static List<VCardNode> all(DirectoryStores stores, long orgId, String bookPath) {
        PrincipalStore principals = stores.principals();
        List<Principal> people = principals.inOrg(orgId, PrincipalKind.USER);
        List<Principal> resources = principals.inOrg(orgId, PrincipalKind.RESOURCE);
        Map<Long, ResourcePolicy> policies = stores.resourcePolicies().readMany(orgId, resources.stream().map(Principal::id).toList());
        List<VCardNode> out = new ArrayList<>();
        for (Principal p : people) if (p.active()) out.add(card(principals, p, null, bookPath));
        for (Principal r : resources) {
            if (r.active()) out.add(card(principals, r, policies.getOrDefault(r.id(), ResourcePolicy.DEFAULT), bookPath));
        }
        return out;
    }

    /** The card named {@code u-alice} or {@code r-room-101} (without {@code .vcf}), if it is in the org. */
    public static Optional<VCardNode> one(DirectoryStores stores, long orgId, String cardName, String bookPath) {
        PrincipalKind kind;
        if (cardName.startsWith("u-")) kind = PrincipalKind.USER;
        else if (cardName.startsWith("r-")) kind = PrincipalKind.RESOURCE;
        else return Optional.empty();
        PrincipalStore principals = stores.principals();
        return principals.byName(kind, cardName.substring(2))
                .filter(p -> p.orgId() == orgId && p.active())
                .map(p -> card(principals, p, kind == PrincipalKind.RESOURCE
                        ? stores.resourcePolicies().read(orgId, p.id()).orElse(ResourcePolicy.DEFAULT) : null, bookPath));
    }

    private static VCardNode card(PrincipalStore principals, Principal p, ResourcePolicy policy, String bookPath) {
        return new VCardNode(bookPath, p, VCards.text(p, principals.addresses(p.id()), principals.personalName(p.id()), policy));
    }
}
