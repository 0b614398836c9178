package io.calroom.server.caldav;

import io.calroom.principal.Principal;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.StoredCalendar;

/**
 * A calendar collection as the CalDAV reports, writes and copies see it (RFC 4791 §4.2; the
 * scheduling inbox and outbox are collections of this kind too, RFC 6638 §2.1-2.2): whose it is,
 * what is stored, and whether the caller may write there. The reports ask a node for this, never
 * for its class (as SabreDAV asks for an ICalendar), so another concern's collection (a shared
 * calendar) can be a target too.
 */
public interface CalendarCollection {
    Principal owner();

    StoredCalendar calendar();

    /** False when the caller may only read it. */
    boolean writable();

    /** Its path, ending with a slash. */
    String path();

    default CollectionKind kind() {
        return calendar().kind();
    }
}
