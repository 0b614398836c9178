package io.calroom.scheduling.delivery;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.directory.AccessKind;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.ResourcePolicyStore;
import io.calroom.scheduling.agent.AgentContext;
import io.calroom.scheduling.agent.AutoScheduleAgent;
import io.calroom.scheduling.agent.Booking;
import io.calroom.scheduling.agent.Decision;
import io.calroom.scheduling.agent.RequestedOccurrence;
import io.calroom.scheduling.agent.ResourceCopies;
import io.calroom.scheduling.ical.CalendarDataException;
import io.calroom.scheduling.ical.CalendarObjectParser;
import io.calroom.scheduling.ical.Occurrence;
import io.calroom.scheduling.ical.OccurrenceExpander;
import io.calroom.scheduling.itip.AttendeeScheduling;
import io.calroom.scheduling.itip.ItipMessage;
import io.calroom.scheduling.itip.ItipProcessing;
import io.calroom.scheduling.itip.ScheduleTags;
import io.calroom.scheduling.itip.SchedulingObjects;
import io.calroom.schema.store.CalendarStore;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern SUMMARY = Pattern.compile("(?m)^SUMMARY[^:\\r\\n]*:([^\\r\\n]*)");
    private final CalendarObjectParser parser;
    private final OccurrenceExpander expander;
    private final Copies copies;
    private final Duration horizon;

    /** @param horizon how far ahead recurring requests are checked for conflicts (default 1 year) */
    public RoomAgent(CalendarObjectParser parser, OccurrenceExpander expander, Duration horizon) {
        this.parser = parser;
        this.expander = expander;
        this.copies = new Copies(parser);
        this.horizon = horizon;
    }

    @Override
    public boolean handles(Principal recipient) {
        return recipient.kind() == PrincipalKind.RESOURCE;
    }

    @Override
    public Outcome request(DSLContext tx, Principal organizer, Principal resource, ItipMessage request, Instant now)
            throws CalendarDataException {
        tx.select(DSL.field("pg_advisory_xact_lock({0})", Object.class, DSL.val(resource.id()))).fetch();
        ResourcePolicyStore policies = new ResourcePolicyStore(tx);
        ResourcePolicy policy = policies.read(resource.orgId(), resource.id()).orElse(ResourcePolicy.DEFAULT);
        boolean onAutoAccept = policies.isGranted(resource.id(), organizer.id(), AccessKind.AUTO_ACCEPT);
        boolean allowed = !policy.restrictedAccess() || onAutoAccept
                || policies.isGranted(resource.id(), organizer.id(), AccessKind.ALLOWED_BOOKER);
        String uid = SchedulingObjects.read(request.ical()).uid();

        CalendarStore store = new CalendarStore(tx);
        Optional<CalendarStore.ObjectLocation> existing = store.findInHomeByUid(resource.id(), uid);
        String current = existing.flatMap(l -> store.ical(l.object().id())).orElse(null);
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
            copies.storeCopy(tx, resource, existing, uid, kept, tag, now);
            return new Outcome(ScheduleStatus.SUCCESS, reply.orElse(null), "ACCEPTED".equals(standing), resource.displayNameOrName());
        }

        List<Occurrence> requested = occurrences(request.ical(), policy, now);
        List<RequestedOccurrence> asked = requested.stream().map(RequestedOccurrence::of).toList();
        var calendar = store.calendar(resource.id(), io.calroom.principal.AccountProvisioner.DEFAULT_CALENDAR);
        List<List<Booking>> bookings = calendar.isPresent()
                ? bookings(tx, organizer, resource, calendar.get().id(), uid, asked, policy)
                : asked.stream().map(o -> List.<Booking>of()).toList();
        Decision decision = AutoScheduleAgent.decide(new AgentContext(resource.displayNameOrName(), policy, resource.active(),
                allowed, onAutoAccept, now), asked, bookings);

        String stored = ResourceCopies.applyDecision(pending, request.ical(), request.recipient(), decision);
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
        copies.storeCopy(tx, resource, existing, uid, stored, tag, now);

        if (decision.pending()) {
            copies.putInInbox(tx, resource, request, now); // for the resource's managers
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

    /** The requested occurrences over the conflict horizon, read in the resource's time zone. */
    private List<Occurrence> occurrences(String requestText, ResourcePolicy policy, Instant now) throws CalendarDataException {
        var calendar = parser.parse(requestText.getBytes(StandardCharsets.UTF_8));
        List<Occurrence> within = expander.expand(calendar, policy.timezone(), null, now.plus(horizon)).occurrences();
        if (!within.isEmpty()) return within;
        // an event that starts beyond the horizon: judge its first occurrences
        try {
            List<Occurrence> all = expander.expand(calendar, policy.timezone(), null, now.plus(horizon.multipliedBy(10))).occurrences();
            return all.size() > 366 ? all.subList(0, 366) : all;
        } catch (CalendarDataException e) {
            return List.of();
        }
    }

    /** For each requested occurrence, the other bookings of the resource overlapping its blocking period. */
    private List<List<Booking>> bookings(DSLContext tx, Principal organizer, Principal resource, long calendarId, String uid,
                                         List<RequestedOccurrence> asked, ResourcePolicy policy) {
        List<Instant[]> periods = new ArrayList<>();
        for (RequestedOccurrence o : asked) {
            RequestedOccurrence b = AutoScheduleAgent.blockingPeriod(o, policy.timezone());
            periods.add(new Instant[]{b.start(), b.end()});
        }
        CalendarStore store = new CalendarStore(tx);
        List<CalendarStore.OverlappingBooking> overlaps = store.blockingOverlaps(calendarId, uid, periods);
        Map<Long, String> titles = new HashMap<>();
        List<List<Booking>> out = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) out.add(new ArrayList<>());
        for (CalendarStore.OverlappingBooking ob : overlaps) {
            String title = titles.computeIfAbsent(ob.objectId(), id -> visibleTitle(tx, organizer, resource, id));
            out.get(ob.period()).add(new Booking(ob.uid(), ob.start(), ob.end(), title.isEmpty() ? null : title));
        }
        return out;
    }

    /**
     * The booking's title when the organizer may see it (a booking of its own, or an organizer who
     * manages the resource); "" otherwise, and the reason then only says "busy".
     */
    private static String visibleTitle(DSLContext tx, Principal organizer, Principal resource, long objectId) {
        String text = new CalendarStore(tx).ical(objectId).orElse("");
        boolean own = text.toLowerCase(java.util.Locale.ROOT).contains("organizer") && new PrincipalStore(tx).addresses(organizer.id())
                .stream().anyMatch(a -> text.toLowerCase(java.util.Locale.ROOT).contains(a));
        boolean manager = new ResourcePolicyStore(tx).isGranted(resource.id(), organizer.id(), AccessKind.MANAGER_READ);
        if (!own && !manager && organizer.role() == io.calroom.principal.Role.USER) return "";
        Matcher m = SUMMARY.matcher(text);
        return m.find() ? m.group(1).trim() : "";
    }

    /** RFC 5546 §3.8.6: the reply says how the request fared, with the reason as its extra data. */
    private static ItipMessage withRequestStatus(ItipMessage reply, Decision decision) {
        String status = decision.declined() || decision.declinedOccurrences().isEmpty()
                ? decision.requestStatus() : Decision.SUCCESS;
        String line = "REQUEST-STATUS:" + status + (decision.reason() == null ? "" : ";" + escape(decision.reason()));
        String ical = reply.ical().replaceFirst("(\r\nEND:VEVENT)", "\r\n" + fold(line) + "$1");
        return new ItipMessage(reply.method(), reply.sender(), reply.recipient(), ical, reply.instanceKeys());
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n");
    }

    /** Folds a content line at 75 octets (RFC 5545 §3.1). */
    static String fold(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 75) return line;
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (count + len > (out.length() == 0 ? 75 : 74) && count > 0) {
                out.append("\r\n ");
                count = 0;
            }
            out.appendCodePoint(cp);
            count += len;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
