package io.calroom.server.caldav;

import io.calroom.server.schedule.ScheduledWrite;

import io.calroom.schema.store.ObjectContent;
import io.calroom.schema.store.PutOutcome;
import io.calroom.schema.store.StoredObject;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;

import java.util.Locale;

/**
 * PUT of a calendar object resource (RFC 4791 §5.3.2): validated before anything is stored, then
 * written with its occurrences, its collection's new sync revision and change-log entry in one
 * transaction, If-Match / If-None-Match evaluated atomically against the locked row.
 */
final class ObjectPut {
    private ObjectPut() {
    }

    /** PUT of {@code uri} into a calendar collection (see {@link CalendarNode#putMember}). */
    static void put(DavRequest req, CalendarCollection parent, String uri) {
        requireCalendarMediaType(req.contentType());
        ObjectContent content = new CalendarObjectIntake(req.services()).accept(req.body(), parent);
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
