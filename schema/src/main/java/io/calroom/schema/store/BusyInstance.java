package io.calroom.schema.store;

import java.time.Instant;

/** An occurrence that makes time busy (opaque, not cancelled), for free-busy answers. */
public record BusyInstance(Instant start, Instant end, String status) {
}
