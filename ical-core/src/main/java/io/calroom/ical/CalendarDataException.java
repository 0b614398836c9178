package io.calroom.ical;

import java.util.Objects;

/** A calendar object resource was refused; {@link #precondition()} names the RFC 4791 §5.3.2.1 precondition. */
public final class CalendarDataException extends Exception {

    private static final long serialVersionUID = 1L;

    private final CalDavPrecondition precondition;

    public CalendarDataException(CalDavPrecondition precondition, String message) {
        super(message);
        this.precondition = Objects.requireNonNull(precondition, "precondition");
    }

    CalendarDataException(CalDavPrecondition precondition, String message, Throwable cause) {
        super(message, cause);
        this.precondition = Objects.requireNonNull(precondition, "precondition");
    }

    public CalDavPrecondition precondition() {
        return precondition;
    }

    static CalendarDataException invalidData(String message) {
        return new CalendarDataException(CalDavPrecondition.VALID_CALENDAR_DATA, message);
    }

    static CalendarDataException invalidData(String message, Throwable cause) {
        return new CalendarDataException(CalDavPrecondition.VALID_CALENDAR_DATA, message, cause);
    }

    static CalendarDataException invalidObject(String message) {
        return new CalendarDataException(CalDavPrecondition.VALID_CALENDAR_OBJECT_RESOURCE, message);
    }

    static CalendarDataException tooManyInstances(String message) {
        return new CalendarDataException(CalDavPrecondition.MAX_INSTANCES, message);
    }
}
