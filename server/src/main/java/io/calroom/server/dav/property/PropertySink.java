package io.calroom.server.dav.property;

import io.calroom.server.dav.DavConcern;
import io.calroom.server.dav.DavServices;

import javax.xml.namespace.QName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The live properties of one node being collected, in order, and which ones the request wants:
 * a value is only computed when its name is wanted (null: all of them).
 */
public final class PropertySink {
    private final Set<QName> names;
    private final Map<QName, PropValue> values = new LinkedHashMap<>();
    private final DavServices services;
    private final List<DavConcern> concerns;

    PropertySink(Set<QName> names, DavServices services, List<DavConcern> concerns) {
        this.names = names;
        this.services = services;
        this.concerns = concerns;
    }

    public void put(QName name, Supplier<PropValue> value) {
        if (names == null || names.contains(name)) values.put(name, value.get());
    }

    /** What properties are computed from (configuration, database). */
    public DavServices services() {
        return services;
    }

    /** The registered concerns, for nodes that let every concern add to their properties (principals). */
    public List<DavConcern> concerns() {
        return concerns;
    }

    Map<QName, PropValue> values() {
        return values;
    }
}
