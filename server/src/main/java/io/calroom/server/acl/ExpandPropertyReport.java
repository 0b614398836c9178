package io.calroom.server.acl;

import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.Hrefs;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.property.NodeProperties;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertyWriter;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import io.calroom.server.dav.xml.XmlOut;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DAV:expand-property (RFC 3253 §3.8): the requested properties of the target, where a property
 * whose value is a list of hrefs and that names sub-properties is replaced by a DAV:response per
 * href with those properties (recursively, as Apple Calendar asks for its delegate lists).
 */
public final class ExpandPropertyReport implements ReportMethod.Report {
    private static final int MAX_DEPTH = 3;
    private final LivePropertySet live;

    public ExpandPropertyReport(LivePropertySet live) {
        this.live = live;
    }

    private record Spec(QName name, List<Spec> children) {}

    @Override
    public void run(DavRequest req, Element body) {
        DavNode target = req.node();
        List<Spec> specs = specs(body, 0);
        MultistatusWriter out = new MultistatusWriter(req.response());
        Result r = evaluate(req, target, specs, 0);
        out.response(target.path(), r.found, Map.of(404, r.missing));
        out.finish();
    }

    private record Result(Map<QName, PropValue> found, List<QName> missing) {}

    private Result evaluate(DavRequest req, DavNode node, List<Spec> specs, int depth) {
        DeadPropertyStore dead = req.services().stores().calendars().deadProperties();
        NodeProperties props = new NodeProperties(live, node, req.user(),
                () -> node.deadPropertyOwner() == null ? List.of() : dead.list(node.deadPropertyOwner()));
        NodeProperties.Result plain = props.select(specs.stream().map(Spec::name).toList());
        Map<QName, PropValue> found = new LinkedHashMap<>();
        for (Spec s : specs) {
            PropValue v = plain.found().get(s.name());
            if (v == null) continue;
            List<String> hrefs = hrefsOf(v);
            if (s.children().isEmpty() || hrefs == null || depth >= MAX_DEPTH) {
                found.put(s.name(), v);
            } else {
                found.put(s.name(), new PropValue.Custom(out -> expand(out, req, hrefs, s.children(), depth + 1)));
            }
        }
        return new Result(found, plain.missing());
    }

    private void expand(XmlOut out, DavRequest req, List<String> hrefs, List<Spec> children, int depth) {
        for (String href : hrefs) {
            Optional<DavNode> node = Hrefs.segments(href).flatMap(s -> req.services().tree().resolve(s, req.user()));
            out.start(Ns.dav("response"));
            PropertyWriter.href(out, href);
            if (node.isEmpty()) {
                out.element(Ns.dav("status"), MultistatusWriter.statusLine(404));
            } else {
                Result r = evaluate(req, node.get(), children, depth);
                MultistatusWriter.propstats(out, r.found(), Map.of(404, r.missing()));
            }
            out.end();
        }
    }

    /** The path hrefs of a value (only local resources can be expanded), or null if it is not an href list. */
    private static List<String> hrefsOf(PropValue v) {
        if (v instanceof PropValue.Href h) return h.target().startsWith("/") ? List.of(h.target()) : List.of();
        if (v instanceof PropValue.Hrefs hs) return hs.targets().stream().filter(t -> t.startsWith("/")).toList();
        return null;
    }

    private static List<Spec> specs(Element e, int depth) {
        List<Spec> out = new ArrayList<>();
        if (depth > MAX_DEPTH + 1) return out;
        for (Element p : SafeXml.children(e)) {
            if (!SafeXml.is(p, Ns.dav("property"))) continue;
            String ns = p.hasAttribute("namespace") ? p.getAttribute("namespace") : Ns.DAV;
            out.add(new Spec(new QName(ns, p.getAttribute("name")), specs(p, depth + 1)));
        }
        return out;
    }
}
