package io.calroom.scheduling.itip;

import io.calroom.ical.tree.CalendarObjectTree;
import io.calroom.ical.tree.IcalTree.Component;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The {@link ComparableComponent} of every component of one document, and the per-instance view of RFC 6638 §3.2.1.2. */
final class ObjectView {

    final CalendarObjectTree doc;
    final Map<String, ComparableComponent> byKey;
    final ComparableComponent master;

    private ObjectView(CalendarObjectTree doc, Map<String, ComparableComponent> byKey) {
        this.doc = doc;
        this.byKey = byKey;
        this.master = byKey.get("");
    }

    static ObjectView of(CalendarObjectTree doc) {
        Map<String, ComparableComponent> byKey = new LinkedHashMap<>();
        for (Map.Entry<String, Component> e : doc.byKey().entrySet()) byKey.put(e.getKey(), ComparableComponent.of(doc, e.getValue()));
        return new ObjectView(doc, byKey);
    }

    /**
     * The facts that govern instance {@code key}: its override, else the master when {@code key} is not excluded by
     * an EXDATE (an instance of the master's recurrence set is assumed), else {@code null}.
     */
    ComparableComponent view(String key) {
        ComparableComponent f = byKey.get(key);
        if (f != null) return f;
        if (key.isEmpty() || master == null || master.exdates.contains(key)) return null;
        return master;
    }

    /** Whether instance {@code key} is governed by the master rather than an override of its own. */
    boolean derived(String key) {
        return !key.isEmpty() && !byKey.containsKey(key) && view(key) != null;
    }

    /** Instance {@code key} is cancelled: STATUS:CANCELLED on it or on the master. */
    boolean cancelled(String key) {
        ComparableComponent f = view(key);
        return f != null && (f.cancelled || (master != null && master.cancelled));
    }

    /** The attendee takes part in instance {@code key} (not cancelled) and the server schedules it. */
    boolean serverScheduledIn(String key, String address) {
        ComparableComponent f = view(key);
        if (f == null || cancelled(key)) return false;
        Attendee a = f.attendee(address);
        return a != null && a.serverScheduled();
    }

    String organizer() {
        for (ComparableComponent f : byKey.values()) if (f.organizer != null) return f.organizer;
        return null;
    }

    String organizerAgent() {
        for (ComparableComponent f : byKey.values()) if (f.organizer != null) return f.organizerAgent;
        return "SERVER";
    }

    boolean isScheduling() {
        if (organizer() == null) return false;
        for (ComparableComponent f : byKey.values()) if (!f.attendees.isEmpty()) return true;
        return false;
    }

    /** Normalized addresses of all attendees, in document order. */
    Set<String> attendeeAddresses() {
        Set<String> out = new LinkedHashSet<>();
        for (ComparableComponent f : byKey.values()) for (Attendee a : f.attendees) out.add(a.normalizedAddress());
        return out;
    }

    int maxSequence() {
        int max = 0;
        for (ComparableComponent f : byKey.values()) max = Math.max(max, f.sequence);
        return max;
    }
}
