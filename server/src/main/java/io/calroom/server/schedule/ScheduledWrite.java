package io.calroom.server.schedule;

import io.calroom.server.caldav.CalendarObjectIntake;

import io.calroom.scheduling.delivery.ImplicitScheduler;
import io.calroom.scheduling.index.OccurrenceZones;
import io.calroom.scheduling.delivery.SchedulingOutcome;
import io.calroom.scheduling.delivery.SchedulingRefusal;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.CalendarObjectStore.ObjectLocation;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.DeleteOutcome;
import io.calroom.schema.store.ObjectContent;
import io.calroom.schema.store.PutOutcome;
import io.calroom.schema.store.StoredObject;
import io.calroom.schema.store.WriteCondition;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.caldav.CalendarCollection;
import io.calroom.server.dav.xml.Ns;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A write of a calendar object with its RFC 6638 consequences, in one transaction: the
 * preconditions (If-Match, If-None-Match, If-Schedule-Tag-Match) are checked against the object
 * as it is once the write holds its UID's lock (other writers of the object wait), before
 * anything is sent; then implicit scheduling delivers what the change means to the other
 * calendar users, then the object itself is stored (possibly with SCHEDULE-STATUS added).
 */
public final class ScheduledWrite {
    private ScheduledWrite() {
    }

    public record Result(PutOutcome outcome, boolean textChanged) {}

    public static Result put(DavRequest req, CalendarCollection calendar, String uri, ObjectContent content) {
        WriteCondition condition = req.writeCondition();
        String scheduleTagMatch = req.header("If-Schedule-Tag-Match");
        try {
            return req.services().database().transaction(() -> putIn(req, calendar, uri, content, condition, scheduleTagMatch));
        } catch (Refused r) {
            return new Result(r.outcome, false);
        } catch (SchedulingRefusal e) {
            throw refusal(e);
        }
    }

    /**
     * The body of {@link #put}, for a caller that runs it inside its own transaction (COPY and
     * MOVE, RFC 6638 §3.2.3.3-4: a create in another calendar home). A write that is not stored
     * throws {@link Refused}, which must roll the transaction back (scheduling may have delivered).
     */
    public static Result putIn(DavRequest req, CalendarCollection calendar, String uri, ObjectContent content,
                        WriteCondition condition, String scheduleTagMatch) {
        CalendarObjectStore store = req.services().stores().objects();
        long calendarId = calendar.calendar().id();
        // writers of this object take turns from here; writers of other objects do not wait
        List<ObjectLocation> sameEvent = List.of();
        if (calendar.kind() == CollectionKind.CALENDAR && ImplicitScheduler.looksLikeSchedulingObject(content.ical())) {
            sameEvent = SameEventInHome.lockAndFind(store, calendar.owner().id(), calendarId, content.uid());
        } else {
            store.lockUid(calendarId, content.uid());
        }
        Optional<StoredObject> existing = store.object(calendarId, uri);
        if (!condition.allows(existing.map(StoredObject::etag).orElse(null))) {
            throw new Refused(new PutOutcome.PreconditionFailed());
        }
        checkScheduleTag(scheduleTagMatch, existing);
        ObjectContent toStore = content;
        String tag = existing.map(StoredObject::scheduleTag).orElse(null);
        boolean changed = false;
        if (calendar.kind() == CollectionKind.CALENDAR) {
            String oldText = existing.flatMap(o -> store.ical(o.id())).orElse(null);
            if (existing.isEmpty() && !sameEvent.isEmpty()) {
                // a second copy of an event the home holds (Thunderbird's move): it continues that event
                StoredObject other = sameEvent.get(0).object();
                oldText = store.ical(other.id()).orElse(null);
                tag = other.scheduleTag();
            }
            SchedulingOutcome s = req.services().scheduler().onWrite(calendar.owner(), oldText, content.ical(), tag,
                    req.services().clock().instant(), options(req));
            tag = s.scheduleTag();
            if (s.textChanged()) {
                toStore = new CalendarObjectIntake(req.services()).accept(s.textToStore().getBytes(StandardCharsets.UTF_8),
                        calendar.calendar(), OccurrenceZones.of(req.services().stores(), calendar.owner(), calendar.calendar()));
                changed = true;
            }
        }
        PutOutcome outcome = store.putLocked(calendarId, uri, toStore, condition, tag);
        if (!(outcome instanceof PutOutcome.Created || outcome instanceof PutOutcome.Updated)) {
            throw new Refused(outcome); // undo whatever scheduling delivered
        }
        return new Result(outcome, changed);
    }

    public static DeleteOutcome delete(DavRequest req, CalendarCollection calendar, String uri) {
        WriteCondition condition = req.writeCondition();
        String scheduleTagMatch = req.header("If-Schedule-Tag-Match");
        try {
            return req.services().database().transaction(() -> deleteIn(req, calendar, uri, condition, scheduleTagMatch));
        } catch (SchedulingRefusal e) {
            throw refusal(e);
        }
    }

    /**
     * The body of {@link #delete}, for a caller that runs it inside its own transaction (MOVE out
     * of a calendar home, RFC 6638 §3.2.3.4). Nothing is sent unless the outcome is DELETED.
     */
    public static DeleteOutcome deleteIn(DavRequest req, CalendarCollection calendar, String uri, WriteCondition condition,
                                  String scheduleTagMatch) {
        CalendarObjectStore store = req.services().stores().objects();
        long calendarId = calendar.calendar().id();
        Optional<StoredObject> existing = store.object(calendarId, uri);
        List<ObjectLocation> sameEvent = List.of();
        if (existing.isPresent()) {
            // take the object's turn, then look again: a writer that had it may have changed it
            String uid = existing.get().uid();
            if (calendar.kind() == CollectionKind.CALENDAR && existing.get().scheduleTag() != null) {
                sameEvent = SameEventInHome.lockAndFind(store, calendar.owner().id(), calendarId, uid);
            } else {
                store.lockUid(calendarId, uid);
            }
            existing = store.object(calendarId, uri);
        }
        if (existing.isEmpty()) return condition.ifMatch() != null ? DeleteOutcome.PRECONDITION_FAILED : DeleteOutcome.NOT_FOUND;
        if (!condition.allows(existing.get().etag())) return DeleteOutcome.PRECONDITION_FAILED;
        checkScheduleTag(scheduleTagMatch, existing);
        // the event stays in another calendar of the home (the second half of Thunderbird's move): nothing to send
        if (calendar.kind() == CollectionKind.CALENDAR && sameEvent.isEmpty()) {
            String oldText = store.ical(existing.get().id()).orElse(null);
            req.services().scheduler().onWrite(calendar.owner(), oldText, null, existing.get().scheduleTag(),
                    req.services().clock().instant(), options(req));
        }
        return store.delete(calendarId, uri, condition);
    }

    /** A refusal of implicit scheduling, as the DAV answer: 403 with its CalDAV precondition. */
    public static DavException refusal(SchedulingRefusal e) {
        return new DavException(403, Ns.caldav(e.precondition()), e.getMessage());
    }

    /** A service token may switch e-mail invitations off (it sends its own). */
    private static ImplicitScheduler.WriteOptions options(DavRequest req) {
        return new ImplicitScheduler.WriteOptions(req.authentication() == null || req.authentication().sendImip());
    }

    /** RFC 6638 §8.3: If-Schedule-Tag-Match must name the current Schedule-Tag (an empty value matches none). */
    public static void checkScheduleTag(String header, Optional<StoredObject> existing) {
        if (header == null) return;
        String current = existing.map(StoredObject::scheduleTag).orElse(null);
        if (current == null || !header.trim().equals(current)) {
            throw DavException.preconditionFailed("If-Schedule-Tag-Match does not match the current Schedule-Tag");
        }
    }

    /** A write that was not stored, carried out of its transaction so that the transaction rolls back. */
    public static final class Refused extends RuntimeException {
        private final transient PutOutcome outcome;

        public Refused(PutOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }

        public PutOutcome outcome() {
            return outcome;
        }
    }
}
