package io.calroom.scheduling.delivery;

import io.calroom.scheduling.SchedulingStores;
import io.calroom.ical.CalDavPrecondition;
import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.ComponentTypes;
import io.calroom.ical.ValidatedCalendarObject;
import io.calroom.principal.AccountProvisioner;
import io.calroom.principal.Principal;
import io.calroom.scheduling.index.OccurrenceZones;
import io.calroom.scheduling.itip.ItipMessage;
import io.calroom.scheduling.itip.SchedulingObject;
import io.calroom.scheduling.itip.SchedulingObjects;
import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.ObjectContent;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.schema.store.WriteCondition;


import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Writes what scheduling delivers: a calendar user's copy of an event, and messages in its inbox. */
public final class DeliveryWriter {
    private final CalendarObjectParser parser;
    private final SchedulingStores stores;

    public DeliveryWriter(SchedulingStores stores, CalendarObjectParser parser) {
        this.stores = stores;
        this.parser = parser;
    }

    /**
     * Stores a recipient's copy where it is, or in its default calendar, with its occurrences computed in the zone
     * {@link OccurrenceZones} gives for that calendar (a resource's own zone, a person's calendar-timezone).
     */
    public void storeCopy(Principal recipient, Optional<CalendarObjectStore.ObjectLocation> where, String uid, String text,
                          String scheduleTag, Instant now) throws CalendarDataException {
        CalendarCollectionStore calendarStore = stores.collections();
        CalendarObjectStore objectStore = stores.objects();
        StoredCalendar calendar = where.map(CalendarObjectStore.ObjectLocation::calendar)
                .or(() -> calendarStore.calendar(recipient.id(), AccountProvisioner.DEFAULT_CALENDAR))
                .orElseThrow(() -> new CalendarDataException(CalDavPrecondition.VALID_CALENDAR_DATA,
                        recipient.name() + " has no default calendar"));
        String uri = where.map(l -> l.object().uri()).orElse(safeName(uid) + ".ics");
        ZoneId zone = OccurrenceZones.of(stores, recipient, calendar);
        objectStore.put(calendar.id(), uri, storable(text, calendar, now, zone), WriteCondition.NONE, scheduleTag);
    }

    ObjectContent storable(String text, StoredCalendar calendar, Instant now, ZoneId occurrenceZone) throws CalendarDataException {
        Set<String> components = Set.copyOf(calendar.components());
        ValidatedCalendarObject v = parser.validate(text.getBytes(StandardCharsets.UTF_8), components, occurrenceZone, now);
        return StorableObjects.of(v, text, occurrenceZone);
    }

    /**
     * Puts the message in the recipient's scheduling inbox. A newer message from the same sender
     * about the same event replaces the older one; messages from different senders (each room's
     * reply with its reason) are kept side by side.
     */
    public void putInInbox(Principal recipient, ItipMessage m, Instant now) throws CalendarDataException {
        CalendarCollectionStore calendarStore = stores.collections();
        CalendarObjectStore objectStore = stores.objects();
        Optional<StoredCalendar> inbox = calendarStore.calendar(recipient.id(), AccountProvisioner.INBOX);
        if (inbox.isEmpty()) return;
        SchedulingObject so = SchedulingObjects.read(m.ical());
        // the store keeps one object per UID and collection: an inbox keys its items by event and sender
        String key = so.uid() + " " + io.calroom.scheduling.itip.Addresses.normalize(m.sender());
        objectStore.lockUid(inbox.get().id(), key); // a concurrent message with the same key waits and then replaces this one
        objectStore.objectByUid(inbox.get().id(), key).ifPresent(old -> objectStore.delete(inbox.get().id(), old.uri(), WriteCondition.NONE));
        ObjectContent content = new ObjectContent(key, componentType(m.ical()), m.ical(), null, null, false, null, List.of());
        objectStore.put(inbox.get().id(), UUID.randomUUID() + ".ics", content, WriteCondition.NONE);
    }

    /** The event UID of an inbox item (inbox items are keyed by event UID and sender). */
    public static String eventUidOf(String inboxKey) {
        int space = inboxKey.lastIndexOf(' ');
        return space < 0 ? inboxKey : inboxKey.substring(0, space);
    }

    /** The items of an inbox that are about this event, whoever sent them. */
    public static List<io.calroom.schema.store.StoredObject> inboxItemsFor(CalendarObjectStore store, long inboxId, String uid) {
        return store.objects(inboxId).stream().filter(o -> eventUidOf(o.uid()).equals(uid)).toList();
    }

    private static String componentType(String ical) {
        for (String type : ComponentTypes.ITEMS_IN_ORDER) if (ical.contains("BEGIN:" + type)) return type;
        return "VEVENT";
    }

    /** A resource name from a UID: URL-safe characters only, bounded length. */
    static String safeName(String uid) {
        String s = uid.replaceAll("[^A-Za-z0-9._@+-]", "-");
        if (s.isEmpty() || s.startsWith(".")) s = "x" + s;
        return s.length() > 120 ? s.substring(0, 120) : s;
    }
}
