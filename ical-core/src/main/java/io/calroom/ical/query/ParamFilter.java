package io.calroom.ical.query;

import java.util.Objects;

/**
 * A CALDAV:param-filter element (RFC 4791 §9.7.3): {@code <!ELEMENT param-filter (is-not-defined | text-match?)>}.
 * Empty (no is-not-defined, no text-match): the parameter exists on the property.
 *
 * @param name         the parameter name (e.g. PARTSTAT); compared case-insensitively
 * @param isNotDefined CALDAV:is-not-defined: the property has no such parameter
 * @param textMatch    a CALDAV:text-match on the parameter value, or {@code null}
 * @throws IllegalArgumentException when the name is blank or both is-not-defined and a text-match are given
 */
public record ParamFilter(String name, boolean isNotDefined, TextMatch textMatch) {

    public ParamFilter {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("param-filter without a name");
        }
        if (isNotDefined && textMatch != null) {
            throw new IllegalArgumentException("param-filter " + name + ": is-not-defined excludes text-match");
        }
    }

    /** {@code <param-filter name="…"/>}. */
    public static ParamFilter exists(String name) {
        return new ParamFilter(name, false, null);
    }

    /** {@code <param-filter name="…"><is-not-defined/></param-filter>}. */
    public static ParamFilter notDefined(String name) {
        return new ParamFilter(name, true, null);
    }

    /** {@code <param-filter name="…"><text-match …/></param-filter>}. */
    public static ParamFilter matching(String name, TextMatch textMatch) {
        return new ParamFilter(name, false, Objects.requireNonNull(textMatch, "textMatch"));
    }
}
