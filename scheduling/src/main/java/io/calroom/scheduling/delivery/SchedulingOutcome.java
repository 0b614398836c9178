package io.calroom.scheduling.delivery;

/**
 * What implicit scheduling decided for the object being written: the text to store (the
 * client's, or with SCHEDULE-STATUS, SEQUENCE and merged PARTSTATs) and its Schedule-Tag.
 */
public record SchedulingOutcome(String textToStore, String scheduleTag, boolean textChanged) {
}
