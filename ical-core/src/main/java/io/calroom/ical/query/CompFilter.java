package io.calroom.ical.query;

import java.util.List;
import java.util.Objects;

/**
 * A CALDAV:comp-filter element (RFC 4791 §9.7.1):
 * {@code <!ELEMENT comp-filter (is-not-defined | (time-range?, prop-filter*, comp-filter*))>}. The CALDAV:filter
 * element holds exactly one, named VCALENDAR.
 *
 * @param name         the component name (VCALENDAR, VEVENT, VTODO, VALARM, …); compared case-insensitively
 * @param isNotDefined CALDAV:is-not-defined: no such component in the enclosing scope
 * @param timeRange    a CALDAV:time-range, or {@code null}
 * @param propFilters  prop-filters that must all match the component; {@code null} is read as none
 * @param compFilters  comp-filters on sub-components that must all match; {@code null} is read as none
 * @throws IllegalArgumentException when the name is blank or is-not-defined is combined with anything else
 */
public record CompFilter(String name, boolean isNotDefined, TimeRange timeRange, List<PropFilter> propFilters,
                         List<CompFilter> compFilters) {

    public CompFilter {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("comp-filter without a name");
        }
        propFilters = propFilters == null ? List.of() : List.copyOf(propFilters);
        compFilters = compFilters == null ? List.of() : List.copyOf(compFilters);
        if (isNotDefined && (timeRange != null || !propFilters.isEmpty() || !compFilters.isEmpty())) {
            throw new IllegalArgumentException("comp-filter " + name + ": is-not-defined must be alone");
        }
    }

    /** {@code <comp-filter name="…"/>}: the component exists. */
    public static CompFilter exists(String name) {
        return new CompFilter(name, false, null, List.of(), List.of());
    }

    /** {@code <comp-filter name="…"><is-not-defined/></comp-filter>}. */
    public static CompFilter notDefined(String name) {
        return new CompFilter(name, true, null, List.of(), List.of());
    }

    /** {@code <comp-filter name="…">comp-filters…</comp-filter>}, e.g. the VCALENDAR root. */
    public static CompFilter of(String name, CompFilter... compFilters) {
        return new CompFilter(name, false, null, List.of(), List.of(compFilters));
    }
}
