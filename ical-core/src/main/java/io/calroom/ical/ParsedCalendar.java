package io.calroom.ical;

import java.util.Map;
import net.fortuna.ical4j.model.Calendar;

/**
 * A {@link Calendar} as {@link CalendarObjectParser} read it, with the text of each VTIMEZONE's observances as
 * received (by TZID): the key under which {@link VTimeZoneRulesCache} keeps the rules built from it, so that a PUT
 * carrying a VTIMEZONE seen before costs a map lookup, not a serialisation of the component (which ical4j makes
 * slow).
 */
final class ParsedCalendar extends Calendar {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> definitionTexts;

    ParsedCalendar(Calendar parsed, Map<String, String> definitionTexts) {
        super(parsed.getPropertyList(), parsed.getComponentList());
        this.definitionTexts = Map.copyOf(definitionTexts);
    }

    /** The observances of the VTIMEZONE with this TZID as received, or {@code null}. */
    String definitionText(String tzid) {
        return definitionTexts.get(tzid);
    }
}
