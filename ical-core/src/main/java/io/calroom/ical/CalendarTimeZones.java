package io.calroom.ical;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.ZoneRulesBuilder;
import net.fortuna.ical4j.model.component.VTimeZone;

/**
 * Resolves the TZIDs of one iCalendar object to {@link ZoneRules} (RFC 5545 §3.2.19, §3.6.5), without ical4j's
 * global time-zone registry (whose pool of 1500 zone ids runs out on long runs: "Ran out of available zone IDs").
 * <p>
 * Order of resolution for a TZID:
 * <ol>
 * <li>a VTIMEZONE in the object with that TZID: rules are built from its observances, also when the TZID is an IANA
 *     name (RFC 5545 §3.6.5: the VTIMEZONE "defines" the time zone the TZID refers to; RFC 4791 §4.1 requires it in
 *     the object). The rules are cached by the observances' text as received ({@link ParsedCalendar}), so the
 *     VTIMEZONE that a client sends with every object is built once. Only when the definition cannot be interpreted
 *     and the TZID (or its X-LIC-LOCATION) names an IANA zone is the tz database used instead;</li>
 * <li>an IANA zone name, also when prefixed as Lightning/libical do ({@code /mozilla.org/20050126_1/Europe/Berlin},
 *     {@code /freeassociation.sourceforge.net/Tzfile/Europe/Berlin}): the JDK's tzdata rules;</li>
 * <li>a Windows zone name (Outlook/Exchange) without VTIMEZONE: the CLDR mapping to IANA;</li>
 * <li>otherwise the TZID is unknown: {@link CalDavPrecondition#VALID_CALENDAR_DATA}.</li>
 * </ol>
 * Not thread-safe; create one per calendar object.
 */
public final class CalendarTimeZones {

    /** The JDK's region ids; immutable. */
    private static final Set<String> REGION_IDS = Set.copyOf(ZoneId.getAvailableZoneIds());

    private final Map<String, VTimeZone> definitions;
    private final ParsedCalendar parsed;
    private final VTimeZoneRulesCache cache;
    private final Map<String, ZoneRules> resolved = new HashMap<>();

    private CalendarTimeZones(Map<String, VTimeZone> definitions, ParsedCalendar parsed, VTimeZoneRulesCache cache) {
        this.definitions = definitions;
        this.parsed = parsed;
        this.cache = cache;
    }

    /** A resolver for the VTIMEZONEs of {@code calendar}, with no cache shared across objects. */
    public static CalendarTimeZones of(Calendar calendar) {
        return of(calendar, new VTimeZoneRulesCache(8));
    }

    static CalendarTimeZones of(Calendar calendar, VTimeZoneRulesCache cache) {
        Map<String, VTimeZone> definitions = new HashMap<>();
        for (Component component : calendar.getComponents(Component.VTIMEZONE)) {
            component.getProperty("TZID").ifPresent(tzid -> definitions.putIfAbsent(
                    unquote(tzid.getValue()), (VTimeZone) component));
        }
        return new CalendarTimeZones(definitions, calendar instanceof ParsedCalendar p ? p : null, cache);
    }

    /**
     * The zone a CALDAV:calendar-timezone value (RFC 4791 §5.2.2, a VCALENDAR with one VTIMEZONE) names, for use as
     * the floating zone: the IANA zone of its TZID (or X-LIC-LOCATION), else the IANA zone of a Windows name; empty
     * for a custom definition (then floating values are best read in UTC).
     */
    public static Optional<ZoneId> zoneOf(Calendar calendarTimezone) {
        for (Component component : calendarTimezone.getComponents(Component.VTIMEZONE)) {
            Optional<String> tzid = component.getProperty("TZID").map(p -> unquote(p.getValue()));
            Optional<ZoneId> zone = tzid.flatMap(CalendarTimeZones::ianaZone)
                    .or(() -> component.getProperty("X-LIC-LOCATION").flatMap(p -> ianaZone(p.getValue())))
                    .or(() -> tzid.flatMap(WindowsZoneNames::lookup));
            if (zone.isPresent()) {
                return zone;
            }
        }
        return Optional.empty();
    }

    /** The rules for {@code tzid}, or {@link CalDavPrecondition#VALID_CALENDAR_DATA} if it names no known zone. */
    public ZoneRules rules(String tzid) throws CalendarDataException {
        String key = unquote(tzid);
        ZoneRules rules = resolved.get(key);
        if (rules == null) {
            rules = resolve(key);
            resolved.put(key, rules);
        }
        return rules;
    }

    private ZoneRules resolve(String tzid) throws CalendarDataException {
        Optional<ZoneId> iana = ianaZone(tzid);
        VTimeZone definition = definitions.get(tzid);
        if (definition != null) {
            try {
                return rulesOf(tzid, definition);
            } catch (CalendarDataException e) {
                Optional<ZoneId> known = iana.or(() -> definition.getProperty("X-LIC-LOCATION")
                        .flatMap(p -> ianaZone(p.getValue())));
                if (known.isPresent()) {
                    return known.get().getRules(); // an unusable definition of a well-known zone
                }
                throw e;
            }
        }
        if (iana.isPresent()) {
            return iana.get().getRules();
        }
        Optional<ZoneId> windows = WindowsZoneNames.lookup(tzid);
        if (windows.isPresent()) {
            return windows.get().getRules();
        }
        throw CalendarDataException.invalidData("TZID \"" + tzid
                + "\" names neither a VTIMEZONE in the object nor a known time zone (RFC 5545 §3.2.19)");
    }

    private ZoneRules rulesOf(String tzid, VTimeZone definition) throws CalendarDataException {
        String text = parsed == null ? null : parsed.definitionText(tzid);
        String key = text != null ? text : observancesText(definition);
        try {
            return cache.get(key, () -> {
                if (definition.getObservances().isEmpty()) {
                    throw new IllegalArgumentException("it has no STANDARD or DAYLIGHT observance");
                }
                return new ZoneRulesBuilder().vTimeZone(definition).build();
            });
        } catch (RuntimeException e) {
            throw CalendarDataException.invalidData("VTIMEZONE \"" + tzid + "\" cannot be interpreted: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The same text as {@link StrictValueHandler#timezoneTexts()} gives, from the ical4j component (slower: its
     * values are formatted again), for calendars that were not read by {@link CalendarObjectParser}.
     */
    private static String observancesText(VTimeZone definition) {
        StringBuilder sb = new StringBuilder(512);
        for (Component observance : definition.getObservances()) {
            String name = observance.getName().toUpperCase(Locale.ROOT);
            sb.append("BEGIN:").append(name).append('\n');
            for (net.fortuna.ical4j.model.Property p : observance.getProperties()) {
                String property = p.getName().toUpperCase(Locale.ROOT);
                if (!OBSERVANCE_RULE_PROPERTIES.contains(property)) {
                    continue;
                }
                sb.append(property);
                for (net.fortuna.ical4j.model.Parameter parameter : p.getParameterList().getAll()) {
                    sb.append(';').append(parameter.getName().toUpperCase(Locale.ROOT)).append('=')
                            .append(parameter.getValue());
                }
                sb.append(':').append(p.getValue()).append('\n');
            }
            sb.append("END:").append(name).append('\n');
        }
        return sb.toString();
    }

    private static final Set<String> OBSERVANCE_RULE_PROPERTIES = Set.of("DTSTART", "TZOFFSETFROM", "TZOFFSETTO",
            "RRULE", "RDATE");

    /**
     * The IANA zone a TZID names: the name itself ({@code Europe/Berlin}, {@code UTC}, {@code US/Eastern}) or its
     * trailing path segments ({@code /mozilla.org/20050126_1/America/Argentina/Buenos_Aires}).
     */
    public static Optional<ZoneId> ianaZone(String tzid) {
        String name = unquote(tzid);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<ZoneId> direct = zoneIdOf(name);
        if (direct.isPresent() || name.indexOf('/') < 0) {
            return direct;
        }
        String[] segments = name.split("/");
        for (int take = Math.min(3, segments.length); take >= 1; take--) {
            String candidate = String.join("/", List.of(segments).subList(segments.length - take, segments.length));
            Optional<ZoneId> zone = zoneIdOf(candidate);
            if (zone.isPresent()) {
                return zone;
            }
        }
        return Optional.empty();
    }

    private static Optional<ZoneId> zoneIdOf(String name) {
        if (!name.contains("/") && !REGION_IDS.contains(name)
                && !name.toUpperCase(Locale.ROOT).equals("Z")) {
            // ZoneId.of also accepts offsets like "+01:00" and prefixes like "UTC+1": only accept real region ids
            // (plus "UTC", "GMT", "EST", ... which are in the available set).
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(name));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Converts a local date-time in a zone to an instant as RFC 5545 §3.3.5 says: a local time that occurs twice
     * (end of DST) means the first occurrence, a local time that does not occur (start of DST) is read with the
     * offset before the gap.
     */
    public static Instant toInstant(LocalDateTime local, ZoneRules rules) {
        ZoneOffsetTransition transition = rules.getTransition(local);
        ZoneOffset offset = transition != null ? transition.getOffsetBefore() : rules.getOffset(local);
        return local.toInstant(offset);
    }

    static String unquote(String value) {
        String v = value.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1).trim();
        }
        return v;
    }
}
