package io.calroom.server.caldav;

import io.calroom.server.schedule.ScheduledWrite;

import io.calroom.scheduling.delivery.SchedulingRefusal;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.CalendarObjectStore.ObjectLocation;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.DeadProperty;
import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.schema.store.DeleteOutcome;
import io.calroom.schema.store.ObjectContent;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.schema.store.PutOutcome;
import io.calroom.schema.store.StoredObject;
import io.calroom.schema.store.WriteCondition;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.Hrefs;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * COPY and MOVE (RFC 4918 §9.8-9.9) of calendar objects into calendars the caller can write, with
 * the RFC 4791 §5.3.2.1 preconditions applied to the destination, Overwrite honoured, If-Match and
 * If-Schedule-Tag-Match (RFC 6638 §3.2.10.2) checked on the source, and the whole operation in one
 * transaction.
 *
 * <p>Implicit scheduling follows RFC 6638 §3.2.3.3-4, read per calendar user (a scheduling object
 * resource is one with respect to the owner of the calendar that holds it, §3.1):
 * <ul>
 *   <li>between calendars of one home nothing is sent: the object stays the owner's scheduling
 *       object, with its Schedule-Tag; a COPY that would give the home a second scheduling object
 *       with the same UID is refused with {@code CALDAV:unique-scheduling-object-resource} (§3.2.4.1);</li>
 *   <li>out of a calendar home (a MOVE into another home) the source is removed as by a DELETE
 *       (§3.2.3.2: an organizer's CANCEL, an attendee's DECLINED REPLY), and in the destination home
 *       the object is created as by a PUT of that home's owner (§3.2.3.1) — as is any COPY into
 *       another home, and a COPY or MOVE out of a non-calendar collection (an inbox);</li>
 *   <li>objects that are not scheduling objects for either owner are simply copied or moved.</li>
 * </ul>
 */
final class ObjectCopyMove {
    private final boolean move;

    ObjectCopyMove(boolean move) {
        this.move = move;
    }

    private String name() {
        return move ? "MOVE" : "COPY";
    }

    /** What the transaction stored at the destination, and whether it is the source's text unchanged. */
    private record Stored(PutOutcome outcome, boolean textChanged) {}

    /** COPY or MOVE of {@code src} (see {@link CalendarObjectNode#copyOrMove}). */
    void run(DavRequest req, CalendarObjectNode src) {
        List<String> dest = Hrefs.segments(req.destinationPath())
                .orElseThrow(() -> DavException.badRequest("invalid Destination"));
        if (dest.isEmpty()) throw DavException.forbidden(null, "invalid Destination");
        if (dest.equals(req.segments())) throw DavException.forbidden(null, "source and destination are the same resource");
        Optional<DavNode> parent = req.services().tree().resolve(dest.subList(0, dest.size() - 1), req.user());
        if (parent.isEmpty()) throw DavException.conflict(null, "the destination's parent collection does not exist");
        if (!(parent.get() instanceof CalendarCollection target) || target.kind() != CollectionKind.CALENDAR) {
            throw DavException.forbidden(Ns.caldav("calendar-collection-location-ok"), "the destination is not in a calendar collection");
        }
        if (!target.writable()) throw DavException.forbidden(Ns.dav("need-privileges"), "read-only access to the destination");
        String destUri = dest.get(dest.size() - 1);
        WriteCondition sourceCondition = req.writeCondition();
        String scheduleTagMatch = req.header("If-Schedule-Tag-Match");
        CalendarObjectStore reader = req.services().stores().objects();
        String ical = reader.ical(src.object().id()).orElseThrow(DavException::notFound);
        ObjectContent content = new CalendarObjectIntake(req.services()).accept(ical.getBytes(StandardCharsets.UTF_8), target);
        WriteCondition destCondition = req.overwrite() ? WriteCondition.NONE : new WriteCondition(null, List.of("*"));
        CalendarCollection from = new CalendarNode(src.owner(), src.calendar(), src.writable());
        // RFC 6638 §3.2.3.3-4: within one owner's calendars, no scheduling operation
        boolean withinOneUsersCalendars = src.owner().id() == target.owner().id() && src.calendar().kind() == CollectionKind.CALENDAR;

        Stored stored;
        try {
            stored = req.services().database().transaction(() -> {
                CalendarObjectStore store = req.services().stores().objects();
                StoredObject current = lockedSource(store, src);
                if (!sourceCondition.allows(current.etag())) {
                    throw DavException.preconditionFailed("If-Match does not match the source");
                }
                ScheduledWrite.checkScheduleTag(scheduleTagMatch, Optional.of(current));
                requireUniqueSchedulingObject(store, target, content.uid(), current);
                // read before a MOVE deletes the source (its dead properties go with it)
                DeadPropertyStore dead = req.services().stores().calendars().deadProperties();
                List<DeadProperty> properties = dead.list(new PropertyOwner.OfObject(current.id()));
                Stored s = withinOneUsersCalendars
                        ? withinHome(store, from, current, target, destUri, content, destCondition)
                        : acrossHomes(req, from, current, target, destUri, content, destCondition);
                PropertyOwner copy = new PropertyOwner.OfObject(objectOf(s.outcome()).id());
                for (DeadProperty p : properties) dead.set(copy, p);
                return s;
            });
        } catch (ScheduledWrite.Refused r) {
            stored = new Stored(r.outcome(), false);
        } catch (SchedulingRefusal e) {
            throw ScheduledWrite.refusal(e);
        }
        respond(req, target, stored);
    }

    /** The source as it is once this request holds its UID's turn (writers of the object wait). */
    private static StoredObject lockedSource(CalendarObjectStore store, CalendarObjectNode src) {
        store.lockUid(src.calendar().id(), src.object().uid());
        return store.object(src.calendar().id(), src.object().uri()).orElseThrow(DavException::notFound);
    }

    /**
     * RFC 6638 §3.2.4.1: no second scheduling object resource with this UID in the destination's
     * home (a COPY of one between calendars of its home is therefore refused). The destination
     * calendar itself is left to the store (RFC 4791 §5.3.2.1 no-uid-conflict); a source that a
     * MOVE takes away does not count.
     */
    private void requireUniqueSchedulingObject(CalendarObjectStore store, CalendarCollection target, String uid, StoredObject source) {
        for (ObjectLocation other : store.schedulingObjectsInHomeByUid(target.owner().id(), uid, target.calendar().id())) {
            if (move && other.object().id() == source.id()) continue;
            throw new DavException(403, Ns.caldav("unique-scheduling-object-resource"),
                    "the calendar home already has a scheduling object resource with this UID",
                    target.owner().calendarHomePath() + other.calendar().uri() + "/" + other.object().uri());
        }
    }

    /** Between calendars of one home: the object as it is, with its Schedule-Tag, and nothing sent. */
    private Stored withinHome(CalendarObjectStore store, CalendarCollection from, StoredObject current, CalendarCollection target, String destUri,
                              ObjectContent content, WriteCondition destCondition) {
        long sourceCalendar = from.calendar().id();
        if (move && target.calendar().id() == sourceCalendar) {
            // a rename inside one calendar: the UID moves with it, so free it first
            store.delete(sourceCalendar, current.uri(), WriteCondition.NONE);
        }
        PutOutcome put = store.put(target.calendar().id(), destUri, content, destCondition, current.scheduleTag());
        if (!(put instanceof PutOutcome.Created || put instanceof PutOutcome.Updated)) {
            throw new ScheduledWrite.Refused(put); // rolls back whatever was done
        }
        if (move && target.calendar().id() != sourceCalendar) {
            if (store.delete(sourceCalendar, current.uri(), WriteCondition.NONE) != DeleteOutcome.DELETED) throw DavException.notFound();
        }
        return new Stored(put, false);
    }

    /**
     * Out of one home into another: a MOVE removes the source as a DELETE by its owner would, then
     * the destination is written as a PUT by its owner would be, both with their implicit scheduling.
     */
    private Stored acrossHomes(DavRequest req, CalendarCollection from, StoredObject current, CalendarCollection target,
                               String destUri, ObjectContent content, WriteCondition destCondition) {
        if (move) {
            // the conditions were checked on the locked source above
            DeleteOutcome d = ScheduledWrite.deleteIn(req, from, current.uri(), WriteCondition.NONE, null);
            if (d != DeleteOutcome.DELETED) throw DavException.notFound();
        }
        ScheduledWrite.Result r = ScheduledWrite.putIn(req, target, destUri, content, destCondition, null);
        return new Stored(r.outcome(), r.textChanged());
    }

    private static StoredObject objectOf(PutOutcome outcome) {
        return outcome instanceof PutOutcome.Created c ? c.object() : ((PutOutcome.Updated) outcome).object();
    }

    /**
     * 201 or 204; the destination's Schedule-Tag (RFC 6638 §3.2.10), and its ETag when it holds
     * the source's text as it was.
     */
    private void respond(DavRequest req, CalendarCollection target, Stored stored) {
        PutOutcome outcome = stored.outcome();
        if (outcome instanceof PutOutcome.CollectionGone) {
            throw DavException.conflict(null, "the destination calendar collection was deleted");
        }
        if (outcome instanceof PutOutcome.PreconditionFailed) {
            throw DavException.preconditionFailed("the destination exists and Overwrite is F");
        }
        if (outcome instanceof PutOutcome.UidConflict c) {
            throw new DavException(403, Ns.caldav("no-uid-conflict"), "the destination calendar already has an event with this UID",
                    target.path() + c.existingUri());
        }
        StoredObject object = objectOf(outcome);
        req.response().setStatus(outcome instanceof PutOutcome.Created ? 201 : 204);
        if (!stored.textChanged()) req.response().setHeader("ETag", object.etag());
        if (object.scheduleTag() != null) req.response().setHeader("Schedule-Tag", object.scheduleTag());
        req.response().setContentLength(0);
    }
}
