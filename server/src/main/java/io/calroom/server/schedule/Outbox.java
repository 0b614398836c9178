package io.calroom.server.schedule;

import io.calroom.principal.Principal;

/**
 * Where scheduling messages are POSTed: a calendar home's outbox (RFC 6638 §2.1). CalDAV's
 * calendar collections implement it, the outbox kind answering true.
 */
public interface Outbox {
    /** True for the outbox (the other collections of a home are calendars and the inbox). */
    boolean isOutbox();

    /** The calendar user whose outbox it is, the ORGANIZER of what is sent from it. */
    Principal owner();

    /** False when the caller may only read it (no schedule-send). */
    boolean writable();
}
