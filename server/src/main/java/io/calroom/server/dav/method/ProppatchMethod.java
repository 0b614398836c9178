package io.calroom.server.dav.method;

import io.calroom.schema.store.DeadProperty;
import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.schema.store.WriteCondition;
import io.calroom.server.dav.DavConcern;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.DavServices;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.property.ProtectedProperties;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PROPPATCH (RFC 4918 §9.2): every instruction in document order, all or nothing. A property the
 * node stores itself ({@link DavNode#checkPatch}: a calendar's typed properties, kept in columns)
 * is validated by the node; one a concern defines for other nodes is refused as the concern says
 * ({@link DavConcern#refusePatchElsewhere}); other live properties are protected (403
 * DAV:cannot-modify-protected-property); everything else is a dead property, kept as the client's
 * XML. Principals and proxy groups handle the whole request themselves ({@link DavNode#patch}).
 */
public final class ProppatchMethod implements DavMethod {
    private final LivePropertySet liveProperties;
    private final List<DavConcern> concerns;

    public ProppatchMethod(LivePropertySet liveProperties, List<DavConcern> concerns) {
        this.liveProperties = liveProperties;
        this.concerns = List.copyOf(concerns);
    }

    @Override
    public String name() {
        return "PROPPATCH";
    }

    public record Instruction(QName name, Element element, boolean remove) {}

    /** Why an instruction failed: its status, the precondition element (or null) and a reason for the client (or null). */
    public record Failure(int status, QName precondition, String reason) {
        public Failure(int status, QName precondition) {
            this(status, precondition, null);
        }
    }

    /** RFC 4918 §9.2: the instructions that did not fail are not applied either. */
    private static final Failure DEPENDENCY = new Failure(424, null, "not changed, because another property of the request failed");

    @Override
    public void handle(DavRequest req) {
        List<Instruction> instructions = parse(req.services().xml().parse(req.body())
                .orElseThrow(() -> DavException.badRequest("PROPPATCH needs a DAV:propertyupdate body")));
        WriteCondition condition = req.writeCondition();
        Map<QName, Failure> failures = req.services().database().transaction(() -> {
            DavNode node = req.services().tree().resolve(req.segments(), req.user()).orElseThrow(DavException::notFound);
            checkCondition(node, condition);
            Map<QName, Failure> handled = node.patch(req, instructions, liveProperties);
            if (handled != null) return handled;
            Map<QName, Failure> failed = validate(node, instructions, req);
            if (failed.isEmpty()) apply(req.services(), node, instructions);
            return failed;
        });
        MultistatusWriter out = new MultistatusWriter(req.response());
        List<QName> ok = new ArrayList<>();
        Map<MultistatusWriter.Failure, List<QName>> failed = new LinkedHashMap<>();
        for (Instruction i : instructions) {
            if (failures.isEmpty()) {
                ok.add(i.name());
                continue;
            }
            Failure f = failures.getOrDefault(i.name(), DEPENDENCY);
            failed.computeIfAbsent(new MultistatusWriter.Failure(f.status(), f.precondition(), f.reason()), k -> new ArrayList<>()).add(i.name());
        }
        out.patchResponse(req.services().tree().resolve(req.segments(), req.user()).map(DavNode::path).orElse("/"), ok, failed);
        out.finish();
    }

    private static void checkCondition(DavNode node, WriteCondition condition) {
        String etag = node.etag();
        if (condition.ifMatch() != null && !condition.ifMatch().contains("*") && !condition.allows(etag)) {
            throw DavException.preconditionFailed("If-Match does not match");
        }
        if (condition.ifNoneMatch() != null && (condition.ifNoneMatch().contains("*")
                || (etag != null && condition.ifNoneMatch().contains(etag)))) {
            throw DavException.preconditionFailed("If-None-Match matches");
        }
    }

    private static List<Instruction> parse(Element root) {
        if (!SafeXml.is(root, Ns.dav("propertyupdate"))) throw DavException.badRequest("PROPPATCH body must be a DAV:propertyupdate");
        List<Instruction> out = new ArrayList<>();
        for (Element op : SafeXml.children(root)) {
            boolean remove;
            if (SafeXml.is(op, Ns.dav("set"))) remove = false;
            else if (SafeXml.is(op, Ns.dav("remove"))) remove = true;
            else continue;
            for (Element prop : SafeXml.children(op)) {
                if (!SafeXml.is(prop, Ns.dav("prop"))) continue;
                for (Element p : SafeXml.children(prop)) out.add(new Instruction(SafeXml.name(p), p, remove));
            }
        }
        if (out.isEmpty()) throw DavException.badRequest("DAV:propertyupdate has no property to set or remove");
        return out;
    }

    private Map<QName, Failure> validate(DavNode node, List<Instruction> instructions, DavRequest req) {
        Map<QName, Failure> failed = new LinkedHashMap<>();
        Set<QName> live = liveProperties.of(node, req.user()).keySet();
        for (Instruction i : instructions) {
            Optional<Failure> own = node.checkPatch(i, req);
            if (own != null) {
                own.ifPresent(f -> failed.put(i.name(), f));
                continue;
            }
            Failure elsewhere = refusedElsewhere(i);
            if (elsewhere != null) {
                failed.put(i.name(), elsewhere);
            } else if (live.contains(i.name()) || ProtectedProperties.contains(i.name())) {
                failed.put(i.name(), new Failure(403, Ns.dav("cannot-modify-protected-property")));
            } else if (node.deadPropertyOwner() == null) {
                failed.put(i.name(), new Failure(403, null));
            } else if (!i.remove() && SafeXml.serialize(i.element()).length() > 64 * 1024) {
                failed.put(i.name(), new Failure(403, null));
            }
        }
        return failed;
    }

    private Failure refusedElsewhere(Instruction i) {
        for (DavConcern c : concerns) {
            Failure f = c.refusePatchElsewhere(i);
            if (f != null) return f;
        }
        return null;
    }

    /** Stores the instructions, in the caller's transaction: the node's own, else as dead properties. */
    public static void apply(DavServices services, DavNode node, List<Instruction> instructions) {
        DeadPropertyStore dead = services.stores().calendars().deadProperties();
        PropertyOwner owner = node.deadPropertyOwner();
        boolean deadChanged = false;
        for (Instruction i : instructions) {
            if (node.applyPatch(services, i)) {
                continue;
            } else if (i.remove()) {
                dead.remove(owner, i.name().getNamespaceURI(), i.name().getLocalPart());
                deadChanged = true;
            } else {
                dead.set(owner, new DeadProperty(i.name().getNamespaceURI(), i.name().getLocalPart(), SafeXml.serialize(i.element())));
                deadChanged = true;
            }
        }
        if (deadChanged) node.deadPropertiesChanged(services);
    }
}
