package io.calroom.ical.query;

import java.util.List;
import java.util.Objects;

/**
 * A CALDAV:prop-filter element (RFC 4791 §9.7.2):
 * {@code <!ELEMENT prop-filter (is-not-defined | ((time-range | text-match)?, param-filter*))>}.
 *
 * @param name         the property name (e.g. ATTENDEE); compared case-insensitively
 * @param isNotDefined CALDAV:is-not-defined: the component has no such property
 * @param timeRange    a CALDAV:time-range on a DATE/DATE-TIME value, or {@code null}
 * @param textMatch    a CALDAV:text-match on the value, or {@code null}
 * @param paramFilters the CALDAV:param-filter children, all of which must match the same property; {@code null} is
 *                     read as none
 * @throws IllegalArgumentException when the name is blank, is-not-defined is combined with anything else, or both a
 *                                  time-range and a text-match are given
 */
public record PropFilter(String name, boolean isNotDefined, TimeRange timeRange, TextMatch textMatch,
                         List<ParamFilter> paramFilters) {

    public PropFilter {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("prop-filter without a name");
        }
        paramFilters = paramFilters == null ? List.of() : List.copyOf(paramFilters);
        if (isNotDefined && (timeRange != null || textMatch != null || !paramFilters.isEmpty())) {
            throw new IllegalArgumentException("prop-filter " + name + ": is-not-defined must be alone");
        }
        if (timeRange != null && textMatch != null) {
            throw new IllegalArgumentException("prop-filter " + name + ": time-range and text-match are exclusive");
        }
    }

    /** {@code <prop-filter name="…"/>}: the property exists. */
    public static PropFilter exists(String name) {
        return new PropFilter(name, false, null, null, List.of());
    }

    /** {@code <prop-filter name="…"><is-not-defined/></prop-filter>}. */
    public static PropFilter notDefined(String name) {
        return new PropFilter(name, true, null, null, List.of());
    }

    /** {@code <prop-filter name="…"><text-match …/>param-filters…</prop-filter>}. */
    public static PropFilter matching(String name, TextMatch textMatch, ParamFilter... paramFilters) {
        return new PropFilter(name, false, null, Objects.requireNonNull(textMatch, "textMatch"),
                List.of(paramFilters));
    }

    /** {@code <prop-filter name="…"><time-range …/>param-filters…</prop-filter>}. */
    public static PropFilter inRange(String name, TimeRange timeRange, ParamFilter... paramFilters) {
        return new PropFilter(name, false, Objects.requireNonNull(timeRange, "timeRange"), null,
                List.of(paramFilters));
    }
}
