package io.calroom.scheduling.itip;

/**
 * An ATTENDEE property of one component as scheduling sees it.
 *
 * @param address           the address as written (compare with {@link Addresses#same})
 * @param commonName        CN, or {@code null}
 * @param partstat          PARTSTAT upper-case, default NEEDS-ACTION
 * @param role              ROLE upper-case, default REQ-PARTICIPANT
 * @param rsvp              RSVP=TRUE
 * @param scheduleAgent     SCHEDULE-AGENT upper-case, default SERVER (RFC 6638 §7.1)
 * @param cutype            CUTYPE upper-case, default INDIVIDUAL
 * @param scheduleForceSend SCHEDULE-FORCE-SEND upper-case (REQUEST, REPLY), or {@code null} (RFC 6638 §7.2)
 */
public record Attendee(String address, String commonName, String partstat, String role, boolean rsvp,
                       String scheduleAgent, String cutype, String scheduleForceSend) {

    /** The server delivers messages to this attendee: SCHEDULE-AGENT absent or SERVER (unknown values act as NONE). */
    public boolean serverScheduled() {
        return "SERVER".equals(scheduleAgent);
    }

    public String normalizedAddress() {
        return Addresses.normalize(address);
    }

    public boolean is(String otherAddress) {
        return Addresses.same(address, otherAddress);
    }
}
