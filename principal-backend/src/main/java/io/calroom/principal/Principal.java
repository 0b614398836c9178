package io.calroom.principal;

import java.util.UUID;

/** A person, room or piece of equipment that owns a calendar home. */
public record Principal(
        long id,
        UUID uuid,
        long orgId,
        PrincipalKind kind,
        String name,
        String calendarUserType,
        String displayName,
        String email,
        Role role,
        boolean active) {

    /** The principal's URL path, e.g. {@code /principals/users/alice/}. */
    public String path() {
        return "/principals/" + kind.collection() + "/" + name + "/";
    }

    /** The principal's calendar home path, e.g. {@code /calendars/users/alice/}. */
    public String calendarHomePath() {
        return "/calendars/" + kind.collection() + "/" + name + "/";
    }

    public String displayNameOrName() {
        return displayName == null || displayName.isBlank() ? name : displayName;
    }
}
