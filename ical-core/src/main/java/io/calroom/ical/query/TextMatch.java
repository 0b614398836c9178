package io.calroom.ical.query;

import java.util.Objects;

/**
 * A CALDAV:text-match element (RFC 4791 §9.7.5): a substring match of {@code text} against a property or parameter
 * value, under a collation (RFC 4790).
 *
 * @param text      the text looked for (the element's character data, XML-decoded); may be empty (matches every
 *                  value)
 * @param collation the collation identifier; {@code null} is replaced by the default {@value #ASCII_CASEMAP}.
 *                  {@link CalendarQueryEvaluator#SUPPORTED_COLLATIONS} lists those the evaluator supports; check a
 *                  request with {@link CalendarQueryEvaluator#checkCollations(CompFilter)}
 * @param negate    {@code negate-condition="yes"}: the test succeeds when the text does NOT match
 */
public record TextMatch(String text, String collation, boolean negate) {

    /** {@code i;ascii-casemap} (RFC 4790 §9.2), the default collation of CALDAV:text-match. */
    public static final String ASCII_CASEMAP = "i;ascii-casemap";
    /** {@code i;octet} (RFC 4790 §9.3): exact comparison. */
    public static final String OCTET = "i;octet";
    /** {@code i;unicode-casemap} (RFC 5051): Unicode titlecase folding plus NFKD. */
    public static final String UNICODE_CASEMAP = "i;unicode-casemap";

    public TextMatch {
        Objects.requireNonNull(text, "text");
        if (collation == null) {
            collation = ASCII_CASEMAP;
        }
    }

    /** A non-negated match with the default collation. */
    public static TextMatch of(String text) {
        return new TextMatch(text, ASCII_CASEMAP, false);
    }
}
