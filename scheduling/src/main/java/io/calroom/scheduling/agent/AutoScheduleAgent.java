package io.calroom.scheduling.agent;

import io.calroom.principal.directory.AutoScheduleMode;
import io.calroom.principal.directory.RecurringConflicts;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.WorkingHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The decision of a room's or resource's auto-schedule agent on a REQUEST. Pure: the caller supplies the request's
 * occurrences, the bookings overlapping each of them and the context.
 *
 * <h2>Order of the checks</h2>
 * <ol>
 * <li>Inactive resource: the whole request is DECLINED ({@link Decision#NOT_BOOKABLE}).</li>
 * <li>Restricted access, organizer neither allowed nor on the auto-accept list: DECLINED ({@link Decision#NO_AUTHORITY}).</li>
 * <li>Each judged occurrence is checked against the policy, in this order: max-booking-duration, booking-window-start
 *     (starts later than now + window: too far ahead), booking-window-end (starts earlier than now + minimum notice),
 *     working hours (lies entirely inside one interval of its local day; no intervals = always open). A violation
 *     always declines ({@link Decision#NO_AUTHORITY}; working hours {@link Decision#CONFLICT}), whatever the mode.</li>
 * <li>Each other judged occurrence that is not transparent is checked for conflicts: it conflicts when, at some
 *     instant of its blocking period, at least {@code multipleBookings} bookings overlap
 *     ({@link Decision#CONFLICT}).</li>
 * <li>The mode decides what a conflict means: automatic and decline-if-busy decline the conflicting occurrences,
 *     accept-if-free leaves the whole request NEEDS-ACTION, accept-always and manual ignore conflicts; decline-always
 *     declines the whole request ({@link Decision#NOT_BOOKABLE}). An organizer on the auto-accept list whose request
 *     has no conflict is accepted whatever the mode (policy violations still decline).</li>
 * <li>Declined occurrences: with recurring-conflicts {@code per-occurrence} each is declined on its own and the rest
 *     keeps the series' answer; with {@code whole-series}, or when every judged occurrence is declined, the whole
 *     request is DECLINED with the status of its first declined occurrence.</li>
 * <li>The series' answer: automatic and accept-always ACCEPTED, accept-if-free ACCEPTED when free else NEEDS-ACTION,
 *     decline-if-busy and manual NEEDS-ACTION.</li>
 * </ol>
 *
 * <h2>Judged occurrences</h2>
 * Cancelled occurrences are never judged. Occurrences whose blocking period ended at or before {@code now} are not
 * judged either (a series being updated is judged by its future), unless no occurrence is still to come, so that a
 * request entirely in the past is judged as a whole (and, with a minimum notice, declined).
 */
public final class AutoScheduleAgent {

    /** At most this many occurrences are detailed in a series' reason; each verdict has its own reason anyway. */
    static final int MAX_DETAILED = 10;
    private static final int MAX_TITLE = 120;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final String DASH = "\u2013";

    private AutoScheduleAgent() {
    }

    /** Why one occurrence is not bookable. {@code conflict}: busy (as opposed to a policy violation). */
    private record Problem(String requestStatus, String reason, boolean conflict) {
    }

    /**
     * @param bookingsByOccurrence for each requested occurrence (same order), the existing bookings overlapping it
     *                             (other UIDs only; a {@code null} list = none); bookings not overlapping the
     *                             occurrence's blocking period are ignored
     */
    public static Decision decide(AgentContext ctx, List<RequestedOccurrence> occurrences,
                                  List<List<Booking>> bookingsByOccurrence) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(occurrences, "occurrences");
        Objects.requireNonNull(bookingsByOccurrence, "bookingsByOccurrence");
        if (bookingsByOccurrence.size() != occurrences.size()) {
            throw new IllegalArgumentException(bookingsByOccurrence.size() + " booking lists for "
                    + occurrences.size() + " occurrences");
        }
        ResourcePolicy policy = ctx.policy();
        ZoneId zone = policy.timezone();
        String name = ctx.resourceName();

        if (!ctx.active()) {
            return declined(Decision.NOT_BOOKABLE, name + " is inactive and does not accept bookings");
        }
        if (!ctx.organizerAllowed() && !ctx.organizerOnAutoAcceptList()) {
            return declined(Decision.NO_AUTHORITY, name + " may only be booked by people allowed to book it");
        }

        // The occurrences to judge, with their blocking periods.
        List<Integer> judged = new ArrayList<>();
        List<RequestedOccurrence> periods = new ArrayList<>();
        boolean anyToCome = false;
        for (RequestedOccurrence o : occurrences) {
            RequestedOccurrence p = blockingPeriod(o, zone);
            periods.add(p);
            if (!o.cancelled() && p.end().isAfter(ctx.now())) anyToCome = true;
        }
        for (int i = 0; i < occurrences.size(); i++) {
            if (occurrences.get(i).cancelled()) continue;
            if (anyToCome && !periods.get(i).end().isAfter(ctx.now())) continue;
            judged.add(i);
        }

        // Policy violations and conflicts, per judged occurrence.
        Problem[] problems = new Problem[occurrences.size()];
        boolean free = true;
        for (int i : judged) {
            RequestedOccurrence p = periods.get(i);
            Problem problem = policyProblem(ctx, p);
            if (problem == null && !p.transparent()) {
                List<Booking> bookings = bookingsByOccurrence.get(i);
                problem = conflict(name, policy.multipleBookings(), p, bookings == null ? List.of() : bookings, zone);
            }
            problems[i] = problem;
            if (problem != null && problem.conflict()) free = false;
        }

        AutoScheduleMode mode = policy.autoScheduleMode();
        if (ctx.organizerOnAutoAcceptList() && free) mode = AutoScheduleMode.AUTOMATIC;
        if (mode == AutoScheduleMode.DECLINE_ALWAYS) {
            return declined(Decision.NOT_BOOKABLE, name + " declines all booking requests");
        }
        boolean conflictsDecline = mode == AutoScheduleMode.AUTOMATIC || mode == AutoScheduleMode.DECLINE_IF_BUSY;

        List<Integer> declining = new ArrayList<>();
        List<Integer> conflicting = new ArrayList<>();
        for (int i : judged) {
            Problem problem = problems[i];
            if (problem == null) continue;
            if (!problem.conflict() || conflictsDecline) declining.add(i);
            else conflicting.add(i);
        }

        if (!declining.isEmpty()) {
            String status = problems[declining.get(0)].requestStatus();
            if (judged.size() == 1) return declined(status, problems[declining.get(0)].reason());
            if (declining.size() == judged.size()) {
                return declined(status, name + " is unavailable for every occurrence"
                        + listing(declining, judged.size(), occurrences, problems, zone));
            }
            if (policy.recurringConflicts() == RecurringConflicts.WHOLE_SERIES) {
                return declined(status, name + " declines the whole series: " + declining.size() + " of "
                        + judged.size() + " occurrences are unavailable"
                        + listing(declining, judged.size(), occurrences, problems, zone));
            }
        }

        String partstat = switch (mode) {
            case AUTOMATIC, ACCEPT_ALWAYS -> Decision.ACCEPTED;
            case ACCEPT_IF_FREE -> conflicting.isEmpty() ? Decision.ACCEPTED : Decision.NEEDS_ACTION;
            default -> Decision.NEEDS_ACTION;
        };

        List<OccurrenceVerdict> verdicts = new ArrayList<>();
        for (int i : declining) {
            verdicts.add(new OccurrenceVerdict(occurrences.get(i).recurrenceId(), true, problems[i].reason(),
                    problems[i].requestStatus()));
        }
        List<String> sentences = new ArrayList<>();
        if (partstat.equals(Decision.NEEDS_ACTION)) {
            if (!conflicting.isEmpty()) {
                sentences.add(conflicting.size() == 1 && judged.size() == 1
                        ? problems[conflicting.get(0)].reason()
                        : name + " is busy for " + conflicting.size() + " of " + judged.size() + " occurrences"
                        + listing(conflicting, judged.size(), occurrences, problems, zone));
            }
            sentences.add("The request awaits a decision by a manager of " + name);
        }
        if (!declining.isEmpty()) {
            sentences.add(name + " declined " + declining.size() + " of " + judged.size() + " occurrences"
                    + listing(declining, judged.size(), occurrences, problems, zone));
        }
        String reason = sentences.isEmpty() ? null : String.join(". ", sentences);
        return new Decision(partstat, Decision.SUCCESS, reason, verdicts);
    }

    private static Decision declined(String status, String reason) {
        return new Decision(Decision.DECLINED, status, reason, List.of());
    }

    /** " (2026-12-03 10:00, 2026-12-10 10:00): reason; reason", at most {@link #MAX_DETAILED} of them detailed. */
    private static String listing(List<Integer> which, int judged, List<RequestedOccurrence> occurrences,
                                  Problem[] problems, ZoneId zone) {
        List<String> labels = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int n = 0; n < which.size() && n < MAX_DETAILED; n++) {
            int i = which.get(n);
            labels.add(label(occurrences.get(i), zone));
            reasons.add(problems[i].reason());
        }
        String more = which.size() > MAX_DETAILED ? " and " + (which.size() - MAX_DETAILED) + " more" : "";
        return " (" + String.join(", ", labels) + more + "): " + String.join("; ", reasons) + more;
    }

    /** An occurrence as people name it: its local start ("2026-12-03 10:00"), or its date when all-day. */
    private static String label(RequestedOccurrence o, ZoneId zone) {
        if (o.allDay()) return DATE.format(allDayDate(o.start(), zone));
        ZonedDateTime z = o.start().atZone(zone);
        return DATE.format(z) + " " + TIME.format(z);
    }

    // ---- periods ---------------------------------------------------------------------------------------------------

    /**
     * The period an occurrence blocks for the resource: unchanged for a timed occurrence; for an all-day one, its
     * date(s) as whole local days in {@code resourceZone} (from the start of its first day to the start of the day
     * after its last). The date is the one the DATE value names: the start must be a local midnight, normally UTC's
     * (the floating zone of the expansion) or the resource zone's; otherwise the nearest UTC midnight is taken.
     */
    public static RequestedOccurrence blockingPeriod(RequestedOccurrence o, ZoneId resourceZone) {
        Objects.requireNonNull(resourceZone, "resourceZone");
        if (!o.allDay()) return o;
        LocalDate first = allDayDate(o.start(), resourceZone);
        long days = Math.max(1, Math.round(Duration.between(o.start(), o.end()).getSeconds() / 86400.0));
        Instant start = first.atStartOfDay(resourceZone).toInstant();
        Instant end = first.plusDays(days).atStartOfDay(resourceZone).toInstant();
        return new RequestedOccurrence(o.recurrenceId(), start, end, true, o.cancelled(), o.transparent());
    }

    /** The date an all-day start names (see {@link #blockingPeriod}). */
    static LocalDate allDayDate(Instant start, ZoneId zone) {
        LocalDate local = start.atZone(zone).toLocalDate();
        if (local.atStartOfDay(zone).toInstant().equals(start)) return local;
        if (start.atOffset(ZoneOffset.UTC).toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return start.atOffset(ZoneOffset.UTC).toLocalDate();
        }
        return start.plus(Duration.ofHours(12)).atOffset(ZoneOffset.UTC).toLocalDate();
    }

    // ---- policy ----------------------------------------------------------------------------------------------------

    private static Problem policyProblem(AgentContext ctx, RequestedOccurrence p) {
        ResourcePolicy policy = ctx.policy();
        ZoneId zone = policy.timezone();
        String name = ctx.resourceName();
        String when = period(p.start(), p.end(), zone);
        Duration length = Duration.between(p.start(), p.end());
        if (policy.maxBookingDuration() != null && length.compareTo(policy.maxBookingDuration()) > 0) {
            return new Problem(Decision.NO_AUTHORITY, name + " can be booked for at most "
                    + duration(policy.maxBookingDuration()) + ", but " + when + " lasts " + duration(length), false);
        }
        if (policy.bookingWindowStart() != null && p.start().isAfter(ctx.now().plus(policy.bookingWindowStart()))) {
            return new Problem(Decision.NO_AUTHORITY, name + " can be booked at most "
                    + duration(policy.bookingWindowStart()) + " ahead, but " + when + " is further ahead", false);
        }
        if (policy.bookingWindowEnd() != null && !policy.bookingWindowEnd().isZero()
                && p.start().isBefore(ctx.now().plus(policy.bookingWindowEnd()))) {
            return new Problem(Decision.NO_AUTHORITY, name + " must be booked at least "
                    + duration(policy.bookingWindowEnd()) + " in advance, but " + when + " starts too soon", false);
        }
        if (!policy.workingHours().isEmpty() && !withinWorkingHours(p, policy.workingHours(), zone)) {
            return new Problem(Decision.CONFLICT, name + " can only be booked " + hoursOf(p, policy.workingHours(), zone)
                    + ", and " + when + " is outside them", false);
        }
        return null;
    }

    /** Whether the period lies entirely inside one working-hours interval of its local day. */
    static boolean withinWorkingHours(RequestedOccurrence p, List<WorkingHours> hours, ZoneId zone) {
        ZonedDateTime s = p.start().atZone(zone);
        LocalDate day = s.toLocalDate();
        LocalTime from = s.toLocalTime();
        ZonedDateTime e = p.end().atZone(zone);
        boolean untilMidnight = p.end().equals(day.plusDays(1).atStartOfDay(zone).toInstant());
        if (!untilMidnight && !e.toLocalDate().equals(day)) return false;
        LocalTime to = e.toLocalTime();
        for (WorkingHours h : hours) {
            if (h.day() != day.getDayOfWeek() || from.isBefore(h.start())) continue;
            if (h.untilEndOfDay() || (!untilMidnight && !to.isAfter(h.end()))) return true;
        }
        return false;
    }

    /** "on Thursdays 08:00–12:00, 13:00–18:00" / "on other days than Sunday" for the period's local day. */
    private static String hoursOf(RequestedOccurrence p, List<WorkingHours> hours, ZoneId zone) {
        LocalDate day = p.start().atZone(zone).toLocalDate();
        String dayName = day.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        List<String> intervals = new ArrayList<>();
        for (WorkingHours h : hours) {
            if (h.day() != day.getDayOfWeek()) continue;
            intervals.add(TIME.format(h.start()) + DASH + (h.untilEndOfDay() ? "24:00" : TIME.format(h.end())));
        }
        if (intervals.isEmpty()) return "during its working hours (closed on " + dayName + "s)";
        return "during its working hours (" + String.join(", ", intervals) + " on " + dayName + "s)";
    }

    // ---- conflicts ------------------------------------------------------------------------------------------------

    /**
     * A conflict when, at some instant of {@code p}, at least {@code capacity} bookings overlap. The most bookings
     * overlapping at once are found at the start of {@code p} or at the start of a booking inside it.
     */
    private static Problem conflict(String name, int capacity, RequestedOccurrence p, List<Booking> bookings,
                                    ZoneId zone) {
        List<Instant> candidates = new ArrayList<>();
        candidates.add(p.start());
        boolean point = p.start().equals(p.end());
        if (!point) {
            for (Booking b : bookings) {
                if (b.start().isAfter(p.start()) && b.start().isBefore(p.end())) candidates.add(b.start());
            }
        }
        List<Booking> peak = List.of();
        for (Instant t : candidates) {
            List<Booking> active = new ArrayList<>();
            for (Booking b : bookings) if (activeAt(b, t)) active.add(b);
            if (active.size() > peak.size()) peak = active;
        }
        if (peak.size() < capacity) return null;
        List<Booking> shown = new ArrayList<>(peak);
        shown.sort(Comparator.comparing(Booking::start).thenComparing(Booking::end));
        List<String> parts = new ArrayList<>();
        for (Booking b : shown) {
            String when = period(b.start(), b.end(), zone);
            String title = title(b.visibleTitle());
            parts.add(title == null ? "busy " + when : "already booked " + when + " by '" + title + "'");
        }
        String reason = name + " is " + join(parts);
        if (capacity > 1) reason += " (at most " + capacity + " bookings may overlap)";
        return new Problem(Decision.CONFLICT, reason, true);
    }

    private static boolean activeAt(Booking b, Instant t) {
        if (b.start().equals(b.end())) return b.start().equals(t);
        return !b.start().isAfter(t) && b.end().isAfter(t);
    }

    // ---- wording ---------------------------------------------------------------------------------------------------

    private static String join(List<String> parts) {
        if (parts.size() == 1) return parts.get(0);
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** A title on one line, without control characters, shortened. */
    private static String title(String t) {
        if (t == null) return null;
        String s = t.replaceAll("[\\p{Cntrl}]+", " ").strip();
        if (s.isEmpty()) return null;
        return s.length() > MAX_TITLE ? s.substring(0, MAX_TITLE - 1) + "\u2026" : s;
    }

    /**
     * A period in {@code zone}: "10:00–11:00 on 2026-12-03", "22:00–24:00 on 2026-12-03", "all day on 2026-12-03",
     * "all day from 2026-12-03 to 2026-12-05", "at 10:00 on 2026-12-03", "from 2026-12-03 22:00 to 2026-12-04 02:00".
     */
    static String period(Instant start, Instant end, ZoneId zone) {
        ZonedDateTime s = start.atZone(zone);
        ZonedDateTime e = end.atZone(zone);
        LocalDate day = s.toLocalDate();
        if (start.equals(end)) return "at " + TIME.format(s) + " on " + DATE.format(s);
        boolean startsDay = start.equals(day.atStartOfDay(zone).toInstant());
        LocalDate endDay = e.toLocalDate();
        boolean endsDay = end.equals(endDay.atStartOfDay(zone).toInstant());
        if (startsDay && endsDay) {
            LocalDate last = endDay.minusDays(1);
            return last.equals(day) ? "all day on " + DATE.format(day)
                    : "all day from " + DATE.format(day) + " to " + DATE.format(last);
        }
        if (endDay.equals(day)) return TIME.format(s) + DASH + TIME.format(e) + " on " + DATE.format(s);
        if (endsDay && endDay.equals(day.plusDays(1))) return TIME.format(s) + DASH + "24:00 on " + DATE.format(s);
        return "from " + DATE.format(s) + " " + TIME.format(s) + " to " + DATE.format(e) + " " + TIME.format(e);
    }

    /** "90 days", "1 hour 30 minutes", "45 minutes". */
    static String duration(Duration d) {
        List<String> parts = new ArrayList<>();
        long days = d.toDays();
        if (days > 0) parts.add(days + (days == 1 ? " day" : " days"));
        if (d.toHoursPart() > 0) parts.add(d.toHoursPart() + (d.toHoursPart() == 1 ? " hour" : " hours"));
        if (d.toMinutesPart() > 0) parts.add(d.toMinutesPart() + (d.toMinutesPart() == 1 ? " minute" : " minutes"));
        if (parts.isEmpty()) parts.add(d.toSecondsPart() + (d.toSecondsPart() == 1 ? " second" : " seconds"));
        return String.join(" ", parts);
    }
}
