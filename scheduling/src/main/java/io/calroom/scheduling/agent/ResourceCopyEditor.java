package io.calroom.scheduling.agent;

import io.calroom.scheduling.itip.ItipProcessing;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The resource's stored copy of a booking, with the agent's {@link Decision} applied. */
public final class ResourceCopyEditor {

    private ResourceCopyEditor() {
    }

    /**
     * The resource's copy of the event (as delivered by {@link ItipProcessing#applyRequest}) with the decision
     * applied: the resource's ATTENDEE PARTSTAT on every component (the master, its overrides, or the overrides of an
     * override-only object); for each declined occurrence an override (created from the master when missing, with
     * RECURRENCE-ID) where the resource's PARTSTAT is DECLINED and TRANSP is TRANSPARENT; when the whole request is
     * declined, TRANSP:TRANSPARENT on every component, so that declined copies never block. The decision's
     * REQUEST-STATUS is not stored. Output: iCalendar with CRLF line endings, new lines folded; other lines keep their
     * bytes.
     * <p>
     * TRANSP of accepted or pending components is left as in the copy. {@code applyRequest} keeps the copy's TRANSP
     * across updates, so after an earlier decline it may still be TRANSPARENT: the agent should use
     * {@link #applyDecision(String, String, String, Decision)}, which first takes TRANSP from the request.
     */
    public static String applyDecision(String resourceCopy, String resourceAddress, Decision decision) {
        Objects.requireNonNull(resourceCopy, "resourceCopy");
        Objects.requireNonNull(resourceAddress, "resourceAddress");
        Objects.requireNonNull(decision, "decision");
        Map<Instant, String> instances = new LinkedHashMap<>();
        if (!decision.declined()) {
            for (OccurrenceVerdict v : decision.declinedOccurrences()) {
                if (v.declined() && v.recurrenceId() != null) instances.put(v.recurrenceId(), Decision.DECLINED);
            }
        }
        return ItipProcessing.setAttendeePartstat(resourceCopy, resourceAddress, decision.partstat(), instances, true);
    }

    /**
     * As {@link #applyDecision(String, String, Decision)}, after resetting the TRANSP of every component of the copy
     * to what the organizer's request says for that instance (a resource has no TRANSP of its own: a TRANSPARENT left
     * over from an earlier decline must not make a now accepted booking invisible to conflict checks).
     */
    public static String applyDecision(String resourceCopy, String requestText, String resourceAddress,
                                       Decision decision) {
        Objects.requireNonNull(requestText, "requestText");
        return applyDecision(ItipProcessing.copyTransparency(resourceCopy, requestText), resourceAddress, decision);
    }
}
