package io.calroom.schema.store;

/** What a collection in a calendar home is: a calendar, or the RFC 6638 scheduling inbox or outbox. */
public enum CollectionKind {
    CALENDAR("calendar"), INBOX("inbox"), OUTBOX("outbox");

    private final String dbValue;

    CollectionKind(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    public static CollectionKind fromDb(String value) {
        for (CollectionKind k : values()) if (k.dbValue.equals(value)) return k;
        throw new IllegalArgumentException("unknown collection kind " + value);
    }
}
