package io.calroom.scheduling.itip;

import java.util.Set;

/**
 * One iTIP message (RFC 5546) for one recipient.
 *
 * @param method       REQUEST, CANCEL or REPLY
 * @param sender       the sender's address, normalized
 * @param recipient    the recipient's address, normalized
 * @param ical         the full iCalendar text with METHOD, CRLF line endings
 * @param instanceKeys the instances the message is about: "" for the master (for a CANCEL: the whole object), else
 *                     RECURRENCE-ID keys as in {@link SchedulingObject#instances()}
 */
public record ItipMessage(String method, String sender, String recipient, String ical, Set<String> instanceKeys) {
    public ItipMessage {
        instanceKeys = Set.copyOf(instanceKeys);
    }
}
