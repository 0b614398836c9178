package io.calroom.principal.directory;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO-8601 durations as the policy fields use them: days, hours, minutes and whole seconds
 * ({@code P90D}, {@code PT4H}, {@code P1DT12H}), plus weeks ({@code P2W}). Years and months are refused,
 * since their length depends on the date.
 */
public final class IsoDurations {
    private static final Pattern WEEKS = Pattern.compile("^P(\\d{1,4})W$");
    private static final Pattern HAS_YEARS_OR_MONTHS = Pattern.compile("^P(?:[^T]*[YM]).*$");

    private IsoDurations() {
    }

    /** Parses {@code s}; throws {@link IllegalArgumentException} with a message for people. */
    public static Duration parse(String s) {
        String v = s.trim().toUpperCase(Locale.ROOT);
        if (v.startsWith("-") || v.startsWith("+")) throw new IllegalArgumentException("must not be signed");
        Matcher weeks = WEEKS.matcher(v);
        if (weeks.matches()) return Duration.ofDays(7L * Integer.parseInt(weeks.group(1)));
        if (HAS_YEARS_OR_MONTHS.matcher(v).matches())
            throw new IllegalArgumentException("years and months are not allowed: use days, e.g. P90D");
        Duration d;
        try {
            d = Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("is not an ISO-8601 duration such as PT4H or P90D");
        }
        if (d.isNegative()) throw new IllegalArgumentException("must not be negative");
        if (d.getNano() != 0) throw new IllegalArgumentException("must be whole seconds");
        return d;
    }

    /** The shortest ISO-8601 form using days: {@code P90D}, {@code PT4H}, {@code P1DT30M}, {@code PT0S}. */
    public static String format(Duration d) {
        if (d.isZero()) return "PT0S";
        long seconds = d.getSeconds();
        long days = seconds / 86_400;
        long rest = seconds % 86_400;
        StringBuilder sb = new StringBuilder("P");
        if (days > 0) sb.append(days).append('D');
        if (rest > 0) {
            sb.append('T');
            long h = rest / 3600, m = rest % 3600 / 60, s = rest % 60;
            if (h > 0) sb.append(h).append('H');
            if (m > 0) sb.append(m).append('M');
            if (s > 0) sb.append(s).append('S');
        }
        return sb.toString();
    }
}
