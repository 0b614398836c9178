package io.calroom.ical;

import net.fortuna.ical4j.data.ContentHandler;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Passes the parser's events on to ical4j's content handler and checks, as written, the values that the server
 * interprets in VEVENT, VTODO and VJOURNAL: DATE/DATE-TIME (RFC 5545 §3.3.4, §3.3.5), PERIOD (§3.3.9), DURATION
 * (§3.3.6) and RECUR (§3.3.10, {@link RecurrenceRule}). ical4j resolves some invalid dates leniently (20240230 becomes 20240229); here they are refused.
 * <p>
 * When asked to ({@code checkText}, for data a client writes), it also checks the TEXT values (RFC 5545 §3.3.11) of
 * the human-readable text properties of every component ({@link #TEXT_PROPERTIES}): a backslash must be followed by
 * one of {@code \\ \; \, \n \N}, and no control character other than HTAB may occur. Nothing else is refused (an
 * unescaped comma or semicolon, which many clients write, is kept), and X- properties, URIs and other value types
 * are not looked at.
 */
final class StrictValueHandler implements ContentHandler {

    private static final Set<String> CHECKED_COMPONENTS = ComponentTypes.ITEMS;
    /**
     * Every date property of these components: the ones ical4j no longer parses ({@link VerbatimDateProperty#NAMES},
     * checked only here) and RDATE. Derived from that list, so a name kept verbatim cannot go unchecked.
     */
    private static final Set<String> DATE_PROPERTIES = Stream.concat(VerbatimDateProperty.NAMES.stream(),
            Stream.of("RDATE")).collect(Collectors.toUnmodifiableSet());

    /** TEXT-valued properties whose values {@code checkText} checks (RFC 5545 §3.8.1, §3.8.3.2, §3.8.4.2). */
    static final Set<String> TEXT_PROPERTIES = Set.of("SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CONTACT",
            "CATEGORIES", "RESOURCES", "TZNAME");

    /** The properties of a VTIMEZONE observance that its rules depend on (RFC 5545 §3.6.5). */
    private static final Set<String> RULE_PROPERTIES = Set.of("DTSTART", "TZOFFSETFROM", "TZOFFSETTO", "RRULE",
            "RDATE");

    /** An invalid value; the parser reports it as VALID_CALENDAR_DATA. */
    static final class InvalidValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidValueException(String message) {
            super(message);
        }
    }

    private final ContentHandler delegate;
    private final boolean checkText;
    private final Deque<String> components = new ArrayDeque<>();
    private String property;
    private String value;
    private String valueParameter;
    private final StringBuilder parameters = new StringBuilder();
    /** The VTIMEZONE being read: its TZID and the text of its observances' rule properties. */
    private String timezoneId;
    private StringBuilder timezoneText;
    private final Map<String, String> timezoneTexts = new HashMap<>();

    StrictValueHandler(ContentHandler delegate, boolean checkText) {
        this.delegate = delegate;
        this.checkText = checkText;
    }

    /** Whether the property being read sits directly in a VEVENT, VTODO or VJOURNAL. */
    boolean inEventComponent() {
        String component = components.peek();
        return component != null && CHECKED_COMPONENTS.contains(component);
    }

    @Override
    public void startCalendar() {
        delegate.startCalendar();
    }

    @Override
    public void endCalendar() throws IOException {
        delegate.endCalendar();
    }

    /**
     * The observances of each VTIMEZONE read, by TZID: BEGIN/END lines and their DTSTART, TZOFFSETFROM, TZOFFSETTO,
     * RRULE and RDATE as received, the properties the rules are built from (names, TZNAME, LAST-MODIFIED, ... left
     * out, so that the same zone sent by different clients shares its rules).
     */
    Map<String, String> timezoneTexts() {
        return timezoneTexts;
    }

    @Override
    public void startComponent(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        components.push(upper);
        if (upper.equals("VTIMEZONE")) {
            timezoneText = new StringBuilder(512);
            timezoneId = null;
        } else if (timezoneText != null) {
            timezoneText.append("BEGIN:").append(upper).append('\n');
        }
        delegate.startComponent(name);
    }

    @Override
    public void endComponent(String name) {
        String upper = components.poll();
        if (timezoneText != null) {
            if ("VTIMEZONE".equals(upper)) {
                if (timezoneId != null) {
                    timezoneTexts.putIfAbsent(timezoneId, timezoneText.toString());
                }
                timezoneText = null;
            } else {
                timezoneText.append("END:").append(upper).append('\n');
            }
        }
        delegate.endComponent(name);
    }

    @Override
    public void startProperty(String name) {
        property = name.toUpperCase(Locale.ROOT);
        value = null;
        valueParameter = null;
        parameters.setLength(0);
        delegate.startProperty(name);
    }

    @Override
    public void propertyValue(String propertyValue) {
        value = propertyValue;
        delegate.propertyValue(propertyValue);
    }

    @Override
    public void parameter(String name, String parameterValue) {
        if ("VALUE".equalsIgnoreCase(name)) {
            valueParameter = CalendarTimeZones.unquote(parameterValue);
        }
        if (timezoneText != null) {
            parameters.append(';').append(name.toUpperCase(Locale.ROOT)).append('=').append(parameterValue);
        }
        delegate.parameter(name, parameterValue);
    }

    @Override
    public void endProperty(String name) {
        if (property != null && inEventComponent()) {
            check(property, value == null ? "" : value.trim());
        }
        if (timezoneText != null && property != null) {
            if (property.equals("TZID") && "VTIMEZONE".equals(components.peek())) {
                timezoneId = CalendarTimeZones.unquote(value == null ? "" : value);
            } else if (RULE_PROPERTIES.contains(property) && !"VTIMEZONE".equals(components.peek())) {
                timezoneText.append(property).append(parameters).append(':').append(value).append('\n');
            }
        }
        if (checkText && property != null && TEXT_PROPERTIES.contains(property)
                && (valueParameter == null || valueParameter.equalsIgnoreCase("TEXT"))) {
            checkText(property, value == null ? "" : value);
        }
        delegate.endProperty(name);
    }

    /**
     * The control characters of the TEXT properties in {@code text} (the body, folded): ical4j's parser drops them
     * from the values it hands on, so they are looked for in the lines as received. Cheap: only a line holding a
     * control character other than HTAB is looked at further.
     */
    static void checkControlCharacters(String text) {
        int n = text.length();
        int i = 0;
        int logicalStart = 0;
        while (i < n) {
            int end = i;
            while (end < n && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
                end++;
            }
            if (i == end || (text.charAt(i) != ' ' && text.charAt(i) != '\t')) {
                logicalStart = i; // not a folded continuation: a content line of its own
            }
            for (int j = i; j < end; j++) {
                char c = text.charAt(j);
                if ((c < 0x20 && c != '\t') || c == 0x7F) {
                    String property = nameAt(text, logicalStart);
                    if (TEXT_PROPERTIES.contains(property)) {
                        throw new InvalidValueException(property + " contains the control character U+"
                                + String.format(Locale.ROOT, "%04X", (int) c) + " (RFC 5545 §3.3.11)");
                    }
                    break;
                }
            }
            i = end;
            while (i < n && (text.charAt(i) == '\r' || text.charAt(i) == '\n')) {
                i++;
            }
        }
    }

    /** The property name of the content line starting at {@code start}. */
    private static String nameAt(String text, int start) {
        int end = start;
        while (end < text.length() && ":;\r\n".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(start, end).trim().toUpperCase(Locale.ROOT);
    }

    /** RFC 5545 §3.3.11: ESCAPED-CHAR = ("\\\\" / "\\;" / "\\," / "\\N" / "\\n"), no CONTROL but HTAB. */
    static void checkText(String name, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                if (next != '\\' && next != ';' && next != ',' && next != 'n' && next != 'N') {
                    throw new InvalidValueException(name + " has an invalid escape \"\\" + (next == 0 ? "" : next)
                            + "\" at position " + (i + 1) + "; a TEXT value may only escape \\\\ \\; \\, \\n \\N"
                            + " (RFC 5545 §3.3.11)");
                }
                i++;
            } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new InvalidValueException(name + " contains the control character U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + " (RFC 5545 §3.3.11)");
            }
        }
    }

    private void check(String name, String text) {
        try {
            if (name.equals("DURATION")) {
                IcalDuration.parse(text, name);
            } else if (name.equals("RRULE")) {
                RecurrenceRule.parse(text);
            } else if (DATE_PROPERTIES.contains(name)) {
                boolean list = name.equals("EXDATE") || name.equals("RDATE");
                boolean period = "PERIOD".equalsIgnoreCase(valueParameter);
                for (String item : list ? text.split(",", -1) : new String[] {text}) {
                    if (period) {
                        checkPeriod(name, item.trim());
                    } else {
                        DateTimeValue.parse(item, null, valueParameter, name);
                    }
                }
            }
        } catch (CalendarDataException e) {
            throw new InvalidValueException(e.getMessage());
        }
    }

    private void checkPeriod(String name, String item) throws CalendarDataException {
        int slash = item.indexOf('/');
        if (slash < 0) {
            throw CalendarDataException.invalidData(name + " has an invalid PERIOD value \"" + item + "\"");
        }
        DateTimeValue.parse(item.substring(0, slash), null, null, name);
        String end = item.substring(slash + 1);
        if (end.startsWith("P") || end.startsWith("+") || end.startsWith("-")) {
            IcalDuration.parse(end, name);
        } else {
            DateTimeValue.parse(end, null, null, name);
        }
    }
}
