package io.calroom.scheduling.delivery;

/** RFC 6638 §7.3 / RFC 5546 §3.6 request-status codes the server writes on ATTENDEE properties. */
public final class ScheduleStatus {
    /** The message was delivered to the recipient's inbox. */
    public static final String DELIVERED = "1.2";
    /** Processed successfully (e.g. the room agent answered at once). */
    public static final String SUCCESS = "2.0";
    /** Invalid calendar user: unknown, inactive, or in another org. */
    public static final String INVALID_USER = "3.7";
    /** The sender may not schedule with this recipient. */
    public static final String NO_PRIVILEGE = "3.8";
    /** Delivery failed. */
    public static final String DELIVERY_FAILED = "5.1";

    private ScheduleStatus() {
    }
}
