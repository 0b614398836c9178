package io.calroom.server.caldav;

import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.schema.store.ObjectWithData;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.property.NodeProperties;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertyRequest;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.List;
import java.util.Map;

/**
 * Writes one calendar object's response in a report: the requested properties, including
 * CALDAV:calendar-data (RFC 4791 §9.6) shaped by {@link CalendarDataRequest}.
 */
public final class ObjectResponder {
    private final LivePropertySet live;
    private final DavRequest req;
    private final PropertyRequest props;
    private final CalendarDataRequest calendarData;
    private final boolean minimal;
    private final DeadPropertyStore dead;

    /**
     * @param report the report element: its DAV:prop, DAV:allprop or DAV:propname says what to
     *               return (none: only the hrefs, each with an empty propstat); calendar-data only
     *               when DAV:prop names it (RFC 4791 §9.6)
     */
    public ObjectResponder(LivePropertySet live, DavRequest req, Element report) {
        this.live = live;
        this.req = req;
        this.props = PropertyRequest.of(report).orElse(PropertyRequest.prop(List.of()));
        this.calendarData = props.names(Ns.caldav("calendar-data"))
                ? CalendarDataRequest.parse(SafeXml.child(SafeXml.child(report, Ns.dav("prop")).orElseThrow(), Ns.caldav("calendar-data")).orElseThrow(),
                        req.services().calendarDataShaper())
                : null;
        this.minimal = req.preferMinimal();
        this.dead = req.services().stores().calendars().deadProperties();
    }

    /**
     * Loads, in one query, the stored occurrences an expand of these objects needs, so that
     * expanding them parses no iCalendar (objects whose recurrence outruns the table are expanded
     * the slow way).
     */
    public void prefetch(java.util.Collection<ObjectWithData> objects) {
        if (calendarData == null || calendarData.expandRange() == null) return;
        var range = calendarData.expandRange();
        java.util.List<Long> covered = objects.stream().map(ObjectWithData::object)
                .filter(o -> o.instancesCover(range.end())).map(io.calroom.schema.store.StoredObject::id).toList();
        var rows = req.services().stores().occurrences().instancesOf(covered, range.start(), range.end());
        for (Long id : covered) {
            knownOccurrences.put(id, rows.getOrDefault(id, java.util.List.of()).stream()
                    .map(r -> new io.calroom.ical.Occurrence(r.start(), r.end(), r.recurrenceId(), r.transparent(),
                            r.status(), r.allDay(), r.floating())).toList());
        }
    }

    private final java.util.Map<Long, java.util.List<io.calroom.ical.Occurrence>> knownOccurrences = new java.util.HashMap<>();

    /** True when the report asked for CALDAV:calendar-data, so objects must be read with their text. */
    public boolean needsData() {
        return calendarData != null;
    }

    /** The stored fields of the objects that the requested live properties are made of. */
    public java.util.Set<io.calroom.schema.store.ObjectField> objectFields() {
        return CalendarObjectNode.objectFields(props.wanted());
    }

    public void write(MultistatusWriter out, CalendarCollection calendarNode, ObjectWithData o) {
        StoredCalendar calendar = calendarNode.calendar();
        CalendarObjectNode node = new CalendarObjectNode(calendarNode.owner(), calendar, o.object(), calendarNode.writable());
        Map<QName, PropValue> extra = calendarData == null ? Map.of()
                : Map.of(Ns.caldav("calendar-data"), PropValue.text(calendarData.render(o.ical(), CalendarObjectIntake.floatingZone(calendar),
                        knownOccurrences.remove(o.object().id()))));
        NodeProperties np = new NodeProperties(live, node, req.user(), () -> dead.list(node.deadPropertyOwner()), extra, props.wanted());
        NodeProperties.Result r = np.answer(props);
        out.response(node.path(), r.found(), minimal ? Map.of() : Map.of(404, r.missing()));
    }
}
