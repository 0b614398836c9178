package io.calroom.admin;

import io.calroom.principal.DirectoryStores;
import io.calroom.principal.PasswordHasher;
import io.calroom.scheduling.delivery.ManagerDecisions;
import io.calroom.scheduling.index.OccurrenceIndex;
import io.calroom.schema.CalendarStores;
import io.calroom.schema.Database;

import java.time.Clock;

/**
 * What the handlers work with, built once with the servlet: the database (for transactions) and
 * the stores over it. {@code decisions} is null when the server gave none: approving and
 * declining bookings then answer 503. {@code occurrences} is null when the server gave none: busy
 * time is then read from the stored occurrences alone.
 */
record Services(Database db, DirectoryStores directory, CalendarStores calendars, PasswordHasher hasher, String resourceDomain,
                DirectoryChangeListener listener, ManagerDecisions decisions, Clock clock, OccurrenceIndex occurrences) {
}
