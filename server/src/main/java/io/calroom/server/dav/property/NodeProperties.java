package io.calroom.server.dav.property;

import io.calroom.principal.Principal;
import io.calroom.schema.store.DeadProperty;
import io.calroom.server.dav.tree.DavNode;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers "which properties, with which values" for one node and one PROPFIND request: live
 * properties first, then the dead ones (fetched only when the request needs them).
 */
public final class NodeProperties {
    private final Map<QName, PropValue> live;
    private final Supplier<List<DeadProperty>> dead;

    public NodeProperties(LivePropertySet liveProperties, DavNode node, Principal user, Supplier<List<DeadProperty>> dead) {
        this(liveProperties, node, user, dead, Map.of());
    }

    /** With extra values that only a report can give (e.g. CALDAV:calendar-data). */
    public NodeProperties(LivePropertySet liveProperties, DavNode node, Principal user, Supplier<List<DeadProperty>> dead,
                          Map<QName, PropValue> extra) {
        this(liveProperties, node, user, dead, extra, null);
    }

    /** Only the live properties in {@code wanted} are computed (null: all, for allprop and propname). */
    public NodeProperties(LivePropertySet liveProperties, DavNode node, Principal user, Supplier<List<DeadProperty>> dead,
                          Map<QName, PropValue> extra, java.util.Set<QName> wanted) {
        Map<QName, PropValue> values = liveProperties.of(node, user, wanted); // a fresh map per call
        if (!extra.isEmpty()) {
            values = new LinkedHashMap<>(values);
            values.putAll(extra);
        }
        this.live = values;
        this.dead = dead;
    }

    /**
     * The answer to a prop, allprop or propname request, as PROPFIND gives it (RFC 4918 §9.1):
     * found values and missing names; for propname every name with an empty value.
     */
    public Result answer(PropertyRequest request) {
        return switch (request.kind()) {
            case PROP -> select(request.properties());
            case ALLPROP -> allprop(request.properties());
            case PROPNAME -> {
                Map<QName, PropValue> names = new LinkedHashMap<>();
                for (QName q : names()) names.put(q, new PropValue.Elements(List.of()));
                yield new Result(names, List.of());
            }
        };
    }

    /** The requested properties split into found values and missing names. */
    public Result select(List<QName> requested) {
        Map<QName, PropValue> found = new LinkedHashMap<>();
        List<QName> missing = new ArrayList<>();
        Map<QName, DeadProperty> deadByName = null;
        for (QName q : requested) {
            PropValue v = live.get(q);
            if (v == null) {
                if (deadByName == null) deadByName = deadByName();
                DeadProperty d = deadByName.get(q);
                if (d != null) v = new PropValue.RawElement(d.xml());
            }
            if (v != null) found.put(q, v);
            else missing.add(q);
        }
        return new Result(found, missing);
    }

    /** DAV:allprop: the RFC 4918 live properties, the {@code include}d ones, and every dead property. */
    public Result allprop(List<QName> include) {
        Map<QName, PropValue> found = new LinkedHashMap<>();
        live.forEach((q, v) -> {
            if (LivePropertySet.inAllprop(q) || include.contains(q)) found.put(q, v);
        });
        for (DeadProperty d : dead.get()) {
            found.putIfAbsent(new QName(d.namespace(), d.localName()), new PropValue.RawElement(d.xml()));
        }
        return new Result(found, List.of());
    }

    /** DAV:propname: every property name, without values. */
    public List<QName> names() {
        List<QName> out = new ArrayList<>(live.keySet());
        for (DeadProperty d : dead.get()) {
            QName q = new QName(d.namespace(), d.localName());
            if (!out.contains(q)) out.add(q);
        }
        return out;
    }

    private Map<QName, DeadProperty> deadByName() {
        Map<QName, DeadProperty> m = new LinkedHashMap<>();
        for (DeadProperty d : dead.get()) m.put(new QName(d.namespace(), d.localName()), d);
        return m;
    }

    public record Result(Map<QName, PropValue> found, List<QName> missing) {}
}
