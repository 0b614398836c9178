package io.calroom.server.acl;

import io.calroom.server.dav.method.ProppatchMethod;
import io.calroom.principal.Principal;
import io.calroom.principal.directory.FieldError;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.ResourcePolicyValidator;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.ProtectedProperties;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PROPPATCH of a room's or resource's principal by its org's admins and read-write managers:
 * display name, active flag and the typed booking policy, validated by the same validator as the
 * admin API (an invalid value is a 409 and nothing changes); other properties are dead.
 */
public final class ResourcePrincipalPatch {
    private ResourcePrincipalPatch() {
    }

    public static Map<QName, ProppatchMethod.Failure> run(DavRequest req, PrincipalNode node,
                                                   List<ProppatchMethod.Instruction> instructions, LivePropertySet live) {
        Principal resource = node.principal();
        if (Access.home(req.services().directoryStores().resourcePolicies(), req.user(), resource) != Access.Level.WRITE) {
            throw DavException.forbidden(Ns.dav("need-privileges"), "only the org's admins and the resource's managers may change it");
        }
        Map<QName, ProppatchMethod.Failure> failed = new LinkedHashMap<>();
        Map<String, Object> policyInput = new HashMap<>();
        Map<String, QName> propertyOfField = new HashMap<>();
        String displayName = resource.displayName();
        boolean active = resource.active();
        Set<QName> liveNames = live.of(node, req.user()).keySet();
        List<ProppatchMethod.Instruction> dead = new ArrayList<>();
        for (ProppatchMethod.Instruction i : instructions) {
            QName q = i.name();
            String text = i.element().getTextContent().trim();
            if (ResourceProperties.isPolicy(q)) {
                String field = ResourceProperties.field(q);
                propertyOfField.put(field, q);
                if (i.remove()) policyInput.put(field, null);
                else if (ResourceProperties.LIST_FIELDS.contains(field)) policyInput.put(field, items(i.element()));
                else policyInput.put(field, text);
            } else if (q.equals(ResourceProperties.IS_ACTIVE)) {
                if (!i.remove() && !text.equals("true") && !text.equals("false")) failed.put(q, new ProppatchMethod.Failure(409, null));
                else active = i.remove() || Boolean.parseBoolean(text);
            } else if (q.equals(Ns.dav("displayname"))) {
                if (!i.remove() && (text.isEmpty() || text.length() > 255)) failed.put(q, new ProppatchMethod.Failure(409, null));
                else displayName = i.remove() ? null : text;
            } else if (liveNames.contains(q) || ProtectedProperties.contains(q)) {
                failed.put(q, new ProppatchMethod.Failure(403, Ns.dav("cannot-modify-protected-property")));
            } else {
                dead.add(i);
            }
        }
        ResourcePolicy policy = node.policy();
        if (!policyInput.isEmpty()) {
            ResourcePolicyValidator.Result result = ResourcePolicyValidator.validate(policyInput, node.policy());
            if (result instanceof ResourcePolicyValidator.Invalid invalid) {
                for (FieldError e : invalid.errors()) {
                    QName q = propertyOfField.getOrDefault(fieldKey(e.field()), propertyOfField.values().iterator().next());
                    failed.put(q, new ProppatchMethod.Failure(409, null));
                }
            } else {
                policy = ((ResourcePolicyValidator.Valid) result).policy();
            }
        }
        if (!failed.isEmpty()) return failed;
        if (!policyInput.isEmpty()) req.services().directoryStores().resourcePolicies().write(resource.orgId(), resource.id(), policy);
        if (active != resource.active() || !java.util.Objects.equals(displayName, resource.displayName())) {
            req.services().directoryStores().principals().update(new Principal(resource.id(), resource.uuid(), resource.orgId(), resource.kind(),
                    resource.name(), resource.calendarUserType(), displayName, resource.email(), resource.role(), active));
        }
        if (!dead.isEmpty()) ProppatchMethod.apply(req.services(), node, dead);
        req.services().tree().forget(resource.id());
        return failed;
    }

    /** The field an error names may carry an index (equipment[2]); map it back to its property. */
    private static String fieldKey(String field) {
        int bracket = field.indexOf('[');
        int dot = field.indexOf('.');
        int cut = bracket < 0 ? dot : dot < 0 ? bracket : Math.min(bracket, dot);
        return cut < 0 ? field : field.substring(0, cut);
    }

    private static List<String> items(Element e) {
        List<String> out = new ArrayList<>();
        for (Element c : SafeXml.children(e)) out.add(c.getTextContent().trim());
        if (out.isEmpty() && !e.getTextContent().isBlank()) {
            for (String s : e.getTextContent().split(",")) if (!s.isBlank()) out.add(s.trim());
        }
        return out;
    }
}
