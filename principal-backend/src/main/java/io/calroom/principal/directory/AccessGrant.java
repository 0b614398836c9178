package io.calroom.principal.directory;

/** One grant on a resource: its kind, the grantee by name, and the grantee's id (principal or group). */
public record AccessGrant(AccessKind kind, GranteeRef grantee, long granteeId) {
}
