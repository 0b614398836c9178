package io.calroom.scheduling.index;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.ResourcePolicyStore;
import io.calroom.schema.store.StoredCalendar;
import org.jooq.DSLContext;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The zone in which the floating and all-day times of a calendar's objects are read when their
 * occurrences are computed: for a room's or resource's calendar the zone of its booking policy
 * (what the room agent stores its copies in), for anyone else's the calendar's
 * {@code calendar-timezone} (RFC 4791 §7.3; what a PUT uses), UTC when it has none.
 */
public final class ExpansionZones {
    private static final Pattern TZID = Pattern.compile("(?m)^TZID[^:]*:([^\\r\\n]+)");

    private ExpansionZones() {
    }

    /** The zone of a calendar's {@code calendar-timezone} (the text of a VCALENDAR with one VTIMEZONE), UTC when none or unknown. */
    public static ZoneId ofCalendarTimezone(String calendarTimezone) {
        if (calendarTimezone == null) return ZoneOffset.UTC;
        Matcher m = TZID.matcher(calendarTimezone);
        if (!m.find()) return ZoneOffset.UTC;
        try {
            return ZoneId.of(m.group(1).trim());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** The zone for the objects of {@code calendar}, as described above. */
    public static ZoneId of(DSLContext db, StoredCalendar calendar) {
        Optional<Principal> owner = new PrincipalStore(db).byId(calendar.ownerId());
        if (owner.isPresent() && owner.get().kind() == PrincipalKind.RESOURCE) {
            return new ResourcePolicyStore(db).read(owner.get().orgId(), owner.get().id()).orElse(ResourcePolicy.DEFAULT).timezone();
        }
        return ofCalendarTimezone(calendar.timezone());
    }
}
