package io.calroom.schema.store;

/** The collection properties the server stores in typed columns (everything else is a dead property). */
public enum CalendarColumn {
    DISPLAY_NAME, DESCRIPTION, TIMEZONE, COLOR, ORDER, SCHEDULE_TRANSP, AVAILABILITY
}
