package io.calroom.scheduling.delivery;

import io.calroom.scheduling.SchedulingStores;
import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.tree.ObjectText;
import io.calroom.principal.Principal;
import io.calroom.scheduling.itip.Addresses;
import io.calroom.scheduling.itip.AttendeeScheduling;
import io.calroom.scheduling.itip.ItipMessage;
import io.calroom.scheduling.itip.ItipProcessing;
import io.calroom.scheduling.itip.OrganizerScheduling;
import io.calroom.scheduling.itip.Role;
import io.calroom.scheduling.itip.ScheduleTags;
import io.calroom.scheduling.itip.SchedulingObject;
import io.calroom.scheduling.itip.SchedulingObjects;
import io.calroom.scheduling.itip.SchedulingRoles;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.WriteCondition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 6638 implicit scheduling, run inside the transaction of the write that triggers it: when an
 * organizer stores, changes or deletes a scheduling object, the iTIP messages are computed and
 * delivered to local recipients (their inbox, and their copy in their calendars); when an
 * attendee changes its PARTSTAT or deletes its copy, the REPLY updates the organizer's copy. The
 * caller stores the returned text. Everything commits or rolls back with the write itself.
 */
public final class ImplicitScheduler {
    private static final Logger log = LoggerFactory.getLogger(ImplicitScheduler.class);
    private final DeliveryWriter copies;
    private final ResourceAgent resourceAgent;
    private final ExternalDelivery external;
    private final String resourceDomain;
    private final SchedulingStores stores;

    /**
     * @param resourceDomain the mail domain of resource addresses: never e-mailed, whatever happens
     */
    public ImplicitScheduler(SchedulingStores stores, CalendarObjectParser parser, ResourceAgent resourceAgent,
                             ExternalDelivery external, String resourceDomain) {
        this.stores = java.util.Objects.requireNonNull(stores, "stores");
        this.copies = new DeliveryWriter(stores, parser);
        this.resourceAgent = resourceAgent;
        this.external = external;
        this.resourceDomain = resourceDomain.toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether this write may send iMIP: a service that proxies CalDAV may send its own e-mails. */
    public record WriteOptions(boolean sendImip) {
        public static final WriteOptions DEFAULT = new WriteOptions(true);
    }

    /**
     * @param oldText          the object as stored before this write, or null when it is created
     * @param newText          the object as the client sent it, or null when it is deleted
     * @param currentScheduleTag the stored Schedule-Tag, or null
     */
    public SchedulingOutcome onWrite(Principal owner, String oldText, String newText,
                                     String currentScheduleTag, Instant now) {
        return onWrite(owner, oldText, newText, currentScheduleTag, now, WriteOptions.DEFAULT);
    }

    public SchedulingOutcome onWrite(Principal owner, String oldText, String newText,
                                     String currentScheduleTag, Instant now, WriteOptions options) {
        if (!mayBeScheduling(newText) && !mayBeScheduling(oldText)) {
            // the hot path of plain events: no ORGANIZER, nothing to parse
            return new SchedulingOutcome(newText, currentScheduleTag, false);
        }
        SchedulingObject fresh = readQuietly(newText);
        SchedulingObject before = readQuietly(oldText);
        boolean scheduling = (fresh != null && fresh.isScheduling()) || (before != null && before.isScheduling());
        if (!scheduling) return new SchedulingOutcome(newText, currentScheduleTag, false);
        if (newText != null && !SchedulingObjects.sameOrganizerInAllComponents(newText)) {
            throw new SchedulingRefusal("same-organizer-in-all-components", "every component must have the same ORGANIZER");
        }
        // RFC 6638 §7.3: SCHEDULE-STATUS on what the server schedules is the server's; a client's value does not stand
        String sent = newText;
        if (newText != null) newText = ItipProcessing.keepServerScheduleStatus(oldText, newText);
        SchedulingOutcome outcome = schedule(owner, before, fresh, oldText, sent, newText, currentScheduleTag, now, options);
        String stored = outcome.textToStore();
        return new SchedulingOutcome(stored, outcome.scheduleTag(), stored != null && !stored.equals(sent));
    }

    /** @param sent the text as the client sent it; {@code newText} the same with the server's SCHEDULE-STATUS kept */
    private SchedulingOutcome schedule(Principal owner, SchedulingObject before, SchedulingObject fresh, String oldText,
                                       String sent, String newText, String currentScheduleTag, Instant now, WriteOptions options) {
        List<String> ownerAddresses = addressesOf(owner);
        // The owner's role comes from the copy it has (RFC 6638 §3.2): an attendee cannot make itself the organizer by
        // writing its own address into ORGANIZER (RFC 5546 §2.1.5: only the organizer sends REQUESTs).
        Role stored = SchedulingRoles.of(before, ownerAddresses);
        Role role = stored != Role.NONE ? stored : SchedulingRoles.of(fresh, ownerAddresses);
        if (role == Role.ORGANIZER) {
            boolean stillScheduling = fresh != null && fresh.isScheduling();
            if (stillScheduling && !Addresses.isOneOf(fresh.organizer(), ownerAddresses)) {
                throw new SchedulingRefusal("allowed-organizer-scheduling-object-change",
                        "the ORGANIZER cannot be changed to another calendar user (RFC 6638 §3.2.4.3)");
            }
            String organizerAddress = stillScheduling ? fresh.organizer() : before.organizer();
            return asOrganizer(owner, organizerAddress, oldText, newText, currentScheduleTag, now, options);
        }
        if (role == Role.ATTENDEE) {
            String me = SchedulingRoles.ownerAttendeeAddress(stored == Role.ATTENDEE ? before : fresh, ownerAddresses);
            if (stored == Role.NONE) requireInvitation(owner, ownerAddresses, fresh);
            return asAttendee(owner, me, oldText, newText, currentScheduleTag, now, options);
        }
        return new SchedulingOutcome(sent, currentScheduleTag, false); // neither organizer nor attendee: not scheduled
    }

    /**
     * An attendee storing a copy of an event whose organizer is a calendar user of its org, for the server to
     * schedule (ORGANIZER without SCHEDULE-AGENT or with SERVER, RFC 6638 §3.2.2.2): only as an attendee of that
     * organizer's event. Otherwise its replies would reach, in the organizer's name space, an event it was never
     * invited to (RFC 5546 §2.1.5), so the write is refused (RFC 6638 §3.2.4.4). Organizers elsewhere are not checked
     * (nothing is delivered to them from here but a REPLY, which they judge).
     */
    private void requireInvitation(Principal attendee, List<String> attendeeAddresses, SchedulingObject copy) {
        if (!"SERVER".equals(copy.organizerScheduleAgent())) return;
        Optional<Principal> organizer = stores.principals().byAddress(copy.organizer())
                .filter(p -> p.orgId() == attendee.orgId() && p.id() != attendee.id());
        if (organizer.isEmpty()) return;
        CalendarObjectStore store = stores.objects();
        SchedulingObject theirs = store.findInHomeByUid(organizer.get().id(), copy.uid())
                .flatMap(l -> store.ical(l.object().id())).map(ImplicitScheduler::readQuietly).orElse(null);
        List<String> organizerAddresses = addressesOf(organizer.get());
        boolean invited = theirs != null && SchedulingRoles.of(theirs, organizerAddresses) == Role.ORGANIZER
                && SchedulingRoles.ownerAttendeeAddress(theirs, attendeeAddresses) != null;
        if (!invited) {
            log.info("refused: {} stores a copy of {} organized by {}, who has not invited it", attendee.name(), copy.uid(),
                    organizer.get().name());
            throw new SchedulingRefusal("allowed-attendee-scheduling-object-change",
                    "the ORGANIZER " + copy.organizer() + " has not invited this calendar user to this event");
        }
    }

    private List<String> addressesOf(Principal p) {
        List<String> out = new ArrayList<>(stores.principals().addresses(p.id()));
        out.add(p.path());
        return out;
    }

    private SchedulingOutcome asOrganizer(Principal organizer, String organizerAddress, String oldText,
                                          String newText, String currentTag, Instant now, WriteOptions options) {
        OrganizerScheduling.OrganizerResult result = OrganizerScheduling.schedule(oldText, newText, organizerAddress, now);
        Map<String, String> statuses = new LinkedHashMap<>();
        List<ItipMessage> agentReplies = new ArrayList<>();
        List<String> acceptedResources = new ArrayList<>();
        for (ItipMessage m : result.messages()) {
            Optional<Principal> resource = m.method().equals("REQUEST") ? agentRecipient(organizer, m) : Optional.empty();
            if (resource.isPresent() && !organizedBy(organizer, resource.get(), m)) {
                statuses.put(m.recipient(), ScheduleStatus.NO_PRIVILEGE);
            } else if (resource.isPresent()) {
                ResourceAgent.Outcome o;
                try {
                    o = resourceAgent.request(organizer, resource.get(), m, now);
                } catch (CalendarDataException e) {
                    log.warn("the agent of {} could not process {}: {}", resource.get().name(), m.method(), e.getMessage());
                    statuses.put(m.recipient(), ScheduleStatus.DELIVERY_FAILED);
                    continue;
                }
                statuses.put(m.recipient(), o.scheduleStatus());
                if (o.reply() != null) agentReplies.add(o.reply());
                if (o.accepted()) acceptedResources.add(o.resourceName());
            } else {
                statuses.put(m.recipient(), deliver(organizer, m, now, options));
            }
        }
        String tag = oldText == null || result.significantChange() || currentTag == null ? ScheduleTags.next() : currentTag;
        if (newText == null) return new SchedulingOutcome(null, tag, false);
        String text = result.organizerText();
        for (ItipMessage reply : agentReplies) {
            // the room answered inside this very write: its answer goes into the copy being stored
            text = ItipProcessing.applyReply(text, reply.ical());
            try {
                copies.putInInbox(organizer, reply, now);
            } catch (CalendarDataException e) {
                log.warn("could not put the reply of {} in {}'s inbox: {}", reply.sender(), organizer.name(), e.getMessage());
            }
        }
        if (!acceptedResources.isEmpty()) text = ItipProcessing.setLocationIfEmpty(text, String.join(", ", acceptedResources));
        if (!statuses.isEmpty()) text = ItipProcessing.setScheduleStatus(text, statuses);
        return new SchedulingOutcome(text, tag, !text.equals(newText));
    }

    private SchedulingOutcome asAttendee(Principal attendee, String attendeeAddress, String oldText,
                                         String newText, String currentTag, Instant now, WriteOptions options) {
        if (oldText == null) {
            // An attendee storing an invitation the server did not deliver (e.g. imported): nothing to send.
            return new SchedulingOutcome(newText, currentTag == null ? ScheduleTags.next() : currentTag, false);
        }
        AttendeeScheduling.AttendeeResult result;
        try {
            result = AttendeeScheduling.process(oldText, newText, attendeeAddress, now);
        } catch (AttendeeScheduling.AttendeeChangeNotAllowed e) {
            throw new SchedulingRefusal(e.precondition(), e.getMessage());
        }
        String text = result.attendeeText();
        if (result.reply().isPresent()) {
            String status = deliver(attendee, result.reply().get(), now, options);
            // RFC 6638 §3.2.2.3, §7.3: the attendee's copy says how its REPLY fared
            if (text != null) text = ItipProcessing.setOrganizerScheduleStatus(text, status);
            if (text != null && resourceAgent.handles(attendee)) {
                // a resource's PARTSTAT changed by someone (its managers): it blocks like a decision through the admin
                // API, and the agent must not override it later
                text = ManagerMark.mark(ManagerDecisions.settleAnsweredCopy(stores, attendee, attendeeAddress, text));
            }
        }
        String tag = currentTag == null ? ScheduleTags.next() : currentTag;
        return new SchedulingOutcome(text, tag, text != null && !text.equals(newText));
    }

    /** The recipient of a REQUEST when it is a resource of the sender's org that the agent answers. */
    private Optional<Principal> agentRecipient(Principal sender, ItipMessage m) {
        return stores.principals().byAddress(m.recipient())
                .filter(p -> p.orgId() == sender.orgId() && p.id() != sender.id() && resourceAgent.handles(p));
    }

    /** Delivers one message; the status for the sender's copy. */
    String deliver(Principal sender, ItipMessage m, Instant now, WriteOptions options) {
        Optional<Principal> found = stores.principals().byAddress(m.recipient());
        if (found.isEmpty()) {
            return isExternalMailbox(m.recipient()) && external.enabled() && options.sendImip()
                    ? external.enqueue(sender, m) : ScheduleStatus.INVALID_USER;
        }
        if (found.get().orgId() != sender.orgId() || !found.get().active()) {
            return ScheduleStatus.INVALID_USER;
        }
        Principal recipient = found.get();
        if (recipient.id() == sender.id()) return ScheduleStatus.SUCCESS;
        try {
            boolean allowed = switch (m.method()) {
                case "REQUEST", "CANCEL" -> organizedBy(sender, recipient, m);
                case "REPLY" -> organizedBy(recipient, recipient, m);
                default -> true;
            };
            if (!allowed) return ScheduleStatus.NO_PRIVILEGE;
            return switch (m.method()) {
                case "REQUEST" -> deliverRequest(recipient, m, now);
                case "CANCEL" -> deliverCancel(recipient, m, now);
                case "REPLY" -> deliverReply(recipient, m, now);
                default -> ScheduleStatus.DELIVERY_FAILED;
            };
        } catch (CalendarDataException e) {
            log.warn("could not deliver {} from {} to {}: {}", m.method(), sender.name(), recipient.name(), e.getMessage());
            return ScheduleStatus.DELIVERY_FAILED;
        }
    }

    /**
     * Whether a message about an event may touch the recipient's object with that UID: a REQUEST or CANCEL only when
     * its sender organizes that object, a REPLY only when its recipient does. The recipient's own event, or its copy of
     * someone else's, is never replaced, removed or answered into by another user's message that reuses its UID
     * (RFC 5546 §2.1.5: the organizer alone updates or cancels an event, RFC 6638 §3.2.2: a reply updates the
     * organizer's copy). A refused message is not delivered at all (SCHEDULE-STATUS 3.8, no privilege) and logged.
     */
    private boolean organizedBy(Principal organizer, Principal recipient, ItipMessage m) {
        SchedulingObject message = readQuietly(m.ical());
        if (message == null) return false;
        CalendarObjectStore store = stores.objects();
        Optional<String> current = store.findInHomeByUid(recipient.id(), message.uid()).flatMap(l -> store.ical(l.object().id()));
        if (current.isEmpty()) return true;
        SchedulingObject theirs = readQuietly(current.get());
        if (theirs != null && theirs.organizer() != null && (Addresses.isOneOf(theirs.organizer(), addressesOf(organizer))
                || stores.principals().byAddress(theirs.organizer()).map(p -> p.id() == organizer.id()).orElse(false))) {
            return true;
        }
        log.warn("not delivering {} from {} to {}: the object {} there is organized by {}, not by {}", m.method(), m.sender(),
                recipient.name(), message.uid(), theirs == null || theirs.organizer() == null ? "nobody" : theirs.organizer(),
                organizer.name());
        return false;
    }

    private String deliverRequest(Principal recipient, ItipMessage m, Instant now) throws CalendarDataException {
        copies.putInInbox(recipient, m, now);
        CalendarObjectStore store = stores.objects();
        String uid = SchedulingObjects.read(m.ical()).uid();
        Optional<CalendarObjectStore.ObjectLocation> copy = store.findInHomeByUid(recipient.id(), uid);
        String current = copy.flatMap(c -> store.ical(c.object().id())).orElse(null);
        String updated = ItipProcessing.applyRequest(current, m.ical(), m.recipient());
        String tag = current == null || ScheduleTags.changed(current, updated) ? ScheduleTags.next()
                : copy.get().object().scheduleTag();
        copies.storeCopy(recipient, copy, uid, updated, tag, now);
        return ScheduleStatus.DELIVERED;
    }

    private String deliverCancel(Principal recipient, ItipMessage m, Instant now) throws CalendarDataException {
        // a resource's agent frees the slot by itself: its inbox is only for what its managers must decide
        if (!resourceAgent.handles(recipient)) copies.putInInbox(recipient, m, now);
        CalendarObjectStore store = stores.objects();
        String uid = SchedulingObjects.read(m.ical()).uid();
        Optional<CalendarObjectStore.ObjectLocation> copy = store.findInHomeByUid(recipient.id(), uid);
        if (copy.isEmpty()) return ScheduleStatus.DELIVERED;
        String current = store.ical(copy.get().object().id()).orElseThrow();
        String updated = ItipProcessing.applyCancel(current, m.ical());
        if (updated == null) {
            store.delete(copy.get().calendar().id(), copy.get().object().uri(), WriteCondition.NONE);
        } else {
            copies.storeCopy(recipient, copy, uid, updated, ScheduleTags.next(), now);
        }
        return ScheduleStatus.DELIVERED;
    }

    private String deliverReply(Principal organizer, ItipMessage m, Instant now) throws CalendarDataException {
        CalendarObjectStore store = stores.objects();
        String uid = SchedulingObjects.read(m.ical()).uid();
        Optional<CalendarObjectStore.ObjectLocation> copy = store.findInHomeByUid(organizer.id(), uid);
        copies.putInInbox(organizer, m, now);
        if (copy.isEmpty()) return ScheduleStatus.DELIVERED;
        String current = store.ical(copy.get().object().id()).orElseThrow();
        String updated = ItipProcessing.applyReply(current, m.ical());
        // A reply is merged without changing the organizer's Schedule-Tag (RFC 6638 §3.2.10).
        copies.storeCopy(organizer, copy, uid, updated, copy.get().object().scheduleTag(), now);
        return ScheduleStatus.DELIVERED;
    }

    /** A mailto: address that is not a resource address (resource addresses are never e-mailed). */
    boolean isExternalMailbox(String address) {
        String a = address.trim().toLowerCase(java.util.Locale.ROOT);
        if (!a.startsWith("mailto:")) return false;
        int at = a.lastIndexOf('@');
        return at > 7 && !a.substring(at + 1).equals(resourceDomain);
    }

    /**
     * Whether the text has what makes a scheduling object (RFC 6638 §3.1: an ORGANIZER, and attendees): a test of
     * its lines, without parsing, for the write path of every PUT.
     */
    public static boolean looksLikeSchedulingObject(String text) {
        return mayBeScheduling(text) && ObjectText.hasProperty(text, "ATTENDEE");
    }

    /** A scheduling object has an ORGANIZER property (RFC 6638 §3.1); a cheap test before any parsing. */
    private static boolean mayBeScheduling(String text) {
        return ObjectText.hasProperty(text, "ORGANIZER");
    }

    private static SchedulingObject readQuietly(String text) {
        if (text == null) return null;
        try {
            return SchedulingObjects.read(text);
        } catch (CalendarDataException | RuntimeException e) {
            return null;
        }
    }

}
