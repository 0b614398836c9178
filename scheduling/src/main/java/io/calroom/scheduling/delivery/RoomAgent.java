package io.calroom.scheduling.delivery;

import io.calroom.scheduling.SchedulingStores;
import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.Occurrence;
import io.calroom.ical.tree.ObjectText;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.directory.AccessKind;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.ResourcePolicyStore;
import io.calroom.scheduling.agent.AgentContext;
import io.calroom.scheduling.agent.AutoScheduleAgent;
import io.calroom.scheduling.agent.Booking;
import io.calroom.scheduling.agent.Decision;
import io.calroom.scheduling.agent.RequestedOccurrence;
import io.calroom.scheduling.agent.ResourceCopyEditor;
import io.calroom.scheduling.index.OccurrenceIndex;
import io.calroom.scheduling.itip.AttendeeScheduling;
import io.calroom.scheduling.itip.ItipMessage;
import io.calroom.scheduling.itip.ItipProcessing;
import io.calroom.scheduling.itip.ScheduleTags;
import io.calroom.scheduling.itip.SchedulingObjects;
import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.OccurrenceLookups;
import io.calroom.schema.store.ResourceLock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The auto-schedule agent of rooms and resources, deciding inside the organizer's transaction:
 * it takes the resource's advisory lock ({@code pg_advisory_xact_lock}), so concurrent requests for
 * one resource are decided one after the other (across server processes sharing the database),
 * reads its policy and the bookings that overlap each requested occurrence, decides
 * ({@link AutoScheduleAgent}), stores its copy (declined parts transparent) and returns its REPLY
 * for the organizer. Undecided requests (manual approval) land in the resource's inbox for its
 * managers; decided ones leave the inbox empty.
 */
public final class RoomAgent implements ResourceAgent {
    /** How many empty windows of one horizon are looked through for the first occurrence of a series that begins later. */
    private static final int MAX_EMPTY_WINDOWS = 5_000;
    private static final java.time.format.DateTimeFormatter DATE = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd",
            java.util.Locale.ROOT);
    private final CalendarObjectParser parser;
    private final OccurrenceIndex index;
    private final ResourceLock lock;
    private final DeliveryWriter copies;
    private final Duration conflictHorizon;
    private final SchedulingStores stores;

    /**
     * @param conflictHorizon how far past {@code max(now, its start)} a request is judged against the
     *                        room's open-ended series ({@code CALDAV_CONFLICT_HORIZON_DAYS}; never less
     *                        than the expansion horizon, what the room's copy holds when it is stored)
     */
    public RoomAgent(SchedulingStores stores, CalendarObjectParser parser, OccurrenceIndex index, Duration conflictHorizon) {
        this.stores = stores;
        this.parser = parser;
        this.lock = stores.calendars().resourceLock(); // the one managers' decisions take too
        this.index = index;
        this.copies = new DeliveryWriter(stores, parser);
        this.conflictHorizon = conflictHorizon.compareTo(index.horizon()) > 0 ? conflictHorizon : index.horizon();
    }

    @Override
    public boolean handles(Principal recipient) {
        return recipient.kind() == PrincipalKind.RESOURCE;
    }

    @Override
    public Outcome request(Principal organizer, Principal resource, ItipMessage request, Instant now)
            throws CalendarDataException {
        lock.holdUntilCommit(resource.id());
        ResourcePolicyStore policies = stores.policies();
        ResourcePolicy policy = policies.read(resource.orgId(), resource.id()).orElse(ResourcePolicy.DEFAULT);
        boolean onAutoAccept = policies.isGranted(resource.id(), organizer.id(), AccessKind.AUTO_ACCEPT);
        boolean allowed = !policy.restrictedAccess() || onAutoAccept
                || policies.isGranted(resource.id(), organizer.id(), AccessKind.ALLOWED_BOOKER);
        String uid = SchedulingObjects.read(request.ical()).uid();

        CalendarCollectionStore calendarStore = stores.collections();
        CalendarObjectStore objectStore = stores.objects();
        Optional<CalendarObjectStore.ObjectLocation> existing = objectStore.findInHomeByUid(resource.id(), uid);
        String current = existing.flatMap(l -> objectStore.ical(l.object().id())).orElse(null);
        String pending = ItipProcessing.applyRequest(current, request.ical(), request.recipient());
        String standing = standingManagerAnswer(current, pending, request.recipient());
        if (standing != null) {
            // a manager answered and the organizer's change does not void the answer: keep it
            String kept = ManagerMark.mark(pending);
            // answer again, so the organizer's copy shows the standing answer whatever its client sent
            String unanswered = ItipProcessing.setAttendeePartstat(kept, request.recipient(), "NEEDS-ACTION", Map.of(), false);
            Optional<ItipMessage> reply;
            try {
                reply = AttendeeScheduling.schedule(unanswered, kept, request.recipient(), now);
            } catch (AttendeeScheduling.AttendeeChangeNotAllowed e) {
                reply = Optional.empty();
            }
            if (reply.isPresent()) kept = ItipProcessing.setOrganizerScheduleStatus(kept, ScheduleStatus.DELIVERED);
            String tag = ScheduleTags.changed(current, kept) ? ScheduleTags.next() : existing.get().object().scheduleTag();
            copies.storeCopy(resource, existing, uid, kept, tag, now);
            return new Outcome(ScheduleStatus.SUCCESS, reply.orElse(null), "ACCEPTED".equals(standing), resource.displayNameOrName());
        }

        var calendar = calendarStore.calendar(resource.id(), io.calroom.principal.AccountProvisioner.DEFAULT_CALENDAR);
        Judged judged = occurrences(request.ical(), policy, now, calendar.map(c -> c.id()).orElse(null), uid);
        List<RequestedOccurrence> asked = judged.occurrences().stream().map(RequestedOccurrence::of).toList();
        List<List<Booking>> bookings = calendar.isPresent()
                ? bookings(organizer, resource, calendar.get().id(), uid, asked, policy, judged.othersUntil(), now)
                : asked.stream().map(o -> List.<Booking>of()).toList();
        Decision decided = AutoScheduleAgent.decide(new AgentContext(resource.displayNameOrName(), policy, resource.active(),
                allowed, onAutoAccept, now), asked, bookings);
        // RFC 5546 §3.6: the reason says which part of the series was not judged against everything
        String limit = decided.declined() ? null : judged.limitSentence(resource.displayNameOrName(), policy.timezone(),
                () -> calendar.isPresent() && stores.occurrenceIndex().hasOpenSeries(calendar.get().id(), uid));
        Decision decision = limit == null ? decided : new Decision(decided.partstat(), decided.requestStatus(),
                decided.reason() == null ? limit : decided.reason() + ". " + limit, decided.declinedOccurrences());

        String stored = ResourceCopyEditor.applyDecision(pending, request.ical(), request.recipient(), decision);
        Optional<ItipMessage> reply = Optional.empty();
        if (!decision.pending()) {
            try {
                reply = AttendeeScheduling.schedule(pending, stored, request.recipient(), now);
            } catch (AttendeeScheduling.AttendeeChangeNotAllowed e) {
                throw new IllegalStateException("the agent's own decision was refused as an attendee change", e);
            }
            // RFC 6638 §7.3: the room's copy says how its REPLY fared (merged into the organizer's copy in this write)
            if (reply.isPresent()) stored = ItipProcessing.setOrganizerScheduleStatus(stored, ScheduleStatus.DELIVERED);
        }
        String tag = current == null || ScheduleTags.changed(current, stored) ? ScheduleTags.next() : existing.get().object().scheduleTag();
        copies.storeCopy(resource, existing, uid, stored, tag, now);

        if (decision.pending()) {
            copies.putInInbox(resource, request, now); // for the resource's managers
            return new Outcome(ScheduleStatus.DELIVERED, null, false, resource.displayNameOrName());
        }
        ItipMessage withStatus = reply.map(r -> withRequestStatus(r, decision)).orElse(null);
        return new Outcome(ScheduleStatus.SUCCESS, withStatus, decision.accepted(), resource.displayNameOrName());
    }

    /** The resource's PARTSTAT a manager gave, if it still stands after the request was applied; else null. */
    private static String standingManagerAnswer(String current, String pending, String resourceAddress) throws CalendarDataException {
        if (!ManagerMark.isMarked(current)) return null;
        var master = SchedulingObjects.read(pending).instances().values().stream().findFirst();
        String partstat = master.flatMap(i -> i.attendees().stream().filter(a -> a.is(resourceAddress)).findFirst())
                .map(io.calroom.scheduling.itip.Attendee::partstat).orElse("NEEDS-ACTION");
        return partstat.equals("NEEDS-ACTION") ? null : partstat;
    }

    /**
     * The request's occurrences the agent judges, read in the resource's time zone, and how far the
     * judgement reaches (docs/scheduling.md, "Which occurrences are judged").
     *
     * @param occurrences  the judged occurrences, in order
     * @param horizonEnd   the request's conflict horizon: the room's open-ended series are judged
     *                     against it up to here
     * @param othersUntil  the room's open-ended series are brought up to date (extended) up to here
     *                     for the judgement: the conflict horizon, or the request's last judged end if
     *                     earlier
     * @param judgedUntil  when the request has occurrences after the judged ones, where judgement
     *                     stopped; null when every occurrence is judged
     * @param capped       judgement stopped at the limit of {@code max-instances} occurrences, not at
     *                     the end of what the room holds
     */
    record Judged(List<Occurrence> occurrences, Instant horizonEnd, Instant othersUntil, Instant judgedUntil, boolean capped,
                  int cap) {
        /** What the REPLY must say about occurrences not judged against everything, or null. */
        String limitSentence(String room, java.time.ZoneId zone, java.util.function.BooleanSupplier roomHasOtherOpenSeries) {
            if (capped) {
                return "Only the first " + cap + " occurrences, up to " + DATE.format(judgedUntil.atZone(zone))
                        + ", were checked; later ones were accepted without a check";
            }
            boolean pastHorizon = judgedUntil != null
                    || occurrences.stream().anyMatch(o -> o.end().isAfter(horizonEnd));
            if (pastHorizon && roomHasOtherOpenSeries.getAsBoolean()) {
                return "Occurrences after " + DATE.format(horizonEnd.atZone(zone)) + " were not checked against the other "
                        + "series of " + room + " that have no end";
            }
            return null;
        }
    }

    /**
     * Judged are: every occurrence up to the request's conflict horizon ({@code max(now, start) +
     * conflictHorizon}), and beyond it, up to the end of the latest booking the room holds, every
     * occurrence that meets a booking the room holds (the others meet nothing it holds) — of at most
     * {@code max-instances} occurrences in all. The room's other bookings are read from the occurrence
     * index, its open-ended series brought up to date up to the conflict horizon first
     * ({@link #bookings}).
     */
    private Judged occurrences(String requestText, ResourcePolicy policy, Instant now, Long calendarId, String uid)
            throws CalendarDataException {
        java.time.ZoneId zone = policy.timezone();
        net.fortuna.ical4j.model.Calendar request = parser.parse(requestText.getBytes(StandardCharsets.UTF_8));
        int cap = index.maxOccurrences();
        // up to now + horizon first, then (for a series that begins later) window by window to its first occurrence
        OccurrenceIndex.Steps head = index.expandSteps(request, zone, null, now.plus(index.horizon()), cap);
        List<Occurrence> out = new ArrayList<>(head.occurrences());
        Instant until = head.until();
        boolean continues = head.unbounded();
        for (int windows = 0; out.isEmpty() && continues && windows < MAX_EMPTY_WINDOWS; windows++) {
            OccurrenceIndex.Steps next = index.expandSteps(request, zone, until, until.plus(index.horizon()), cap);
            if (!next.until().isAfter(until)) break;
            out.addAll(next.occurrences());
            until = next.until();
            continues = next.unbounded();
        }
        // the conflict horizon: max(now, start) + conflictHorizon, like the room's copy is stored up to
        // max(now, start) + expansion horizon (the start: the first original start, RECURRENCE-ID or DTSTART)
        Instant anchor = out.stream().map(o -> o.recurrenceId() != null ? o.recurrenceId() : o.start())
                .filter(java.util.Objects::nonNull).min(Instant::compareTo).filter(t -> t.isAfter(now)).orElse(now);
        Instant horizonEnd = anchor.plus(conflictHorizon);
        boolean capped = false;
        if (continues && horizonEnd.isAfter(until)) {
            OccurrenceIndex.Steps more = index.expandSteps(request, zone, until, horizonEnd, cap - out.size());
            out.addAll(more.occurrences());
            capped = more.unbounded() && more.until().isBefore(horizonEnd);
            until = more.until();
            continues = more.unbounded();
        }
        if (continues && !capped && calendarId != null) {
            Instant latest = stores.occurrenceIndex().latestHeldEnd(calendarId, uid);
            if (latest != null && latest.isAfter(until)) {
                OccurrenceIndex.Steps more = index.expandSteps(request, zone, until, latest, cap - out.size());
                out.addAll(meetingABooking(calendarId, uid, more.occurrences(), zone));
                capped = more.unbounded() && more.until().isBefore(latest);
                until = more.until();
                continues = more.unbounded();
            }
        }
        List<Occurrence> events = out.stream().filter(o -> o.start() != null && o.end() != null).toList();
        Instant lastEnd = events.stream().map(Occurrence::end).max(Instant::compareTo).orElse(horizonEnd);
        Instant othersUntil = lastEnd.isBefore(horizonEnd) ? lastEnd : horizonEnd;
        return new Judged(events, horizonEnd, othersUntil, continues ? until : null, capped, cap);
    }

    /**
     * Of occurrences past the conflict horizon, those that meet a booking the room holds: the others
     * would meet nothing, and judging them against the policy alone would only add overrides (a
     * booking window declines each of them) to the copies.
     */
    private List<Occurrence> meetingABooking(long calendarId, String uid, List<Occurrence> occurrences,
                                                    java.time.ZoneId zone) {
        List<Occurrence> events = occurrences.stream().filter(o -> o.start() != null && o.end() != null).toList();
        List<Instant[]> periods = new ArrayList<>();
        for (Occurrence o : events) {
            RequestedOccurrence b = AutoScheduleAgent.blockingPeriod(RequestedOccurrence.of(o), zone);
            periods.add(new Instant[]{b.start(), b.end()});
        }
        java.util.Set<Integer> meeting = new java.util.HashSet<>();
        for (OccurrenceLookups.OverlappingBooking ob : stores.occurrences().blockingOverlaps(calendarId, uid, periods)) {
            meeting.add(ob.period());
        }
        List<Occurrence> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) if (meeting.contains(i)) out.add(events.get(i));
        return out;
    }

    /**
     * For each requested occurrence, the other bookings of the resource overlapping its blocking
     * period: from the occurrence index, after it is brought up to date for the judged span (the
     * room's open-ended series extended up to {@code othersUntil}, see {@link OccurrenceIndex#cover}),
     * plus what it computed without storing (series another transaction holds).
     */
    private List<List<Booking>> bookings(Principal organizer, Principal resource, long calendarId, String uid,
                                         List<RequestedOccurrence> asked, ResourcePolicy policy, Instant othersUntil, Instant now) {
        List<Instant[]> periods = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (RequestedOccurrence o : asked) {
            RequestedOccurrence b = AutoScheduleAgent.blockingPeriod(o, policy.timezone());
            periods.add(new Instant[]{b.start(), b.end()});
            if (first == null || b.start().isBefore(first)) first = b.start();
            if (last == null || b.end().isAfter(last)) last = b.end();
        }
        OccurrenceLookups store = stores.occurrences();
        List<OccurrenceLookups.OverlappingBooking> overlaps = new ArrayList<>();
        if (!periods.isEmpty()) {
            Instant coverEnd = last.isAfter(othersUntil) && othersUntil.isAfter(first) ? othersUntil : last;
            OccurrenceIndex.Coverage coverage = index.cover(List.of(calendarId), uid, first, coverEnd, now, OccurrenceIndex.Mode.ANSWER);
            overlaps.addAll(store.blockingOverlaps(calendarId, uid, periods, coverage.ignored()));
            overlaps.addAll(coverage.blockingOverlaps(uid, periods));
        }
        Map<Long, String> titles = new HashMap<>();
        List<List<Booking>> out = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) out.add(new ArrayList<>());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (OccurrenceLookups.OverlappingBooking ob : overlaps) {
            // an occurrence computed here may also have been stored meanwhile by another transaction
            if (!seen.add(ob.period() + " " + ob.objectId() + " " + ob.start() + " " + ob.end())) continue;
            String title = titles.computeIfAbsent(ob.objectId(), id -> visibleTitle(organizer, resource, id));
            out.get(ob.period()).add(new Booking(ob.uid(), ob.start(), ob.end(), title.isEmpty() ? null : title));
        }
        return out;
    }

    /**
     * The booking's title when the organizer may see it (a booking of its own, or an organizer who
     * manages the resource); "" otherwise, and the reason then only says "busy".
     */
    private String visibleTitle(Principal organizer, Principal resource, long objectId) {
        String text = stores.objects().ical(objectId).orElse("");
        boolean own = text.toLowerCase(java.util.Locale.ROOT).contains("organizer") && stores.principals().addresses(organizer.id())
                .stream().anyMatch(a -> text.toLowerCase(java.util.Locale.ROOT).contains(a));
        boolean manager = stores.policies().isGranted(resource.id(), organizer.id(), AccessKind.MANAGER_READ);
        if (!own && !manager && organizer.role() == io.calroom.principal.Role.USER) return "";
        String summary = ObjectText.firstText(text, "SUMMARY");
        return summary == null ? "" : summary.trim();
    }

    /** RFC 5546 §3.8.6: the reply says how the request fared, with the reason as its extra data. */
    private static ItipMessage withRequestStatus(ItipMessage reply, Decision decision) {
        String status = decision.declined() || decision.declinedOccurrences().isEmpty()
                ? decision.requestStatus() : Decision.SUCCESS;
        String ical = ObjectText.addRequestStatus(reply.ical(), status, decision.reason());
        return new ItipMessage(reply.method(), reply.sender(), reply.recipient(), ical, reply.instanceKeys());
    }
}
