package io.calroom.ical.query;

import java.util.Objects;

/**
 * A CALDAV:text-match names a collation the server does not support (RFC 4791 §7.5.1, §7.8 precondition
 * CALDAV:supported-collation): the server answers 403 with {@code <C:supported-collation/>}.
 */
public final class UnsupportedCollationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String collation;

    public UnsupportedCollationException(String collation) {
        super("unsupported collation \"" + collation + "\"; supported: "
                + String.join(", ", CalendarQueryEvaluator.SUPPORTED_COLLATIONS));
        this.collation = Objects.requireNonNull(collation, "collation");
    }

    /** The collation identifier as given in the request. */
    public String collation() {
        return collation;
    }
}
