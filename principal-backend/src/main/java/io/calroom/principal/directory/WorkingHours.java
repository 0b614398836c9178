package io.calroom.principal.directory;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.Objects;

/**
 * One interval of a weekday during which a resource may be booked, in the resource's time zone.
 * {@code end} is exclusive; {@link LocalTime#MAX} stands for the end of the day ({@code 24:00}).
 */
public record WorkingHours(DayOfWeek day, LocalTime start, LocalTime end) {
    public static final Comparator<WorkingHours> ORDER =
            Comparator.comparing(WorkingHours::day).thenComparing(WorkingHours::start).thenComparing(WorkingHours::end);

    public WorkingHours {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) throw new IllegalArgumentException("working hours must end after they start");
    }

    /** True when this interval ends at midnight at the end of its day. */
    public boolean untilEndOfDay() {
        return isEndOfDay(end);
    }

    /** A time at or after 23:59:59.999 counts as the end of the day (PostgreSQL's {@code 24:00}). */
    static boolean isEndOfDay(LocalTime t) {
        return !t.isBefore(LocalTime.of(23, 59, 59, 999_000_000));
    }
}
