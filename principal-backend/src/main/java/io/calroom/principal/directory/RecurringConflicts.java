package io.calroom.principal.directory;

import java.util.Locale;
import java.util.Optional;

/** How a recurring booking is judged: each occurrence on its own, or the whole series at once. */
public enum RecurringConflicts {
    PER_OCCURRENCE("per-occurrence"), WHOLE_SERIES("whole-series");

    private final String value;

    RecurringConflicts(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<RecurringConflicts> parse(String s) {
        if (s == null) return Optional.empty();
        String v = s.trim().toLowerCase(Locale.ROOT);
        for (RecurringConflicts r : values()) if (r.value.equals(v)) return Optional.of(r);
        return Optional.empty();
    }

    static RecurringConflicts fromDb(String s) {
        return parse(s).orElseThrow(() -> new IllegalStateException("unknown recurring_conflicts " + s));
    }
}
