package io.calroom.principal.directory;

import io.calroom.schema.jooq.tables.records.ApiTokensRecord;
import org.jooq.DSLContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.calroom.schema.jooq.Tables.API_TOKENS;

/**
 * Issues, lists and revokes service tokens ({@code api_tokens}). A token is {@code crt_} followed by
 * base64url (no padding) of 32 {@link SecureRandom} bytes; only its SHA-256 is stored, as lower-case hex
 * of the UTF-8 clear token, which is also how the verifying side ({@code io.calroom.principal.auth})
 * looks it up. 256 random bits make a fast unsalted hash safe here: there is nothing to guess.
 */
public final class ApiTokenStore {
    public static final String PREFIX = "crt_";
    public static final String SCOPE_CALDAV_PROXY = "caldav-proxy";
    public static final String SCOPE_ADMIN = "admin";
    public static final Set<String> SCOPES = Set.of(SCOPE_CALDAV_PROXY, SCOPE_ADMIN);
    public static final int MAX_NAME_LENGTH = 200;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final DSLContext db;

    public ApiTokenStore(DSLContext db) {
        this.db = db;
    }

    /** Issues a token for the org; the clear token is in the result and nowhere else. */
    public IssuedToken issue(long orgId, String name, List<String> scopes, boolean sendImip) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) throw new IllegalArgumentException("invalid token name");
        if (scopes.isEmpty() || !SCOPES.containsAll(scopes)) throw new IllegalArgumentException("invalid scopes " + scopes);
        String clear = newClearToken();
        ApiToken token = db.insertInto(API_TOKENS).set(API_TOKENS.ORG_ID, orgId).set(API_TOKENS.NAME, name)
                .set(API_TOKENS.TOKEN_HASH, hash(clear)).set(API_TOKENS.SCOPES, scopes.stream().distinct().toArray(String[]::new))
                .set(API_TOKENS.SEND_IMIP, sendImip).returning().fetchOne(ApiTokenStore::toToken);
        return new IssuedToken(token, clear);
    }

    /** The org's tokens, newest first. */
    public Page<ApiToken> list(long orgId, int limit, int offset) {
        Page.check(limit, offset);
        long total = db.fetchCount(API_TOKENS, API_TOKENS.ORG_ID.eq(orgId));
        List<ApiToken> items = db.selectFrom(API_TOKENS).where(API_TOKENS.ORG_ID.eq(orgId))
                .orderBy(API_TOKENS.CREATED_AT.desc(), API_TOKENS.ID.desc()).limit(limit).offset(offset).fetch(ApiTokenStore::toToken);
        return new Page<>(items, total, limit, offset);
    }

    public Optional<ApiToken> get(long orgId, long id) {
        return db.selectFrom(API_TOKENS).where(API_TOKENS.ORG_ID.eq(orgId), API_TOKENS.ID.eq(id)).fetchOptional(ApiTokenStore::toToken);
    }

    /** The token whose {@code token_hash} this is (see {@link #hash}), whatever its org. */
    public Optional<ApiToken> byHash(String tokenHash) {
        return db.selectFrom(API_TOKENS).where(API_TOKENS.TOKEN_HASH.eq(tokenHash)).fetchOptional(ApiTokenStore::toToken);
    }

    /**
     * Records a use of the token at {@code at}, unless one was recorded less than {@code every}
     * before it (so that concurrent verifications write it once).
     */
    public void touch(long id, OffsetDateTime at, Duration every) {
        db.update(API_TOKENS).set(API_TOKENS.LAST_USED_AT, at)
                .where(API_TOKENS.ID.eq(id), API_TOKENS.LAST_USED_AT.isNull().or(API_TOKENS.LAST_USED_AT.le(at.minus(every))))
                .execute();
    }

    /** Deletes the token; returns it (with its hash, for cache eviction), empty when the org has no such token. */
    public Optional<ApiToken> revoke(long orgId, long id) {
        return db.deleteFrom(API_TOKENS).where(API_TOKENS.ORG_ID.eq(orgId), API_TOKENS.ID.eq(id)).returning()
                .fetchOptional(ApiTokenStore::toToken);
    }

    /** {@code crt_} + base64url(32 random bytes), 47 characters. */
    public static String newClearToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of the clear token: the {@code token_hash} column. */
    public static String hash(String clearToken) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(clearToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static ApiToken toToken(ApiTokensRecord r) {
        return new ApiToken(r.getId(), r.getOrgId(), r.getName(), List.of(r.getScopes()), r.getSendImip(),
                r.getCreatedAt(), r.getLastUsedAt(), r.getTokenHash());
    }
}
