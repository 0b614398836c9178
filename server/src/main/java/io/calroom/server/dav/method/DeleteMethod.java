package io.calroom.server.dav.method;

import io.calroom.server.schedule.ScheduledWrite;
import io.calroom.schema.store.CalendarStore;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.DeleteOutcome;
import io.calroom.schema.store.WriteCondition;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.caldav.CalendarNode;
import io.calroom.server.caldav.CalendarObjectNode;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;

/**
 * DELETE (RFC 4918 §9.6) of a calendar object (If-Match checked atomically) or of a whole calendar
 * with everything in it. Homes, inboxes, outboxes and a resource's one calendar cannot be deleted.
 */
public final class DeleteMethod implements DavMethod {
    @Override
    public String name() {
        return "DELETE";
    }

    @Override
    public void handle(DavRequest req) {
        DavNode node = req.node();
        WriteCondition condition = req.writeCondition();
        if (node instanceof CalendarObjectNode obj) {
            DeleteOutcome outcome = ScheduledWrite.delete(req, new CalendarNode(obj.owner(), obj.calendar(), obj.writable()), obj.object().uri());
            switch (outcome) {
                case DELETED -> req.response().setStatus(204);
                case NOT_FOUND -> throw DavException.notFound();
                case PRECONDITION_FAILED -> throw DavException.preconditionFailed("If-Match does not match the current ETag");
            }
            return;
        }
        if (node instanceof CalendarNode cal && cal.kind() == CollectionKind.CALENDAR) {
            if (cal.isResourceDefault()) {
                throw DavException.forbidden(Ns.dav("need-privileges"), "a resource's calendar cannot be deleted");
            }
            if (condition.ifMatch() != null && !condition.ifMatch().contains("*")) {
                throw DavException.preconditionFailed("a calendar collection has no entity tag to match");
            }
            boolean deleted = req.services().database().transaction(cfg -> {
                CalendarStore store = new CalendarStore(cfg.dsl());
                store.lockCalendar(cal.calendar().id());
                // RFC 6638 §3.2: deleting the events one by one would cancel or decline them; so does deleting them all
                store.forEachObjectWithData(cal.calendar().id(), null, 200, o ->
                        req.services().scheduler().onWrite(cfg.dsl(), cal.owner(), o.ical(), null, o.object().scheduleTag(),
                                req.services().clock().instant()));
                return store.deleteCalendar(cal.calendar().id());
            });
            if (!deleted) throw DavException.notFound();
            req.response().setStatus(204);
            return;
        }
        throw DavException.forbidden(Ns.dav("need-privileges"), node.path() + " cannot be deleted");
    }
}
