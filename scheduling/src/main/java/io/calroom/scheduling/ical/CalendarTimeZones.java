package io.calroom.scheduling.ical;

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
 * global time-zone registry (whose zone-id pool runs out, see STACK-NOTES §5).
 * <p>
 * Order of resolution for a TZID:
 * <ol>
 * <li>an IANA zone name, also when prefixed as Lightning/libical do ({@code /mozilla.org/20050126_1/Europe/Berlin},
 *     {@code /freeassociation.sourceforge.net/Tzfile/Europe/Berlin}), or a VTIMEZONE whose X-LIC-LOCATION is one:
 *     the JDK's tzdata rules are used and an embedded VTIMEZONE is ignored (fast path; clients copy their VTIMEZONE
 *     from the same tzdata);</li>
 * <li>a VTIMEZONE in the object with that TZID: rules are built from its observances (cached by definition);</li>
 * <li>a Windows zone name (Outlook/Exchange) without VTIMEZONE: the CLDR mapping to IANA;</li>
 * <li>otherwise the TZID is unknown: {@link CalDavPrecondition#VALID_CALENDAR_DATA}.</li>
 * </ol>
 * Not thread-safe; create one per calendar object.
 */
public final class CalendarTimeZones {

    /** The JDK's region ids; immutable. */
    private static final Set<String> REGION_IDS = Set.copyOf(ZoneId.getAvailableZoneIds());

    private final Map<String, VTimeZone> definitions;
    private final VTimeZoneRulesCache cache;
    private final Map<String, ZoneRules> resolved = new HashMap<>();

    private CalendarTimeZones(Map<String, VTimeZone> definitions, VTimeZoneRulesCache cache) {
        this.definitions = definitions;
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
        return new CalendarTimeZones(definitions, cache);
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
        if (iana.isEmpty() && definition != null) {
            iana = definition.getProperty("X-LIC-LOCATION").flatMap(p -> ianaZone(p.getValue()));
        }
        if (iana.isPresent()) {
            return iana.get().getRules();
        }
        if (definition != null) {
            return rulesOf(tzid, definition);
        }
        Optional<ZoneId> windows = WindowsZoneNames.lookup(tzid);
        if (windows.isPresent()) {
            return windows.get().getRules();
        }
        throw CalendarDataException.invalidData("TZID \"" + tzid
                + "\" names neither a VTIMEZONE in the object nor a known time zone (RFC 5545 §3.2.19)");
    }

    private ZoneRules rulesOf(String tzid, VTimeZone definition) throws CalendarDataException {
        try {
            return cache.get(definition.toString(), () -> new ZoneRulesBuilder().vTimeZone(definition).build());
        } catch (RuntimeException e) {
            throw CalendarDataException.invalidData("VTIMEZONE \"" + tzid + "\" cannot be interpreted: "
                    + e.getMessage(), e);
        }
    }

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
