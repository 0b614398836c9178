package io.calroom.principal.auth;

import io.calroom.principal.Role;

import java.time.Instant;
import java.util.Set;

/** What a verified OIDC token says about its user: checked by {@link OidcTokenVerifier}, applied by {@link JitProvisioning}. */
record OidcIdentity(String subject, String orgSlug, String username, String email, String displayName,
                    String firstName, String lastName, Role role, Set<String> groups, Instant expiresAt) {}
