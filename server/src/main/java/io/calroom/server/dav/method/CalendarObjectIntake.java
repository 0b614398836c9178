package io.calroom.server.dav.method;

import io.calroom.scheduling.ical.CalendarDataException;
import io.calroom.scheduling.index.ExpansionZones;
import io.calroom.scheduling.ical.Occurrence;
import io.calroom.scheduling.ical.ValidatedCalendarObject;
import io.calroom.schema.store.InstanceRow;
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

    public ObjectContent accept(byte[] body, StoredCalendar target) {
        long max = services.config().maxResourceSize();
        if (body.length > max) {
            throw DavException.caldav(403, "max-resource-size", "the calendar object is larger than " + max + " bytes");
        }
        ValidatedCalendarObject v;
        ZoneId zone = floatingZone(target);
        try {
            v = services.calendarParser().validate(body, Set.copyOf(target.components()), zone,
                    services.clock().instant());
        } catch (CalendarDataException e) {
            throw new DavException(403, Ns.caldav(e.precondition().elementName()), e.getMessage());
        }
        List<InstanceRow> instances = v.occurrences().stream().map(CalendarObjectIntake::row).toList();
        return new ObjectContent(v.uid(), v.componentType(), text(body), v.firstStart(), v.lastEnd(), v.unbounded(),
                v.expandedUntil(), instances, zone.getId());
    }

    private static InstanceRow row(Occurrence o) {
        return new InstanceRow(o.start(), o.end(), o.recurrenceId(), o.transparent(), o.status(), o.allDay(), o.floating());
    }

    /** The body as text, without a byte order mark (the parser has already checked it is UTF-8). */
    static String text(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** Floating times are read in the calendar's time zone (RFC 4791 §7.3), UTC when it has none. */
    public static ZoneId floatingZone(StoredCalendar calendar) {
        return ExpansionZones.ofCalendarTimezone(calendar.timezone());
    }
}
