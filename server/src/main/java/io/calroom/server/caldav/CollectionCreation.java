package io.calroom.server.caldav;

import io.calroom.ical.ComponentTypes;
import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CollectionKind;
import io.calroom.schema.store.DeadProperty;
import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.schema.store.NewCalendar;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.schema.store.StoredCalendar;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.MkcolMethod;
import io.calroom.server.dav.Hrefs;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.property.PropValue;
import io.calroom.server.dav.property.ProtectedProperties;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;

import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;

/**
 * Creating a calendar collection in a calendar home, for MKCALENDAR (RFC 4791 §5.3.1) and extended
 * MKCOL (RFC 5689): the target must be a new member of the caller's own home, and every property
 * in the body must be settable, else nothing is created.
 */
final class CollectionCreation {
    private static final Set<String> COMPONENTS = ComponentTypes.ITEMS;

    private CollectionCreation() {
    }

    /** Validates and creates; answers 201, or a multistatus naming the properties that failed. */
    static void create(DavRequest req, CalendarHomeNode home, List<Element> props, boolean mkcol) {
        String name = req.segments().get(req.segments().size() - 1);
        Map<QName, Integer> failures = new LinkedHashMap<>();
        String displayName = null, description = null, timezone = null, color = null;
        Integer order = null;
        String transp = null;
        List<String> components = List.of("VEVENT", "VTODO");
        List<DeadProperty> dead = new ArrayList<>();
        boolean calendarType = !mkcol;
        for (Element p : props) {
            QName q = SafeXml.name(p);
            String text = p.getTextContent().trim();
            if (q.equals(Ns.dav("resourcetype"))) {
                List<QName> types = SafeXml.children(p).stream().map(SafeXml::name).toList();
                calendarType = types.contains(Ns.caldav("calendar"));
                if (!calendarType || !types.stream().allMatch(t -> t.equals(Ns.dav("collection")) || t.equals(Ns.caldav("calendar")))) {
                    failures.put(q, 403);
                }
            } else if (q.equals(Ns.dav("displayname"))) {
                displayName = text;
            } else if (q.equals(Ns.caldav("calendar-description"))) {
                description = text;
            } else if (q.equals(Ns.apple("calendar-color"))) {
                color = text;
            } else if (q.equals(Ns.apple("calendar-order"))) {
                try {
                    order = Integer.valueOf(text);
                } catch (NumberFormatException e) {
                    failures.put(q, 409);
                }
            } else if (q.equals(Ns.caldav("calendar-timezone"))) {
                timezone = p.getTextContent();
                if (!isTimezone(req, timezone)) failures.put(q, 403);
            } else if (q.equals(Ns.caldav("schedule-calendar-transp"))) {
                List<Element> c = SafeXml.children(p);
                if (c.size() == 1 && (SafeXml.is(c.get(0), Ns.caldav("opaque")) || SafeXml.is(c.get(0), Ns.caldav("transparent")))) {
                    transp = c.get(0).getLocalName();
                } else {
                    failures.put(q, 409);
                }
            } else if (q.equals(Ns.caldav("supported-calendar-component-set"))) {
                List<String> comps = new ArrayList<>();
                for (Element c : SafeXml.children(p)) {
                    if (SafeXml.is(c, Ns.caldav("comp"))) comps.add(c.getAttribute("name").toUpperCase(java.util.Locale.ROOT));
                }
                if (comps.isEmpty() || !COMPONENTS.containsAll(comps)) failures.put(q, 403);
                else components = List.copyOf(comps);
            } else if (ProtectedProperties.contains(q)) {
                failures.put(q, 403);
            } else {
                dead.add(new DeadProperty(q.getNamespaceURI(), q.getLocalPart(), SafeXml.serialize(p)));
            }
        }
        if (!calendarType) {
            throw DavException.forbidden(Ns.dav("valid-resourcetype"), "only calendar collections can be created in a calendar home");
        }
        if (!failures.isEmpty()) {
            respondFailure(req, props, failures, mkcol);
            return;
        }
        NewCalendar spec = new NewCalendar(name, CollectionKind.CALENDAR, displayName, description, timezone, color, order, components);
        String transpValue = transp;
        boolean created = req.services().database().transaction(() -> {
            CalendarCollectionStore store = req.services().stores().collections();
            Optional<StoredCalendar> c = store.createCalendar(home.owner().id(), spec);
            if (c.isEmpty()) return false;
            if (transpValue != null) {
                store.setCalendarColumn(c.get().id(), io.calroom.schema.store.CalendarColumn.SCHEDULE_TRANSP, transpValue);
            }
            DeadPropertyStore deadStore = req.services().stores().calendars().deadProperties();
            for (DeadProperty d : dead) deadStore.set(new PropertyOwner.OfCalendar(c.get().id()), d);
            return true;
        });
        if (!created) throw MkcolMethod.resourceExists(home.path() + name + "/", mkcol, null);
        req.response().setStatus(201);
        req.response().setHeader("Location", Hrefs.encodePath(home.path() + name + "/"));
        req.response().setHeader("Cache-Control", "no-cache"); // RFC 4791 §5.3.1
        req.response().setContentLength(0);
    }

    private static boolean isTimezone(DavRequest req, String text) {
        return TimezoneProperty.problem(text, req.services().calendarParser()) == null;
    }

    private static void respondFailure(DavRequest req, List<Element> props, Map<QName, Integer> failures, boolean mkcol) {
        Map<Integer, List<QName>> byStatus = new LinkedHashMap<>();
        for (Element p : props) {
            QName q = SafeXml.name(p);
            byStatus.computeIfAbsent(failures.getOrDefault(q, 424), s -> new ArrayList<>()).add(q);
        }
        MultistatusWriter out = new MultistatusWriter(req.response());
        out.response(req.services().tree().resolve(req.segments().subList(0, req.segments().size() - 1), req.user())
                .map(DavNode::path).orElse("/") + req.segments().get(req.segments().size() - 1) + "/",
                Map.<QName, PropValue>of(), byStatus);
        out.finish();
    }
}
