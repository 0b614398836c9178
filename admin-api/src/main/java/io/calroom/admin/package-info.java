/** The JSON admin API under /api/v1/ (orgs, users, resources, policies, approvals). */
package io.calroom.admin;
