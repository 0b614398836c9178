package io.calroom.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.directory.AccessKind;
import io.calroom.principal.directory.FieldError;
import io.calroom.principal.directory.Names;
import io.calroom.scheduling.delivery.ManagerDecisions;
import io.calroom.scheduling.delivery.SchedulingRefusal;
import io.calroom.scheduling.freebusy.BusyPeriods;
import io.calroom.ical.CalendarDataException;
import io.calroom.scheduling.index.OccurrenceIndex;
import io.calroom.schema.store.BusyInstance;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.calroom.admin.Access.Rule.ORG_MEMBER;

/**
 * Bookings of a room or resource: the requests waiting for its managers ({@code pending}), their approval or
 * refusal, and its busy time. Under {@code /orgs/{org}/resources/{id}/...}, and in the short form
 * {@code /resources/{id}/...} (the resource's org is then its own; resource ids are unique across orgs).
 *
 * <p>Who may: super-admins and the org admins of the resource's org everything; its {@code read} managers
 * (directly or through a group) list the pending requests, its {@code read-write} managers also decide them;
 * any member of its org reads its busy time (never titles). Another org's resource is 404 as if absent; in the
 * resource's own org, a caller without the right gets 403.
 */
final class BookingEndpoints {
    /** The longest busy-time window one request may ask for. */
    static final Duration MAX_BUSY_RANGE = Duration.ofDays(366);

    private BookingEndpoints() {
    }

    static List<Route> routes() {
        List<Route> all = new ArrayList<>();
        for (String base : List.of("/orgs/{org}/resources/{id}", "/resources/{id}")) {
            all.add(new Route("GET", base + "/pending", ORG_MEMBER, BookingEndpoints::pending));
            all.add(new Route("POST", base + "/pending/{uid}/approve", ORG_MEMBER, ex -> decide(ex, ManagerDecisions.ACCEPTED)));
            all.add(new Route("POST", base + "/pending/{uid}/decline", ORG_MEMBER, ex -> decide(ex, ManagerDecisions.DECLINED)));
            all.add(new Route("GET", base + "/busy", ORG_MEMBER, BookingEndpoints::busy));
        }
        return List.copyOf(all);
    }

    private enum Need { MEMBER, READ, WRITE }

    private static Response pending(ApiRequest ex) {
        int[] w = ex.window();
        Principal resource = resource(ex, Need.READ);
        List<ManagerDecisions.PendingRequest> all = decisions(ex).pending(resource);
        return Response.ok(JsonRepresentations.page(all, w[0], w[1], BookingEndpoints::view));
    }

    private static Response decide(ApiRequest ex, String partstat) {
        ManagerDecisions decisions = decisions(ex);
        String uid = ex.param("uid");
        Instant now = ex.services.clock().instant();
        // one transaction: the access check, the copy, the REPLY to the organizer and the inbox
        String answer = ex.tx(() -> {
            Principal resource = resource(ex, Need.WRITE);
            try {
                return decisions.decide(resource, uid, partstat, now)
                        .orElseThrow(() -> ApiException.notFound("no such booking request"));
            } catch (ManagerDecisions.NotPendingException e) {
                throw ApiException.conflict("this request is not pending any more");
            } catch (SchedulingRefusal e) {
                throw ApiException.conflict("the booking cannot be answered: " + e.getMessage());
            } catch (CalendarDataException e) {
                throw new IllegalStateException("the answered copy of " + uid + " is not storable: " + e.getMessage(), e);
            }
        });
        ObjectNode o = Json.object();
        o.put("uid", uid);
        o.put("partstat", answer);
        return Response.ok(o);
    }

    private static Response busy(ApiRequest ex) {
        List<FieldError> errors = new ArrayList<>();
        Instant from = instant(ex, "from", errors);
        Instant to = instant(ex, "to", errors);
        if (from != null && to != null) {
            if (!to.isAfter(from)) errors.add(new FieldError("to", "must be after from"));
            else if (Duration.between(from, to).compareTo(MAX_BUSY_RANGE) > 0)
                errors.add(new FieldError("to", "must be at most " + MAX_BUSY_RANGE.toDays() + " days after from"));
        }
        if (!errors.isEmpty()) throw ApiException.validation(errors);
        Principal resource = resource(ex, Need.MEMBER);
        OccurrenceIndex index = ex.services.occurrences();
        // the resource's occurrence table made complete over the range (open-ended series extended)
        OccurrenceIndex.Coverage coverage = index == null ? OccurrenceIndex.Coverage.COMPLETE
                : index.cover(ex.services.db(), ex.calendars().collections().opaqueCalendarIds(List.of(resource.id()))
                        .getOrDefault(resource.id(), List.of()), null, from, to, ex.services.clock().instant(), OccurrenceIndex.Mode.ANSWER);
        List<BusyInstance> busy = ex.calendars().occurrences().busyInstancesOfOwner(resource.id(), from, to, null, coverage.ignored());
        List<BusyInstance> computed = coverage.busy(from, to, null);
        if (!computed.isEmpty()) {
            List<BusyInstance> all = new ArrayList<>(busy);
            all.addAll(computed);
            busy = BusyPeriods.merge(all).stream()
                    .map(p -> new BusyInstance(p.start(), p.end(), "BUSY-TENTATIVE".equals(p.fbtype()) ? "TENTATIVE" : null))
                    .sorted(java.util.Comparator.comparing(BusyInstance::start)).toList();
        }
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("busy");
        for (BusyInstance b : busy) {
            ObjectNode x = list.addObject();
            x.put("start", b.start().toString());
            x.put("end", b.end().toString());
            x.put("type", "TENTATIVE".equals(b.status()) ? "BUSY-TENTATIVE" : "BUSY");
        }
        return Response.ok(o);
    }

    // ---- helpers ----

    private static ObjectNode view(ManagerDecisions.PendingRequest p) {
        ObjectNode o = Json.object();
        o.put("uid", p.uid());
        o.put("summary", p.summary());
        o.put("organizer", p.organizer());
        o.put("start", p.start() == null ? null : p.start().toString());
        o.put("end", p.end() == null ? null : p.end().toString());
        o.put("recurring", p.recurring());
        return o;
    }

    /**
     * The resource of the path, if the caller may do {@code need} with it: another org's resource (or none) is 404,
     * a caller of its org without the right 403.
     */
    private static Principal resource(ApiRequest ex, Need need) {
        String id = ex.param("id");
        Caller caller = ex.caller;
        Optional<Principal> found = Names.isPrincipalName(id)
                ? ex.directory().principals().byName(PrincipalKind.RESOURCE, id) : Optional.empty();
        // the long form: the servlet already checked the path's org against the caller; the resource must be in it
        if (ex.hasOrg()) found = found.filter(p -> p.orgId() == ex.orgId());
        found = found.filter(p -> caller.isSuperAdmin() || p.orgId() == caller.orgId());
        Principal resource = found.orElseThrow(() -> ApiException.notFound("no such resource"));
        if (need == Need.MEMBER || caller.isAdmin()) return resource; // org admins of its org, super-admins
        AccessKind kind = need == Need.READ ? AccessKind.MANAGER_READ : AccessKind.MANAGER_READ_WRITE;
        if (caller.principalId() == null || !ex.directory().resourcePolicies().isGranted(resource.id(), caller.principalId(), kind)) {
            throw ApiException.forbidden(need == Need.READ ? "only the resource's managers and org admins may see its requests"
                    : "only the resource's read-write managers and org admins may decide its requests");
        }
        return resource;
    }

    private static ManagerDecisions decisions(ApiRequest ex) {
        ManagerDecisions d = ex.services.decisions();
        if (d == null) {
            throw new ApiException(503, "unavailable", "booking decisions are not configured on this server", List.of(), Map.of());
        }
        return d;
    }

    /** A required ISO-8601 instant: {@code 2026-03-01T09:00:00Z} or with an offset, {@code ...+01:00}. */
    private static Instant instant(ApiRequest ex, String name, List<FieldError> errors) {
        String v = ex.query(name);
        if (v == null || v.isBlank()) {
            errors.add(new FieldError(name, "is required"));
            return null;
        }
        // an unencoded '+' of an offset arrives as a space
        String s = v.strip().replace(' ', '+');
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                errors.add(new FieldError(name, "must be an ISO-8601 instant, e.g. 2026-03-01T09:00:00Z"));
                return null;
            }
        }
    }
}
