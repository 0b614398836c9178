package io.calroom.scheduling.itip;

import java.util.Collection;

/**
 * The role a calendar owner plays in a calendar object (RFC 6638 §3.1). The server applies organizer scheduling
 * when the stored or the new version makes the owner the {@link Role#ORGANIZER} (a scheduling object that stops being
 * one is a Remove, RFC 6638 §3.2.3.1), attendee scheduling when it makes the owner an {@link Role#ATTENDEE}.
 */
public final class SchedulingRoles {

    private SchedulingRoles() {
    }

    /**
     * ORGANIZER if the ORGANIZER is one of the owner's addresses and the object has attendees; ATTENDEE if the
     * ORGANIZER is someone else and one of the owner's addresses is an ATTENDEE; else NONE.
     */
    public static Role of(SchedulingObject o, Collection<String> ownerAddresses) {
        if (o == null || !o.isScheduling()) return Role.NONE;
        if (Addresses.isOneOf(o.organizer(), ownerAddresses)) return Role.ORGANIZER;
        return ownerAttendeeAddress(o, ownerAddresses) != null ? Role.ATTENDEE : Role.NONE;
    }

    /** The ATTENDEE address (as written) that is one of the owner's addresses, or {@code null}. */
    public static String ownerAttendeeAddress(SchedulingObject o, Collection<String> ownerAddresses) {
        if (o == null) return null;
        for (Instance i : o.instances().values()) {
            for (Attendee a : i.attendees()) {
                if (Addresses.isOneOf(a.address(), ownerAddresses)) return a.address();
            }
        }
        return null;
    }
}
