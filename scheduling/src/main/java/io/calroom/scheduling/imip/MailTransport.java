package io.calroom.scheduling.imip;

/**
 * Sends queued iMIP messages: {@link SmtpTransport} in production, a fake in tests. The worker opens one
 * {@link MailSession} per batch and sends the batch's messages through it.
 */
@FunctionalInterface
public interface MailTransport {

    /** Opens a connection to the mail server. */
    MailSession open() throws MailDeliveryException;

    /** One connection; not used by more than one thread. */
    @FunctionalInterface
    interface MailSession extends AutoCloseable {
        /** Sends one message; returns when the mail server has accepted it. */
        void send(QueuedMail mail) throws MailDeliveryException;

        /** Closes the connection, quietly. */
        @Override
        default void close() {
        }
    }
}
