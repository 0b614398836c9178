package io.calroom.scheduling.delivery;

import io.calroom.ical.tree.ObjectText;

/**
 * Marks a resource's copy whose answer was given by a person (a manager, from a CalDAV client or
 * the admin API) rather than by the agent: the agent never overrides such an answer, unless the
 * organizer changes the event so that the answer is void (new times reset it to NEEDS-ACTION).
 */
public final class ManagerMark {
    public static final String PROPERTY = "X-CALROOM-DECIDED-BY";

    private ManagerMark() {
    }

    public static boolean isMarked(String text) {
        return ObjectText.hasLine(text, PROPERTY + ":manager");
    }

    /** Adds the mark to every VEVENT that lacks it. */
    public static String mark(String text) {
        if (isMarked(text)) return text;
        return ObjectText.addAfterEveryBegin(text, "VEVENT", PROPERTY + ":manager");
    }
}
