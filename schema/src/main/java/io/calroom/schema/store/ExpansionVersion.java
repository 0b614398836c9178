package io.calroom.schema.store;

/**
 * The version of the recurrence expansion (scheduling's {@code ical} engine) whose results
 * {@code calendar_instances} holds. Every write stores {@link #CURRENT} with the object
 * ({@code calendar_objects.expansion_version}); objects stored by an older version are recomputed in
 * the background ({@code OccurrenceMaintenance}) and treated as uncertain until then.
 * <p>
 * Bump it whenever the engine computes other occurrences for some input (a fixed rule, another
 * default, another zone rule), together with a migration that recreates
 * {@code calendar_objects_stale_idx} with the new bound (see {@code V10}): every object stored before
 * is then re-expanded once, without changing its text, ETag or sync token.
 * <ul>
 * <li>0: before V10 (the engine of Calroom up to V9);</li>
 * <li>1: V10.</li>
 * </ul>
 */
public final class ExpansionVersion {
    /** What this build's engine computes. */
    public static final int CURRENT = 1;

    private ExpansionVersion() {
    }
}
