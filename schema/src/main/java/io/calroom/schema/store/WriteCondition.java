package io.calroom.schema.store;

import java.util.List;

/**
 * The HTTP preconditions of a write (RFC 9110 §13.1.1 If-Match, §13.1.2 If-None-Match), evaluated
 * inside the write's transaction against the row it locked, so check and write are atomic.
 * A null list means the header was absent; "*" matches any existing resource.
 */
public record WriteCondition(List<String> ifMatch, List<String> ifNoneMatch) {
    public static final WriteCondition NONE = new WriteCondition(null, null);

    public WriteCondition {
        ifMatch = ifMatch == null ? null : List.copyOf(ifMatch);
        ifNoneMatch = ifNoneMatch == null ? null : List.copyOf(ifNoneMatch);
    }

    /** @param currentEtag the quoted ETag of the current resource, or null if it does not exist */
    public boolean allows(String currentEtag) {
        if (ifMatch != null) {
            if (currentEtag == null) return false;
            if (!ifMatch.contains("*") && !ifMatch.contains(currentEtag)) return false;
        }
        if (ifNoneMatch != null && currentEtag != null) {
            if (ifNoneMatch.contains("*") || ifNoneMatch.contains(currentEtag)) return false;
        }
        return true;
    }

    public boolean isUnconditional() {
        return ifMatch == null && ifNoneMatch == null;
    }
}
