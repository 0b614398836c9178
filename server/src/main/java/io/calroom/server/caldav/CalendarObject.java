package io.calroom.server.caldav;

import io.calroom.principal.Principal;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.schema.store.StoredObject;

/**
 * A calendar object resource as the CalDAV reports and COPY/MOVE see it (RFC 4791 §4.1): the
 * stored object and the collection it is in. Asked of a node instead of its class, like
 * {@link CalendarCollection}.
 */
public interface CalendarObject {
    Principal owner();

    StoredCalendar calendar();

    StoredObject object();

    /** False when the caller may only read it. */
    boolean writable();
}
