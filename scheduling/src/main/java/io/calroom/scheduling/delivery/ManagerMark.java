package io.calroom.scheduling.delivery;

import java.util.regex.Pattern;

/**
 * Marks a resource's copy whose answer was given by a person (a manager, from a CalDAV client or
 * the admin API) rather than by the agent: the agent never overrides such an answer, unless the
 * organizer changes the event so that the answer is void (new times reset it to NEEDS-ACTION).
 */
public final class ManagerMark {
    public static final String PROPERTY = "X-CALROOM-DECIDED-BY";
    private static final Pattern PRESENT = Pattern.compile("(?m)^" + PROPERTY + ":manager\\r?$");

    private ManagerMark() {
    }

    public static boolean isMarked(String text) {
        return text != null && PRESENT.matcher(text).find();
    }

    /** Adds the mark to every VEVENT that lacks it. */
    public static String mark(String text) {
        if (isMarked(text)) return text;
        return text.replace("BEGIN:VEVENT\r\n", "BEGIN:VEVENT\r\n" + PROPERTY + ":manager\r\n");
    }
}
