package io.calroom.scheduling.itip;

import io.calroom.ical.tree.CalendarObjectTree;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 6638 §3.2.10 Schedule-Tag. Rules for the caller: an organizer's copy gets a {@link #next()} tag on every PUT,
 * COPY or MOVE and keeps its tag when {@link ItipProcessing#applyReply} updates it; an attendee's copy gets a new tag
 * on every PUT, COPY or MOVE and when a delivered REQUEST/CANCEL changed it in a way {@link #changed} reports, and
 * keeps its tag when only other attendees' participation status changed.
 */
public final class ScheduleTags {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ScheduleTags() {
    }

    /** A new opaque tag, quoted as the Schedule-Tag header and the CALDAV:schedule-tag property carry it. */
    public static String next() {
        long time = System.currentTimeMillis();
        long random = RANDOM.nextLong() & Long.MAX_VALUE;
        return "\"st-" + Long.toString(time, 36) + "-" + Long.toString(random, 36) + "\"";
    }

    /**
     * Whether an attendee's copy changed in a way that needs a new Schedule-Tag (RFC 6638 §3.2.10, attendee rule 1
     * and 2): {@code true} unless both texts have the same instances with the same significant content, times and
     * SEQUENCE, i.e. unless at most the participation status of attendees (and per-user or volatile data) changed.
     */
    public static boolean changed(String oldCopy, String newCopy) {
        if (oldCopy == null || newCopy == null) return oldCopy != newCopy;
        SchedulingObject a = SchedulingObjects.of(CalendarObjectTree.parse(oldCopy));
        SchedulingObject b = SchedulingObjects.of(CalendarObjectTree.parse(newCopy));
        if (!a.instances().keySet().equals(b.instances().keySet())) return true;
        for (Map.Entry<String, Instance> e : a.instances().entrySet()) {
            Instance x = e.getValue();
            Instance y = b.instances().get(e.getKey());
            if (!Objects.equals(x.significantFingerprint(), y.significantFingerprint())
                    || x.sequence() != y.sequence() || x.cancelled() != y.cancelled()) {
                return true;
            }
        }
        return false;
    }
}
