package io.calroom.principal.directory;

import java.util.Optional;

/**
 * What a grant on a resource allows: book a restricted resource, have bookings accepted even in a
 * manual mode, see the bookings, or also change them.
 */
public enum AccessKind {
    ALLOWED_BOOKER("allowed-booker"),
    AUTO_ACCEPT("auto-accept"),
    MANAGER_READ("manager-read"),
    MANAGER_READ_WRITE("manager-read-write");

    private final String dbValue;

    AccessKind(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    public boolean isManager() {
        return this == MANAGER_READ || this == MANAGER_READ_WRITE;
    }

    public static Optional<AccessKind> fromDb(String s) {
        for (AccessKind k : values()) if (k.dbValue.equals(s)) return Optional.of(k);
        return Optional.empty();
    }
}
