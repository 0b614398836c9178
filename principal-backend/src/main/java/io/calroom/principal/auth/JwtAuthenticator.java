package io.calroom.principal.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.calroom.principal.DirectoryStores;
import io.calroom.principal.Principal;
import io.calroom.schema.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Bearer JWTs of the configured OpenID Connect provider: {@link OidcTokenVerifier} checks the token,
 * {@link JitProvisioning} provisions or updates its user just in time; this class puts the two together behind a
 * cache. A database failure throws.
 *
 * <p>A successful result is cached per token (keyed by its SHA-256) until the token's {@code exp}, at most 10,000
 * tokens: a cache hit does no signature check and no database access at all. So after deactivating a user, changing
 * its role or deleting it elsewhere, call {@link #invalidate(long)}.
 */
public final class JwtAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    static final int CACHE_SIZE = 10_000;

    private final OidcTokenVerifier verifier;
    private final JitProvisioning provisioning;
    private final Cache<String, CachedLogin> cache;
    private final Clock clock;

    private record CachedLogin(AuthenticatedUser user, Instant expiresAt) {}

    /** {@code database} holds the provisioning transaction; {@code directory} the stores it writes. */
    public JwtAuthenticator(OidcSettings settings, Database database, DirectoryStores directory) {
        this(settings, database, directory, OidcTokenVerifier.keySource(settings), Clock.systemUTC());
    }

    /** With a given key source (tests count its use) and clock. */
    JwtAuthenticator(OidcSettings settings, Database database, DirectoryStores directory,
                     JWKSource<SecurityContext> keys, Clock clock) {
        this.verifier = new OidcTokenVerifier(settings, keys);
        this.provisioning = new JitProvisioning(database, directory.principals(), directory.groups(), directory.accounts());
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(CACHE_SIZE)
                .expireAfter(new Expiry<String, CachedLogin>() {
                    @Override
                    public long expireAfterCreate(String key, CachedLogin value, long currentTime) {
                        return Math.max(0, Duration.between(clock.instant(), value.expiresAt()).toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String key, CachedLogin value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, CachedLogin value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** The user this bearer token stands for, provisioned or updated from its claims; empty if it is not valid. */
    public Optional<AuthenticatedUser> authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) return rejected("empty token");
        if (bearerToken.length() > MAX_TOKEN_CHARS) return rejected("token longer than " + MAX_TOKEN_CHARS + " characters");
        String key = sha256Hex(bearerToken);
        CachedLogin hit = cache.getIfPresent(key);
        if (hit != null && hit.expiresAt().isAfter(clock.instant())) return Optional.of(hit.user());

        Optional<OidcIdentity> verified = verifier.verify(bearerToken);
        if (verified.isEmpty()) return Optional.empty();
        OidcIdentity identity = verified.get();
        Optional<Principal> provisioned = provisioning.provision(identity);
        if (provisioned.isEmpty()) return Optional.empty();
        Principal principal = provisioned.get();
        AuthenticatedUser user = AuthenticatedUser.jwt(principal);
        if (identity.expiresAt().isAfter(clock.instant())) cache.put(key, new CachedLogin(user, identity.expiresAt()));
        return Optional.of(user);
    }

    /** Forgets every cached token of this principal (after deactivation, a role change, deletion...). */
    public void invalidate(long principalId) {
        cache.asMap().values().removeIf(c -> c.user().principal().id() == principalId);
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<AuthenticatedUser> rejected(String reason) {
        log.info("Bearer JWT rejected: {}", printable(reason));
        return Optional.empty();
    }

    /** For logs: control characters replaced, at most 120 characters. */
    static String printable(String s) {
        if (s == null) return "null";
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
    }
}
