package io.calroom.scheduling.imip;

/**
 * A message could not be handed to the mail server. A permanent failure (e.g. SMTP 550, no such mailbox) is not
 * retried; any other is, with back-off.
 */
public class MailDeliveryException extends Exception {
    private final boolean permanent;

    public MailDeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public MailDeliveryException(String message, boolean permanent) {
        this(message, permanent, null);
    }

    /** True when sending the same message again cannot succeed. */
    public boolean permanent() {
        return permanent;
    }
}
