package io.calroom.ical.tree;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.CalendarTimeZones;
import io.calroom.ical.ComponentTypes;
import io.calroom.ical.tree.IcalTree.Component;
import io.calroom.ical.tree.IcalTree.Line;

import net.fortuna.ical4j.model.Calendar;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One iCalendar text as an {@link IcalTree}, with the scheduling views this package needs: its VEVENT/VTODO/VJOURNAL
 * components by instance key, its VTIMEZONEs, and TZID resolution through {@link CalendarTimeZones} (the object's
 * VTIMEZONE for that TZID when it has one, as the expander reads it, RFC 5545 §3.6.5; otherwise an IANA name
 * directly; never ical4j's registry).
 */
public final class CalendarObjectTree {

    public static final CalendarObjectParser PARSER = new CalendarObjectParser(CalendarObjectLimits.defaults());
    public static final DateTimeFormatter UTC_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
    public static final DateTimeFormatter LOCAL_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);
    public static final DateTimeFormatter DATE_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(?:T(\\d{2})(\\d{2})(\\d{2})(Z)?)?");

    public final IcalTree.Component root;
    private final String text;
    private CalendarTimeZones zones;
    private final Map<String, ZoneRules> rulesCache = new HashMap<>();

    private CalendarObjectTree(IcalTree.Component root, String text) {
        this.root = root;
        this.text = text;
    }

    /** Parses text already accepted by the server; {@link IllegalArgumentException} if it is no VCALENDAR. */
    public static CalendarObjectTree parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty iCalendar text");
        IcalTree.Component root;
        try {
            root = IcalTree.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not iCalendar text: " + e.getMessage(), e);
        }
        if (!root.name().equals("VCALENDAR")) throw new IllegalArgumentException("not a VCALENDAR: " + root.name());
        return new CalendarObjectTree(root, text);
    }

    /** Parses with the project parser first, so that invalid data is a {@link CalendarDataException}. */
    public static CalendarObjectTree parseChecked(String text) throws CalendarDataException {
        if (text == null) throw new CalendarDataException(
                io.calroom.ical.CalDavPrecondition.VALID_CALENDAR_DATA, "no iCalendar text");
        Calendar calendar = PARSER.parse(text.getBytes(StandardCharsets.UTF_8));
        CalendarObjectTree doc = parse(text);
        doc.zones = PARSER.timeZones(calendar);
        return doc;
    }

    public String text() {
        return root.text();
    }

    // ---- components -------------------------------------------------------------------------------------------

    public List<Component> items() {
        List<Component> out = new ArrayList<>();
        for (Component c : root.children()) if (ComponentTypes.isItem(c.name())) out.add(c);
        return out;
    }

    public List<Component> timezones() {
        List<Component> out = new ArrayList<>();
        for (Component c : root.children()) if (c.name().equals("VTIMEZONE")) out.add(c);
        return out;
    }

    public Component master() {
        for (Component c : items()) if (c.line("RECURRENCE-ID") == null) return c;
        return null;
    }

    /** Components by instance key ("" for the master), in document order. */
    public Map<String, Component> byKey() {
        Map<String, Component> out = new LinkedHashMap<>();
        for (Component c : items()) out.putIfAbsent(key(c), c);
        return out;
    }

    public String key(Component c) {
        Line rid = c.line("RECURRENCE-ID");
        return rid == null ? "" : key(ContentLine.of(rid));
    }

    public String uid() {
        for (Component c : items()) {
            Line l = c.line("UID");
            if (l != null) return l.value().trim();
        }
        return null;
    }

    public String componentType() {
        List<Component> items = items();
        return items.isEmpty() ? "VEVENT" : items.get(0).name();
    }

    // ---- time ---------------------------------------------------------------------------------------------------

    /** A DATE or DATE-TIME value as written. */
    public record DateTime(boolean date, LocalDateTime local, boolean utc, String tzid) {
        public boolean floating() {
            return !date && !utc && tzid == null;
        }
    }

    public static DateTime parseValue(String value, String tzid) {
        String v = value.trim();
        int slash = v.indexOf('/');
        if (slash >= 0) v = v.substring(0, slash); // PERIOD: its start
        return read(v, value, tzid, true);
    }

    /**
     * A DATE ({@code yyyyMMdd}) or DATE-TIME ({@code yyyyMMdd'T'HHmmss}, with {@code Z} for UTC) value, trimmed and
     * exactly in that form: no PERIOD, seconds 00-59. A local DATE-TIME comes back floating (no TZID).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static DateTime parseExact(String value) {
        return read(value.trim(), value, null, false);
    }

    private static DateTime read(String v, String value, String tzid, boolean clampLeapSecond) {
        Matcher m = DATE_TIME.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("not a DATE or DATE-TIME: \"" + value + "\"");
        try {
            LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            if (m.group(4) == null) return new DateTime(true, d.atStartOfDay(), false, null);
            LocalDateTime local = d.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    clampLeapSecond ? Math.min(59, Integer.parseInt(m.group(6))) : Integer.parseInt(m.group(6)));
            if (m.group(7) != null) return new DateTime(false, local, true, null);
            String zone = tzid == null || tzid.isBlank() ? null : tzid.trim();
            return new DateTime(false, local, false, zone);
        } catch (DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException("not a DATE or DATE-TIME: \"" + value + "\"", e);
        }
    }

    /** The values of a DATE/DATE-TIME property (EXDATE and RDATE may list several). */
    public static List<DateTime> values(ContentLine p) {
        List<DateTime> out = new ArrayList<>();
        for (String v : p.value().split(",")) {
            if (!v.isBlank()) out.add(parseValue(v, p.param("TZID")));
        }
        return out;
    }

    public static DateTime value(ContentLine p) {
        return parseValue(p.value(), p.param("TZID"));
    }

    public ZoneRules rules(String tzid) {
        ZoneRules cached = rulesCache.get(tzid);
        if (cached != null) return cached;
        ZoneRules rules;
        Optional<ZoneId> iana = CalendarTimeZones.ianaZone(tzid);
        if (iana.isPresent() && zones == null && !hasTimezone(tzid)) {
            rules = iana.get().getRules();
        } else {
            try {
                if (zones == null) {
                    zones = PARSER.timeZones(PARSER.parse(timezonesOnly().getBytes(StandardCharsets.UTF_8)));
                }
                rules = zones.rules(tzid);
            } catch (CalendarDataException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        rulesCache.put(tzid, rules);
        return rules;
    }

    /** Whether the object carries a VTIMEZONE with this TZID (which then defines it, RFC 5545 §3.6.5). */
    private boolean hasTimezone(String tzid) {
        String wanted = stripQuotes(tzid);
        for (Component c : timezones()) {
            Line id = c.line("TZID");
            if (id != null && stripQuotes(id.value()).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String stripQuotes(String v) {
        String t = v.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1).trim() : t;
    }

    /** A VCALENDAR with only this object's VTIMEZONEs: all that resolving its TZIDs needs parsed. */
    private String timezonesOnly() {
        IcalTree.Component cal = new IcalTree.Component("VCALENDAR");
        cal.lines().add(ContentLine.of("VERSION", "2.0").line());
        cal.lines().add(ContentLine.of("PRODID", "-//Calroom//time zones//EN").line());
        cal.children().addAll(timezones());
        return cal.text();
    }

    /** DATE and floating values are read in UTC: they only need to compare equal to themselves. */
    public Instant instant(DateTime v) {
        if (v.date() || v.utc() || v.tzid() == null) return v.local().toInstant(ZoneOffset.UTC);
        return CalendarTimeZones.toInstant(v.local(), rules(v.tzid()));
    }

    /** The instance key of a value: yyyyMMdd for a DATE, else the UTC date-time. */
    public String key(DateTime v) {
        if (v.date()) return v.local().format(DATE_FORMAT);
        return UTC_FORMAT.format(instant(v).atOffset(ZoneOffset.UTC));
    }

    public String key(ContentLine p) {
        return key(value(p));
    }

    public Set<String> keys(Component c, String propertyName) {
        Set<String> out = new LinkedHashSet<>();
        for (Line l : c.lines()) {
            if (l.name().equals(propertyName)) {
                ContentLine p = ContentLine.of(l);
                for (DateTime v : values(p)) out.add(key(v));
            }
        }
        return out;
    }

    /** A canonical text for a zone: the IANA id when the TZID names one, else the TZID. */
    public static String canonicalZone(String tzid) {
        return CalendarTimeZones.ianaZone(tzid).map(ZoneId::getId).orElse(tzid);
    }

    public static boolean isDateKey(String key) {
        return key.length() == 8;
    }

    public static Instant keyInstant(String key) {
        if (isDateKey(key)) return LocalDate.parse(key, DATE_FORMAT).atStartOfDay().toInstant(ZoneOffset.UTC);
        return LocalDateTime.parse(key, UTC_FORMAT).toInstant(ZoneOffset.UTC);
    }

    /**
     * A property {@code name} whose value is the instance {@code key} written in the form of {@code template} (the
     * master's DTSTART): same TZID, DATE or UTC or floating.
     */
    public ContentLine propertyLike(String name, ContentLine template, String key) {
        if (isDateKey(key)) return ContentLine.of(name, key).with("VALUE", "DATE");
        Instant at = keyInstant(key);
        DateTime t = template == null ? null : value(template);
        if (t == null || t.utc() || t.date()) return ContentLine.of(name, UTC_FORMAT.format(at.atOffset(ZoneOffset.UTC)));
        if (t.floating()) return ContentLine.of(name, LOCAL_FORMAT.format(at.atOffset(ZoneOffset.UTC)));
        ZoneRules r = rules(t.tzid());
        LocalDateTime local = LocalDateTime.ofInstant(at, r.getOffset(at));
        return ContentLine.of(name, LOCAL_FORMAT.format(local)).with("TZID", template.param("TZID"));
    }

    public static String stamp(Instant now) {
        return UTC_FORMAT.format(now.atOffset(ZoneOffset.UTC));
    }

    // ---- line editing helpers ----------------------------------------------------------------------------------

    public static void removeLines(Component c, String name) {
        c.lines().removeIf(l -> l.name().equals(name));
    }

    /** Replaces the first line named {@code p.name()} (removing others), or inserts it after UID / at the end. */
    public static void setLine(Component c, ContentLine p) {
        List<Line> lines = c.lines();
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).name().equals(p.name())) {
                if (at < 0) {
                    at = i;
                    lines.set(i, p.line());
                } else {
                    lines.remove(i--);
                }
            }
        }
        if (at < 0) {
            int uid = -1;
            for (int i = 0; i < lines.size(); i++) if (lines.get(i).name().equals("UID")) uid = i;
            lines.add(uid < 0 ? lines.size() : uid + 1, p.line());
        }
    }

    /** TZIDs referred to by the lines of {@code c} and its subcomponents. */
    public static void tzids(Component c, Set<String> out) {
        for (Line l : c.lines()) {
            String raw = l.raw();
            if (raw.toUpperCase(Locale.ROOT).contains("TZID=")) {
                String tzid = ContentLine.of(l).param("TZID");
                if (tzid != null) out.add(tzid);
            }
        }
        for (Component child : c.children()) tzids(child, out);
    }

    public static String tzidOf(Component vtimezone) {
        Line l = vtimezone.line("TZID");
        return l == null ? null : l.value().trim();
    }
}
