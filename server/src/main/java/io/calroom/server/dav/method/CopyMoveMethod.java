package io.calroom.server.dav.method;

import io.calroom.schema.store.CalendarStore;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.schema.store.DeleteOutcome;
import io.calroom.schema.store.ObjectContent;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.schema.store.PutOutcome;
import io.calroom.schema.store.WriteCondition;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.Hrefs;
import io.calroom.server.dav.tree.CalendarNode;
import io.calroom.server.dav.tree.CalendarObjectNode;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * COPY and MOVE (RFC 4918 §9.8-9.9) of calendar objects between calendars the caller can write,
 * with the RFC 4791 §5.3.2.1 preconditions applied to the destination, Overwrite honoured, If-Match
 * checked on the source, and the whole move in one transaction.
 */
public final class CopyMoveMethod implements DavMethod {
    private final boolean move;

    private CopyMoveMethod(boolean move) {
        this.move = move;
    }

    public static CopyMoveMethod copy() {
        return new CopyMoveMethod(false);
    }

    public static CopyMoveMethod move() {
        return new CopyMoveMethod(true);
    }

    @Override
    public String name() {
        return move ? "MOVE" : "COPY";
    }

    @Override
    public void handle(DavRequest req) {
        DavNode source = req.node();
        if (!(source instanceof CalendarObjectNode src)) {
            throw DavException.forbidden(null, name() + " of collections is not supported; copy or move the events instead");
        }
        List<String> dest = Hrefs.segments(req.destinationPath())
                .orElseThrow(() -> DavException.badRequest("invalid Destination"));
        if (dest.isEmpty()) throw DavException.forbidden(null, "invalid Destination");
        if (dest.equals(req.segments())) throw DavException.forbidden(null, "source and destination are the same resource");
        Optional<DavNode> parent = req.services().tree().resolve(dest.subList(0, dest.size() - 1), req.user());
        if (parent.isEmpty()) throw DavException.conflict(null, "the destination's parent collection does not exist");
        if (!(parent.get() instanceof CalendarNode target) || target.kind() != CollectionKind.CALENDAR) {
            throw DavException.forbidden(Ns.caldav("calendar-collection-location-ok"), "the destination is not in a calendar collection");
        }
        if (!target.writable()) throw DavException.forbidden(Ns.dav("need-privileges"), "read-only access to the destination");
        String destUri = dest.get(dest.size() - 1);
        boolean overwrite = req.overwrite();
        WriteCondition sourceCondition = req.writeCondition();
        CalendarStore reader = new CalendarStore(req.services().database().dsl());
        String ical = reader.ical(src.object().id()).orElseThrow(DavException::notFound);
        ObjectContent content = new CalendarObjectIntake(req.services()).accept(ical.getBytes(StandardCharsets.UTF_8), target);
        WriteCondition destCondition = overwrite ? WriteCondition.NONE : new WriteCondition(null, List.of("*"));

        PutOutcome outcome;
        try {
            outcome = req.services().database().transaction(cfg -> {
            CalendarStore store = new CalendarStore(cfg.dsl());
            var current = store.object(src.calendar().id(), src.object().uri());
            if (current.isEmpty()) throw DavException.notFound();
            if (!sourceCondition.allows(current.get().etag())) {
                throw DavException.preconditionFailed("If-Match does not match the source");
            }
            if (move && target.calendar().id() == src.calendar().id()) {
                // a rename inside one calendar: the UID moves with it, so free it first
                store.delete(src.calendar().id(), src.object().uri(), WriteCondition.NONE);
            }
            PutOutcome put = store.put(target.calendar().id(), destUri, content, destCondition);
            if (!(put instanceof PutOutcome.Created || put instanceof PutOutcome.Updated)) {
                throw new Refused(put); // rolls back whatever was done
            }
            long newId = put instanceof PutOutcome.Created c ? c.object().id() : ((PutOutcome.Updated) put).object().id();
            DeadPropertyStore dead = new DeadPropertyStore(cfg.dsl());
            dead.copy(new PropertyOwner.OfObject(current.get().id()), new PropertyOwner.OfObject(newId));
            if (move && target.calendar().id() != src.calendar().id()) {
                DeleteOutcome d = store.delete(src.calendar().id(), src.object().uri(), WriteCondition.NONE);
                if (d != DeleteOutcome.DELETED) throw DavException.notFound();
            }
            return put;
            });
        } catch (Refused r) {
            outcome = r.outcome;
        }
        if (outcome instanceof PutOutcome.CollectionGone) {
            throw DavException.conflict(null, "the destination calendar collection was deleted");
        }
        if (outcome instanceof PutOutcome.PreconditionFailed) {
            throw DavException.preconditionFailed("the destination exists and Overwrite is F");
        }
        if (outcome instanceof PutOutcome.UidConflict c) {
            throw new DavException(403, Ns.caldav("no-uid-conflict"), "the destination calendar already has an event with this UID",
                    target.path() + c.existingUri());
        }
        req.response().setStatus(outcome instanceof PutOutcome.Created ? 201 : 204);
        req.response().setContentLength(0);
    }

    /** Carries a refused destination write out of the transaction, rolling it back. */
    private static final class Refused extends RuntimeException {
        private final transient PutOutcome outcome;

        Refused(PutOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }
}
