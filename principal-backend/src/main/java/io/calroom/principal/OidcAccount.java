package io.calroom.principal;

/**
 * What just-in-time provisioning of an OIDC login needs of an existing user's row: who it is, whether it is
 * active, the OIDC subject it is linked to (null: none yet) and its first and last name.
 */
public record OidcAccount(long id, long orgId, String name, boolean active, String oidcSubject, String firstName,
                          String lastName) {}
