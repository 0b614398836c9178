package io.calroom.server.sync;

import io.calroom.server.dav.DavConcern;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;
import java.util.Map;

/**
 * Collection synchronization (RFC 6578): the sync-collection REPORT on calendar homes, calendars
 * and the directory, whose DAV:sync-token values are {@link SyncTokens}.
 */
public final class SyncConcern implements DavConcern {
    @Override
    public List<ComplianceToken> complianceTokens() {
        return List.of(new ComplianceToken(110, "calendarserver-home-sync"));
    }

    @Override
    public Map<QName, ReportMethod.Report> reports(LivePropertySet live) {
        return Map.of(Ns.dav("sync-collection"), new SyncCollectionReport(live));
    }
}
