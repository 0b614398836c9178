package io.calroom.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calroom.principal.Org;
import io.calroom.principal.Principal;
import io.calroom.principal.directory.AccessGrant;
import io.calroom.principal.directory.AccessKind;
import io.calroom.principal.directory.ApiToken;
import io.calroom.principal.directory.Group;
import io.calroom.principal.directory.IsoDurations;
import io.calroom.principal.directory.Page;
import io.calroom.principal.directory.Resource;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.ResourcePolicyValidator;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** The JSON representations, one method each: the wire format, in one place. */
final class JsonRepresentations {
    /** Output-only fields of a user: ignored when a client sends them back. */
    static final Set<String> USER_READ_ONLY = Set.of("uuid", "principalUrl", "calendarHomeUrl", "address", "groups");
    /** Output-only fields of a resource. */
    static final Set<String> RESOURCE_READ_ONLY = Set.of("uuid", "principalUrl", "calendarHomeUrl", "calendarUrl", "address", "managers");

    private JsonRepresentations() {
    }

    static <T> ObjectNode page(Page<T> page, Function<T, JsonNode> view) {
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("items");
        page.items().forEach(i -> items.add(view.apply(i)));
        o.put("total", page.total());
        o.put("limit", page.limit());
        o.put("offset", page.offset());
        return o;
    }

    /** A small in-memory list in the page envelope. */
    static <T> ObjectNode page(List<T> all, int limit, int offset, Function<T, JsonNode> view) {
        int from = (int) Math.min(all.size(), (long) offset);
        int to = (int) Math.min(all.size(), (long) from + limit);
        return page(new Page<>(all.subList(from, to), all.size(), limit, offset), view);
    }

    static ObjectNode org(Org org) {
        ObjectNode o = Json.object();
        o.put("slug", org.slug());
        o.put("name", org.name());
        return o;
    }

    static ObjectNode user(Principal p) {
        ObjectNode o = Json.object();
        o.put("username", p.name());
        o.put("email", p.email());
        o.put("displayName", p.displayName());
        o.put("role", p.role().dbValue());
        o.put("active", p.active());
        o.put("uuid", p.uuid().toString());
        o.put("principalUrl", p.path());
        o.put("calendarHomeUrl", p.calendarHomePath());
        return o;
    }

    static ObjectNode user(Principal p, List<Group> groups) {
        ObjectNode o = user(p);
        ArrayNode g = o.putArray("groups");
        groups.forEach(x -> g.add(x.name()));
        return o;
    }

    static ObjectNode resource(Resource r, List<AccessGrant> grants) {
        Principal p = r.principal();
        ResourcePolicy pol = r.policy();
        ObjectNode o = Json.object();
        o.put("id", p.name());
        o.put("type", r.type().name());
        o.put("name", p.displayName());
        o.put("email", p.email());
        o.put("active", p.active());
        o.put("uuid", p.uuid().toString());
        o.put("address", p.email() == null ? null : "mailto:" + p.email().toLowerCase(Locale.ROOT));
        o.put("principalUrl", p.path());
        o.put("calendarHomeUrl", p.calendarHomePath());
        o.put("calendarUrl", p.calendarHomePath() + "default/");
        if (pol.capacity() == null) o.putNull("capacity");
        else o.put("capacity", pol.capacity());
        o.put("location", pol.location());
        o.set("equipment", Json.strings(pol.equipment()));
        o.set("tags", Json.strings(pol.tags()));
        o.put("autoScheduleMode", pol.autoScheduleMode().value());
        o.put("restrictedAccess", pol.restrictedAccess());
        o.put("multipleBookings", pol.multipleBookings());
        o.put("maxBookingDuration", duration(pol.maxBookingDuration()));
        o.put("bookingWindowStart", duration(pol.bookingWindowStart()));
        o.put("bookingWindowEnd", duration(pol.bookingWindowEnd()));
        ArrayNode hours = o.putArray("workingHours");
        for (ResourcePolicyValidator.HoursGroup g : ResourcePolicyValidator.group(pol.workingHours())) {
            ObjectNode h = hours.addObject();
            h.set("days", Json.strings(g.days().stream().map(ResourcePolicyValidator::dayCode).toList()));
            h.put("start", ResourcePolicyValidator.formatTime(g.start()));
            h.put("end", ResourcePolicyValidator.formatTime(g.end()));
        }
        o.put("timezone", pol.timezone().getId());
        o.put("recurringConflicts", pol.recurringConflicts().value());
        o.set("allowedBookers", Json.strings(grants.stream().filter(g -> g.kind() == AccessKind.ALLOWED_BOOKER)
                .map(g -> g.grantee().format()).toList()));
        o.set("autoAcceptList", Json.strings(grants.stream().filter(g -> g.kind() == AccessKind.AUTO_ACCEPT)
                .map(g -> g.grantee().format()).toList()));
        ArrayNode managers = o.putArray("managers");
        grants.stream().filter(g -> g.kind().isManager()).forEach(g -> managers.add(manager(g)));
        return o;
    }

    static ObjectNode manager(AccessGrant g) {
        ObjectNode o = Json.object();
        o.put("grantee", g.grantee().format());
        o.put("access", g.kind() == AccessKind.MANAGER_READ_WRITE ? "read-write" : "read");
        return o;
    }

    static ObjectNode group(Group g) {
        ObjectNode o = Json.object();
        o.put("name", g.name());
        o.put("displayName", g.displayName());
        o.put("source", g.source().dbValue());
        o.put("memberCount", g.memberCount());
        return o;
    }

    static ObjectNode member(Principal p) {
        ObjectNode o = Json.object();
        o.put("username", p.name());
        o.put("displayName", p.displayName());
        o.put("email", p.email());
        o.put("active", p.active());
        return o;
    }

    static ObjectNode token(ApiToken t) {
        ObjectNode o = Json.object();
        o.put("id", t.id());
        o.put("name", t.name());
        o.set("scopes", Json.strings(t.scopes()));
        o.put("sendImip", t.sendImip());
        o.put("createdAt", t.createdAt() == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.createdAt()));
        o.put("lastUsedAt", t.lastUsedAt() == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.lastUsedAt()));
        return o;
    }

    private static String duration(Duration d) {
        return d == null ? null : IsoDurations.format(d);
    }
}
