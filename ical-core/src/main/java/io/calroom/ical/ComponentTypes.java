package io.calroom.ical;

import java.util.List;
import java.util.Set;

/**
 * The calendar components a calendar object resource is about (RFC 4791 §4.1): VEVENT, VTODO and VJOURNAL — the
 * ones with a UID, recurrence and scheduling. The one definition of that set in the project.
 */
public final class ComponentTypes {
    /** VEVENT, VTODO, VJOURNAL, in this order (the order in which a type is looked for in a text). */
    public static final List<String> ITEMS_IN_ORDER = List.of("VEVENT", "VTODO", "VJOURNAL");
    /** The same three names as a set. */
    public static final Set<String> ITEMS = Set.copyOf(ITEMS_IN_ORDER);

    private ComponentTypes() {
    }

    /** Whether {@code name} (upper case) is VEVENT, VTODO or VJOURNAL. */
    public static boolean isItem(String name) {
        return ITEMS.contains(name);
    }
}
