package io.calroom.ical;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.PropertyFactory;
import net.fortuna.ical4j.validate.ValidationResult;

/**
 * A DATE or DATE-TIME property of an event, to-do or journal kept as the text that was received; likewise its RRULE
 * and DURATION ({@link #VALUE_NAMES}), which {@link RecurrenceRule} and {@link IcalDuration} read: ical4j's
 * {@code Recur} counts weeks in the JVM's default locale, and its {@code Duration} refuses {@code P1DT}.
 * <p>
 * The server reads these values itself ({@link DateTimeValue}, resolving TZIDs through {@link CalendarTimeZones}),
 * so ical4j's typed date properties only cost time: each one parsed its value on the way in and formatted it again
 * for {@link #getValue()}, and resolved its TZID through ical4j's global zone registry each time (a large share of a
 * PUT's CPU in a JFR profile). RDATE stays ical4j's (its PERIOD values are read typed), and so do the date properties of VTIMEZONE
 * observances, which ical4j's {@code ZoneRulesBuilder} reads typed.
 */
final class VerbatimDateProperty extends Property {
    private static final long serialVersionUID = 1L;

    /** RFC 5545 date-valued properties of VEVENT, VTODO and VJOURNAL, except RDATE. */
    static final Set<String> NAMES = Set.of("DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "DTSTAMP",
            "CREATED", "LAST-MODIFIED", "COMPLETED");

    /** The RECUR and DURATION properties of VEVENT, VTODO and VJOURNAL, kept as text (checked by StrictValueHandler). */
    static final Set<String> VALUE_NAMES = Set.of("RRULE", "DURATION");

    private String value;

    private VerbatimDateProperty(String name, ParameterList parameters, String value) {
        super(name, parameters);
        this.value = value;
    }

    @Override
    public String getValue() {
        return value;
    }

    @Override
    public void setValue(String aValue) {
        this.value = aValue;
    }

    @Override
    public ValidationResult validate() {
        return ValidationResult.EMPTY; // checked as written by StrictValueHandler and CalendarObjectValidator
    }

    @Override
    protected PropertyFactory<?> newFactory() {
        return new Factory(getName(), () -> true);
    }

    /**
     * Makes the verbatim property of one name while {@code inEventComponent} says the parser is directly inside a
     * VEVENT, VTODO or VJOURNAL; elsewhere ical4j's own factory for the name takes over.
     */
    static final class Factory implements PropertyFactory<VerbatimDateProperty> {
        private static final long serialVersionUID = 1L;

        private final String name;
        private final transient BooleanSupplier inEventComponent;

        Factory(String name, BooleanSupplier inEventComponent) {
            this.name = name;
            this.inEventComponent = inEventComponent;
        }

        /** One factory per name in {@link #NAMES} and {@link #VALUE_NAMES}, all asking {@code inEventComponent}. */
        static List<PropertyFactory<?>> all(BooleanSupplier inEventComponent) {
            List<PropertyFactory<?>> factories = new ArrayList<>(NAMES.size() + VALUE_NAMES.size());
            for (String name : NAMES) factories.add(new Factory(name, inEventComponent));
            for (String name : VALUE_NAMES) factories.add(new Factory(name, inEventComponent));
            return factories;
        }

        @Override
        public boolean supports(String propertyName) {
            return name.equalsIgnoreCase(propertyName) && inEventComponent.getAsBoolean();
        }

        @Override
        public VerbatimDateProperty createProperty() {
            return new VerbatimDateProperty(name, new ParameterList(), "");
        }

        @Override
        public VerbatimDateProperty createProperty(ParameterList parameters, String value) {
            return new VerbatimDateProperty(name, parameters, value);
        }
    }
}
