package io.calroom.server.schedule;

import io.calroom.principal.Principal;
import io.calroom.server.dav.DavConcern;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.PropertySink;

import java.util.List;

/**
 * CalDAV scheduling (RFC 6638): POST to the outbox, the scheduling properties of principals and
 * inboxes; implicit scheduling of writes is {@link ScheduledWrite}, used by CalDAV's PUT, DELETE,
 * COPY and MOVE. The inbox and outbox are calendar collections of their home ({@code caldav}).
 */
public final class ScheduleConcern implements DavConcern {
    @Override
    public List<ComplianceToken> complianceTokens() {
        return List.of(new ComplianceToken(50, "calendar-auto-schedule"), new ComplianceToken(90, "inbox-availability"));
    }

    @Override
    public List<DavMethod> methods(LivePropertySet live) {
        return List.of(new OutboxPostMethod());
    }

    @Override
    public void principalProperties(Principal principal, List<String> addresses, PropertySink out) {
        ScheduleProperties.ofPrincipal(principal, addresses, out);
    }
}
