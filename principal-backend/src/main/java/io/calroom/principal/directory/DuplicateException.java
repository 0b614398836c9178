package io.calroom.principal.directory;

/** A create or rename would break a uniqueness rule (name, email, slug, grant); {@code field} names what clashed. */
public final class DuplicateException extends RuntimeException {
    private final String field;

    public DuplicateException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
