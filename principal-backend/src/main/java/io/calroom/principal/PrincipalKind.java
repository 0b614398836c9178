package io.calroom.principal;

/** People live under /principals/users/, rooms and equipment under /principals/resources/. */
public enum PrincipalKind {
    USER("user", "users"), RESOURCE("resource", "resources");

    private final String dbValue;
    private final String collection;

    PrincipalKind(String dbValue, String collection) {
        this.dbValue = dbValue;
        this.collection = collection;
    }

    public String dbValue() {
        return dbValue;
    }

    /** The URL segment of the principal collection: {@code users} or {@code resources}. */
    public String collection() {
        return collection;
    }

    public static PrincipalKind fromDb(String value) {
        for (PrincipalKind k : values()) if (k.dbValue.equals(value)) return k;
        throw new IllegalArgumentException("unknown principal kind " + value);
    }

    public static java.util.Optional<PrincipalKind> fromCollection(String segment) {
        for (PrincipalKind k : values()) if (k.collection.equals(segment)) return java.util.Optional.of(k);
        return java.util.Optional.empty();
    }
}
