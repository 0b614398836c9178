package io.calroom.schema.store;

import java.util.List;

/**
 * WebDAV dead properties (RFC 4918 §4.2) of principals, calendar homes, collections and objects.
 *
 * <p>A calendar home's properties are rows of its principal whose namespace starts with {@link
 * #HOME_MARK}, a prefix no namespace of a client's XML can start with (U+0001 may not appear in
 * an XML 1.0 document); the mark is added on the way in and taken off on the way out, and the
 * principal's own listing leaves those rows out.
 */
public interface DeadPropertyStore {
    List<DeadProperty> list(PropertyOwner owner);

    /** The dead properties of every object of a calendar, by object id (one query for a Depth 1 listing). */
    java.util.Map<Long, List<DeadProperty>> ofObjectsIn(long calendarId);

    void set(PropertyOwner owner, DeadProperty property);

    void remove(PropertyOwner owner, String namespace, String localName);

    /** Copies every dead property of one owner to another (COPY/MOVE of a resource). */
    void copy(PropertyOwner from, PropertyOwner to);
}
