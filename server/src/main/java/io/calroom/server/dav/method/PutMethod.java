package io.calroom.server.dav.method;

import io.calroom.server.caldav.CalendarObjectIntake;
import io.calroom.server.schedule.ScheduledWrite;

import io.calroom.schema.store.CalendarStore;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.ObjectContent;
import io.calroom.schema.store.PutOutcome;
import io.calroom.schema.store.StoredObject;
import io.calroom.schema.store.WriteCondition;
import io.calroom.server.dav.AllowedMethods;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.caldav.CalendarNode;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * PUT of a calendar object resource (RFC 4791 §5.3.2): validated before anything is stored, then
 * written with its occurrences, its collection's new sync revision and change-log entry in one
 * transaction, If-Match / If-None-Match evaluated atomically against the locked row.
 */
public final class PutMethod implements DavMethod {
    @Override
    public String name() {
        return "PUT";
    }

    @Override
    public void handle(DavRequest req) {
        List<String> segments = req.segments();
        if (segments.isEmpty() || req.hasTrailingSlash()) {
            throw DavException.methodNotAllowed("PUT is for calendar objects, not collections",
                    req.services().tree().resolve(segments, req.user()).map(AllowedMethods::of).orElse(null));
        }
        // (a member of a calendar collection is never a collection: no need to look the target up)
        CalendarNode parent = calendarParent(req);
        requireCalendarMediaType(req.contentType());
        ObjectContent content = new CalendarObjectIntake(req.services()).accept(req.body(), parent);
        String uri = segments.get(segments.size() - 1);
        ScheduledWrite.Result result = ScheduledWrite.put(req, parent, uri, content);
        respond(req, result.outcome(), !result.textChanged());
    }

    /** @param sendEtag false when the stored text differs from the body (RFC 4791 §5.3.4: no ETag then) */
    static void respond(DavRequest req, PutOutcome outcome, boolean sendEtag) {
        if (outcome instanceof PutOutcome.PreconditionFailed) {
            throw DavException.preconditionFailed("the resource's current state does not match If-Match / If-None-Match");
        }
        if (outcome instanceof PutOutcome.CollectionGone) {
            throw DavException.conflict(null, "the calendar collection was deleted");
        }
        if (outcome instanceof PutOutcome.UidConflict c) {
            String href = req.services().tree().resolve(req.segments().subList(0, req.segments().size() - 1), req.user())
                    .map(DavNode::path).orElse("") + c.existingUri();
            throw new DavException(403, Ns.caldav("no-uid-conflict"),
                    "the UID is already used by another resource of the collection, or differs from the UID of the resource being replaced", href);
        }
        StoredObject stored;
        if (outcome instanceof PutOutcome.Created c) {
            req.response().setStatus(201);
            stored = c.object();
        } else {
            req.response().setStatus(204);
            stored = ((PutOutcome.Updated) outcome).object();
        }
        if (sendEtag) req.response().setHeader("ETag", stored.etag());
        if (stored.scheduleTag() != null) req.response().setHeader("Schedule-Tag", stored.scheduleTag());
    }

    /** The calendar collection that is the parent of the request path, or the right refusal. */
    static CalendarNode calendarParent(DavRequest req) {
        List<String> segments = req.segments();
        Optional<DavNode> parent = req.services().tree().resolve(segments.subList(0, segments.size() - 1), req.user());
        if (parent.isEmpty()) throw DavException.conflict(null, "the parent collection does not exist");
        if (!(parent.get() instanceof CalendarNode cal) || cal.kind() != CollectionKind.CALENDAR) {
            throw DavException.forbidden(Ns.caldav("calendar-collection-location-ok"),
                    parent.get().path() + " is not a calendar collection: calendar objects can only be stored in calendars");
        }
        return cal;
    }

    /**
     * RFC 4791 §5.3.2.1 CALDAV:supported-calendar-data: the body must be text/calendar. A failed
     * CalDAV precondition is a 403 (RFC 4791 §1.3), not a 415.
     */
    static void requireCalendarMediaType(String contentType) {
        if (contentType == null) {
            throw DavException.caldav(403, "supported-calendar-data", "a Content-Type of text/calendar is required");
        }
        String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("text/calendar")) {
            throw DavException.caldav(403, "supported-calendar-data", "unsupported media type " + type + ", expected text/calendar");
        }
        for (String param : contentType.split(";")) {
            String p = param.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=") && !p.substring(8).replace("\"", "").equals("utf-8")) {
                throw DavException.caldav(403, "supported-calendar-data", "only UTF-8 calendar data is accepted");
            }
        }
    }
}
