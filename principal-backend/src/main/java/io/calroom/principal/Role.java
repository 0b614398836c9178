package io.calroom.principal;

/** What a principal may administer: nothing, its own org, or everything. */
public enum Role {
    USER("user"), ORG_ADMIN("org-admin"), SUPER_ADMIN("super-admin");

    private final String dbValue;

    Role(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    public static Role fromDb(String value) {
        for (Role r : values()) if (r.dbValue.equals(value)) return r;
        throw new IllegalArgumentException("unknown role " + value);
    }
}
