package io.calroom.ical;

/**
 * Preconditions of RFC 4791 §5.3.2.1 (PUT/COPY/MOVE into a calendar collection) that a calendar object resource can
 * violate. The server turns them into {@code <C:…/>} elements of a DAV:error body (RFC 4918 §16).
 */
public enum CalDavPrecondition {
    /** (CALDAV:valid-calendar-data): unparseable, not iCalendar, not UTF-8, invalid property values. */
    VALID_CALENDAR_DATA("valid-calendar-data"),
    /** (CALDAV:valid-calendar-object-resource): violations of the RFC 4791 §4.1 restrictions. */
    VALID_CALENDAR_OBJECT_RESOURCE("valid-calendar-object-resource"),
    /** (CALDAV:supported-calendar-component): component type not supported by the collection (RFC 4791 §5.2.3). */
    SUPPORTED_CALENDAR_COMPONENT("supported-calendar-component"),
    /** (CALDAV:max-instances): too many recurrence instances (RFC 4791 §5.2.8). */
    MAX_INSTANCES("max-instances"),
    /** (CALDAV:max-attendees-per-instance): too many ATTENDEE properties (RFC 4791 §5.2.9). */
    MAX_ATTENDEES_PER_INSTANCE("max-attendees-per-instance");

    private final String elementName;

    CalDavPrecondition(String elementName) {
        this.elementName = elementName;
    }

    /** The local name of the XML element in the {@code urn:ietf:params:xml:ns:caldav} namespace. */
    public String elementName() {
        return elementName;
    }
}
