package io.calroom.scheduling.delivery;

/**
 * A write that scheduling refuses, with the RFC 6638 precondition element to report (e.g.
 * {@code allowed-attendee-scheduling-object-change}, {@code same-organizer-in-all-components}).
 */
public final class SchedulingRefusal extends RuntimeException {
    private final String precondition;

    public SchedulingRefusal(String precondition, String message) {
        super(message, null, false, false);
        this.precondition = precondition;
    }

    public String precondition() {
        return precondition;
    }
}
