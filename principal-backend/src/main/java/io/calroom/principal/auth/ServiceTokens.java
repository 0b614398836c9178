package io.calroom.principal.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.calroom.schema.Database;
import io.calroom.schema.jooq.tables.records.ApiTokensRecord;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static io.calroom.schema.jooq.Tables.API_TOKENS;

/**
 * Service tokens ({@code api_tokens}): credentials of an org for programs that proxy CalDAV for its users or call the
 * admin API.
 *
 * <p>A token is {@code crt_} followed by 43 base64url characters (32 random bytes). Only its SHA-256 (hex) is stored:
 * {@link #verify} hashes the presented token and looks the hash up, so no comparison of secrets happens at all (the
 * lookup time depends on the hash, which an attacker cannot steer towards a real token). Verified tokens are cached for
 * five minutes, keyed by the hash; {@link #delete} drops them from this process's cache at once (another server
 * process sharing the database may accept a deleted token for up to five minutes). {@code last_used_at} is written at
 * most once a minute per token.
 */
public final class ServiceTokens {
    private static final Logger log = LoggerFactory.getLogger(ServiceTokens.class);
    public static final String PREFIX = "crt_";
    public static final String SCOPE_CALDAV_PROXY = "caldav-proxy";
    public static final String SCOPE_ADMIN = "admin";
    public static final Set<String> KNOWN_SCOPES = Set.of(SCOPE_CALDAV_PROXY, SCOPE_ADMIN);
    static final Duration CACHE_FOR = Duration.ofMinutes(5);
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final Pattern TOKEN = Pattern.compile("crt_[A-Za-z0-9_-]{43}");

    private final Database database;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, ServiceToken> verified;
    /** Ids deleted through this instance: refused even if a racing verify re-read the row before the commit. */
    private final Cache<Long, Boolean> deleted;
    private final ConcurrentHashMap<Long, Instant> lastTouched = new ConcurrentHashMap<>();

    public ServiceTokens(Database database) {
        this(database, Clock.systemUTC());
    }

    /** With a clock for {@code created_at}/{@code last_used_at} decisions (tests move it). */
    public ServiceTokens(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verified = Caffeine.newBuilder().expireAfterWrite(CACHE_FOR).maximumSize(10_000).build();
        this.deleted = Caffeine.newBuilder().expireAfterWrite(CACHE_FOR.multipliedBy(2)).maximumSize(10_000).build();
    }

    /**
     * Creates a token of the org in {@code tx}.
     *
     * @param scopes non-empty subset of {@link #KNOWN_SCOPES}
     * @return its id and the clear token, to show once
     */
    public IssuedToken create(DSLContext tx, long orgId, String name, Set<String> scopes, boolean sendImip) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a token name is required");
        if (name.strip().length() > 200) throw new IllegalArgumentException("the token name is longer than 200 characters");
        if (scopes == null || scopes.isEmpty()) throw new IllegalArgumentException("a token needs at least one scope");
        for (String s : scopes) {
            if (!KNOWN_SCOPES.contains(s)) throw new IllegalArgumentException("unknown scope '" + s + "', known: " + KNOWN_SCOPES);
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String clear = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        long id = tx.insertInto(API_TOKENS)
                .set(API_TOKENS.ORG_ID, orgId)
                .set(API_TOKENS.NAME, name.strip())
                .set(API_TOKENS.TOKEN_HASH, JwtAuthenticator.sha256Hex(clear))
                .set(API_TOKENS.SCOPES, new TreeSet<>(scopes).toArray(String[]::new))
                .set(API_TOKENS.SEND_IMIP, sendImip)
                .set(API_TOKENS.CREATED_AT, now())
                .returning(API_TOKENS.ID)
                .fetchOne(API_TOKENS.ID);
        return new IssuedToken(id, clear);
    }

    /** The token this clear text is, if it exists; touches its {@code last_used_at} (at most once a minute). */
    public Optional<ServiceToken> verify(String clearToken) {
        if (clearToken == null || !TOKEN.matcher(clearToken).matches()) return Optional.empty();
        String hash = JwtAuthenticator.sha256Hex(clearToken);
        ServiceToken token = verified.getIfPresent(hash);
        if (token == null) {
            token = database.dsl().selectFrom(API_TOKENS).where(API_TOKENS.TOKEN_HASH.eq(hash))
                    .fetchOptional(ServiceTokens::toToken).orElse(null);
            if (token == null) return Optional.empty();
            if (deleted.getIfPresent(token.id()) != null) return Optional.empty();
            verified.put(hash, token);
        }
        touch(token);
        return Optional.of(token);
    }

    /** The org's tokens, oldest first. */
    public List<ServiceToken> list(long orgId) {
        return database.dsl().selectFrom(API_TOKENS).where(API_TOKENS.ORG_ID.eq(orgId))
                .orderBy(API_TOKENS.CREATED_AT, API_TOKENS.ID).fetch(ServiceTokens::toToken);
    }

    /** Deletes the org's token {@code id} in {@code tx}; false if the org has no such token. */
    public boolean delete(DSLContext tx, long orgId, long id) {
        boolean gone = tx.deleteFrom(API_TOKENS).where(API_TOKENS.ID.eq(id), API_TOKENS.ORG_ID.eq(orgId)).execute() > 0;
        if (gone) {
            deleted.put(id, Boolean.TRUE);
            verified.asMap().values().removeIf(t -> t.id() == id);
            lastTouched.remove(id);
        }
        return gone;
    }

    /** Forgets every cached verification (e.g. after tokens were deleted by other means, such as an org deletion). */
    public void invalidateAll() {
        verified.invalidateAll();
    }

    private void touch(ServiceToken token) {
        Instant now = clock.instant();
        Instant due = now.minus(TOUCH_EVERY);
        boolean[] write = {false};
        lastTouched.compute(token.id(), (id, previous) -> {
            Instant last = previous != null ? previous : token.lastUsedAt();
            if (last != null && last.isAfter(due)) return previous != null ? previous : last;
            write[0] = true;
            return now;
        });
        if (!write[0]) return;
        try {
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            database.dsl().update(API_TOKENS).set(API_TOKENS.LAST_USED_AT, at)
                    .where(API_TOKENS.ID.eq(token.id()),
                            API_TOKENS.LAST_USED_AT.isNull().or(API_TOKENS.LAST_USED_AT.le(at.minus(TOUCH_EVERY))))
                    .execute();
        } catch (DataAccessException e) {
            log.warn("Could not record the use of service token {}: {}", token.id(), e.getMessage());
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static ServiceToken toToken(ApiTokensRecord r) {
        return new ServiceToken(r.getId(), r.getOrgId(), r.getName(), Set.copyOf(Arrays.asList(r.getScopes())),
                r.getSendImip(), r.getCreatedAt().toInstant(),
                r.getLastUsedAt() == null ? null : r.getLastUsedAt().toInstant());
    }
}
