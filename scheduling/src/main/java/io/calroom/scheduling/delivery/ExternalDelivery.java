package io.calroom.scheduling.delivery;

import io.calroom.principal.Principal;
import io.calroom.scheduling.itip.ItipMessage;

/**
 * Delivery of iTIP messages to calendar users outside the server (iMIP, RFC 6047). It is called
 * inside the write's transaction and must only record the message (e.g. queue it in the
 * database), never send it there and then: a transaction that is rolled back or retried must not
 * leave an e-mail behind.
 */
public interface ExternalDelivery {
    /** True when outbound delivery is configured at all. */
    boolean enabled();

    /** Records the message for sending after commit; returns the SCHEDULE-STATUS (1.1 = sent / pending). */
    String enqueue(Principal sender, ItipMessage message);

    ExternalDelivery NONE = new ExternalDelivery() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public String enqueue(Principal sender, ItipMessage message) {
            throw new UnsupportedOperationException("no external delivery configured");
        }
    };
}
