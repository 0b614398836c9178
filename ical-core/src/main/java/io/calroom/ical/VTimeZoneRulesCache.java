package io.calroom.ical;

import java.time.zone.ZoneRules;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small thread-safe LRU of {@link ZoneRules} built from the VTIMEZONE definitions of objects (every one, IANA
 * names included, RFC 5545 §3.6.5), keyed by the text of the definition's observances. Building rules from a
 * VTIMEZONE takes milliseconds; the same few definitions arrive again and again from the same clients (a client
 * sends its VTIMEZONE with every object). One cache per {@link OccurrenceExpander}; the calendar-data shaper keeps one
 * keyed by the stored text of a VTIMEZONE, so that expanding a stored object needs no iCalendar parsing.
 */
public final class VTimeZoneRulesCache {

    private final int capacity;
    private final Map<String, ZoneRules> entries;

    public VTimeZoneRulesCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    public ZoneRules get(String definition, Supplier<ZoneRules> builder) {
        synchronized (entries) {
            ZoneRules cached = entries.get(definition);
            if (cached != null) {
                return cached;
            }
        }
        ZoneRules built = builder.get();
        synchronized (entries) {
            entries.put(definition, built);
            if (entries.size() > capacity) {
                String eldest = entries.keySet().iterator().next();
                entries.remove(eldest);
            }
        }
        return built;
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
