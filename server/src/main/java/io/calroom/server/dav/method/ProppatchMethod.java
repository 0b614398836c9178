package io.calroom.server.dav.method;

import io.calroom.server.acl.ProxyGroupPatch;
import io.calroom.server.acl.ResourcePrincipalPatch;
import io.calroom.principal.Role;
import io.calroom.schema.store.CalendarColumn;
import io.calroom.schema.store.CalendarStore;
import io.calroom.schema.store.DeadProperty;
import io.calroom.schema.store.DeadPropertyStore;
import io.calroom.schema.store.PropertyOwner;
import io.calroom.schema.store.SyncLog;
import io.calroom.schema.store.WriteCondition;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.caldav.DefaultAlarms;
import io.calroom.server.dav.property.LiveProperties;
import io.calroom.server.dav.property.MultistatusWriter;
import io.calroom.server.dav.property.ProtectedProperties;
import io.calroom.server.caldav.TimezoneProperty;
import io.calroom.server.caldav.CalendarNode;
import io.calroom.server.caldav.CalendarObjectNode;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.acl.PrincipalNode;
import io.calroom.server.acl.ProxyGroupNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.jooq.DSLContext;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PROPPATCH (RFC 4918 §9.2): every instruction in document order, all or nothing. Typed collection
 * properties (displayname, calendar-description, calendar-timezone, calendar-color, calendar-order,
 * schedule-calendar-transp) are validated and stored in columns; other live properties are
 * protected (403 DAV:cannot-modify-protected-property); everything else is a dead property, kept
 * as the client's XML.
 */
public final class ProppatchMethod implements DavMethod {
    private static final Set<QName> TYPED = Set.of(Ns.dav("displayname"), Ns.caldav("calendar-description"),
            Ns.caldav("calendar-timezone"), Ns.apple("calendar-color"), Ns.apple("calendar-order"),
            Ns.caldav("schedule-calendar-transp"), Ns.caldav("calendar-availability"));

    private final LiveProperties liveProperties;

    public ProppatchMethod(LiveProperties liveProperties) {
        this.liveProperties = liveProperties;
    }

    @Override
    public String name() {
        return "PROPPATCH";
    }

    public record Instruction(QName name, Element element, boolean remove) {}

    /** Why an instruction failed: its status, the precondition element (or null) and a reason for the client (or null). */
    public record Failure(int status, QName precondition, String reason) {
        public Failure(int status, QName precondition) {
            this(status, precondition, null);
        }
    }

    /** RFC 4918 §9.2: the instructions that did not fail are not applied either. */
    private static final Failure DEPENDENCY = new Failure(424, null, "not changed, because another property of the request failed");

    @Override
    public void handle(DavRequest req) {
        List<Instruction> instructions = parse(req.services().xml().parse(req.body())
                .orElseThrow(() -> DavException.badRequest("PROPPATCH needs a DAV:propertyupdate body")));
        WriteCondition condition = req.writeCondition();
        Map<QName, Failure> failures = req.services().database().transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            DavNode node = req.services().tree().resolve(tx, req.segments(), req.user()).orElseThrow(DavException::notFound);
            checkCondition(node, condition);
            if (node instanceof ProxyGroupNode group) return ProxyGroupPatch.run(tx, req, group, instructions);
            if (node instanceof PrincipalNode p && p.policy() != null) {
                return ResourcePrincipalPatch.run(tx, req, p, instructions, liveProperties);
            }
            if (node instanceof PrincipalNode p && p.principal().id() != req.user().id() && req.user().role() != Role.SUPER_ADMIN) {
                throw DavException.forbidden(Ns.dav("need-privileges"), "only the principal itself may change its properties");
            }
            Map<QName, Failure> failed = validate(node, instructions, req);
            if (failed.isEmpty()) apply(tx, node, instructions);
            return failed;
        });
        MultistatusWriter out = new MultistatusWriter(req.response());
        List<QName> ok = new ArrayList<>();
        Map<MultistatusWriter.Failure, List<QName>> failed = new LinkedHashMap<>();
        for (Instruction i : instructions) {
            if (failures.isEmpty()) {
                ok.add(i.name());
                continue;
            }
            Failure f = failures.getOrDefault(i.name(), DEPENDENCY);
            failed.computeIfAbsent(new MultistatusWriter.Failure(f.status(), f.precondition(), f.reason()), k -> new ArrayList<>()).add(i.name());
        }
        out.patchResponse(req.services().tree().resolve(req.segments(), req.user()).map(DavNode::path).orElse("/"), ok, failed);
        out.finish();
    }

    private static void checkCondition(DavNode node, WriteCondition condition) {
        String etag = node instanceof CalendarObjectNode o ? o.object().etag() : null;
        if (condition.ifMatch() != null && !condition.ifMatch().contains("*") && !condition.allows(etag)) {
            throw DavException.preconditionFailed("If-Match does not match");
        }
        if (condition.ifNoneMatch() != null && (condition.ifNoneMatch().contains("*")
                || (etag != null && condition.ifNoneMatch().contains(etag)))) {
            throw DavException.preconditionFailed("If-None-Match matches");
        }
    }

    private static List<Instruction> parse(Element root) {
        if (!SafeXml.is(root, Ns.dav("propertyupdate"))) throw DavException.badRequest("PROPPATCH body must be a DAV:propertyupdate");
        List<Instruction> out = new ArrayList<>();
        for (Element op : SafeXml.children(root)) {
            boolean remove;
            if (SafeXml.is(op, Ns.dav("set"))) remove = false;
            else if (SafeXml.is(op, Ns.dav("remove"))) remove = true;
            else continue;
            for (Element prop : SafeXml.children(op)) {
                if (!SafeXml.is(prop, Ns.dav("prop"))) continue;
                for (Element p : SafeXml.children(prop)) out.add(new Instruction(SafeXml.name(p), p, remove));
            }
        }
        if (out.isEmpty()) throw DavException.badRequest("DAV:propertyupdate has no property to set or remove");
        return out;
    }

    private Map<QName, Failure> validate(DavNode node, List<Instruction> instructions, DavRequest req) {
        Map<QName, Failure> failed = new LinkedHashMap<>();
        Set<QName> live = liveProperties.of(node, req.user()).keySet();
        boolean typedAllowed = node instanceof CalendarNode;
        for (Instruction i : instructions) {
            if (TYPED.contains(i.name()) && typedAllowed) {
                if (!i.remove()) {
                    Failure f = validateTyped(i, req);
                    if (f != null) failed.put(i.name(), f);
                }
            } else if (DefaultAlarms.NAMES.contains(i.name())) {
                // draft-daboo-valarm-extensions §9: kept as dead properties, validated on the way in
                if (!DefaultAlarms.definedOn(node)) {
                    failed.put(i.name(), new Failure(403, null, "default alarms are properties of calendar homes and calendars"));
                } else if (!i.remove()) {
                    String problem = DefaultAlarms.problem(i.element().getTextContent(), req.services().calendarParser());
                    if (problem != null) failed.put(i.name(), new Failure(403, Ns.caldav("valid-calendar-data"), problem));
                }
            } else if (live.contains(i.name()) || TYPED.contains(i.name()) || ProtectedProperties.contains(i.name())) {
                failed.put(i.name(), new Failure(403, Ns.dav("cannot-modify-protected-property")));
            } else if (node.deadPropertyOwner() == null) {
                failed.put(i.name(), new Failure(403, null));
            } else if (!i.remove() && SafeXml.serialize(i.element()).length() > 64 * 1024) {
                failed.put(i.name(), new Failure(403, null));
            }
        }
        return failed;
    }

    private Failure validateTyped(Instruction i, DavRequest req) {
        String text = i.element().getTextContent().trim();
        QName q = i.name();
        if (q.equals(Ns.caldav("calendar-timezone"))) {
            String problem = TimezoneProperty.problem(i.element().getTextContent(), req.services().calendarParser());
            if (problem != null) return new Failure(403, Ns.caldav("valid-calendar-data"), problem);
        } else if (q.equals(Ns.apple("calendar-order"))) {
            try {
                Integer.parseInt(text);
            } catch (NumberFormatException e) {
                return new Failure(409, null);
            }
        } else if (q.equals(Ns.caldav("calendar-availability"))) {
            if (!io.calroom.scheduling.freebusy.Availability.isValid(i.element().getTextContent())) {
                return new Failure(403, Ns.caldav("valid-calendar-data"));
            }
        } else if (q.equals(Ns.caldav("schedule-calendar-transp"))) {
            List<Element> c = SafeXml.children(i.element());
            if (c.size() != 1 || !(SafeXml.is(c.get(0), Ns.caldav("opaque")) || SafeXml.is(c.get(0), Ns.caldav("transparent")))) {
                return new Failure(409, null);
            }
        } else if (text.length() > 4096) {
            return new Failure(409, null);
        }
        return null;
    }

    public static void apply(DSLContext tx, DavNode node, List<Instruction> instructions) {
        CalendarStore calendars = new CalendarStore(tx);
        DeadPropertyStore dead = new DeadPropertyStore(tx);
        PropertyOwner owner = node.deadPropertyOwner();
        boolean deadChanged = false;
        for (Instruction i : instructions) {
            if (TYPED.contains(i.name()) && node instanceof CalendarNode cal) {
                String value = i.remove() ? null : typedValue(i);
                calendars.setCalendarColumn(cal.calendar().id(), columnOf(i.name()), value);
            } else if (i.remove()) {
                dead.remove(owner, i.name().getNamespaceURI(), i.name().getLocalPart());
                deadChanged = true;
            } else {
                dead.set(owner, new DeadProperty(i.name().getNamespaceURI(), i.name().getLocalPart(), SafeXml.serialize(i.element())));
                deadChanged = true;
            }
        }
        if (deadChanged && node instanceof CalendarNode cal) {
            // a calendar whose properties changed is a changed member of its home (RFC 6578 §3.5.1),
            // as setCalendarColumn records it for the typed ones
            new SyncLog(tx).recordHomeChange(cal.owner().id(), cal.calendar().uri(), false);
        }
    }

    private static String typedValue(Instruction i) {
        if (i.name().equals(Ns.caldav("schedule-calendar-transp"))) {
            return SafeXml.children(i.element()).get(0).getLocalName();
        }
        String text = i.element().getTextContent();
        return i.name().equals(Ns.caldav("calendar-timezone")) || i.name().equals(Ns.caldav("calendar-availability")) ? text : text.trim();
    }

    private static CalendarColumn columnOf(QName q) {
        if (q.equals(Ns.dav("displayname"))) return CalendarColumn.DISPLAY_NAME;
        if (q.equals(Ns.caldav("calendar-description"))) return CalendarColumn.DESCRIPTION;
        if (q.equals(Ns.caldav("calendar-timezone"))) return CalendarColumn.TIMEZONE;
        if (q.equals(Ns.apple("calendar-color"))) return CalendarColumn.COLOR;
        if (q.equals(Ns.apple("calendar-order"))) return CalendarColumn.ORDER;
        if (q.equals(Ns.caldav("calendar-availability"))) return CalendarColumn.AVAILABILITY;
        return CalendarColumn.SCHEDULE_TRANSP;
    }
}
