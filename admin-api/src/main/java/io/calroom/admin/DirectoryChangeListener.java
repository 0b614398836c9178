package io.calroom.admin;

/**
 * Told after a change was committed, so that caches of the server (principal lookups, verified
 * passwords, policies, group memberships, verified tokens) can forget stale entries. Called on the
 * request thread after the transaction; an exception thrown here is logged and does not change the
 * response. Every method does nothing by default.
 */
public interface DirectoryChangeListener {
    DirectoryChangeListener NONE = new DirectoryChangeListener() {
    };

    /** An org was renamed, or deleted together with everything in it. */
    default void orgChanged(long orgId) {
    }

    /**
     * A user or resource was created, changed (email, name, role, active flag, password, type) or
     * deleted. {@code name} is its principal name (the user name for Basic authentication caches).
     */
    default void principalChanged(long principalId, String name) {
    }

    /** A resource's policy, working hours or access grants (bookers, auto-accept list, managers) changed. */
    default void resourcePolicyChanged(long resourceId) {
    }

    /** A group was created or deleted, or its members changed. */
    default void groupChanged(long groupId) {
    }

    /** A service token was revoked; {@code tokenHash} is its {@code api_tokens.token_hash}. */
    default void serviceTokenRevoked(long tokenId, String tokenHash) {
    }
}
