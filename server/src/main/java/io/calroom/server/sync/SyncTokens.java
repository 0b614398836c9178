package io.calroom.server.sync;

/**
 * The DAV:sync-token values (RFC 6578 §4) of the collections that keep a change log: a prefix
 * naming the kind of collection, its id, and the point in its log.
 */
public final class SyncTokens {
    public static final String SYNC_TOKEN_PREFIX = "urn:calroom:sync:";
    public static final String HOME_SYNC_TOKEN_PREFIX = "urn:calroom:home-sync:";
    public static final String DIRECTORY_SYNC_TOKEN_PREFIX = "urn:calroom:directory-sync:";

    private SyncTokens() {
    }

    public static String calendar(long calendarId, String point) {
        return SYNC_TOKEN_PREFIX + calendarId + ":" + point;
    }

    public static String home(long ownerId, String point) {
        return HOME_SYNC_TOKEN_PREFIX + ownerId + ":" + point;
    }

    public static String directory(long orgId, long revision) {
        return DIRECTORY_SYNC_TOKEN_PREFIX + orgId + ":" + revision;
    }
}
