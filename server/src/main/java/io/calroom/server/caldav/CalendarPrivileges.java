package io.calroom.server.caldav;

import io.calroom.schema.store.CollectionKind;

import java.util.List;

/** The privileges (RFC 3744 §3, RFC 6638 §6) the owner of a calendar home has on it and on what it holds. */
final class CalendarPrivileges {
    private CalendarPrivileges() {
    }

    static List<String> owner() {
        return List.of("read", "write", "write-properties", "write-content", "bind", "unbind", "read-acl",
                "read-current-user-privilege-set");
    }

    static List<String> of(CollectionKind kind) {
        return switch (kind) {
            case CALENDAR -> owner();
            case INBOX -> List.of("read", "unbind", "write-properties", "read-current-user-privilege-set", "schedule-deliver");
            case OUTBOX -> List.of("read", "read-current-user-privilege-set", "schedule-send");
        };
    }
}
