package io.calroom.principal.directory;

import java.util.Locale;
import java.util.regex.Pattern;

/** The syntax rules of directory names, the same as the migrations' CHECK constraints. */
public final class Names {
    /** {@code orgs.slug}. */
    public static final Pattern ORG_SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    /** {@code principals.name} and {@code groups.name}: the URL segment of a user or resource. */
    public static final Pattern PRINCIPAL_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$");
    /** A pragmatic address check: one {@code @}, no spaces or brackets, a domain of letters, digits, dots, dashes. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>()\\[\\],;:\"\\\\]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$");
    public static final int MAX_EMAIL = 254;
    public static final int MAX_DISPLAY_NAME = 200;

    private Names() {
    }

    public static boolean isOrgSlug(String s) {
        return s != null && ORG_SLUG.matcher(s).matches();
    }

    public static boolean isPrincipalName(String s) {
        return s != null && PRINCIPAL_NAME.matcher(s).matches();
    }

    public static boolean isGroupName(String s) {
        return isPrincipalName(s);
    }

    public static boolean isEmail(String s) {
        return s != null && s.length() <= MAX_EMAIL && EMAIL.matcher(s).matches() && !s.contains("..");
    }

    /** A display name: not blank, at most {@link #MAX_DISPLAY_NAME} characters, no control characters. */
    public static boolean isDisplayName(String s) {
        return s != null && !s.isBlank() && s.length() <= MAX_DISPLAY_NAME && !hasControl(s);
    }

    public static boolean hasControl(String s) {
        return s.codePoints().anyMatch(Character::isISOControl);
    }

    /** The lower-cased {@code mailto:} calendar-user address of an email. */
    static String mailto(String email) {
        return "mailto:" + email.toLowerCase(Locale.ROOT);
    }
}
