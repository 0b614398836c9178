package io.calroom.scheduling.delivery;

import io.calroom.principal.Principal;
import io.calroom.ical.CalendarDataException;
import io.calroom.scheduling.itip.ItipMessage;

import java.time.Instant;

/**
 * The auto-schedule agent of rooms and resources: it receives the REQUESTs addressed to them,
 * decides, stores the resource's copy and answers the organizer, inside the organizer's
 * transaction. {@link #NONE} treats resources like people (the invitation waits in the inbox).
 */
public interface ResourceAgent {
    /** What the agent did: the SCHEDULE-STATUS for the organizer's copy, and its REPLY if it decided. */
    record Outcome(String scheduleStatus, ItipMessage reply, boolean accepted, String resourceName) {}

    boolean handles(Principal recipient);

    Outcome request(Principal organizer, Principal resource, ItipMessage request, Instant now)
            throws CalendarDataException;

    ResourceAgent NONE = new ResourceAgent() {
        @Override
        public boolean handles(Principal recipient) {
            return false;
        }

        @Override
        public Outcome request(Principal organizer, Principal resource, ItipMessage request, Instant now) {
            throw new UnsupportedOperationException();
        }
    };
}
