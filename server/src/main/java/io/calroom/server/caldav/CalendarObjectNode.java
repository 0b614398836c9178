package io.calroom.server.caldav;

import io.calroom.server.dav.tree.DavNode;
import io.calroom.principal.Principal;
import io.calroom.schema.store.DeleteOutcome;
import io.calroom.schema.store.ObjectField;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.schema.store.StoredObject;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.DavServices;
import io.calroom.server.dav.property.LiveValues;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.PropertySink;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.schedule.ScheduledWrite;

import javax.xml.namespace.QName;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A calendar object resource (RFC 4791 §4.1): one event or to-do with all its instances. */
public final class CalendarObjectNode extends DavNode implements CalendarObject {
    private final Principal owner;
    private final StoredCalendar calendar;
    private final StoredObject object;

    private final boolean writable;

    public CalendarObjectNode(Principal owner, StoredCalendar calendar, StoredObject object, boolean writable) {
        super(owner.calendarHomePath() + calendar.uri() + "/" + object.uri());
        this.owner = owner;
        this.calendar = calendar;
        this.object = object;
        this.writable = writable;
    }

    /** False when the caller may only read this object. */
    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public Principal owner() {
        return owner;
    }

    @Override
    public StoredCalendar calendar() {
        return calendar;
    }

    @Override
    public StoredObject object() {
        return object;
    }

    @Override
    public boolean isCollection() {
        return false;
    }

    @Override
    public List<QName> resourceTypes() {
        return List.of();
    }

    @Override
    public PropertyOwner deadPropertyOwner() {
        return new PropertyOwner.OfObject(object.id());
    }

    @Override
    public Instant modified() {
        return object.updatedAt();
    }

    private static final List<QName> REPORTS = List.of(Ns.caldav("calendar-multiget"), Ns.caldav("calendar-query"),
            Ns.dav("expand-property"));
    // names computed for every member of a listing: built once, not per member
    private static final QName OWNER = Ns.dav("owner");
    private static final QName GETETAG = Ns.dav("getetag");
    private static final QName GETCONTENTTYPE = Ns.dav("getcontenttype");
    private static final QName GETCONTENTLENGTH = Ns.dav("getcontentlength");
    private static final QName GETLASTMODIFIED = Ns.dav("getlastmodified");
    private static final QName CREATIONDATE = Ns.dav("creationdate");
    private static final QName SCHEDULE_TAG = Ns.caldav("schedule-tag");
    private static final QName CURRENT_USER_PRIVILEGE_SET = Ns.dav("current-user-privilege-set");

    @Override
    public String allowedMethods() {
        return "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, COPY, MOVE, REPORT";
    }

    @Override
    public List<QName> supportedReports() {
        return REPORTS;
    }

    @Override
    public boolean hasOwnContent() {
        return true;
    }

    /** Its iCalendar text, with its ETag, Last-Modified and Schedule-Tag (RFC 6638 §3.2.10). */
    @Override
    public Representation representation(DavServices services) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", object.etag());
        headers.put("Last-Modified", LiveValues.httpDate(object.updatedAt()));
        if (object.scheduleTag() != null) headers.put("Schedule-Tag", object.scheduleTag());
        return new Representation(object.etag(), headers, contentType(object.componentType()), () ->
                services.stores().objects().ical(object.id()).orElseThrow(DavException::notFound)
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String etag() {
        return object.etag();
    }

    /** Reads only the fields {@link #objectFields} names for these properties. */
    @Override
    public void liveProperties(PropertySink p, Principal user) {
        StoredObject o = object;
        p.put(OWNER, () -> new PropValue.Href(owner.path()));
        p.put(GETETAG, () -> PropValue.text(o.etag()));
        p.put(GETCONTENTTYPE, () -> PropValue.text(contentType(o.componentType())));
        p.put(GETCONTENTLENGTH, () -> PropValue.text(Integer.toString(o.sizeBytes())));
        p.put(GETLASTMODIFIED, () -> PropValue.text(LiveValues.httpDate(o.updatedAt())));
        p.put(CREATIONDATE, () -> PropValue.text(DateTimeFormatter.ISO_INSTANT.format(o.createdAt())));
        if (o.scheduleTag() != null) p.put(SCHEDULE_TAG, () -> PropValue.text(o.scheduleTag()));
        p.put(CURRENT_USER_PRIVILEGE_SET, () -> LiveValues.privileges(writable ? CalendarPrivileges.of(calendar.kind()) : LiveValues.READ_ONLY));
    }

    /**
     * The stored fields of calendar objects that the live properties among {@code wanted} (null:
     * all) are computed from in {@link #liveProperties}: a listing reads only these. Keep the two in step.
     */
    public static Set<ObjectField> objectFields(Set<QName> wanted) {
        if (wanted == null) return EnumSet.allOf(ObjectField.class);
        Set<ObjectField> fields = EnumSet.noneOf(ObjectField.class);
        if (wanted.contains(GETETAG)) fields.add(ObjectField.ETAG);
        if (wanted.contains(GETCONTENTTYPE)) fields.add(ObjectField.COMPONENT_TYPE);
        if (wanted.contains(GETCONTENTLENGTH)) fields.add(ObjectField.SIZE);
        if (wanted.contains(GETLASTMODIFIED)) fields.add(ObjectField.UPDATED_AT);
        if (wanted.contains(CREATIONDATE)) fields.add(ObjectField.CREATED_AT);
        if (wanted.contains(SCHEDULE_TAG)) fields.add(ObjectField.SCHEDULE_TAG);
        return fields;
    }

    public static String contentType(String componentType) {
        return "text/calendar; charset=utf-8; component=" + componentType.toLowerCase(Locale.ROOT);
    }

    /** DELETE, If-Match checked atomically, with implicit scheduling (RFC 6638 §3.2.3.2). */
    @Override
    public void delete(DavRequest req) {
        DeleteOutcome outcome = ScheduledWrite.delete(req, new CalendarNode(owner, calendar, writable), object.uri());
        switch (outcome) {
            case DELETED -> req.response().setStatus(204);
            case NOT_FOUND -> throw DavException.notFound();
            case PRECONDITION_FAILED -> throw DavException.preconditionFailed("If-Match does not match the current ETag");
        }
    }

    @Override
    public void copyOrMove(DavRequest req, boolean move) {
        new ObjectCopyMove(move).run(req, this);
    }
}
