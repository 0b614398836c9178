package io.calroom.principal.directory;

/** Something a write refers to (a grantee, a group member) does not exist in the org. */
public final class NotFoundException extends RuntimeException {
    private final String field;

    public NotFoundException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
