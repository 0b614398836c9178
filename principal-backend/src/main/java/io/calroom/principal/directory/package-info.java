/**
 * The multi-tenant directory: orgs, users, rooms and resources with their typed booking policies,
 * access grants, groups and service tokens. Every class is bound to one {@link org.jooq.DSLContext}
 * (a plain one for reads, a transaction's for writes), and every lookup takes the org id: org
 * isolation lives in these queries, not in the web layer.
 */
package io.calroom.principal.directory;
