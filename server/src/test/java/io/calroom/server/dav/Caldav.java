package io.calroom.server.dav;

/** Namespace constants for tests. */
final class Caldav {
    static final String NS = "urn:ietf:params:xml:ns:caldav";
    static final String CS = "http://calendarserver.org/ns/";
    static final String APPLE = "http://apple.com/ns/ical/";

    private Caldav() {
    }
}
