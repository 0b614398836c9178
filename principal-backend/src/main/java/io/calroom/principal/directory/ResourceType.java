package io.calroom.principal.directory;

import java.util.Locale;
import java.util.Optional;

/** A room or another bookable thing: the principal's {@code calendar-user-type} (RFC 6638 §2.4.2). */
public enum ResourceType {
    ROOM, RESOURCE;

    /** The {@code calendar_user_type} column value and iCalendar {@code CUTYPE}. */
    public String calendarUserType() {
        return name();
    }

    public static Optional<ResourceType> parse(String s) {
        if (s == null) return Optional.empty();
        String v = s.trim().toUpperCase(Locale.ROOT);
        for (ResourceType t : values()) if (t.name().equals(v)) return Optional.of(t);
        return Optional.empty();
    }

    static ResourceType fromCalendarUserType(String cutype) {
        return "ROOM".equals(cutype) ? ROOM : RESOURCE;
    }
}
