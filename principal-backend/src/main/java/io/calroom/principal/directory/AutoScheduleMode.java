package io.calroom.principal.directory;

import java.util.Locale;
import java.util.Optional;

/**
 * How a room or resource answers invitations (Apple CalendarServer's auto-schedule modes):
 * {@code automatic} accepts when free and declines when busy; {@code accept-if-free} accepts when
 * free and otherwise leaves the request ({@code NEEDS-ACTION}) for a manager; {@code decline-if-busy}
 * declines when busy and otherwise leaves it; {@code accept-always} / {@code decline-always} answer
 * regardless; {@code manual} (Apple's {@code none}) leaves every request for a manager.
 */
public enum AutoScheduleMode {
    AUTOMATIC("automatic"),
    ACCEPT_ALWAYS("accept-always"),
    DECLINE_ALWAYS("decline-always"),
    ACCEPT_IF_FREE("accept-if-free"),
    DECLINE_IF_BUSY("decline-if-busy"),
    MANUAL("manual");

    private final String value;

    AutoScheduleMode(String value) {
        this.value = value;
    }

    /** The wire and database spelling, e.g. {@code accept-always}. */
    public String value() {
        return value;
    }

    /** Parses a wire value, case-insensitively; Apple's {@code none} means {@link #MANUAL}. */
    public static Optional<AutoScheduleMode> parse(String s) {
        if (s == null) return Optional.empty();
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("none")) return Optional.of(MANUAL);
        for (AutoScheduleMode m : values()) if (m.value.equals(v)) return Optional.of(m);
        return Optional.empty();
    }

    static AutoScheduleMode fromDb(String s) {
        return parse(s).orElseThrow(() -> new IllegalStateException("unknown auto_schedule_mode " + s));
    }
}
