package io.calroom.principal.directory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns untrusted policy input into a {@link ResourcePolicy} or a list of {@link FieldError}s. A pure
 * function: no database, no clock, no I/O. The input is a map of field name to raw value as a JSON
 * body or a WebDAV PROPPATCH would give it: {@code String}, {@code Number}, {@code Boolean},
 * {@code List}, {@code Map} or {@code null}.
 *
 * <p>Fields are named in camelCase ({@code autoScheduleMode}); the kebab-case spelling of the DAV
 * properties ({@code auto-schedule-mode}) is accepted too, and errors name the field as it was given.
 * Keys that are not policy fields are ignored (the caller decides whether they are allowed). A field
 * that is absent keeps the base policy's value; a field given as {@code null} goes back to the
 * default of {@link ResourcePolicy#DEFAULT}.
 *
 * <p>Values arriving as text (DAV) are accepted where unambiguous: numbers and booleans as strings,
 * lists as a JSON array of strings or comma-separated, working hours as
 * {@code "MO-FR 08:00-18:00; SA 10:00-14:00"}.
 */
public final class ResourcePolicyValidator {
    public static final int MAX_CAPACITY = 100_000;
    public static final int MAX_LOCATION_LENGTH = 500;
    public static final int MAX_LIST_ITEMS = 50;
    public static final int MAX_EQUIPMENT_LENGTH = 100;
    public static final int MAX_TAG_LENGTH = 64;
    public static final int MAX_MULTIPLE_BOOKINGS = 1000;
    public static final int MAX_WORKING_HOURS = 50;
    /** About ten years: longer windows or durations are certainly mistakes. */
    public static final Duration MAX_DURATION = Duration.ofDays(3660);

    public static final String CAPACITY = "capacity";
    public static final String LOCATION = "location";
    public static final String EQUIPMENT = "equipment";
    public static final String TAGS = "tags";
    public static final String AUTO_SCHEDULE_MODE = "autoScheduleMode";
    public static final String RESTRICTED_ACCESS = "restrictedAccess";
    public static final String MULTIPLE_BOOKINGS = "multipleBookings";
    public static final String MAX_BOOKING_DURATION = "maxBookingDuration";
    public static final String BOOKING_WINDOW_START = "bookingWindowStart";
    public static final String BOOKING_WINDOW_END = "bookingWindowEnd";
    public static final String WORKING_HOURS = "workingHours";
    public static final String RECURRING_CONFLICTS = "recurringConflicts";
    public static final String TIMEZONE = "timezone";

    /** The policy fields, in camelCase. */
    public static final Set<String> FIELDS = Set.of(CAPACITY, LOCATION, EQUIPMENT, TAGS, AUTO_SCHEDULE_MODE,
            RESTRICTED_ACCESS, MULTIPLE_BOOKINGS, MAX_BOOKING_DURATION, BOOKING_WINDOW_START, BOOKING_WINDOW_END,
            WORKING_HOURS, RECURRING_CONFLICTS, TIMEZONE);

    private static final Pattern TAG = Pattern.compile("^[^\\p{Cntrl},]+$");
    private static final Pattern TIME = Pattern.compile("^([01]\\d|2[0-4]):([0-5]\\d)(?::([0-5]\\d))?$");
    private static final Pattern HOURS_ENTRY = Pattern.compile("^\\s*([A-Za-z,\\s-]+?)\\s+(\\S+)\\s*-\\s*(\\S+)\\s*$");

    private ResourcePolicyValidator() {
    }

    /** The outcome: a valid policy, or the reasons it is not. */
    public sealed interface Result permits Valid, Invalid {
        default boolean isValid() {
            return this instanceof Valid;
        }
    }

    public record Valid(ResourcePolicy policy) implements Result {
    }

    public record Invalid(List<FieldError> errors) implements Result {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /** Validates a complete new policy: absent fields take their defaults. */
    public static Result validate(Map<String, ?> input) {
        return validate(input, ResourcePolicy.DEFAULT);
    }

    /** Validates a change of {@code base}: only the fields present in {@code input} change. */
    public static Result validate(Map<String, ?> input, ResourcePolicy base) {
        List<FieldError> errors = new ArrayList<>();
        ResourcePolicy.Builder b = base.toBuilder();
        ResourcePolicy d = ResourcePolicy.DEFAULT;
        for (Map.Entry<String, ?> e : input.entrySet()) {
            String given = e.getKey();
            Optional<String> canonical = canonical(given);
            if (canonical.isEmpty()) continue;
            Object v = e.getValue();
            Field f = new Field(given, errors);
            switch (canonical.get()) {
                case CAPACITY -> f.integer(v, 0, MAX_CAPACITY, true).ifPresent(c -> b.capacity(c.orElse(null)));
                case LOCATION -> f.text(v, MAX_LOCATION_LENGTH).ifPresent(s -> b.location(s.orElse(null)));
                case EQUIPMENT -> f.list(v, MAX_EQUIPMENT_LENGTH, null).ifPresent(b::equipment);
                case TAGS -> f.list(v, MAX_TAG_LENGTH, TAG).ifPresent(b::tags);
                case AUTO_SCHEDULE_MODE -> {
                    if (v == null) b.autoScheduleMode(d.autoScheduleMode());
                    else if (!(v instanceof String s)) f.error("must be a string");
                    else AutoScheduleMode.parse(s).ifPresentOrElse(b::autoScheduleMode,
                                () -> f.error("must be one of " + modes() + " (or none, meaning manual)"));
                }
                case RESTRICTED_ACCESS -> f.bool(v).ifPresent(x -> b.restrictedAccess(x.orElse(d.restrictedAccess())));
                case MULTIPLE_BOOKINGS -> f.integer(v, 1, MAX_MULTIPLE_BOOKINGS, true)
                        .ifPresent(x -> b.multipleBookings(x.orElse(d.multipleBookings())));
                case MAX_BOOKING_DURATION -> f.duration(v, false).ifPresent(x -> b.maxBookingDuration(x.orElse(null)));
                case BOOKING_WINDOW_START -> f.duration(v, false).ifPresent(x -> b.bookingWindowStart(x.orElse(null)));
                case BOOKING_WINDOW_END -> f.duration(v, true).ifPresent(x -> b.bookingWindowEnd(x.orElse(null)));
                case WORKING_HOURS -> f.workingHours(v).ifPresent(b::workingHours);
                case RECURRING_CONFLICTS -> {
                    if (v == null) b.recurringConflicts(d.recurringConflicts());
                    else if (!(v instanceof String s)) f.error("must be a string");
                    else RecurringConflicts.parse(s).ifPresentOrElse(b::recurringConflicts,
                                () -> f.error("must be per-occurrence or whole-series"));
                }
                case TIMEZONE -> {
                    if (v == null) b.timezone(d.timezone());
                    else if (!(v instanceof String s) || s.isBlank()) f.error("must be a time zone name such as Europe/Paris");
                    else zone(s.trim()).ifPresentOrElse(b::timezone, () -> f.error("is not a known time zone"));
                }
                default -> throw new IllegalStateException(canonical.get());
            }
        }
        if (errors.isEmpty() && b.bookingWindowStart() != null && b.bookingWindowEnd() != null
                && b.bookingWindowEnd().compareTo(b.bookingWindowStart()) >= 0) {
            String field = givenName(input, BOOKING_WINDOW_END).or(() -> givenName(input, BOOKING_WINDOW_START))
                    .orElse(BOOKING_WINDOW_END);
            errors.add(new FieldError(field, "the minimum notice must be shorter than bookingWindowStart (how far ahead)"));
        }
        if (!errors.isEmpty()) return new Invalid(errors);
        return new Valid(b.build());
    }

    private static Optional<String> givenName(Map<String, ?> input, String field) {
        return input.keySet().stream().filter(k -> canonical(k).filter(field::equals).isPresent()).findFirst();
    }

    /** The camelCase policy field a key names ({@code auto-schedule-mode} → {@code autoScheduleMode}), if any. */
    public static Optional<String> canonical(String key) {
        if (key == null) return Optional.empty();
        if (FIELDS.contains(key)) return Optional.of(key);
        if (!key.contains("-")) return Optional.empty();
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        String camel = sb.toString();
        return FIELDS.contains(camel) ? Optional.of(camel) : Optional.empty();
    }

    private static String modes() {
        StringBuilder sb = new StringBuilder();
        for (AutoScheduleMode m : AutoScheduleMode.values()) sb.append(sb.length() == 0 ? "" : ", ").append(m.value());
        return sb.toString();
    }

    private static Optional<ZoneId> zone(String s) {
        try {
            return Optional.of(ZoneId.of(s));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    // ---- working hours, also for the wire format ----

    /** The two-letter iCalendar code of a day: {@code MO} .. {@code SU}. */
    public static String dayCode(DayOfWeek d) {
        return d.name().substring(0, 2);
    }

    /** Parses {@code MO}..{@code SU} or an English day name, case-insensitively. */
    public static Optional<DayOfWeek> parseDay(String s) {
        String v = s.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (v.equals(dayCode(d)) || v.equals(d.name())) return Optional.of(d);
        }
        return Optional.empty();
    }

    /** {@code HH:mm}, or {@code HH:mm:ss} when there are seconds; the end of the day is {@code 24:00}. */
    public static String formatTime(LocalTime t) {
        if (WorkingHours.isEndOfDay(t)) return "24:00";
        return t.getSecond() == 0 ? String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute())
                : String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    }

    /** Working hours grouped for display: one entry per distinct interval, with the days that have it. */
    public record HoursGroup(List<DayOfWeek> days, LocalTime start, LocalTime end) {
    }

    public static List<HoursGroup> group(List<WorkingHours> hours) {
        Map<String, List<DayOfWeek>> byInterval = new java.util.LinkedHashMap<>();
        Map<String, WorkingHours> sample = new java.util.HashMap<>();
        hours.stream().sorted(java.util.Comparator.comparing(WorkingHours::start).thenComparing(WorkingHours::end)
                .thenComparing(WorkingHours::day)).forEach(h -> {
                    String key = h.start() + "-" + h.end();
                    byInterval.computeIfAbsent(key, k -> new ArrayList<>()).add(h.day());
                    sample.putIfAbsent(key, h);
                });
        List<HoursGroup> out = new ArrayList<>();
        byInterval.forEach((k, days) -> out.add(new HoursGroup(days, sample.get(k).start(), sample.get(k).end())));
        out.sort(java.util.Comparator.comparing((HoursGroup g) -> g.days().get(0)).thenComparing(HoursGroup::start));
        return out;
    }

    /** One field's checks, collecting errors under the field's given name. */
    private static final class Field {
        private final String name;
        private final List<FieldError> errors;

        Field(String name, List<FieldError> errors) {
            this.name = name;
            this.errors = errors;
        }

        void error(String message) {
            errors.add(new FieldError(name, message));
        }

        void error(String suffix, String message) {
            errors.add(new FieldError(name + suffix, message));
        }

        /** Empty when invalid; a present Optional holding empty when the value was null. */
        Optional<Optional<Integer>> integer(Object v, int min, int max, boolean nullable) {
            if (v == null) {
                if (nullable) return Optional.of(Optional.empty());
                error("is required");
                return Optional.empty();
            }
            BigInteger n = null;
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                n = BigInteger.valueOf(((Number) v).longValue());
            } else if (v instanceof BigInteger bi) {
                n = bi;
            } else if (v instanceof BigDecimal bd) {
                // range first: 1e30000000 would otherwise become a 30-million-digit integer (found by fuzzing)
                if (bd.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || bd.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
                    error("is out of range");
                    return Optional.empty();
                }
                // then the fraction: 1e-300000000 is in range, but toBigIntegerExact would divide by a
                // 300-million-digit power of ten (found by fuzzing); without trailing zeros a whole
                // number has no positive scale, and stripping costs no more than the digits given
                BigDecimal whole = bd.signum() == 0 ? BigDecimal.ZERO : bd.stripTrailingZeros();
                if (whole.scale() > 0) {
                    error("must be a whole number");
                    return Optional.empty();
                }
                n = whole.toBigIntegerExact();
            } else if (v instanceof Double || v instanceof Float) {
                double dv = ((Number) v).doubleValue();
                if (Double.isNaN(dv) || Double.isInfinite(dv) || dv != Math.rint(dv)) {
                    error("must be a whole number");
                    return Optional.empty();
                }
                n = BigDecimal.valueOf(dv).toBigInteger();
            } else if (v instanceof String s) {
                try {
                    n = new BigInteger(s.trim());
                } catch (NumberFormatException e) {
                    error("must be a whole number");
                    return Optional.empty();
                }
            } else {
                error("must be a whole number");
                return Optional.empty();
            }
            if (n.compareTo(BigInteger.valueOf(min)) < 0) {
                error(min == 0 ? "must not be negative" : "must be at least " + min);
                return Optional.empty();
            }
            if (n.compareTo(BigInteger.valueOf(max)) > 0) {
                error("must be at most " + max);
                return Optional.empty();
            }
            return Optional.of(Optional.of(n.intValueExact()));
        }

        Optional<Optional<Boolean>> bool(Object v) {
            if (v == null) return Optional.of(Optional.empty());
            if (v instanceof Boolean b) return Optional.of(Optional.of(b));
            if (v instanceof String s) {
                String t = s.trim().toLowerCase(Locale.ROOT);
                if (t.equals("true")) return Optional.of(Optional.of(true));
                if (t.equals("false")) return Optional.of(Optional.of(false));
            }
            error("must be true or false");
            return Optional.empty();
        }

        /** Free text, trimmed; blank counts as null. */
        Optional<Optional<String>> text(Object v, int maxLength) {
            if (v == null) return Optional.of(Optional.empty());
            if (!(v instanceof String s)) {
                error("must be a string");
                return Optional.empty();
            }
            String t = s.strip();
            if (t.isEmpty()) return Optional.of(Optional.empty());
            if (t.length() > maxLength) {
                error("must be at most " + maxLength + " characters");
                return Optional.empty();
            }
            if (Names.hasControl(t)) {
                error("must not contain control characters");
                return Optional.empty();
            }
            return Optional.of(Optional.of(t));
        }

        /** A list of short strings, trimmed and de-duplicated in order; null is the empty list. */
        Optional<List<String>> list(Object v, int maxItemLength, Pattern itemPattern) {
            if (v == null) return Optional.of(List.of());
            List<?> raw;
            if (v instanceof Collection<?> c) {
                raw = List.copyOf(c.stream().map(x -> x == null ? NULL : x).toList());
            } else if (v instanceof String s) {
                Optional<List<String>> parsed = splitList(s);
                if (parsed.isEmpty()) {
                    error("must be a list of strings (a JSON array or comma-separated)");
                    return Optional.empty();
                }
                raw = parsed.get();
            } else {
                error("must be a list of strings");
                return Optional.empty();
            }
            if (raw.size() > MAX_LIST_ITEMS) {
                error("must have at most " + MAX_LIST_ITEMS + " entries");
                return Optional.empty();
            }
            LinkedHashSet<String> out = new LinkedHashSet<>();
            boolean ok = true;
            for (int i = 0; i < raw.size(); i++) {
                Object item = raw.get(i);
                String suffix = "[" + i + "]";
                if (!(item instanceof String s)) {
                    error(suffix, "must be a string");
                    ok = false;
                    continue;
                }
                String t = s.strip();
                if (t.isEmpty()) {
                    error(suffix, "must not be blank");
                    ok = false;
                } else if (t.length() > maxItemLength) {
                    error(suffix, "must be at most " + maxItemLength + " characters");
                    ok = false;
                } else if (Names.hasControl(t) || (itemPattern != null && !itemPattern.matcher(t).matches())) {
                    error(suffix, itemPattern != null ? "must not contain commas or control characters"
                            : "must not contain control characters");
                    ok = false;
                } else {
                    out.add(t);
                }
            }
            return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
        }

        Optional<Optional<Duration>> duration(Object v, boolean zeroAllowed) {
            if (v == null) return Optional.of(Optional.empty());
            if (!(v instanceof String s) || s.isBlank()) {
                error("must be an ISO-8601 duration string such as PT4H or P90D");
                return Optional.empty();
            }
            Duration d;
            try {
                d = IsoDurations.parse(s);
            } catch (IllegalArgumentException e) {
                error(e.getMessage());
                return Optional.empty();
            }
            if (d.isZero() && !zeroAllowed) {
                error("must be longer than zero");
                return Optional.empty();
            }
            if (d.compareTo(MAX_DURATION) > 0) {
                error("must be at most " + IsoDurations.format(MAX_DURATION));
                return Optional.empty();
            }
            return Optional.of(Optional.of(d));
        }

        Optional<List<WorkingHours>> workingHours(Object v) {
            if (v == null) return Optional.of(List.of());
            List<WorkingHours> out = new ArrayList<>();
            int before = errors.size();
            if (v instanceof String s) {
                parseHoursText(s, out);
            } else if (v instanceof List<?> entries) {
                for (int i = 0; i < entries.size(); i++) hoursEntry(entries.get(i), "[" + i + "]", out);
            } else {
                error("must be a list of {\"days\":[\"MO\",...],\"start\":\"08:00\",\"end\":\"18:00\"}");
                return Optional.empty();
            }
            if (errors.size() > before) return Optional.empty();
            if (out.size() > MAX_WORKING_HOURS) {
                error("must have at most " + MAX_WORKING_HOURS + " intervals");
                return Optional.empty();
            }
            Map<DayOfWeek, TreeMap<LocalTime, LocalTime>> byDay = new EnumMap<>(DayOfWeek.class);
            for (WorkingHours h : out) {
                TreeMap<LocalTime, LocalTime> day = byDay.computeIfAbsent(h.day(), k -> new TreeMap<>());
                Map.Entry<LocalTime, LocalTime> lower = day.floorEntry(h.start());
                Map.Entry<LocalTime, LocalTime> higher = day.ceilingEntry(h.start());
                if ((lower != null && lower.getValue().isAfter(h.start())) || (higher != null && higher.getKey().isBefore(h.end()))) {
                    error("has overlapping intervals on " + dayCode(h.day()));
                    return Optional.empty();
                }
                day.put(h.start(), h.end());
            }
            return Optional.of(out);
        }

        private void hoursEntry(Object entry, String at, List<WorkingHours> out) {
            if (!(entry instanceof Map<?, ?> m)) {
                error(at, "must be an object with days, start and end");
                return;
            }
            for (Object k : m.keySet()) {
                if (!"days".equals(k) && !"start".equals(k) && !"end".equals(k)) error(at + "." + k, "is not a field of working hours");
            }
            List<DayOfWeek> days = new ArrayList<>();
            Object rawDays = m.get("days");
            if (rawDays instanceof String one) rawDays = List.of(one);
            if (!(rawDays instanceof List<?> list) || list.isEmpty()) {
                error(at + ".days", "must be a non-empty list of days (MO, TU, WE, TH, FR, SA, SU)");
            } else {
                for (int j = 0; j < list.size(); j++) {
                    Object d = list.get(j);
                    Optional<DayOfWeek> day = d instanceof String s ? parseDay(s) : Optional.empty();
                    if (day.isEmpty()) error(at + ".days[" + j + "]", "must be one of MO, TU, WE, TH, FR, SA, SU");
                    else if (days.contains(day.get())) error(at + ".days[" + j + "]", "is listed twice");
                    else days.add(day.get());
                }
            }
            Optional<LocalTime> start = time(m.get("start"), at + ".start", false);
            Optional<LocalTime> end = time(m.get("end"), at + ".end", true);
            if (start.isPresent() && end.isPresent()) {
                if (!end.get().isAfter(start.get())) {
                    error(at + ".end", "must be after start");
                    return;
                }
                for (DayOfWeek d : days) out.add(new WorkingHours(d, start.get(), end.get()));
            }
        }

        private Optional<LocalTime> time(Object v, String at, boolean isEnd) {
            if (!(v instanceof String s)) {
                error(at, "must be a time of day such as 08:00");
                return Optional.empty();
            }
            Matcher m = TIME.matcher(s.trim());
            if (!m.matches()) {
                error(at, "must be a time of day such as 08:00");
                return Optional.empty();
            }
            int h = Integer.parseInt(m.group(1));
            int min = Integer.parseInt(m.group(2));
            int sec = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            if (h == 24) {
                if (min != 0 || sec != 0 || !isEnd) {
                    error(at, isEnd ? "24:00 is the latest time" : "must be before 24:00");
                    return Optional.empty();
                }
                return Optional.of(LocalTime.MAX);
            }
            try {
                return Optional.of(LocalTime.of(h, min, sec));
            } catch (DateTimeException e) {
                error(at, "must be a time of day such as 08:00");
                return Optional.empty();
            }
        }

        /** {@code "MO-FR 08:00-18:00; SA,SU 10:00-14:00"}. */
        private void parseHoursText(String text, List<WorkingHours> out) {
            String[] parts = text.split(";");
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (part.isBlank()) continue;
                String at = "[" + i + "]";
                Matcher m = HOURS_ENTRY.matcher(part);
                if (!m.matches()) {
                    error(at, "must look like MO-FR 08:00-18:00");
                    continue;
                }
                List<String> days = new ArrayList<>();
                boolean ok = true;
                for (String token : m.group(1).split(",")) {
                    String t = token.trim();
                    int dash = t.indexOf('-');
                    if (dash > 0) {
                        Optional<DayOfWeek> from = parseDay(t.substring(0, dash));
                        Optional<DayOfWeek> to = parseDay(t.substring(dash + 1));
                        if (from.isEmpty() || to.isEmpty() || to.get().compareTo(from.get()) < 0) {
                            ok = false;
                            break;
                        }
                        for (int d = from.get().getValue(); d <= to.get().getValue(); d++) days.add(dayCode(DayOfWeek.of(d)));
                    } else {
                        days.add(t);
                    }
                }
                if (!ok) {
                    error(at + ".days", "must be days such as MO-FR or SA,SU");
                    continue;
                }
                hoursEntry(Map.of("days", days, "start", m.group(2), "end", m.group(3)), at, out);
            }
        }
    }

    private static final Object NULL = new Object();

    /** A JSON array of strings ({@code ["a","b"]}), or else comma-separated text; empty when malformed. */
    static Optional<List<String>> splitList(String s) {
        String t = s.strip();
        if (t.isEmpty()) return Optional.of(List.of());
        if (!t.startsWith("[")) {
            List<String> out = new ArrayList<>();
            for (String p : t.split(",")) out.add(p);
            return Optional.of(out);
        }
        List<String> out = new ArrayList<>();
        int i = 1;
        int n = t.length();
        i = skipWs(t, i);
        if (i < n && t.charAt(i) == ']') return i == n - 1 ? Optional.of(out) : Optional.empty();
        while (i < n) {
            if (t.charAt(i) != '"') return Optional.empty();
            StringBuilder sb = new StringBuilder();
            i++;
            boolean closed = false;
            while (i < n) {
                char c = t.charAt(i++);
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\') {
                    if (i >= n) return Optional.empty();
                    char esc = t.charAt(i++);
                    switch (esc) {
                        case '"', '\\', '/' -> sb.append(esc);
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            if (i + 4 > n) return Optional.empty();
                            try {
                                sb.append((char) Integer.parseInt(t.substring(i, i + 4), 16));
                            } catch (NumberFormatException e) {
                                return Optional.empty();
                            }
                            i += 4;
                        }
                        default -> {
                            return Optional.empty();
                        }
                    }
                } else {
                    sb.append(c);
                }
            }
            if (!closed) return Optional.empty();
            out.add(sb.toString());
            i = skipWs(t, i);
            if (i >= n) return Optional.empty();
            char c = t.charAt(i++);
            if (c == ']') return i == n ? Optional.of(out) : Optional.empty();
            if (c != ',') return Optional.empty();
            i = skipWs(t, i);
        }
        return Optional.empty();
    }

    private static int skipWs(String t, int i) {
        while (i < t.length() && Character.isWhitespace(t.charAt(i))) i++;
        return i;
    }
}
