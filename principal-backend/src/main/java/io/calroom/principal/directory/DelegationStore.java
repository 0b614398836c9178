package io.calroom.principal.directory;

import io.calroom.principal.Principal;

import java.util.List;

/**
 * Delegation (CalendarServer calendar-proxy) over the same grants as resource managers: a write
 * proxy of a principal is a {@link AccessKind#MANAGER_READ_WRITE} grantee, a read proxy a
 * {@link AccessKind#MANAGER_READ} one, whether the grant was made through the admin API or by
 * PROPPATCH of a proxy group. Grants never cross orgs: every query joins both principals' org.
 */
public interface DelegationStore {
    /** The people granted directly as read or write proxies of the principal (the proxy group's members). */
    List<Principal> delegates(long principalId, boolean write);

    /** The principals for which this one is a read or write proxy, directly or through a group. */
    List<Principal> delegators(long delegateId, boolean write);

    /**
     * Makes exactly these principals the read or write proxies of {@code principalId} (person
     * grants only; group grants made through the admin API stay). A principal is either a read or
     * a write proxy, so joining one list leaves the other. All must be in the principal's org.
     */
    void replaceDelegates(Principal principal, boolean write, List<Principal> delegates);
}
