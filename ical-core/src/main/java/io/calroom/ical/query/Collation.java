package io.calroom.ical.query;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/** The collations of CALDAV:text-match (RFC 4791 §7.5, RFC 4790), with the "substring" operation only. */
enum Collation {

    /** RFC 4790 §9.2: a–z are mapped to A–Z, everything else (non-ASCII included) is compared as is. */
    ASCII_CASEMAP(TextMatch.ASCII_CASEMAP) {
        @Override
        String key(String s) {
            StringBuilder sb = null;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 'a' && c <= 'z') {
                    if (sb == null) {
                        sb = new StringBuilder(s);
                    }
                    sb.setCharAt(i, (char) (c - ('a' - 'A')));
                }
            }
            return sb == null ? s : sb.toString();
        }
    },

    /** RFC 4790 §9.3: the octets as they are (UTF-8 substring matching is code point substring matching). */
    OCTET(TextMatch.OCTET) {
        @Override
        String key(String s) {
            return s;
        }
    },

    /**
     * RFC 5051: each character mapped to its titlecase with the Unicode simple case mapping (which is the uppercase
     * mapping where no titlecase mapping is given), then Unicode Normalization Form KD. The titlecase mapping is
     * applied once more after the decomposition, so that what a compatibility decomposition produces folds too
     * (U+FB01 "ﬁ" decomposes to a lower-case "fi").
     */
    UNICODE_CASEMAP(TextMatch.UNICODE_CASEMAP) {
        @Override
        String key(String s) {
            return titlecase(Normalizer.normalize(titlecase(s), Normalizer.Form.NFKD));
        }
    };

    private static String titlecase(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().map(Character::toTitleCase).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    private final String identifier;

    Collation(String identifier) {
        this.identifier = identifier;
    }

    String identifier() {
        return identifier;
    }

    /** The collation named {@code identifier} (compared case-insensitively), if supported. */
    static Optional<Collation> of(String identifier) {
        if (identifier == null) {
            return Optional.of(ASCII_CASEMAP);
        }
        String id = identifier.trim().toLowerCase(Locale.ROOT);
        for (Collation c : values()) {
            if (c.identifier.equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The form in which two strings are compared. */
    abstract String key(String s);

    /** RFC 4790 §4.2.2 "substring": {@code needle} occurs in {@code value} under this collation. */
    boolean contains(String value, String needle) {
        return key(value).contains(key(needle));
    }
}
