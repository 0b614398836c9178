package io.calroom.schema.store;

import java.util.Set;

/**
 * The objects a time-range may match, from the occurrence table: {@code exact} certainly match
 * (an occurrence overlaps the range as stored); {@code uncertain} need the iCalendar data checked
 * (floating occurrences that overlap only when read in another zone, or recurrences that run past
 * their expansion horizon).
 */
public record TimeRangeCandidates(Set<Long> exact, Set<Long> uncertain) {
    public TimeRangeCandidates {
        exact = Set.copyOf(exact);
        uncertain = Set.copyOf(uncertain);
    }
}
