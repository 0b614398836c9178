package io.calroom.server.acl;

import io.calroom.server.dav.property.PropValue;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.WorkingHours;
import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The booking metadata of a room or resource as DAV properties: CalendarServer's {@code capacity}
 * and the project namespace ({@value Ns#CALROOM}) for the typed policy. The local names are the
 * policy validator's kebab-case field names, so PROPPATCH goes through the same validation as the
 * admin API.
 */
public final class ResourceProperties {
    public static final QName CAPACITY = Ns.cs("capacity");
    public static final QName IS_ACTIVE = new QName(Ns.CALROOM, "is-active");
    /** Properties holding a list, written as {@code <cr:item>} children. */
    public static final List<String> LIST_FIELDS = List.of("equipment", "tags");
    public static final List<String> FIELDS = List.of("location", "equipment", "tags", "auto-schedule-mode",
            "restricted-access", "multiple-bookings", "max-booking-duration", "booking-window-start", "booking-window-end",
            "working-hours", "recurring-conflicts", "timezone");

    private ResourceProperties() {
    }

    public static QName name(String field) {
        return new QName(Ns.CALROOM, field);
    }

    /** True for a property that is part of the typed policy (capacity and the project-namespace fields). */
    public static boolean isPolicy(QName q) {
        return q.equals(CAPACITY) || (Ns.CALROOM.equals(q.getNamespaceURI()) && FIELDS.contains(q.getLocalPart()));
    }

    /** The validator's field name for a policy property. */
    public static String field(QName q) {
        return q.getLocalPart();
    }

    public static Map<QName, PropValue> of(ResourcePolicy p, boolean active) {
        Map<QName, PropValue> out = new LinkedHashMap<>();
        if (p.capacity() != null) out.put(CAPACITY, PropValue.text(p.capacity().toString()));
        out.put(IS_ACTIVE, PropValue.text(Boolean.toString(active)));
        if (p.location() != null) out.put(name("location"), PropValue.text(p.location()));
        out.put(name("equipment"), items(p.equipment()));
        out.put(name("tags"), items(p.tags()));
        out.put(name("auto-schedule-mode"), PropValue.text(p.autoScheduleMode().value()));
        out.put(name("restricted-access"), PropValue.text(Boolean.toString(p.restrictedAccess())));
        out.put(name("multiple-bookings"), PropValue.text(Integer.toString(p.multipleBookings())));
        if (p.maxBookingDuration() != null) out.put(name("max-booking-duration"), PropValue.text(iso(p.maxBookingDuration())));
        if (p.bookingWindowStart() != null) out.put(name("booking-window-start"), PropValue.text(iso(p.bookingWindowStart())));
        if (p.bookingWindowEnd() != null) out.put(name("booking-window-end"), PropValue.text(iso(p.bookingWindowEnd())));
        out.put(name("working-hours"), PropValue.text(workingHours(p.workingHours())));
        out.put(name("recurring-conflicts"), PropValue.text(p.recurringConflicts().value()));
        out.put(name("timezone"), PropValue.text(p.timezone().getId()));
        return out;
    }

    private static PropValue items(List<String> values) {
        return new PropValue.Custom(out -> values.forEach(v -> out.element(new QName(Ns.CALROOM, "item"), v)));
    }

    private static String iso(Duration d) {
        return d.toString();
    }

    /** "MO 08:00-18:00; TU 08:00-18:00", the text form the validator reads back. */
    static String workingHours(List<WorkingHours> hours) {
        return hours.stream().map(h -> day(h.day()) + " " + h.start() + "-" + (h.untilEndOfDay() ? "24:00" : h.end().toString()))
                .collect(Collectors.joining("; "));
    }

    private static String day(DayOfWeek d) {
        return d.name().substring(0, 2);
    }
}
