package io.calroom.server.dav;

import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.scheduling.delivery.ImplicitScheduler;
import io.calroom.scheduling.index.OccurrenceIndex;
import io.calroom.scheduling.SchedulingStores;
import io.calroom.principal.DirectoryStores;
import io.calroom.ical.shape.CalendarDataShaper;
import io.calroom.schema.Database;
import io.calroom.server.config.ServerConfig;
import io.calroom.server.dav.tree.DavTree;
import io.calroom.server.dav.xml.SafeXml;

import java.time.Clock;

/**
 * What the DAV method handlers work with; built once at start-up. {@code clock} is the server's one
 * clock ("now" for expansion horizons, scheduling, booking decisions, DTSTAMPs); {@code occurrenceIndex}
 * completes the occurrence table before a lookup answers from it; {@code stores} are the stores
 * scheduling works with and {@code directoryStores} the directory's, built once (inside a
 * transaction they join it).
 */
public record DavServices(
        ServerConfig config,
        Database database,
        DavTree tree,
        SafeXml xml,
        CalendarObjectLimits limits,
        CalendarObjectParser calendarParser,
        CalendarDataShaper calendarDataShaper,
        ImplicitScheduler scheduler,
        Clock clock,
        OccurrenceIndex occurrenceIndex,
        SchedulingStores stores,
        DirectoryStores directoryStores) {
}
