package io.calroom.principal.directory;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A service token as stored: never the token itself, only its SHA-256 ({@code tokenHash}, lower-case
 * hex of the UTF-8 clear token). {@code scopes} are {@code caldav-proxy} and/or {@code admin}.
 */
public record ApiToken(long id, long orgId, String name, List<String> scopes, boolean sendImip,
                       OffsetDateTime createdAt, OffsetDateTime lastUsedAt, String tokenHash) {
    public ApiToken {
        scopes = List.copyOf(scopes);
    }
}
