package io.calroom.server.dav.report;

import org.w3c.dom.Element;

/**
 * What a CALDAV:calendar-data element in a report's DAV:prop asks for (RFC 4791 §9.6). Partial
 * retrieval (comp/prop selection) and expand are not applied yet: the whole object is returned.
 */
public final class CalendarDataRequest {
    private CalendarDataRequest() {
    }

    public static CalendarDataRequest parse(Element calendarData) {
        return new CalendarDataRequest();
    }

    public String render(String ical) {
        return ical;
    }
}
