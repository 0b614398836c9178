package io.calroom.principal.directory;

import io.calroom.principal.Principal;

import java.util.Optional;

/**
 * The users of an org: list, create (principal + calendar home), change, delete. Every method takes
 * the org id and never sees another org's users. Deleting a user deletes its calendars (the foreign
 * keys cascade); copies of its events in other people's calendars stay.
 */
public interface UserDirectory {
    Page<Principal> list(long orgId, UserFilter filter, int limit, int offset);

    Optional<Principal> get(long orgId, String username);

    Optional<Principal> get(long orgId, long principalId);

    /**
     * Creates the user with its calendar home ({@code default} calendar, inbox, outbox). Run it in a
     * transaction. User names are unique across orgs (they are URL segments), emails across all principals.
     *
     * @throws DuplicateException       field {@code username} or {@code email}
     * @throws IllegalArgumentException when the user name or email is malformed
     */
    Principal create(long orgId, NewUser u);

    /**
     * Applies the changes; empty if the org has no such user.
     *
     * @throws DuplicateException field {@code email}
     */
    Optional<Principal> update(long orgId, String username, UserChanges c);

    /** Deletes the user and its calendars; returns what was deleted, empty if the org has no such user. */
    Optional<Principal> delete(long orgId, String username);
}
