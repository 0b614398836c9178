package io.calroom.server.schedule;

import io.calroom.principal.Principal;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertySink;
import io.calroom.server.dav.xml.Ns;

import java.util.ArrayList;
import java.util.List;

/** The scheduling properties (RFC 6638 §2 and §9) of principals and of scheduling inboxes. */
public final class ScheduleProperties {
    private ScheduleProperties() {
    }

    /** Of a principal: its calendar-user addresses and type, its inbox and outbox. */
    static void ofPrincipal(Principal pr, List<String> principalAddresses, PropertySink p) {
        List<String> addresses = new ArrayList<>(principalAddresses);
        addresses.add(pr.path());
        p.put(Ns.caldav("calendar-user-address-set"), () -> new PropValue.Hrefs(addresses));
        p.put(Ns.caldav("calendar-user-type"), () -> PropValue.text(pr.calendarUserType()));
        p.put(Ns.caldav("schedule-inbox-URL"), () -> new PropValue.Href(pr.calendarHomePath() + "inbox/"));
        p.put(Ns.caldav("schedule-outbox-URL"), () -> new PropValue.Href(pr.calendarHomePath() + "outbox/"));
    }

    /** Of a scheduling inbox, after its calendar collection properties. */
    public static void ofInbox(PropertySink p, Principal owner, StoredCalendar c) {
        // RFC 6638 §9.2: where invitations are delivered
        p.put(Ns.caldav("schedule-default-calendar-URL"), () -> new PropValue.Href(owner.calendarHomePath() + "default/"));
        if (c.availability() != null) p.put(Ns.caldav("calendar-availability"), () -> PropValue.text(c.availability()));
    }
}
