/**
 * The multi-tenant directory: orgs, users, rooms and resources with their typed booking policies,
 * access grants, groups and service tokens. Each store is an interface with a {@code Jooq…}
 * implementation over PostgreSQL (inside a transaction its statements are part of it), and every
 * lookup takes the org id: org isolation lives in these queries, not in the web layer.
 */
package io.calroom.principal.directory;
