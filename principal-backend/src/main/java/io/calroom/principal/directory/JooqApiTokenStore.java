package io.calroom.principal.directory;

import io.calroom.schema.jooq.tables.records.ApiTokensRecord;
import org.jooq.DSLContext;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static io.calroom.schema.jooq.Tables.API_TOKENS;

/** The PostgreSQL (jOOQ) implementation of {@link ApiTokenStore}. */
public final class JooqApiTokenStore implements ApiTokenStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final DSLContext db;

    public JooqApiTokenStore(DSLContext db) {
        this.db = db;
    }

    @Override
    public IssuedToken issue(long orgId, String name, List<String> scopes, boolean sendImip) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) throw new IllegalArgumentException("invalid token name");
        if (scopes.isEmpty() || !SCOPES.containsAll(scopes)) throw new IllegalArgumentException("invalid scopes " + scopes);
        String clear = newClearToken();
        ApiToken token = db.insertInto(API_TOKENS).set(API_TOKENS.ORG_ID, orgId).set(API_TOKENS.NAME, name)
                .set(API_TOKENS.TOKEN_HASH, ApiTokenStore.hash(clear)).set(API_TOKENS.SCOPES, scopes.stream().distinct().toArray(String[]::new))
                .set(API_TOKENS.SEND_IMIP, sendImip).returning().fetchOne(JooqApiTokenStore::toToken);
        return new IssuedToken(token, clear);
    }

    @Override
    public Page<ApiToken> list(long orgId, int limit, int offset) {
        Page.check(limit, offset);
        long total = db.fetchCount(API_TOKENS, API_TOKENS.ORG_ID.eq(orgId));
        List<ApiToken> items = db.selectFrom(API_TOKENS).where(API_TOKENS.ORG_ID.eq(orgId))
                .orderBy(API_TOKENS.CREATED_AT.desc(), API_TOKENS.ID.desc()).limit(limit).offset(offset).fetch(JooqApiTokenStore::toToken);
        return new Page<>(items, total, limit, offset);
    }

    @Override
    public Optional<ApiToken> get(long orgId, long id) {
        return db.selectFrom(API_TOKENS).where(API_TOKENS.ORG_ID.eq(orgId), API_TOKENS.ID.eq(id)).fetchOptional(JooqApiTokenStore::toToken);
    }

    @Override
    public Optional<ApiToken> byHash(String tokenHash) {
        return db.selectFrom(API_TOKENS).where(API_TOKENS.TOKEN_HASH.eq(tokenHash)).fetchOptional(JooqApiTokenStore::toToken);
    }

    @Override
    public void touch(long id, OffsetDateTime at, Duration every) {
        db.update(API_TOKENS).set(API_TOKENS.LAST_USED_AT, at)
                .where(API_TOKENS.ID.eq(id), API_TOKENS.LAST_USED_AT.isNull().or(API_TOKENS.LAST_USED_AT.le(at.minus(every))))
                .execute();
    }

    @Override
    public Optional<ApiToken> revoke(long orgId, long id) {
        return db.deleteFrom(API_TOKENS).where(API_TOKENS.ORG_ID.eq(orgId), API_TOKENS.ID.eq(id)).returning()
                .fetchOptional(JooqApiTokenStore::toToken);
    }

    /** {@code crt_} + base64url(32 random bytes), 47 characters. */
    private static String newClearToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ApiToken toToken(ApiTokensRecord r) {
        return new ApiToken(r.getId(), r.getOrgId(), r.getName(), List.of(r.getScopes()), r.getSendImip(),
                r.getCreatedAt(), r.getLastUsedAt(), r.getTokenHash());
    }
}
