package io.calroom.scheduling.imip;

import java.time.Instant;

/**
 * One queued iMIP message as the worker hands it to a {@link MailTransport}.
 *
 * @param id               the queue row's id
 * @param method           the iTIP method, upper-case (REQUEST, CANCEL, REPLY, ...)
 * @param senderAddress    the originator's bare e-mail address (Reply-To), or {@code null}
 * @param senderName       the originator's name (From display name), or {@code null}
 * @param recipientAddress the recipient's bare e-mail address
 * @param ical             the iCalendar object with METHOD, CRLF line endings
 * @param createdAt        when it was queued
 * @param attempt          which attempt this is, from 1
 */
public record QueuedMail(long id, String method, String senderAddress, String senderName, String recipientAddress,
                         String ical, Instant createdAt, int attempt) {

    /** Never shows the body. */
    @Override
    public String toString() {
        return "QueuedMail[#" + id + " " + method + " to " + recipientAddress + ", attempt " + attempt + "]";
    }
}
