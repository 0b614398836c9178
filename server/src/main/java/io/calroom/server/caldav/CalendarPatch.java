package io.calroom.server.caldav;

import io.calroom.schema.store.CalendarColumn;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ProppatchMethod.Failure;
import io.calroom.server.dav.method.ProppatchMethod.Instruction;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * PROPPATCH of what CalDAV stores itself: a calendar's typed properties (displayname,
 * calendar-description, calendar-timezone, calendar-color, calendar-order,
 * schedule-calendar-transp, calendar-availability), validated and kept in columns, and the
 * default alarms of homes and calendars (draft-daboo-valarm-extensions §9), validated and kept
 * as dead properties.
 */
final class CalendarPatch {
    static final Set<QName> TYPED = Set.of(Ns.dav("displayname"), Ns.caldav("calendar-description"),
            Ns.caldav("calendar-timezone"), Ns.apple("calendar-color"), Ns.apple("calendar-order"),
            Ns.caldav("schedule-calendar-transp"), Ns.caldav("calendar-availability"));

    private CalendarPatch() {
    }

    /** A typed property of a calendar: empty when valid. */
    static Optional<Failure> typed(Instruction i, DavRequest req) {
        if (i.remove()) return Optional.empty();
        return Optional.ofNullable(validateTyped(i, req));
    }

    /** A default alarm, on a node that has them: empty when valid. */
    static Optional<Failure> defaultAlarm(Instruction i, DavRequest req) {
        if (i.remove()) return Optional.empty();
        String problem = DefaultAlarms.problem(i.element().getTextContent(), req.services().calendarParser());
        return problem == null ? Optional.empty() : Optional.of(new Failure(403, Ns.caldav("valid-calendar-data"), problem));
    }

    /** A CalDAV property set on a node that does not store it (see {@code CaldavConcern#refusePatchElsewhere}). */
    static Failure refusedElsewhere(Instruction i) {
        if (DefaultAlarms.NAMES.contains(i.name())) {
            return new Failure(403, null, "default alarms are properties of calendar homes and calendars");
        }
        if (TYPED.contains(i.name())) return new Failure(403, Ns.dav("cannot-modify-protected-property"));
        return null;
    }

    private static Failure validateTyped(Instruction i, DavRequest req) {
        String text = i.element().getTextContent().trim();
        QName q = i.name();
        if (q.equals(Ns.caldav("calendar-timezone"))) {
            String problem = TimezoneProperty.problem(i.element().getTextContent(), req.services().calendarParser());
            if (problem != null) return new Failure(403, Ns.caldav("valid-calendar-data"), problem);
        } else if (q.equals(Ns.apple("calendar-order"))) {
            try {
                Integer.parseInt(text);
            } catch (NumberFormatException e) {
                return new Failure(409, null);
            }
        } else if (q.equals(Ns.caldav("calendar-availability"))) {
            if (!io.calroom.scheduling.freebusy.Availability.isValid(i.element().getTextContent())) {
                return new Failure(403, Ns.caldav("valid-calendar-data"));
            }
        } else if (q.equals(Ns.caldav("schedule-calendar-transp"))) {
            List<Element> c = SafeXml.children(i.element());
            if (c.size() != 1 || !(SafeXml.is(c.get(0), Ns.caldav("opaque")) || SafeXml.is(c.get(0), Ns.caldav("transparent")))) {
                return new Failure(409, null);
            }
        } else if (text.length() > 4096) {
            return new Failure(409, null);
        }
        return null;
    }

    static String typedValue(Instruction i) {
        if (i.name().equals(Ns.caldav("schedule-calendar-transp"))) {
            return SafeXml.children(i.element()).get(0).getLocalName();
        }
        String text = i.element().getTextContent();
        return i.name().equals(Ns.caldav("calendar-timezone")) || i.name().equals(Ns.caldav("calendar-availability")) ? text : text.trim();
    }

    static CalendarColumn columnOf(QName q) {
        if (q.equals(Ns.dav("displayname"))) return CalendarColumn.DISPLAY_NAME;
        if (q.equals(Ns.caldav("calendar-description"))) return CalendarColumn.DESCRIPTION;
        if (q.equals(Ns.caldav("calendar-timezone"))) return CalendarColumn.TIMEZONE;
        if (q.equals(Ns.apple("calendar-color"))) return CalendarColumn.COLOR;
        if (q.equals(Ns.apple("calendar-order"))) return CalendarColumn.ORDER;
        if (q.equals(Ns.caldav("calendar-availability"))) return CalendarColumn.AVAILABILITY;
        return CalendarColumn.SCHEDULE_TRANSP;
    }
}
