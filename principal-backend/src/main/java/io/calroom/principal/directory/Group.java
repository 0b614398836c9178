package io.calroom.principal.directory;

/** A named set of users within an org. */
public record Group(long id, long orgId, String name, String displayName, GroupSource source, long memberCount) {
}
