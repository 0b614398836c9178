package io.calroom.server.support;

/** Namespace constants for tests. */
public final class Caldav {
    public static final String NS = "urn:ietf:params:xml:ns:caldav";
    public static final String CS = "http://calendarserver.org/ns/";
    public static final String APPLE = "http://apple.com/ns/ical/";

    private Caldav() {
    }
}
