package io.calroom.schema.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The conversions between the stores' {@link Instant}s and the database's {@code timestamptz} values. */
final class Timestamps {
    private Timestamps() {
    }

    static OffsetDateTime toOffset(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant toInstant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
