package io.calroom.principal.directory;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The typed booking policy of a room or resource, as the auto-schedule agent reads it. Immutable and
 * always internally consistent: untrusted input goes through {@link ResourcePolicyValidator} first;
 * this constructor only guards against programming errors.
 *
 * @param capacity           seats or units, or null when unknown
 * @param location           building, floor, address; free text or null
 * @param equipment          what the room offers ("Projector")
 * @param tags               labels to search by ("building-a")
 * @param autoScheduleMode   how invitations are answered
 * @param restrictedAccess   when true only allowed bookers (users or groups) may book
 * @param multipleBookings   how many bookings may overlap (1 = no double booking)
 * @param maxBookingDuration the longest booking accepted, or null for no limit
 * @param bookingWindowStart how far ahead a booking may start, or null for no limit
 * @param bookingWindowEnd   the minimum notice before a booking starts, or null for none
 * @param workingHours       when bookings are accepted, in {@code timezone}; empty means at any time
 * @param recurringConflicts whether a recurring booking is judged per occurrence or as a whole series
 * @param timezone           the zone of the working hours
 */
public record ResourcePolicy(
        Integer capacity,
        String location,
        List<String> equipment,
        List<String> tags,
        AutoScheduleMode autoScheduleMode,
        boolean restrictedAccess,
        int multipleBookings,
        Duration maxBookingDuration,
        Duration bookingWindowStart,
        Duration bookingWindowEnd,
        List<WorkingHours> workingHours,
        RecurringConflicts recurringConflicts,
        ZoneId timezone) {

    /** The policy of a resource that has none stored: automatic, one booking at a time, always open, UTC. */
    public static final ResourcePolicy DEFAULT = new ResourcePolicy(null, null, List.of(), List.of(),
            AutoScheduleMode.AUTOMATIC, false, 1, null, null, null, List.of(), RecurringConflicts.PER_OCCURRENCE,
            ZoneId.of("UTC"));

    public ResourcePolicy {
        equipment = List.copyOf(equipment);
        tags = List.copyOf(tags);
        List<WorkingHours> sorted = new ArrayList<>(workingHours);
        sorted.sort(WorkingHours.ORDER);
        workingHours = List.copyOf(sorted);
        Objects.requireNonNull(autoScheduleMode, "autoScheduleMode");
        Objects.requireNonNull(recurringConflicts, "recurringConflicts");
        Objects.requireNonNull(timezone, "timezone");
        if (capacity != null && capacity < 0) throw new IllegalArgumentException("capacity must not be negative");
        if (multipleBookings < 1) throw new IllegalArgumentException("multipleBookings must be at least 1");
        if (maxBookingDuration != null && !isPositive(maxBookingDuration))
            throw new IllegalArgumentException("maxBookingDuration must be positive");
        if (bookingWindowStart != null && !isPositive(bookingWindowStart))
            throw new IllegalArgumentException("bookingWindowStart must be positive");
        if (bookingWindowEnd != null && bookingWindowEnd.isNegative())
            throw new IllegalArgumentException("bookingWindowEnd must not be negative");
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    /** A mutable copy, for building a changed policy field by field. */
    public static final class Builder {
        private Integer capacity;
        private String location;
        private List<String> equipment;
        private List<String> tags;
        private AutoScheduleMode autoScheduleMode;
        private boolean restrictedAccess;
        private int multipleBookings;
        private Duration maxBookingDuration;
        private Duration bookingWindowStart;
        private Duration bookingWindowEnd;
        private List<WorkingHours> workingHours;
        private RecurringConflicts recurringConflicts;
        private ZoneId timezone;

        private Builder(ResourcePolicy p) {
            capacity = p.capacity;
            location = p.location;
            equipment = p.equipment;
            tags = p.tags;
            autoScheduleMode = p.autoScheduleMode;
            restrictedAccess = p.restrictedAccess;
            multipleBookings = p.multipleBookings;
            maxBookingDuration = p.maxBookingDuration;
            bookingWindowStart = p.bookingWindowStart;
            bookingWindowEnd = p.bookingWindowEnd;
            workingHours = p.workingHours;
            recurringConflicts = p.recurringConflicts;
            timezone = p.timezone;
        }

        public Builder capacity(Integer v) { capacity = v; return this; }
        public Builder location(String v) { location = v; return this; }
        public Builder equipment(List<String> v) { equipment = v; return this; }
        public Builder tags(List<String> v) { tags = v; return this; }
        public Builder autoScheduleMode(AutoScheduleMode v) { autoScheduleMode = v; return this; }
        public Builder restrictedAccess(boolean v) { restrictedAccess = v; return this; }
        public Builder multipleBookings(int v) { multipleBookings = v; return this; }
        public Builder maxBookingDuration(Duration v) { maxBookingDuration = v; return this; }
        public Builder bookingWindowStart(Duration v) { bookingWindowStart = v; return this; }
        public Builder bookingWindowEnd(Duration v) { bookingWindowEnd = v; return this; }
        public Builder workingHours(List<WorkingHours> v) { workingHours = v; return this; }
        public Builder recurringConflicts(RecurringConflicts v) { recurringConflicts = v; return this; }
        public Builder timezone(ZoneId v) { timezone = v; return this; }

        Duration bookingWindowStart() { return bookingWindowStart; }
        Duration bookingWindowEnd() { return bookingWindowEnd; }

        public ResourcePolicy build() {
            return new ResourcePolicy(capacity, location, equipment, tags, autoScheduleMode, restrictedAccess,
                    multipleBookings, maxBookingDuration, bookingWindowStart, bookingWindowEnd, workingHours,
                    recurringConflicts, timezone);
        }
    }
}
