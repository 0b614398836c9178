package io.calroom.principal.directory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The booking policy of resources ({@code resource_policies} + {@code resource_working_hours}) and
 * who may do what with them ({@code resource_access}). Every method but {@link #isGranted} takes the
 * org id and acts only on resources of that org; grantees are resolved within the same org.
 */
public interface ResourcePolicyStore {
    // ---- policies ----

    /**
     * The policy of a resource of the org; {@link ResourcePolicy#DEFAULT} when it has none stored,
     * empty when the org has no such resource.
     */
    Optional<ResourcePolicy> read(long orgId, long resourceId);

    /** The stored policies of several resources of the org (those without a row are absent from the map). */
    Map<Long, ResourcePolicy> readMany(long orgId, Collection<Long> resourceIds);

    /** Stores the policy and working hours of a resource of the org; false when the org has no such resource. */
    boolean write(long orgId, long resourceId, ResourcePolicy p);

    // ---- access grants ----

    /** All grants on a resource of the org, users first, then groups, each by name. */
    List<AccessGrant> grants(long orgId, long resourceId);

    /** The grants on several resources of the org (for a page of a list): two queries in all. */
    Map<Long, List<AccessGrant>> grantsMany(long orgId, Collection<Long> resourceIds);

    /** The grants of one kind on a resource of the org. */
    List<AccessGrant> grants(long orgId, long resourceId, AccessKind kind);

    /** The grantees that do not exist in the org (users: user principals; groups: groups), in input order. */
    List<GranteeRef> unknown(long orgId, Collection<? extends GranteeRef> grantees);

    /**
     * Grants {@code kind} to the grantee; true when it was not granted before.
     *
     * @throws NotFoundException when the org has no such resource or grantee
     */
    boolean grant(long orgId, long resourceId, AccessKind kind, GranteeRef grantee);

    /** Withdraws {@code kind} from the grantee; true when it was granted. Unknown grantees were never granted. */
    boolean revoke(long orgId, long resourceId, AccessKind kind, GranteeRef grantee);

    /**
     * Makes the grantees of {@code kind} exactly {@code grantees} (duplicates ignored). Run it in a transaction.
     *
     * @throws NotFoundException when the org has no such resource or one of the grantees
     */
    void replaceGrants(long orgId, long resourceId, AccessKind kind, Collection<? extends GranteeRef> grantees);

    /**
     * Makes the grantee a manager with exactly this access ({@link AccessKind#MANAGER_READ} or
     * {@link AccessKind#MANAGER_READ_WRITE}), replacing the other one; true when something changed.
     */
    boolean setManager(long orgId, long resourceId, GranteeRef grantee, AccessKind access);

    /** Removes both manager accesses of the grantee; true when it was a manager. */
    boolean removeManager(long orgId, long resourceId, GranteeRef grantee);

    /**
     * True when the principal holds {@code kind} on the resource, directly or through a group it is a
     * member of. {@link AccessKind#MANAGER_READ_WRITE} implies {@link AccessKind#MANAGER_READ}. Only
     * principals of the resource's own org are ever granted.
     */
    boolean isGranted(long resourceId, long principalId, AccessKind kind);
}
