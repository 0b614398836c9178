/**
 * The JSON admin API under {@code /api/v1/}: orgs, users, rooms and resources with their policies and
 * managers, groups and service tokens, and its OpenAPI description. One servlet,
 * {@link io.calroom.admin.AdminApiServlet}; authentication is plugged in by the server through
 * {@link io.calroom.admin.AdminAuthenticator}, cache invalidation through
 * {@link io.calroom.admin.DirectoryChangeListener}. The rules of who may do what are in
 * {@link io.calroom.admin.Access}; the data rules (and org isolation) in {@code io.calroom.principal.directory}.
 */
package io.calroom.admin;
