package io.calroom.principal.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.calroom.principal.directory.ApiToken;
import io.calroom.principal.directory.ApiTokenStore;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Verifies service tokens: credentials of an org for programs that proxy CalDAV for its users or call the admin API.
 * They are issued and revoked through {@link ApiTokenStore}.
 *
 * <p>A token is {@code crt_} followed by 43 base64url characters (32 random bytes). Only its SHA-256 (hex) is stored:
 * {@link #verify} hashes the presented token and looks the hash up, so no comparison of secrets happens at all (the
 * lookup time depends on the hash, which an attacker cannot steer towards a real token). Verified tokens are cached for
 * five minutes, keyed by the hash; {@link #revoked} drops one from this process's cache at once (another server
 * process sharing the database may accept a revoked token for up to five minutes). {@code last_used_at} is written at
 * most once a minute per token.
 */
public final class ServiceTokens {
    private static final Logger log = LoggerFactory.getLogger(ServiceTokens.class);
    public static final String SCOPE_CALDAV_PROXY = ApiTokenStore.SCOPE_CALDAV_PROXY;
    public static final String SCOPE_ADMIN = ApiTokenStore.SCOPE_ADMIN;
    static final Duration CACHE_FOR = Duration.ofMinutes(5);
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final Pattern TOKEN = Pattern.compile("crt_[A-Za-z0-9_-]{43}");

    private final ApiTokenStore store;
    private final Clock clock;
    private final Cache<String, ServiceToken> verified;
    /** Ids revoked: refused even if a racing verify re-read the row before the revocation committed. */
    private final Cache<Long, Boolean> revoked;
    private final ConcurrentHashMap<Long, Instant> lastTouched = new ConcurrentHashMap<>();

    public ServiceTokens(ApiTokenStore store) {
        this(store, Clock.systemUTC());
    }

    /** With a clock for the {@code last_used_at} decisions (tests move it). */
    public ServiceTokens(ApiTokenStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verified = Caffeine.newBuilder().expireAfterWrite(CACHE_FOR).maximumSize(10_000).build();
        this.revoked = Caffeine.newBuilder().expireAfterWrite(CACHE_FOR.multipliedBy(2)).maximumSize(10_000).build();
    }

    /** The token this clear text is, if it exists; touches its {@code last_used_at} (at most once a minute). */
    public Optional<ServiceToken> verify(String clearToken) {
        if (clearToken == null || !TOKEN.matcher(clearToken).matches()) return Optional.empty();
        String hash = ApiTokenStore.hash(clearToken);
        ServiceToken token = verified.getIfPresent(hash);
        if (token == null) {
            token = store.byHash(hash).map(ServiceTokens::toToken).orElse(null);
            if (token == null) return Optional.empty();
            if (revoked.getIfPresent(token.id()) != null) return Optional.empty();
            verified.put(hash, token);
        }
        touch(token);
        return Optional.of(token);
    }

    /** After token {@code id} was revoked: refused from now on, whatever this process had cached. */
    public void revoked(long id) {
        revoked.put(id, Boolean.TRUE);
        verified.asMap().values().removeIf(t -> t.id() == id);
        lastTouched.remove(id);
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
            store.touch(token.id(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC), TOUCH_EVERY);
        } catch (DataAccessException e) {
            log.warn("Could not record the use of service token {}: {}", token.id(), e.getMessage());
        }
    }

    private static ServiceToken toToken(ApiToken t) {
        return new ServiceToken(t.id(), t.orgId(), t.name(), Set.copyOf(t.scopes()), t.sendImip(), t.createdAt().toInstant(),
                t.lastUsedAt() == null ? null : t.lastUsedAt().toInstant());
    }
}
