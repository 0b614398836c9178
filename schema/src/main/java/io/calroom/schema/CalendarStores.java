package io.calroom.schema;

import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.schema.store.ImipQueueStore;
import io.calroom.schema.store.JooqCalendarCollectionStore;
import io.calroom.schema.store.JooqCalendarObjectStore;
import io.calroom.schema.store.JooqDeadPropertyStore;
import io.calroom.schema.store.JooqImipQueueStore;
import io.calroom.schema.store.JooqOccurrenceIndexStore;
import io.calroom.schema.store.JooqOccurrenceLookups;
import io.calroom.schema.store.JooqResourceLock;
import io.calroom.schema.store.JooqSyncLog;
import io.calroom.schema.store.OccurrenceIndexStore;
import io.calroom.schema.store.OccurrenceLookups;
import io.calroom.schema.store.ResourceLock;
import io.calroom.schema.store.SyncLog;

/**
 * The calendar data's stores, built once at start-up over the {@link Database} and handed to the
 * code that needs them: each is an interface, implemented here over jOOQ and PostgreSQL. Inside {@link Database#transaction} every store's statements belong to the
 * thread's transaction, so the same instances serve reads and writes.
 */
public record CalendarStores(
        CalendarCollectionStore collections,
        CalendarObjectStore objects,
        OccurrenceLookups occurrences,
        OccurrenceIndexStore occurrenceIndex,
        SyncLog syncLog,
        DeadPropertyStore deadProperties,
        ImipQueueStore imipQueue,
        ResourceLock resourceLock) {

    public static CalendarStores over(Database database) {
        var dsl = database.dsl();
        return new CalendarStores(new JooqCalendarCollectionStore(dsl), new JooqCalendarObjectStore(dsl),
                new JooqOccurrenceLookups(dsl), new JooqOccurrenceIndexStore(dsl), new JooqSyncLog(dsl),
                new JooqDeadPropertyStore(dsl), new JooqImipQueueStore(dsl), new JooqResourceLock(database));
    }
}
