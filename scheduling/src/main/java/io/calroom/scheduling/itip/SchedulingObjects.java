package io.calroom.scheduling.itip;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.tree.CalendarObjectTree;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the scheduling view of a stored calendar object. */
public final class SchedulingObjects {

    private SchedulingObjects() {
    }

    /** Parses {@code icalText} with the project parser (so invalid data is refused) and reads its scheduling view. */
    public static SchedulingObject read(String icalText) throws CalendarDataException {
        CalendarObjectTree doc = CalendarObjectTree.parseChecked(icalText);
        try {
            return of(doc);
        } catch (IllegalArgumentException e) {
            throw new CalendarDataException(io.calroom.ical.CalDavPrecondition.VALID_CALENDAR_DATA,
                    e.getMessage());
        }
    }

    /**
     * Whether every component that has an ORGANIZER has the same one (CALDAV:same-organizer-in-all-components,
     * RFC 6638 §3.2.4.2), and all of them have one if any has.
     */
    public static boolean sameOrganizerInAllComponents(String icalText) {
        ObjectView v = ObjectView.of(CalendarObjectTree.parse(icalText));
        String first = null;
        boolean seenNone = false;
        boolean seenSome = false;
        for (ComparableComponent f : v.byKey.values()) {
            if (f.organizer == null) {
                seenNone = true;
                continue;
            }
            seenSome = true;
            if (first == null) first = f.organizer;
            else if (!first.equals(f.organizer)) return false;
        }
        return !(seenNone && seenSome);
    }

    static SchedulingObject of(CalendarObjectTree doc) {
        ObjectView v = ObjectView.of(doc);
        Map<String, Instance> instances = new LinkedHashMap<>();
        for (Map.Entry<String, ComparableComponent> e : v.byKey.entrySet()) instances.put(e.getKey(), e.getValue().instance());
        return new SchedulingObject(doc.uid(), v.organizer(), v.organizerAgent(), v.maxSequence(), instances);
    }
}
