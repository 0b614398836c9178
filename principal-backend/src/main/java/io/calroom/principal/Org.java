package io.calroom.principal;

/** A tenant: every principal belongs to exactly one org. */
public record Org(long id, String slug, String name) {
}
