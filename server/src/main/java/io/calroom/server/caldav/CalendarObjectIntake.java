package io.calroom.server.caldav;

import io.calroom.scheduling.index.OccurrenceZones;
import io.calroom.scheduling.delivery.StorableObjects;
import io.calroom.ical.CalendarDataException;
import io.calroom.ical.ValidatedCalendarObject;
import io.calroom.schema.store.ObjectContent;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavServices;
import io.calroom.server.dav.xml.Ns;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Turns a body destined for a calendar collection into storable content, enforcing the RFC 4791
 * §5.3.2.1 preconditions (size, media type validity, §4.1 restrictions, supported components,
 * max-instances) before anything is written. Used by PUT, COPY and MOVE.
 */
public final class CalendarObjectIntake {
    private final DavServices services;

    public CalendarObjectIntake(DavServices services) {
        this.services = services;
    }

    /**
     * For a write into {@code target}: its occurrences are computed in the zone {@link OccurrenceZones} gives for the
     * target's owner (a room's own zone, a person's calendar-timezone). Reads a room's policy outside any
     * transaction; inside one, use {@link #accept(byte[], StoredCalendar, ZoneId)} with the transaction's zone.
     */
    public ObjectContent accept(byte[] body, CalendarCollection target) {
        return accept(body, target.calendar(), OccurrenceZones.of(services.stores(), target.owner(), target.calendar()));
    }

    /** @param occurrenceZone the zone of the object's floating and all-day times ({@link OccurrenceZones#of}) */
    public ObjectContent accept(byte[] body, StoredCalendar target, ZoneId occurrenceZone) {
        long max = services.config().maxResourceSize();
        if (body.length > max) {
            throw DavException.caldav(403, "max-resource-size", "the calendar object is larger than " + max + " bytes");
        }
        ValidatedCalendarObject v;
        try {
            v = services.calendarParser().validate(body, Set.copyOf(target.components()), occurrenceZone,
                    services.clock().instant());
        } catch (CalendarDataException e) {
            throw new DavException(403, Ns.caldav(e.precondition().elementName()), e.getMessage());
        }
        return StorableObjects.of(v, text(body), occurrenceZone);
    }

    /** The body as text, without a byte order mark (the parser has already checked it is UTF-8). */
    static String text(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** Floating times are read in the calendar's time zone (RFC 4791 §7.3), UTC when it has none. */
    public static ZoneId floatingZone(StoredCalendar calendar) {
        return OccurrenceZones.ofCalendar(calendar);
    }
}
