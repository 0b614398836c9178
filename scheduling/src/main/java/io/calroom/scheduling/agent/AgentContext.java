package io.calroom.scheduling.agent;

import io.calroom.principal.directory.ResourcePolicy;
import java.time.Instant;
import java.util.Objects;

/**
 * What the agent knows besides the request and the bookings.
 *
 * @param resourceName              the display name used in reasons ("Room 101")
 * @param active                    false: the resource declines everything
 * @param organizerAllowed          the restricted-access verdict computed by the caller; true when not restricted
 * @param organizerOnAutoAcceptList the organizer (or one of its groups) is on the auto-accept list: accepted when
 *                                  free whatever the mode; being on that list also grants access to a restricted
 *                                  resource
 * @param now                       the current time (booking windows, occurrences already over)
 */
public record AgentContext(String resourceName, ResourcePolicy policy, boolean active, boolean organizerAllowed,
                           boolean organizerOnAutoAcceptList, Instant now) {

    public AgentContext {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(now, "now");
        if (resourceName == null || resourceName.isBlank()) resourceName = "The resource";
    }
}
