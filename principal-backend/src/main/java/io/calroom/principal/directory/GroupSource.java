package io.calroom.principal.directory;

import java.util.Optional;

/** Where a group comes from: the admin API, or the groups claim of an OIDC login. */
public enum GroupSource {
    ADMIN("admin"), OIDC("oidc");

    private final String dbValue;

    GroupSource(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    public static Optional<GroupSource> parse(String s) {
        for (GroupSource g : values()) if (g.dbValue.equals(s)) return Optional.of(g);
        return Optional.empty();
    }
}
