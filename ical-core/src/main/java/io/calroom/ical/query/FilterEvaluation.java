package io.calroom.ical.query;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarTimeZones;
import io.calroom.ical.ComponentTypes;
import io.calroom.ical.OccurrenceExpander;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.ComponentContainer;
import net.fortuna.ical4j.model.ComponentList;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** One evaluation of a filter against one calendar object; see {@link CalendarQueryEvaluator}. Not thread-safe. */
final class FilterEvaluation {

    private static final Set<String> RECURRING_TYPES = ComponentTypes.ITEMS;
    /** Properties whose value is a list of TEXT values (RFC 5545 §3.8.1.2, §3.8.1.10). */
    private static final Set<String> TEXT_LISTS = Set.of("CATEGORIES", "RESOURCES");
    /** Parameters whose value is a list of quoted cal-addresses (RFC 5545 §3.2.4, §3.2.5, §3.2.11). */
    private static final Set<String> PARAM_LISTS = Set.of("MEMBER", "DELEGATED-TO", "DELEGATED-FROM");
    /** How many expansions the limits may refuse in one evaluation before the answer is left undecided. */
    private static final int REFUSAL_BUDGET = 8;

    private final OccurrenceExpander expander;
    private final Calendar calendar;
    private final ZoneId floatingZone;
    private final TimeValues values;
    private final List<CalendarComponent> timeZones = new ArrayList<>();
    private final List<Component> recurringTypeComponents = new ArrayList<>();
    private final Map<Object, Map<String, List<RecurrenceSet>>> sets = new IdentityHashMap<>();
    private int refusalsLeft = REFUSAL_BUDGET;

    FilterEvaluation(OccurrenceExpander expander, Calendar calendar, ZoneId floatingZone) {
        this.expander = expander;
        this.calendar = calendar;
        this.floatingZone = floatingZone;
        this.values = new TimeValues(expander.timeZones(calendar), floatingZone);
        for (CalendarComponent c : calendar.getComponents()) {
            String name = upper(c.getName());
            if (name.equals(Component.VTIMEZONE)) {
                timeZones.add(c);
            } else if (RECURRING_TYPES.contains(name)) {
                recurringTypeComponents.add(c);
            }
        }
    }

    TimeValues values() {
        return values;
    }

    // ---------------------------------------------------------------------------------------------- comp-filter

    boolean matches(CompFilter root) {
        if (!root.name().equalsIgnoreCase("VCALENDAR")) {
            return root.isNotDefined(); // the scope of the root is the calendar object: only VCALENDAR exists there
        }
        if (root.isNotDefined() || root.timeRange() != null) {
            return false; // the VCALENDAR exists; a time-range on it has no defined meaning (RFC 4791 §9.9)
        }
        List<Property> props = calendar.getProperties();
        for (PropFilter pf : root.propFilters()) {
            if (!propFilterMatches(props, null, null, pf)) {
                return false;
            }
        }
        List<Component> children = new ArrayList<>(calendar.getComponents());
        for (CompFilter cf : root.compFilters()) {
            if (!compFilterMatches(calendar, children, null, null, cf)) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 4791 §9.7.1 for the components named {@code f.name()} among {@code children} of {@code scope}
     * ({@code parent} is the enclosing component, {@code null} for the VCALENDAR, and {@code parentSet} its set).
     */
    private boolean compFilterMatches(Object scope, List<Component> children, Component parent,
                                      RecurrenceSet parentSet, CompFilter f) {
        String name = upper(f.name());
        List<Component> named = new ArrayList<>();
        for (Component c : children) {
            if (upper(c.getName()).equals(name)) {
                named.add(c);
            }
        }
        if (f.isNotDefined()) {
            return named.isEmpty();
        }
        if (named.isEmpty()) {
            return false;
        }
        if (RECURRING_TYPES.contains(name)) {
            for (RecurrenceSet set : sets(scope, name, named)) {
                if (setMatches(set, f)) {
                    return true;
                }
            }
            return false;
        }
        for (Component c : named) {
            if (f.timeRange() != null && !componentOverlaps(c, parent, parentSet, f.timeRange())) {
                continue;
            }
            if (subFiltersMatch(c, null, f)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A master and its overrides: the time-range holds if any instance of the set overlaps it; the prop-filters and
     * comp-filters must all match within one component of the set, the master or one override.
     */
    private boolean setMatches(RecurrenceSet set, CompFilter f) {
        if (f.timeRange() != null && !decided(set.overlaps(f.timeRange().start(), f.timeRange().end()))) {
            return false;
        }
        for (Component c : set.members()) {
            if (subFiltersMatch(c, set, f)) {
                return true;
            }
        }
        return false;
    }

    private boolean subFiltersMatch(Component c, RecurrenceSet set, CompFilter f) {
        List<Property> props = c.getProperties();
        for (PropFilter pf : f.propFilters()) {
            if (!propFilterMatches(props, c, set, pf)) {
                return false;
            }
        }
        if (!f.compFilters().isEmpty()) {
            List<Component> children = children(c);
            for (CompFilter cf : f.compFilters()) {
                if (!compFilterMatches(c, children, c, set, cf)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<Component> children(Component c) {
        if (c instanceof ComponentContainer<?> container) {
            return new ArrayList<>(container.getComponentList().getAll());
        }
        return List.of();
    }

    /** The sets (by UID) of the VEVENT/VTODO/VJOURNAL components {@code named} in {@code scope}. */
    private List<RecurrenceSet> sets(Object scope, String name, List<Component> named) {
        return sets.computeIfAbsent(scope, s -> new LinkedHashMap<>()).computeIfAbsent(name, n -> {
            Map<Object, List<Component>> byUid = new LinkedHashMap<>();
            for (Component c : named) {
                String uid = c.getProperty(Property.UID).map(TimeValues::text).map(String::trim).orElse(null);
                byUid.computeIfAbsent(uid != null ? uid : new Object(), k -> new ArrayList<>()).add(c);
            }
            List<RecurrenceSet> out = new ArrayList<>();
            for (List<Component> group : byUid.values()) {
                List<Component> masters = new ArrayList<>();
                List<Component> overrides = new ArrayList<>();
                for (Component c : group) {
                    (c.getProperties(Property.RECURRENCE_ID).isEmpty() ? masters : overrides).add(c);
                }
                if (masters.size() <= 1) {
                    out.add(new RecurrenceSet(this, n, masters.isEmpty() ? null : masters.get(0), overrides));
                } else {
                    // not a valid recurrence set (RFC 4791 §4.1): every component on its own
                    for (Component c : group) {
                        boolean override = !c.getProperties(Property.RECURRENCE_ID).isEmpty();
                        out.add(new RecurrenceSet(this, n, override ? null : c, override ? List.of(c) : List.of()));
                    }
                }
            }
            return out;
        });
    }

    /** RFC 4791 §9.9 for a component that is not part of a recurrence set. */
    private boolean componentOverlaps(Component c, Component parent, RecurrenceSet parentSet, TimeRange tr) {
        return switch (upper(c.getName())) {
            case "VFREEBUSY" -> freeBusyOverlaps(c, tr);
            case "VALARM" -> parent != null && alarmOverlaps(c, parent, parentSet, tr);
            default -> false; // RFC 4791 §9.9: not defined for other components
        };
    }

    /**
     * VFREEBUSY: with DTSTART and DTEND {@code (start <= DTEND) AND (end > DTSTART)}; else any FREEBUSY period with
     * {@code (start < period-end) AND (end > period-start)}; else FALSE. DURATION is ignored.
     */
    private boolean freeBusyOverlaps(Component c, TimeRange tr) {
        Instant qs = tr.start();
        Instant qe = tr.end();
        boolean hasStart = !c.getProperties(Property.DTSTART).isEmpty();
        boolean hasEnd = !c.getProperties(Property.DTEND).isEmpty();
        if (hasStart && hasEnd) {
            TimeValues.Value s = values.value(c, Property.DTSTART);
            TimeValues.Value e = values.value(c, Property.DTEND);
            if (s == null || e == null) {
                return false;
            }
            return (qs == null || !qs.isAfter(e.instant())) && (qe == null || qe.isAfter(s.instant()));
        }
        for (Property p : c.getProperties(Property.FREEBUSY)) {
            for (TimeValues.Span period : values.periods(p)) {
                if ((qs == null || qs.isBefore(period.end())) && (qe == null || qe.isAfter(period.start()))) {
                    return true;
                }
            }
        }
        return false;
    }

    // -------------------------------------------------------------------------------------------------- VALARM

    /**
     * VALARM (RFC 4791 §9.9): {@code (start <= trigger-time) AND (end > trigger-time)} for any trigger: TRIGGER
     * (RFC 5545 §3.8.6.3) and its REPEAT repetitions DURATION apart. An absolute trigger (VALUE=DATE-TIME) is one
     * time; a relative one is an offset from the start (RELATED=START, the default) or the end (RELATED=END) of every
     * instance of the parent: the instances the master generates for an alarm of the master, the override's instance
     * for an alarm of an override. The end is DTEND, DUE or DTSTART+DURATION (a VEVENT without them: DTSTART, or
     * DTSTART+P1D for a DATE). An anchor that is missing falls back to the other one: a VTODO with DUE and no DTSTART
     * puts a START-related trigger relative to DUE (RFC 4791 §7.8.5 expects that).
     */
    private boolean alarmOverlaps(Component alarm, Component parent, RecurrenceSet parentSet, TimeRange tr) {
        Property trigger = alarm.getProperty(Property.TRIGGER).orElse(null);
        if (trigger == null) {
            return false;
        }
        long repeat = 0;
        Property repeatProperty = alarm.getProperty(Property.REPEAT).orElse(null);
        if (repeatProperty != null) {
            try {
                repeat = Math.max(0, Long.parseLong(TimeValues.text(repeatProperty).trim()));
            } catch (NumberFormatException e) {
                repeat = 0;
            }
        }
        TimeValues.Dur interval = TimeValues.duration(alarm);
        long step = interval == null ? 0 : Math.max(0, interval.approxSeconds());
        if (step == 0) {
            repeat = 0;
        }
        String text = TimeValues.text(trigger).trim();
        String valueType = TimeValues.parameter(trigger, Parameter.VALUE);
        TimeValues.Dur offset = TimeValues.duration(text);
        if ("DATE-TIME".equalsIgnoreCase(valueType) || offset == null) {
            TimeValues.Value absolute = values.value(text, TimeValues.parameter(trigger, Parameter.TZID));
            return absolute != null && firesWithin(absolute.instant(), repeat, step, tr);
        }
        boolean relatedToEnd = "END".equalsIgnoreCase(TimeValues.parameter(trigger, Parameter.RELATED));
        long finalRepeat = repeat;
        Predicate<RecurrenceSet.Anchor> fires = a -> {
            boolean fromEnd = relatedToEnd ? a.end() != null : a.start() == null;
            Instant base = fromEnd ? a.end() : a.start();
            if (base == null) {
                return false;
            }
            ZoneRules rules = fromEnd ? a.endRules() : a.startRules();
            Instant first = rules == null ? base.plusSeconds(offset.approxSeconds()) : offset.addTo(base, rules);
            return firesWithin(first, finalRepeat, step, tr);
        };
        if (parentSet == null || !parentSet.isRecurringMaster(parent)) {
            if (parentSet != null) {
                return decided(parentSet.searchAnchors(parent, null, RecurrenceSet.FAR_PAST, false, fires));
            }
            RecurrenceSet.Anchor a = standaloneAnchor(parent);
            return a != null && fires.test(a);
        }
        // window of instance starts S whose triggers can fall in [qs, qe): S + low <= trigger <= S + high
        long low = offset.approxSeconds() - RecurrenceSet.SLACK_SECONDS;
        Long span = relatedToEnd ? parentSet.span() : Long.valueOf(0);
        long repeatSpan = repeat > 0 && step > 0 && repeat <= 400L * 366 * 86_400 / step ? repeat * step : -1;
        Instant ws = null;
        if (tr.start() != null && span != null && repeatSpan >= 0) {
            long high = offset.approxSeconds() + span + repeatSpan + RecurrenceSet.SLACK_SECONDS;
            ws = RecurrenceSet.minus(tr.start(), high);
        }
        Instant we = parentSet.windowEnd(tr.start(), tr.end(), low);
        return decided(parentSet.searchAnchors(parent, ws, we, tr.end() == null, fires));
    }

    /** Whether {@code first + k*step}, for some {@code 0 <= k <= repeat}, lies in the range. */
    static boolean firesWithin(Instant first, long repeat, long step, TimeRange tr) {
        if (repeat <= 0 || step <= 0) {
            return tr.contains(first);
        }
        long k = 0;
        if (tr.start() != null && first.isBefore(tr.start())) {
            long gap = tr.start().getEpochSecond() - first.getEpochSecond()
                    + (tr.start().getNano() > first.getNano() ? 1 : 0);
            k = (gap + step - 1) / step; // first repetition at or after the start
            if (k > repeat) {
                return false;
            }
        }
        return tr.contains(first.plusSeconds(k * step));
    }

    /** The start and end of a component's own instance, from its properties; {@code null} if it has neither. */
    RecurrenceSet.Anchor standaloneAnchor(Component c) {
        String type = upper(c.getName());
        TimeValues.Value s = values.value(c, Property.DTSTART);
        Instant start = s == null ? null : s.instant();
        ZoneRules startRules = s == null ? null : s.rules();
        Instant end = null;
        ZoneRules endRules = startRules;
        if (type.equals(Component.VEVENT) || type.equals(Component.VTODO)) {
            TimeValues.Value e = values.value(c, type.equals(Component.VEVENT) ? Property.DTEND : Property.DUE);
            TimeValues.Dur dur = TimeValues.duration(c);
            if (e != null) {
                end = e.instant();
                endRules = e.rules();
            } else if (s != null && dur != null) {
                end = dur.addTo(start, startRules);
            } else if (s != null && type.equals(Component.VEVENT)) {
                end = s.date() ? CalendarTimeZones.toInstant(s.local().plusDays(1), startRules) : start;
            }
        }
        if (start == null && end == null) {
            return null;
        }
        return new RecurrenceSet.Anchor(start, end, startRules != null ? startRules : endRules,
                endRules != null ? endRules : startRules);
    }

    // ---------------------------------------------------------------------------------------------- prop-filter

    /**
     * RFC 4791 §9.7.2 against the properties {@code props} of {@code owner} ({@code null} for the VCALENDAR). A
     * filter with a time-range or text-match matches when one property of that name satisfies it together with all
     * param-filters; a missing property matches only is-not-defined (also under negate-condition).
     */
    private boolean propFilterMatches(List<Property> props, Component owner, RecurrenceSet set, PropFilter f) {
        String name = upper(f.name());
        List<Property> named = new ArrayList<>();
        for (Property p : props) {
            if (upper(p.getName()).equals(name)) {
                named.add(p);
            }
        }
        if (f.isNotDefined()) {
            return named.isEmpty();
        }
        if (f.timeRange() != null) {
            return propTimeRangeMatches(named, owner, set, name, f);
        }
        for (Property p : named) {
            if (f.textMatch() != null && !textMatches(propertyValues(p), f.textMatch())) {
                continue;
            }
            if (paramFiltersMatch(p, f.paramFilters())) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 4791 §9.9 for properties: {@code (start <= date-time) AND (end > date-time)} for any DATE/DATE-TIME value
     * (DATEs and floating times in the floating zone). Without DTEND a VEVENT's DTSTART+DURATION is its effective
     * DTEND, and without DUE a VTODO's DTSTART+DURATION its effective DUE. In a recurring master DTSTART, DTEND and
     * DUE also take the effective value of every instance the master generates.
     */
    private boolean propTimeRangeMatches(List<Property> named, Component owner, RecurrenceSet set, String name,
                                         PropFilter f) {
        TimeRange tr = f.timeRange();
        for (Property p : named) {
            if (!paramFiltersMatch(p, f.paramFilters())) {
                continue;
            }
            for (TimeValues.Value v : values.values(p)) {
                if (tr.contains(v.instant())) {
                    return true;
                }
            }
        }
        if (owner == null) {
            return false;
        }
        String type = upper(owner.getName());
        boolean endProperty = (type.equals(Component.VEVENT) && name.equals(Property.DTEND))
                || (type.equals(Component.VTODO) && name.equals(Property.DUE));
        boolean hasDuration = !owner.getProperties(Property.DURATION).isEmpty()
                && !owner.getProperties(Property.DTSTART).isEmpty();
        if (named.isEmpty() && endProperty && hasDuration && paramFiltersMatch(null, f.paramFilters())) {
            RecurrenceSet.Anchor a = standaloneAnchor(owner);
            if (a != null && a.end() != null && tr.contains(a.end())) {
                return true;
            }
        }
        if (set == null || !set.isRecurringMaster(owner)
                || !paramFiltersMatch(named.isEmpty() ? null : named.get(0), f.paramFilters())) {
            return false;
        }
        if (name.equals(Property.DTSTART)) {
            return decided(set.searchAnchors(owner, tr.start(), set.windowEnd(tr.start(), tr.end(), 0),
                    tr.end() == null, a -> a.start() != null && tr.contains(a.start())));
        }
        if (endProperty && (!named.isEmpty() || hasDuration)) {
            Long span = set.span();
            Instant ws = tr.start() == null || span == null ? null : RecurrenceSet.minus(tr.start(), span);
            return decided(set.searchAnchors(owner, ws, set.windowEnd(tr.start(), tr.end(), 0), tr.end() == null,
                    a -> a.end() != null && tr.contains(a.end())));
        }
        return false;
    }

    /** All param-filters match {@code p} ({@code null}: an effective value, which has no parameters). */
    private boolean paramFiltersMatch(Property p, List<ParamFilter> filters) {
        for (ParamFilter f : filters) {
            List<String> found = new ArrayList<>();
            boolean defined = false;
            if (p != null) {
                String name = upper(f.name());
                for (Parameter parameter : p.getParameterList().getAll()) {
                    if (upper(parameter.getName()).equals(name)) {
                        defined = true;
                        found.addAll(parameterValues(name, parameter));
                    }
                }
            }
            boolean match = f.isNotDefined() ? !defined
                    : defined && (f.textMatch() == null || textMatches(found, f.textMatch()));
            if (!match) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4791 §9.7.5: the text occurs in one of the values (under the collation), negated if asked. */
    private static boolean textMatches(List<String> candidates, TextMatch tm) {
        Collation collation = Collation.of(tm.collation()).orElseThrow(() ->
                new IllegalArgumentException("unsupported collation " + tm.collation()
                        + " (call CalendarQueryEvaluator.checkCollations first)"));
        boolean found = false;
        for (String value : candidates) {
            if (collation.contains(value, tm.text())) {
                found = true;
                break;
            }
        }
        return found != tm.negate();
    }

    /** The values a text-match is tried on: one, or each item of a CATEGORIES/RESOURCES list, unescaped. */
    private static List<String> propertyValues(Property p) {
        String raw = TimeValues.text(p);
        if (!TEXT_LISTS.contains(upper(p.getName()))) {
            return List.of(raw);
        }
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(++i);
                current.append(next == 'n' || next == 'N' ? '\n' : next);
            } else if (ch == ',') {
                items.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        items.add(current.toString());
        return items;
    }

    private static List<String> parameterValues(String name, Parameter parameter) {
        String raw = parameter.getValue() == null ? "" : parameter.getValue();
        if (!PARAM_LISTS.contains(name)) {
            return List.of(TimeValues.unquote(raw));
        }
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                items.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        items.add(current.toString().trim());
        return items;
    }

    // ------------------------------------------------------------------------------------------------- support

    /** Undecided (the limits refused every expansion tried) counts as a match. */
    private static boolean decided(Boolean result) {
        return result == null || result;
    }

    /** Takes one refused expansion from the budget; {@code false} once it is spent. */
    boolean spendRefusal() {
        return refusalsLeft-- > 0;
    }

    OccurrenceExpander.Expansion expand(Calendar cal, Instant windowStart, Instant windowEnd)
            throws CalendarDataException {
        return expander.expand(cal, floatingZone, windowStart, windowEnd);
    }

    /**
     * A calendar with the VTIMEZONEs of the object and {@code members} as its only VEVENT/VTODO/VJOURNAL components
     * (the object itself when they are all of them).
     */
    Calendar calendarOf(List<Component> members) {
        if (members.size() == recurringTypeComponents.size() && sameElements(members, recurringTypeComponents)) {
            return calendar;
        }
        List<CalendarComponent> components = new ArrayList<>(timeZones);
        for (Component c : members) {
            if (!(c instanceof CalendarComponent cc)) {
                throw new IllegalArgumentException(c.getName() + " is not a calendar component");
            }
            components.add(cc);
        }
        return new Calendar(new ComponentList<>(components));
    }

    private static boolean sameElements(List<Component> a, List<Component> b) {
        Map<Component, Boolean> set = new IdentityHashMap<>();
        for (Component c : b) {
            set.put(c, Boolean.TRUE);
        }
        for (Component c : a) {
            if (set.remove(c) == null) {
                return false;
            }
        }
        return set.isEmpty();
    }

    static String upper(String s) {
        return s == null ? "" : s.toUpperCase(Locale.ROOT);
    }
}
