package io.calroom.principal.directory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Issues, lists and revokes service tokens ({@code api_tokens}). A token is {@code crt_} followed by
 * base64url (no padding) of 32 {@link SecureRandom} bytes; only its SHA-256 is stored, as lower-case hex
 * of the UTF-8 clear token, which is also how the verifying side ({@code io.calroom.principal.auth})
 * looks it up. 256 random bits make a fast unsalted hash safe here: there is nothing to guess.
 */
public interface ApiTokenStore {
    String PREFIX = "crt_";
    String SCOPE_CALDAV_PROXY = "caldav-proxy";
    String SCOPE_ADMIN = "admin";
    Set<String> SCOPES = Set.of(SCOPE_CALDAV_PROXY, SCOPE_ADMIN);
    int MAX_NAME_LENGTH = 200;

    /** Issues a token for the org; the clear token is in the result and nowhere else. */
    IssuedToken issue(long orgId, String name, List<String> scopes, boolean sendImip);

    /** The org's tokens, newest first. */
    Page<ApiToken> list(long orgId, int limit, int offset);

    Optional<ApiToken> get(long orgId, long id);

    /** The token whose {@code token_hash} this is (see {@link #hash}), whatever its org. */
    Optional<ApiToken> byHash(String tokenHash);

    /**
     * Records a use of the token at {@code at}, unless one was recorded less than {@code every}
     * before it (so that concurrent verifications write it once).
     */
    void touch(long id, OffsetDateTime at, Duration every);

    /** Deletes the token; returns it (with its hash, for cache eviction), empty when the org has no such token. */
    Optional<ApiToken> revoke(long orgId, long id);

    /** Lower-case hex SHA-256 of the UTF-8 bytes of the clear token: the {@code token_hash} column. */
    static String hash(String clearToken) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(clearToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
