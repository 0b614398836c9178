package io.calroom.scheduling.freebusy;

import io.calroom.scheduling.SchedulingStores;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalStore;
import io.calroom.scheduling.itip.Addresses;
import io.calroom.ical.tree.IcalTree;
import io.calroom.schema.store.BusyInstance;
import io.calroom.schema.Database;
import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.OccurrenceLookups;
import io.calroom.scheduling.index.OccurrenceIndex;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers a VFREEBUSY request POSTed to a scheduling outbox (RFC 6638 §5): for each ATTENDEE, the
 * busy time of all its opaque calendars from the occurrence table, or request-status 3.7 when the
 * address is not a calendar user of the requester's org. {@code X-CALENDARSERVER-MASK-UID} leaves
 * out the event being edited, as Apple Calendar asks.
 */
public final class FreeBusyLookup {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", java.util.Locale.ROOT);
    private static final Duration MAX_RANGE = Duration.ofDays(3 * 366);

    /** A parsed VFREEBUSY request. */
    public record Request(String uid, String organizer, List<String> attendees, Instant start, Instant end, String maskUid) {
        public Request {
            attendees = List.copyOf(attendees);
        }
    }

    /** The answer for one recipient: an iTIP REQUEST-STATUS and, on success, the VFREEBUSY reply. */
    public record Answer(String recipient, String requestStatus, String calendarData) {}

    /** Why a request is not a valid free-busy request (the server answers 400 / 403). */
    public static final class InvalidRequest extends Exception {
        public InvalidRequest(String message) {
            super(message, null, false, false);
        }
    }

    private FreeBusyLookup() {
    }

    public static Request parse(String text) throws InvalidRequest {
        IcalTree.Component root;
        try {
            root = IcalTree.parse(text);
        } catch (RuntimeException e) {
            throw new InvalidRequest("the body is not iCalendar");
        }
        IcalTree.Line method = root.line("METHOD");
        if (!root.name().equals("VCALENDAR") || method == null || !method.value().trim().equalsIgnoreCase("REQUEST")) {
            throw new InvalidRequest("a free-busy request is a VCALENDAR with METHOD:REQUEST");
        }
        List<IcalTree.Component> fbs = root.children().stream().filter(c -> c.name().equals("VFREEBUSY")).toList();
        if (fbs.size() != 1 || root.children().stream().anyMatch(c -> !c.name().equals("VFREEBUSY") && !c.name().equals("VTIMEZONE"))) {
            throw new InvalidRequest("a free-busy request holds exactly one VFREEBUSY");
        }
        IcalTree.Component fb = fbs.get(0);
        IcalTree.Line organizer = fb.line("ORGANIZER");
        IcalTree.Line dtstart = fb.line("DTSTART");
        IcalTree.Line dtend = fb.line("DTEND");
        if (organizer == null || dtstart == null || dtend == null) throw new InvalidRequest("VFREEBUSY needs ORGANIZER, DTSTART and DTEND");
        List<String> attendees = new ArrayList<>();
        for (IcalTree.Line l : fb.lines()) if (l.name().equals("ATTENDEE")) attendees.add(l.value().trim());
        if (attendees.isEmpty()) throw new InvalidRequest("VFREEBUSY needs at least one ATTENDEE");
        Instant start = utc(dtstart.value());
        Instant end = utc(dtend.value());
        if (!end.isAfter(start)) throw new InvalidRequest("DTEND must be after DTSTART");
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) throw new InvalidRequest("a free-busy range may span at most 3 years");
        IcalTree.Line uid = fb.line("UID");
        IcalTree.Line mask = fb.line("X-CALENDARSERVER-MASK-UID");
        return new Request(uid == null ? null : uid.value().trim(), organizer.value().trim(), attendees, start, end,
                mask == null ? null : mask.value().trim());
    }

    public static List<Answer> answer(SchedulingStores stores, Principal requester, Request r, Instant now) {
        return answer(stores, requester, r, now, (Availability) null);
    }

    /** @param availability reads each recipient's inbox calendar-availability (RFC 7953), or null to ignore it */
    public static List<Answer> answer(SchedulingStores stores, Principal requester, Request r, Instant now, Availability availability) {
        return answer(stores, (Cover) null, requester, r, now, availability);
    }

    /**
     * As {@link #answer(SchedulingStores, Principal, Request, Instant, Availability)}, with the recipients'
     * occurrence tables first made complete over the range ({@link OccurrenceIndex#cover}: open-ended
     * series extended, stale objects recomputed; one look for all recipients, and a transaction only
     * when there is work), so that every occurrence in the range counts, however far ahead.
     */
    public static List<Answer> answer(Database database, SchedulingStores stores, OccurrenceIndex index, Principal requester, Request r, Instant now,
                                      Availability availability) {
        return answer(stores, calendars -> index.cover(database, calendars, r.maskUid(), r.start(), r.end(), now,
                OccurrenceIndex.Mode.ANSWER), requester, r, now, availability);
    }

    /** Completes the occurrence table of the recipients' opaque calendars; null: stored occurrences only. */
    private interface Cover {
        OccurrenceIndex.Coverage of(List<Long> calendars);
    }

    private static List<Answer> answer(SchedulingStores stores, Cover cover, Principal requester, Request r, Instant now,
                                       Availability availability) {
        List<Answer> out = new ArrayList<>();
        PrincipalStore principals = stores.principals();
        CalendarCollectionStore calendarStore = stores.collections();
        OccurrenceLookups occurrenceLookups = stores.occurrences();
        Map<String, Principal> recipients = new LinkedHashMap<>();
        for (String attendee : r.attendees()) {
            Optional<Principal> p = principals.byAddress(Addresses.normalize(attendee));
            if (p.isPresent() && p.get().orgId() == requester.orgId() && p.get().active()) recipients.put(attendee, p.get());
        }
        Map<Long, List<Long>> opaque = Map.of();
        OccurrenceIndex.Coverage coverage = OccurrenceIndex.Coverage.COMPLETE;
        if (cover != null && !recipients.isEmpty()) {
            opaque = calendarStore.opaqueCalendarIds(recipients.values().stream().map(Principal::id).toList());
            coverage = cover.of(opaque.values().stream().flatMap(List::stream).toList());
        }
        for (String attendee : r.attendees()) {
            Principal p = recipients.get(attendee);
            if (p == null) {
                out.add(new Answer(attendee, "3.7;Invalid calendar user", null));
                continue;
            }
            List<BusyInstance> busy = new ArrayList<>(occurrenceLookups.busyInstancesOfOwner(p.id(), r.start(), r.end(), r.maskUid(),
                    coverage.ignored()));
            busy.addAll(coverage.busy(r.start(), r.end(), r.maskUid(), opaque.getOrDefault(p.id(), List.of())));
            if (availability != null) {
                calendarStore.calendar(p.id(), io.calroom.principal.AccountProvisioner.INBOX)
                        .map(io.calroom.schema.store.StoredCalendar::availability)
                        .ifPresent(text -> busy.addAll(availability.unavailable(text, r.start(), r.end())));
            }
            List<BusyPeriods.Period> periods = BusyPeriods.merge(busy);
            out.add(new Answer(attendee, "2.0;Success", reply(r, attendee, periods, now)));
        }
        return out;
    }

    private static String reply(Request r, String attendee, List<BusyPeriods.Period> periods, Instant now) {
        StringBuilder b = new StringBuilder();
        b.append("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Calroom//CalDAV Server//EN\r\nMETHOD:REPLY\r\nBEGIN:VFREEBUSY\r\n");
        if (r.uid() != null) b.append("UID:").append(r.uid()).append("\r\n");
        b.append("DTSTAMP:").append(BusyPeriods.utc(now)).append("\r\n");
        b.append("DTSTART:").append(BusyPeriods.utc(r.start())).append("\r\n");
        b.append("DTEND:").append(BusyPeriods.utc(r.end())).append("\r\n");
        b.append("ORGANIZER:").append(r.organizer()).append("\r\n");
        b.append("ATTENDEE:").append(attendee).append("\r\n");
        b.append(BusyPeriods.lines(periods));
        b.append("END:VFREEBUSY\r\nEND:VCALENDAR\r\n");
        return b.toString();
    }

    private static Instant utc(String value) throws InvalidRequest {
        try {
            return LocalDateTime.parse(value.trim(), UTC).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidRequest("free-busy times must be UTC date-times (RFC 5546 §3.3.2), was '" + value.trim() + "'");
        }
    }
}
