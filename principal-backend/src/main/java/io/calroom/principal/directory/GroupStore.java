package io.calroom.principal.directory;

import io.calroom.principal.Principal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Groups of users within an org, and their members. Every method takes the org id; members are only
 * ever users of the same org.
 */
public interface GroupStore {
    /**
     * Creates a group.
     *
     * @throws DuplicateException       field {@code name}
     * @throws IllegalArgumentException when the name is malformed
     */
    Group create(long orgId, String name, String displayName, GroupSource source);

    /** The org's groups by name, with their member counts. */
    Page<Group> list(long orgId, int limit, int offset);

    Optional<Group> get(long orgId, String name);

    /** Deletes the group, its memberships and the grants made to it; empty when the org has no such group. */
    Optional<Group> delete(long orgId, String name);

    /** Adds a user of the org to a group of the org; true when it was not a member. False when either is not in the org. */
    boolean addMember(long orgId, long groupId, long principalId);

    /** Removes a member; true when it was one. */
    boolean removeMember(long orgId, long groupId, long principalId);

    /** The members of a group of the org, by name. */
    Page<Principal> members(long orgId, long groupId, int limit, int offset);

    /** The groups of the org the principal is a member of, by name. */
    List<Group> groupsOf(long orgId, long principalId);

    /**
     * Makes the user's memberships in {@code source} groups exactly {@code names}: creates missing groups
     * (with that source), joins them, and leaves the user's other groups of that source. A group of the
     * same name managed by another source is neither joined nor left. For the groups claim of an OIDC
     * login; run it in a transaction. Malformed names are skipped.
     *
     * @return the names not joined because another source manages a group of that name
     */
    List<String> syncMemberships(long orgId, long principalId, Collection<String> names, GroupSource source);
}
