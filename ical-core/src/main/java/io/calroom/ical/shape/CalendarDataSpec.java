package io.calroom.ical.shape;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a CALDAV:calendar-data element asks for (RFC 4791 §9.6): an optional component/property
 * selection, and at most one of expand, limit-recurrence-set and limit-freebusy-set.
 */
public record CalendarDataSpec(Comp selection, Range expand, Range limitRecurrenceSet, Range limitFreebusySet) {
    /** CALDAV:comp: the named component with all or some properties and all or some sub-components. */
    public record Comp(String name, boolean allProps, Set<String> props, boolean allComps, List<Comp> comps) {
        public Comp {
            props = Set.copyOf(props);
            comps = List.copyOf(comps);
        }
    }

    /** A UTC time range; either end may be open. */
    public record Range(Instant start, Instant end) {}

    public static final CalendarDataSpec WHOLE = new CalendarDataSpec(null, null, null, null);

    public boolean isWhole() {
        return selection == null && expand == null && limitRecurrenceSet == null && limitFreebusySet == null;
    }
}
