package io.calroom.scheduling.delivery;

import io.calroom.scheduling.SchedulingStores;
import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.ComponentTypes;
import io.calroom.ical.Occurrence;
import io.calroom.ical.ValidatedCalendarObject;
import io.calroom.ical.tree.ObjectText;
import io.calroom.principal.AccountProvisioner;
import io.calroom.principal.Principal;
import io.calroom.scheduling.index.OccurrenceZones;
import io.calroom.scheduling.itip.Addresses;
import io.calroom.scheduling.itip.Attendee;
import io.calroom.scheduling.itip.Instance;
import io.calroom.scheduling.itip.ItipProcessing;
import io.calroom.scheduling.itip.SchedulingObject;
import io.calroom.scheduling.itip.SchedulingObjects;
import io.calroom.scheduling.itip.SchedulingRoles;
import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.OccurrenceLookups;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.InstanceRow;
import io.calroom.schema.store.ObjectWithData;
import io.calroom.schema.store.ResourceLock;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.schema.store.StoredObject;
import io.calroom.schema.store.WriteCondition;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the managers of a room or resource decide on the requests its agent left undecided
 * ({@code NEEDS-ACTION}, the request waiting in the resource's inbox): approve or decline, with the
 * same effect as a manager changing the resource's PARTSTAT from a CalDAV client. The resource's copy
 * gets the answer (declined parts transparent, so they never block; accepted ones with the
 * organizer's TRANSP), the REPLY goes to the organizer through {@link ImplicitScheduler#onWrite}, the
 * copy is stored (validated, Schedule-Tag kept) and marked {@value #DECIDED_BY}{@code :manager} so that
 * the agent does not override the answer, and the request leaves the inbox. Everything runs in the
 * caller's transaction, under the resource's advisory lock (the one the agent takes), so a decision
 * and an agent's answer for the same resource never interleave.
 */
public final class ManagerDecisions {
    /** The property on every component of a copy whose answer a person gave, not the agent ({@link ManagerMark}). */
    public static final String DECIDED_BY = ManagerMark.PROPERTY;
    public static final String ACCEPTED = "ACCEPTED";
    public static final String DECLINED = "DECLINED";
    private static final String NEEDS_ACTION = "NEEDS-ACTION";
    private static final int PAGE = 200;
    private static final DateTimeFormatter UTC_KEY = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
    private static final DateTimeFormatter DATE_KEY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private final ImplicitScheduler scheduler;
    private final CalendarObjectParser parser;
    private final DeliveryWriter copies;
    private final ResourceLock lock;
    private final SchedulingStores stores;

    public ManagerDecisions(SchedulingStores stores, ImplicitScheduler scheduler, CalendarObjectParser parser) {
        this.stores = Objects.requireNonNull(stores, "stores");
        // the resource lock the room agent takes too, so decisions and the agent's answers take turns
        this.lock = stores.calendars().resourceLock();
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.copies = new DeliveryWriter(stores, parser);
    }

    /**
     * A request waiting for a decision.
     *
     * @param uid              the event's UID
     * @param summary          its SUMMARY (the master's, else the first component's), or null
     * @param organizer        the ORGANIZER address, normalized ({@code mailto:...}), or null
     * @param start            the start of its first occurrence (from the occurrence table, else DTSTART), or null
     * @param end              the end of that occurrence, or null
     * @param recurring        a series (RRULE/RDATE, or several components)
     * @param recurrenceRule   the master's RRULE value, or null
     * @param pendingOverrides RECURRENCE-IDs of the overrides whose answer is pending (empty when only the master is)
     * @param href             the path of the resource's copy, e.g. {@code /calendars/resources/r1/default/x.ics}
     * @param inboxHref        the path of the request in the resource's inbox, or null if it is not there
     */
    public record PendingRequest(String uid, String summary, String organizer, Instant start, Instant end,
                                 boolean recurring, String recurrenceRule, List<Instant> pendingOverrides,
                                 String href, String inboxHref) {
        public PendingRequest {
            pendingOverrides = List.copyOf(pendingOverrides);
        }
    }

    /** The copy of that UID has no part waiting for a decision any more (or the resource is no attendee of it). */
    public static final class NotPendingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotPendingException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Decides the request {@code uid} of the resource: every part of it whose answer is pending gets
     * {@code partstat}; parts already answered (e.g. occurrences the agent declined on their own) keep
     * their answer. Run it in a transaction.
     *
     * @param partstat {@code ACCEPTED} or {@code DECLINED}
     * @return the new PARTSTAT; empty when the resource has no copy with this UID
     * @throws NotPendingException      when nothing of it is pending
     * @throws IllegalArgumentException for another PARTSTAT
     * @throws CalendarDataException    when the answered copy cannot be stored (a server bug)
     */
    public Optional<String> decide(Principal resource, String uid, String partstat, Instant now)
            throws CalendarDataException {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(now, "now");
        String answer = partstat == null ? "" : partstat.toUpperCase(Locale.ROOT);
        if (!answer.equals(ACCEPTED) && !answer.equals(DECLINED)) {
            throw new IllegalArgumentException("a decision is ACCEPTED or DECLINED, not " + partstat);
        }
        // the agent's lock: a decision and an agent's answer for one resource are serialized
        lock.holdUntilCommit(resource.id());
        CalendarCollectionStore calendarStore = stores.collections();
        CalendarObjectStore objectStore = stores.objects();
        Optional<CalendarObjectStore.ObjectLocation> where = objectStore.findInHomeByUid(resource.id(), uid);
        if (where.isEmpty()) return Optional.empty();
        String current = objectStore.ical(where.get().object().id()).orElseThrow();
        SchedulingObject so = SchedulingObjects.read(current);
        String me = resourceAttendee(stores, resource, so);
        if (me == null) throw new NotPendingException(resource.name() + " is not an attendee of " + uid);
        if (!isPending(so, me)) throw new NotPendingException("the request " + uid + " is not pending any more");

        // every component gets its answer explicitly: pending parts the decision, the others what they have
        String all = answer;
        Instance master = so.master();
        if (master != null && master.has(me) && !pendingIn(master, me)) all = partstatOf(master, me);
        Map<Instant, String> overrides = new LinkedHashMap<>();
        boolean answeredBefore = false;
        for (Instance i : so.instances().values()) {
            if (i.isMaster() || !i.has(me)) continue;
            boolean pending = pendingIn(i, me);
            answeredBefore |= !pending;
            overrides.put(keyInstant(i.key()), pending ? answer : partstatOf(i, me));
        }

        String text = current;
        String request = organizerRequest(stores, resource, so, uid);
        // a resource has no TRANSP of its own: the organizer's, except where it declines (then transparent)
        if (request != null) text = ItipProcessing.copyTransparency(text, request);
        text = ItipProcessing.setAttendeePartstat(text, me, all, overrides, true);
        // occurrences the agent declined on their own while leaving the rest pending were never replied (a pending
        // request gets no REPLY): the organizer learns them now, with the whole answer (RFC 6638 §7.2; the
        // parameter is not stored)
        if (answeredBefore) text = forceReply(text);

        String tag = where.get().object().scheduleTag();
        SchedulingOutcome outcome = scheduler.onWrite(resource, current, text, tag, now);
        String toStore = markDecidedByManager(outcome.textToStore() == null ? text : outcome.textToStore());
        copies.storeCopy(resource, where, uid, toStore, outcome.scheduleTag() == null ? tag : outcome.scheduleTag(), now);

        calendarStore.calendar(resource.id(), AccountProvisioner.INBOX).ifPresent(inbox -> DeliveryWriter.inboxItemsFor(objectStore, inbox.id(), uid)
                .forEach(o -> objectStore.delete(inbox.id(), o.uri(), WriteCondition.NONE)));
        return Optional.of(answer);
    }

    /**
     * A resource's copy that a person answered from a CalDAV client (the manager's PUT), made to block like a decision
     * through {@link #decide}: TRANSP as the organizer has it, TRANSPARENT where the resource declines (RFC 6638
     * §3.2.2.1 item 2 lets the attendee side set TRANSP; a resource has none of its own); and when nothing of the
     * request is pending any more, the request leaves the resource's inbox. Returns the text to store.
     */
    static String settleAnsweredCopy(SchedulingStores stores, Principal resource, String resourceAddress, String text) {
        SchedulingObject so;
        try {
            so = SchedulingObjects.read(text);
        } catch (CalendarDataException e) {
            return text;
        }
        CalendarCollectionStore calendarStore = stores.collections();
        CalendarObjectStore objectStore = stores.objects();
        String request = organizerRequest(stores, resource, so, so.uid());
        String settled = request == null ? text : ItipProcessing.copyTransparency(text, request);
        settled = ItipProcessing.transparentWhereDeclined(settled, resourceAddress);
        if (!isPending(so, resourceAddress)) {
            calendarStore.calendar(resource.id(), AccountProvisioner.INBOX).ifPresent(inbox -> DeliveryWriter.inboxItemsFor(objectStore, inbox.id(), so.uid())
                    .forEach(o -> objectStore.delete(inbox.id(), o.uri(), WriteCondition.NONE)));
        }
        return settled;
    }

    /**
     * The resource's copies where its own answer is NEEDS-ACTION for the master or any instance (cancelled
     * ones aside), first occurrence first. Reads every copy of the resource's calendars (resource calendars are
     * small; a cheap text test skips the copies it has answered).
     */
    public List<PendingRequest> pending(Principal resource) {
        CalendarCollectionStore calendarStore = stores.collections();
        OccurrenceLookups occurrenceLookups = stores.occurrences();
        CalendarObjectStore objectStore = stores.objects();
        List<String> addresses = ownAddresses(stores, resource);
        Map<String, String> inboxHrefs = new HashMap<>();
        calendarStore.calendar(resource.id(), AccountProvisioner.INBOX).ifPresent(inbox -> {
            for (StoredObject o : objectStore.objects(inbox.id())) {
                if (o.uid() != null) inboxHrefs.put(DeliveryWriter.eventUidOf(o.uid()), resource.calendarHomePath() + inbox.uri() + "/" + o.uri());
            }
        });
        List<PendingRequest> out = new ArrayList<>();
        for (StoredCalendar calendar : calendarStore.calendarsOf(resource.id())) {
            if (calendar.kind() != CollectionKind.CALENDAR) continue;
            java.time.ZoneId zone = OccurrenceZones.of(stores, resource, calendar);
            objectStore.forEachPageWithData(calendar.id(), null, PAGE, page -> {
                List<ObjectWithData> candidates = page.stream().filter(o -> mayBePending(o.ical(), addresses)).toList();
                if (candidates.isEmpty()) return;
                Map<Long, List<InstanceRow>> rows = occurrenceLookups.instancesOf(
                        candidates.stream().map(o -> o.object().id()).toList(), null, null);
                for (ObjectWithData o : candidates) {
                    PendingRequest p = pendingRequest(resource, calendar, zone, o, addresses,
                            rows.getOrDefault(o.object().id(), List.of()), inboxHrefs.get(o.object().uid()));
                    if (p != null) out.add(p);
                }
            });
        }
        out.sort(Comparator.comparing(PendingRequest::start, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(PendingRequest::uid));
        return out;
    }

    // ---- helpers ----

    private PendingRequest pendingRequest(Principal resource, StoredCalendar calendar, java.time.ZoneId zone, ObjectWithData o,
                                          List<String> addresses, List<InstanceRow> rows, String inboxHref) {
        SchedulingObject so;
        try {
            so = SchedulingObjects.read(o.ical());
        } catch (CalendarDataException | RuntimeException e) {
            return null;
        }
        String me = SchedulingRoles.ownerAttendeeAddress(so, addresses);
        if (me == null || Addresses.isOneOf(so.organizer(), addresses) || !isPending(so, me)) return null;
        List<Instant> pendingOverrides = new ArrayList<>();
        for (Instance i : so.instances().values()) {
            if (!i.isMaster() && pendingIn(i, me)) pendingOverrides.add(keyInstant(i.key()));
        }
        Calendar parsed = null;
        try {
            parsed = parser.parse(o.ical().getBytes(StandardCharsets.UTF_8));
        } catch (CalendarDataException e) {
            // stored text always parses; without it there is just no summary
        }
        Component main = parsed == null ? null : mainComponent(parsed);
        String summary = main == null ? null : main.getProperty(Property.SUMMARY).map(Property::getValue).orElse(null);
        String rrule = main == null ? null : main.getProperty(Property.RRULE).map(Property::getValue).orElse(null);
        boolean rdate = main != null && main.getProperty(Property.RDATE).isPresent();
        boolean recurring = rrule != null || rdate || so.instances().size() > 1;

        Instant start = null;
        Instant end = null;
        InstanceRow first = rows.stream().filter(r -> !"CANCELLED".equals(r.status()))
                .min(Comparator.comparing(InstanceRow::start, Comparator.nullsFirst(Comparator.naturalOrder()))).orElse(null);
        if (first != null) {
            start = first.start();
            end = first.end();
        } else {
            Occurrence occurrence = firstOccurrence(o.ical(), calendar, zone);
            if (occurrence != null) {
                start = occurrence.start();
                end = occurrence.end();
            }
        }
        String href = resource.calendarHomePath() + calendar.uri() + "/" + o.object().uri();
        return new PendingRequest(o.object().uid(), summary, so.organizer(), start, end, recurring, rrule, pendingOverrides,
                href, inboxHref);
    }

    /** DTSTART of an object the occurrence table has no rows for (e.g. one beyond the expansion horizon). */
    private Occurrence firstOccurrence(String text, StoredCalendar calendar, java.time.ZoneId zone) {
        try {
            ValidatedCalendarObject v = parser.validate(text.getBytes(StandardCharsets.UTF_8), Set.copyOf(calendar.components()),
                    zone, Instant.EPOCH);
            return v.occurrences().isEmpty() ? null : v.occurrences().get(0);
        } catch (CalendarDataException | RuntimeException e) {
            return null;
        }
    }

    /** The master VEVENT/VTODO/VJOURNAL (no RECURRENCE-ID), else the first one. */
    private static Component mainComponent(Calendar calendar) {
        Component first = null;
        for (Component c : calendar.getComponents()) {
            if (!ComponentTypes.isItem(c.getName())) continue;
            if (c.getProperty(Property.RECURRENCE_ID).isEmpty()) return c;
            if (first == null) first = c;
        }
        return first;
    }

    private static List<String> ownAddresses(SchedulingStores stores, Principal resource) {
        List<String> addresses = new ArrayList<>(stores.principals().addresses(resource.id()));
        addresses.add(resource.path());
        return addresses;
    }

    /** The resource's own ATTENDEE address (as written) when it is an attendee and not the organizer; else null. */
    private static String resourceAttendee(SchedulingStores stores, Principal resource, SchedulingObject so) {
        List<String> addresses = ownAddresses(stores, resource);
        if (so.organizer() == null || Addresses.isOneOf(so.organizer(), addresses)) return null;
        return SchedulingRoles.ownerAttendeeAddress(so, addresses);
    }

    private static boolean isPending(SchedulingObject so, String me) {
        for (Instance i : so.instances().values()) if (pendingIn(i, me)) return true;
        return false;
    }

    private static boolean pendingIn(Instance i, String me) {
        return !i.cancelled() && i.attendee(me).map(a -> NEEDS_ACTION.equals(a.partstat())).orElse(false);
    }

    private static String partstatOf(Instance i, String me) {
        return i.attendee(me).map(Attendee::partstat).orElse(NEEDS_ACTION);
    }

    /** SCHEDULE-FORCE-SEND=REPLY on every ORGANIZER: the REPLY then carries every component (RFC 6638 §7.2). */
    static String forceReply(String text) {
        return ObjectText.addParameterEverywhere(text, "ORGANIZER", "SCHEDULE-FORCE-SEND=REPLY");
    }

    /** An instance key ({@code yyyyMMdd'T'HHmmss'Z'}, or {@code yyyyMMdd} for a DATE) as an instant. */
    static Instant keyInstant(String key) {
        if (key.length() == 8) return LocalDate.parse(key, DATE_KEY).atStartOfDay(ZoneOffset.UTC).toInstant();
        return java.time.LocalDateTime.parse(key, UTC_KEY).toInstant(ZoneOffset.UTC);
    }

    /**
     * The organizer's view of the event, for its TRANSP: the request waiting in the resource's inbox, else the
     * organizer's own copy when the organizer is a local user of the resource's org; null when neither is there.
     */
    private static String organizerRequest(SchedulingStores stores, Principal resource, SchedulingObject so, String uid) {
        CalendarObjectStore store = stores.objects();
        Optional<StoredCalendar> inbox = stores.collections().calendar(resource.id(), AccountProvisioner.INBOX);
        if (inbox.isPresent()) {
            Optional<String> text = DeliveryWriter.inboxItemsFor(store, inbox.get().id(), uid).stream().findFirst().flatMap(o -> store.ical(o.id()));
            if (text.isPresent()) return text.get();
        }
        if (so.organizer() == null) return null;
        return stores.principals().byAddress(so.organizer())
                .filter(p -> p.orgId() == resource.orgId())
                .flatMap(p -> store.findInHomeByUid(p.id(), uid))
                .flatMap(l -> store.ical(l.object().id()))
                .orElse(null);
    }

    /**
     * A cheap test before parsing: the copy has an ATTENDEE line naming the resource whose PARTSTAT is
     * NEEDS-ACTION or absent (the default). False negatives are impossible for the resource's own addresses.
     */
    static boolean mayBePending(String text, List<String> addresses) {
        if (text == null) return false;
        List<String> needles = new ArrayList<>();
        for (String a : addresses) {
            String n = a.toLowerCase(Locale.ROOT);
            if (n.startsWith("mailto:")) n = n.substring("mailto:".length());
            if (!n.isBlank()) needles.add(n);
        }
        for (String line : ObjectText.unfoldedLines(text)) {
            String l = line.toLowerCase(Locale.ROOT);
            if (!l.startsWith("attendee")) continue;
            if (needles.stream().noneMatch(l::contains)) continue;
            if (!l.contains("partstat=") || l.contains("partstat=needs-action") || l.contains("partstat=\"needs-action\"")) return true;
        }
        return false;
    }

    /**
     * Adds {@value #DECIDED_BY}{@code :manager} to every VEVENT, VTODO and VJOURNAL that lacks it (at its own
     * level, not in a VALARM). Other lines keep their bytes.
     */
    static String markDecidedByManager(String text) {
        return ObjectText.addToEveryItemLacking(text, DECIDED_BY, "manager");
    }
}
