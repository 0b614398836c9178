package io.calroom.server.schedule;

import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.CalendarObjectStore.ObjectLocation;

import java.util.List;
import java.util.TreeSet;

/**
 * The other scheduling object resources of one event (one UID) in the other calendars of its owner's home.
 *
 * <p>Thunderbird moves an event to another calendar as a PUT into the new calendar followed by a DELETE from
 * the old one. RFC 6638 §3.2.4.1 lets a server refuse that PUT ({@code CALDAV:unique-scheduling-object-resource}),
 * but then the move fails; taken as two unrelated writes, the PUT would invite everyone again and the DELETE
 * would cancel the event for its attendees and free its rooms. So a PUT that creates a second copy of an event
 * the home already holds continues that event (scheduling compares it with the copy there and sends only what
 * changed; the Schedule-Tag carries over), and deleting one copy while another stays is not a scheduling change,
 * as a MOVE within the home is not (RFC 6638 §3.2.3.3).
 *
 * <p>The writer takes the UID's lock of every calendar involved, in ascending calendar order, so that writers of
 * the same event in different calendars take turns and cannot deadlock.
 */
final class SameEventInHome {
    private SameEventInHome() {
    }

    /**
     * Locks the UID in {@code calendarId} and in every other calendar of the home that holds a scheduling object
     * with it, and returns those objects as they are under the locks.
     */
    static List<ObjectLocation> lockAndFind(CalendarObjectStore store, long ownerId, long calendarId, String uid) {
        List<ObjectLocation> seen = store.schedulingObjectsInHomeByUid(ownerId, uid, calendarId);
        TreeSet<Long> calendars = new TreeSet<>();
        calendars.add(calendarId);
        seen.forEach(l -> calendars.add(l.calendar().id()));
        for (long id : calendars) store.lockUid(id, uid);
        return seen.isEmpty() ? seen : store.schedulingObjectsInHomeByUid(ownerId, uid, calendarId);
    }
}
