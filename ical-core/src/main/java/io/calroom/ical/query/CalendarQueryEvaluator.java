package io.calroom.ical.query;

import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.OccurrenceExpander;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import net.fortuna.ical4j.model.Calendar;

/**
 * Evaluates a CALDAV:filter (RFC 4791 §9.7) against one calendar object. Pure: no I/O, no clock; thread-safe (one
 * instance can serve all requests).
 *
 * <h2>Semantics</h2>
 * <ul>
 * <li><b>comp-filter</b> (§9.7.1): empty → a component of that name exists in the scope; is-not-defined → none
 *     exists; otherwise one component of that name must satisfy the time-range (if any) and all prop-filters and
 *     comp-filters, which are evaluated within that same component (the scope of a nested comp-filter is the
 *     enclosing component).</li>
 * <li><b>Recurrence sets</b>: VEVENT, VTODO and VJOURNAL components of one UID form a set, the master and its
 *     RECURRENCE-ID overrides. Its time-range test holds when any instance overlaps (§9.9: the master expanded with
 *     RRULE/RDATE/EXDATE by {@link OccurrenceExpander}, overridden instances replaced by the overrides); its
 *     prop-filters and comp-filters must all match within one member, the master or one override (the choice of
 *     common servers: a filter on SUMMARY finds an event whose override alone has that SUMMARY). The time-range and
 *     the sub-filters need not hold for the same instance.</li>
 * <li><b>time-range</b> (§9.9): VEVENT, VTODO, VJOURNAL per the tables, exactly as the store maps them (see
 *     {@link io.calroom.ical.Occurrence}); VFREEBUSY with DTSTART/DTEND or else its FREEBUSY periods;
 *     VALARM on the trigger times (TRIGGER relative to DTSTART or, RELATED=END, to DTEND/DUE/DTSTART+DURATION of
 *     every instance of its parent, or absolute; REPEAT/DURATION repetitions); a time-range on any other component,
 *     VCALENDAR included, matches nothing. DATE values and floating times are read in {@code floatingZone}.</li>
 * <li><b>prop-filter</b> (§9.7.2): empty → the property exists; is-not-defined → it does not; with a text-match or
 *     time-range → one property of that name satisfies it and all param-filters (a missing property never matches,
 *     even with negate-condition). The time-range applies to DATE/DATE-TIME values (every value of EXDATE/RDATE
 *     lists), with the effective DTEND/DUE of §9.9 (DTSTART+DURATION) and, in a recurring master, the DTSTART,
 *     DTEND and DUE of every generated instance.</li>
 * <li><b>text-match</b> (§9.7.5): substring match on the property value, on each item of CATEGORIES and RESOURCES,
 *     or on the parameter value (each address of MEMBER, DELEGATED-TO, DELEGATED-FROM); negate-condition inverts
 *     the result for that property or parameter. Collations: {@code i;ascii-casemap} (default), {@code i;octet}
 *     and {@code i;unicode-casemap} (RFC 5051), see {@link #SUPPORTED_COLLATIONS}.</li>
 * <li><b>param-filter</b> (§9.7.3): empty → the parameter exists; is-not-defined → it does not; text-match → its
 *     value matches.</li>
 * </ul>
 *
 * <h2>Bounded time</h2>
 * Recurrences are only expanded over windows derived from the query range (widened by the instance length and
 * alarm offsets), under the {@link CalendarObjectLimits} of the expander. A window refused by the limits is halved;
 * after a fixed number of refusals per call the time-range is taken as matched (only recurrences that put more than
 * {@code maxOccurrences} instances in the window get there). A component whose times cannot be interpreted (e.g.
 * an unknown TZID) matches no time-range.
 */
public final class CalendarQueryEvaluator {

    /** The collations of CALDAV:supported-collation-set (RFC 4791 §7.5.1), the default first. */
    public static final List<String> SUPPORTED_COLLATIONS =
            List.of(TextMatch.ASCII_CASEMAP, TextMatch.OCTET, TextMatch.UNICODE_CASEMAP);

    private final OccurrenceExpander expander;

    public CalendarQueryEvaluator(CalendarObjectLimits limits) {
        this.expander = new OccurrenceExpander(Objects.requireNonNull(limits, "limits"));
    }

    /**
     * RFC 4791 §9.7: does the calendar object match the filter? The root comp-filter must be VCALENDAR (another
     * name matches only with is-not-defined, as nothing else exists at the top).
     *
     * @param floatingZone zone for floating times and DATE values (the request's CALDAV:timezone or the calendar's)
     * @throws IllegalArgumentException if a text-match names an unsupported collation (call
     *                                  {@link #checkCollations(CompFilter)} first)
     */
    public boolean matches(Calendar calendar, CompFilter filter, ZoneId floatingZone) {
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(floatingZone, "floatingZone");
        return new FilterEvaluation(expander, calendar, floatingZone).matches(filter);
    }

    /**
     * Checks every text-match of the filter (prop-filters and param-filters, at any depth) against
     * {@link #SUPPORTED_COLLATIONS} (compared case-insensitively).
     *
     * @throws UnsupportedCollationException for the first unsupported one (→ 403 CALDAV:supported-collation)
     */
    public static void checkCollations(CompFilter filter) throws UnsupportedCollationException {
        Objects.requireNonNull(filter, "filter");
        for (PropFilter pf : filter.propFilters()) {
            check(pf.textMatch());
            for (ParamFilter param : pf.paramFilters()) {
                check(param.textMatch());
            }
        }
        for (CompFilter cf : filter.compFilters()) {
            checkCollations(cf);
        }
    }

    private static void check(TextMatch tm) throws UnsupportedCollationException {
        if (tm != null && Collation.of(tm.collation()).isEmpty()) {
            throw new UnsupportedCollationException(tm.collation());
        }
    }
}
