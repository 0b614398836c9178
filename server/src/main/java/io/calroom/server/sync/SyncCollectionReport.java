package io.calroom.server.sync;

import io.calroom.server.caldav.ObjectResponder;

import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.ObjectWithData;
import io.calroom.schema.store.SyncChange;
import io.calroom.schema.store.SyncLog;
import io.calroom.schema.store.SyncPoint;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.property.LivePropertySet;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.server.dav.property.NodeProperties;
import io.calroom.server.dav.property.PropertyRequest;
import io.calroom.server.caldav.CalendarHomeNode;
import io.calroom.server.caldav.CalendarNode;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * DAV:sync-collection (RFC 6578 §3) on a calendar, a calendar home (sync-level 1: its
 * collections; infinite: also their members) and the directory: the members changed since the token (all
 * current members for an empty token), removed members as 404 responses, and the new token. A
 * token of another collection, malformed or from the future is 403 DAV:valid-sync-token. With
 * DAV:limit, at most N changes are returned with a 507 response for the collection (§3.6), and the
 * token then points just after the last one returned.
 */
public final class SyncCollectionReport implements ReportMethod.Report {
    private final LivePropertySet live;

    public SyncCollectionReport(LivePropertySet live) {
        this.live = live;
    }

    @Override
    public void run(DavRequest req, Element body) {
        DavNode target = req.node();
        String level = SafeXml.child(body, Ns.dav("sync-level")).map(e -> e.getTextContent().trim()).orElse("1");
        if (!level.equals("1") && !level.equals("infinite")) throw DavException.badRequest("sync-level must be 1 or infinite");
        if (!(target instanceof SyncSource source)) {
            throw DavException.forbidden(Ns.dav("supported-report"), "sync-collection is supported on calendar homes and collections");
        }
        source.sync(this, req, body, level.equals("infinite"));
    }

    /** Of a calendar collection (see {@link SyncSource}). */
    public void syncCalendar(DavRequest req, Element body, CalendarNode cal) {
        // a calendar has no child collections: sync-level infinite reports the same members as 1
        String token = SafeXml.child(body, Ns.dav("sync-token")).map(e -> e.getTextContent().trim()).orElse("");
        Integer limit = SafeXml.child(body, Ns.dav("limit")).flatMap(l -> SafeXml.child(l, Ns.dav("nresults")))
                .map(n -> parseLimit(n.getTextContent())).orElse(null);

        CalendarObjectStore store = req.services().stores().objects();
        SyncPoint since = token.isEmpty() ? null : pointOf(token, SyncTokens.SYNC_TOKEN_PREFIX, cal.calendar().id());
        SyncLog.Changes log = req.services().stores().calendars().syncLog().calendarChanges(cal.calendar().id(), since)
                .orElseThrow(SyncCollectionReport::invalidToken);
        Page page = Page.of(log, limit);
        List<SyncChange> changes = page.changes();
        boolean truncated = page.truncated();
        SyncPoint next = page.next();

        ObjectResponder responder = new ObjectResponder(live, req, body);
        Map<String, ObjectWithData> data = new HashMap<>(changes.size() * 4 / 3 + 1);
        if (token.isEmpty() && !truncated && !responder.needsData()) {
            // every member, without text: one listing of the calendar with only the columns the properties need
            for (var o : store.objects(cal.calendar().id(), responder.objectFields())) data.put(o.uri(), new ObjectWithData(o, null));
        } else {
            for (ObjectWithData o : store.objectsWithData(cal.calendar().id(),
                    changes.stream().filter(c -> !c.deleted()).map(SyncChange::uri).toList(), responder.needsData())) {
                data.put(o.object().uri(), o);
            }
        }
        responder.prefetch(data.values());
        MultistatusWriter out = new MultistatusWriter(req.response());
        for (SyncChange c : changes) {
            ObjectWithData o = data.get(c.uri());
            if (o == null) out.status(cal.path() + c.uri(), 404);
            else responder.write(out, cal, o);
        }
        if (truncated) out.truncated(cal.path());
        out.xml().element(Ns.dav("sync-token"), SyncTokens.SYNC_TOKEN_PREFIX + cal.calendar().id() + ":" + next.text());
        out.finish();
    }

    /**
     * The home's collections that changed (a collection counts as changed with every change of its
     * members); at sync-level infinite instead the collections created, deleted or re-propertied
     * and every member change of each, reported as a calendar's sync reports them (RFC 6578 §3.3).
     */
    /** Of a calendar home (see {@link SyncSource}). */
    public void syncHome(DavRequest req, Element body, CalendarHomeNode home, boolean infinite) {
        String token = SafeXml.child(body, Ns.dav("sync-token")).map(e -> e.getTextContent().trim()).orElse("");
        Integer limit = SafeXml.child(body, Ns.dav("limit")).flatMap(l -> SafeXml.child(l, Ns.dav("nresults")))
                .map(n -> parseLimit(n.getTextContent())).orElse(null);
        long ownerId = home.owner().id();
        CalendarCollectionStore store = req.services().stores().collections();
        SyncPoint since = token.isEmpty() ? null : pointOf(token, SyncTokens.HOME_SYNC_TOKEN_PREFIX, ownerId);
        SyncLog syncLog = req.services().stores().calendars().syncLog();
        SyncLog.Changes log = (infinite ? syncLog.homeTreeChanges(ownerId, since) : syncLog.homeChanges(ownerId, since))
                .orElseThrow(SyncCollectionReport::invalidToken);
        Page page = Page.of(log, limit);
        List<SyncChange> changes = page.changes();
        Map<String, StoredCalendar> calendars = new HashMap<>();
        for (StoredCalendar c : store.calendarsOf(ownerId)) calendars.put(c.uri(), c);
        ObjectResponder responder = new ObjectResponder(live, req, body);
        Map<String, ObjectWithData> members = infinite ? members(req.services().stores().objects(), calendars, changes, responder) : Map.of();
        responder.prefetch(members.values());

        PropertyRequest props = PropertyRequest.of(body).orElse(PropertyRequest.prop(List.of()));
        DeadPropertyStore dead = req.services().stores().calendars().deadProperties();
        boolean minimal = req.preferMinimal();
        MultistatusWriter out = new MultistatusWriter(req.response());
        for (SyncChange c : changes) {
            int slash = c.uri().indexOf('/');
            if (slash >= 0) { // a member of one of the collections (sync-level infinite)
                StoredCalendar cal = calendars.get(c.uri().substring(0, slash));
                ObjectWithData o = members.get(c.uri());
                if (cal == null || o == null) out.status(home.path() + c.uri(), 404);
                else responder.write(out, new CalendarNode(home.owner(), cal, home.writable()), o);
                continue;
            }
            StoredCalendar cal = c.deleted() ? null : calendars.get(c.uri());
            if (cal == null) {
                out.status(home.path() + c.uri() + "/", 404);
                continue;
            }
            CalendarNode node = new CalendarNode(home.owner(), cal, home.writable());
            NodeProperties.Result r = new NodeProperties(live, node, req.user(), () -> dead.list(node.deadPropertyOwner()),
                    Map.of(), props.wanted()).answer(props);
            out.response(node.path(), r.found(), minimal ? Map.of() : Map.of(404, r.missing()));
        }
        if (page.truncated()) out.truncated(home.path());
        out.xml().element(Ns.dav("sync-token"), SyncTokens.HOME_SYNC_TOKEN_PREFIX + ownerId + ":" + page.next().text());
        out.finish();
    }

    /** The members among the changes ({@code calendar/member}) that still exist, read in one query per collection. */
    private static Map<String, ObjectWithData> members(CalendarObjectStore store, Map<String, StoredCalendar> calendars,
                                                       List<SyncChange> changes, ObjectResponder responder) {
        Map<String, List<String>> byCalendar = new HashMap<>();
        for (SyncChange c : changes) {
            int slash = c.uri().indexOf('/');
            if (slash < 0 || c.deleted()) continue;
            byCalendar.computeIfAbsent(c.uri().substring(0, slash), k -> new java.util.ArrayList<>()).add(c.uri().substring(slash + 1));
        }
        Map<String, ObjectWithData> out = new HashMap<>();
        byCalendar.forEach((calendarUri, uris) -> {
            StoredCalendar cal = calendars.get(calendarUri);
            if (cal == null) return;
            for (ObjectWithData o : store.objectsWithData(cal.id(), uris, responder.needsData())) {
                out.put(calendarUri + "/" + o.object().uri(), o);
            }
        });
        return out;
    }

    /** The org directory's cards changed since the token (the change log is kept by database triggers). */
    /** Of the directory (see {@link SyncSource}). */
    public void syncDirectory(DavRequest req, Element body, io.calroom.server.carddav.DirectoryBookNode book) {
        String token = SafeXml.child(body, Ns.dav("sync-token")).map(e -> e.getTextContent().trim()).orElse("");
        long orgId = book.owner().orgId();
        var principals = req.services().directoryStores().principals();
        long current = book.revision();
        PropertyRequest props = PropertyRequest.of(body).orElse(PropertyRequest.prop(List.of(Ns.dav("getetag"))));
        var cards = io.calroom.server.carddav.DirectoryCards.all(req.services().directoryStores(), orgId, book.path());
        java.util.Map<String, io.calroom.server.carddav.VCardNode> byName = new HashMap<>();
        for (var c : cards) byName.put(io.calroom.server.carddav.VCards.cardName(c.subject()), c);
        List<String> changed;
        if (token.isEmpty()) {
            changed = new java.util.ArrayList<>(byName.keySet());
        } else {
            long since = revisionOf(token, SyncTokens.DIRECTORY_SYNC_TOKEN_PREFIX, orgId, current);
            changed = principals.directoryChangesSince(orgId, since).stream().map(io.calroom.principal.PrincipalStore.DirectoryChange::card).toList();
        }
        Map<Integer, List<QName>> none = Map.of();
        MultistatusWriter out = new MultistatusWriter(req.response());
        for (String name : changed) {
            var card = byName.get(name);
            if (card == null) {
                out.status(book.path() + name + ".vcf", 404);
                continue;
            }
            Map<QName, io.calroom.server.dav.property.PropValue> extra = props.names(Ns.carddav("address-data"))
                    ? Map.of(Ns.carddav("address-data"), io.calroom.server.dav.property.PropValue.text(card.text())) : Map.of();
            NodeProperties.Result r = new NodeProperties(live, card, req.user(), List::of, extra, props.wanted()).answer(props);
            out.response(card.path(), r.found(), req.preferMinimal() ? none : Map.of(404, r.missing()));
        }
        out.xml().element(Ns.dav("sync-token"), SyncTokens.DIRECTORY_SYNC_TOKEN_PREFIX + orgId + ":" + current);
        out.finish();
    }

    private static int parseLimit(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw DavException.badRequest("DAV:nresults must be a positive number");
        }
    }

    /**
     * At most {@code limit} (null: all) of the log's changes, and the point they bring the client to:
     * with fewer than all, only up to the last one returned (RFC 6578 §3.6).
     */
    private record Page(List<SyncChange> changes, boolean truncated, SyncPoint next) {
        static Page of(SyncLog.Changes log, Integer limit) {
            List<SyncChange> all = log.changes();
            if (limit == null || all.size() <= limit) return new Page(all, false, log.now());
            List<SyncChange> first = all.subList(0, limit);
            return new Page(first, true, log.now().truncatedAfter(first.get(limit - 1).position()));
        }
    }

    /** The point a token of this collection stands for, or 403 DAV:valid-sync-token (also for tokens from before V9). */
    private static SyncPoint pointOf(String token, String kindPrefix, long collectionId) {
        String prefix = kindPrefix + collectionId + ":";
        if (!token.startsWith(prefix)) throw invalidToken();
        return SyncPoint.parse(token.substring(prefix.length())).orElseThrow(SyncCollectionReport::invalidToken);
    }

    private static DavException invalidToken() {
        return DavException.forbidden(Ns.dav("valid-sync-token"), "the sync token is not valid for this collection");
    }

    /** The revision a token stands for, or 403 DAV:valid-sync-token. */
    static long revisionOf(String token, String kindPrefix, long collectionId, long current) {
        String prefix = kindPrefix + collectionId + ":";
        if (token.startsWith(prefix)) {
            try {
                long revision = Long.parseLong(token.substring(prefix.length()));
                if (revision >= 0 && revision <= current) return revision;
            } catch (NumberFormatException ignored) {
                // falls through to the refusal
            }
        }
        throw invalidToken();
    }
}
