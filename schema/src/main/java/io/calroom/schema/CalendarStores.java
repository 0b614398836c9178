package io.calroom.schema;

import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.schema.store.ImipQueueStore;
import io.calroom.schema.store.OccurrenceIndexStore;
import io.calroom.schema.store.OccurrenceLookups;
import io.calroom.schema.store.ResourceLock;
import io.calroom.schema.store.SyncLog;

/**
 * The calendar data's stores, built once at start-up over the {@link Database} and handed to the
 * code that needs them. Inside {@link Database#transaction} every store's statements belong to the
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
        return new CalendarStores(new CalendarCollectionStore(dsl), new CalendarObjectStore(dsl), new OccurrenceLookups(dsl),
                new OccurrenceIndexStore(dsl), new SyncLog(dsl), new DeadPropertyStore(dsl), new ImipQueueStore(dsl),
                new ResourceLock(database));
    }
}
