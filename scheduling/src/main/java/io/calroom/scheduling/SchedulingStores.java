package io.calroom.scheduling;

import io.calroom.principal.JooqPrincipalStore;
import io.calroom.principal.directory.JooqResourcePolicyStore;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.directory.ResourcePolicyStore;
import io.calroom.schema.CalendarStores;
import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.ImipQueueStore;
import io.calroom.schema.store.OccurrenceIndexStore;
import io.calroom.schema.store.OccurrenceLookups;

/**
 * The stores scheduling reads and writes, built once at start-up and given to each scheduling
 * service when it is built: the calendar data's stores and, of the directory, principals and
 * resource policies. Every write through them belongs to the caller's transaction
 * ({@link io.calroom.schema.Database#transaction}).
 */
public record SchedulingStores(CalendarStores calendars, PrincipalStore principals, ResourcePolicyStore policies) {

    public static SchedulingStores of(CalendarStores calendars, io.calroom.principal.DirectoryStores directory) {
        return new SchedulingStores(calendars, directory.principals(), directory.resourcePolicies());
    }

    /** Over {@code database}, for tests and tools that have no stores of their own yet. */
    public static SchedulingStores over(io.calroom.schema.Database database) {
        var dsl = database.dsl();
        return new SchedulingStores(CalendarStores.over(database), new JooqPrincipalStore(dsl), new JooqResourcePolicyStore(dsl));
    }

    public CalendarCollectionStore collections() {
        return calendars.collections();
    }

    public CalendarObjectStore objects() {
        return calendars.objects();
    }

    public OccurrenceLookups occurrences() {
        return calendars.occurrences();
    }

    public OccurrenceIndexStore occurrenceIndex() {
        return calendars.occurrenceIndex();
    }

    public ImipQueueStore imipQueue() {
        return calendars.imipQueue();
    }
}
