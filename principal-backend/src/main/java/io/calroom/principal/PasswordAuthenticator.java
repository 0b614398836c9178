package io.calroom.principal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks a user name and password (HTTP Basic). The slow hash runs once; a verified credential is
 * then remembered for a few minutes as an HMAC under a per-process random key (never the clear
 * password), so the hot path costs one map lookup. Unknown users cost as much as known ones.
 */
public final class PasswordAuthenticator {
    private final PrincipalStore store;
    private final CachedPrincipalLookups directory;
    private final PasswordHasher hasher;
    private final byte[] cacheKey = new byte[32];
    private final Cache<String, VerifiedCredential> verified;

    private record VerifiedCredential(byte[] mac, long principalId) {}

    public PasswordAuthenticator(PrincipalStore store, CachedPrincipalLookups directory, PasswordHasher hasher, Duration cacheFor) {
        this.store = store;
        this.directory = directory;
        this.hasher = hasher;
        new SecureRandom().nextBytes(cacheKey);
        this.verified = Caffeine.newBuilder().expireAfterWrite(cacheFor).maximumSize(100_000).build();
    }

    /** The active user principal with these credentials, if they are right. */
    public Optional<Principal> authenticate(String username, String password) {
        if (username == null || password == null || username.isEmpty()) return Optional.empty();
        byte[] mac = mac(username, password);
        VerifiedCredential cached = verified.getIfPresent(username);
        if (cached != null && MessageDigest.isEqual(cached.mac(), mac)) {
            return directory.byId(cached.principalId()).map(CachedPrincipalLookups.Entry::principal).filter(Principal::active);
        }
        Optional<Principal> principal = store.byName(PrincipalKind.USER, username);
        Optional<String> hash = principal.flatMap(p -> store.passwordHash(p.id()));
        if (hash.isEmpty()) {
            hasher.burn(password);
            return Optional.empty();
        }
        if (!hasher.verify(password, hash.get())) return Optional.empty();
        verified.put(username, new VerifiedCredential(mac, principal.get().id()));
        return principal.filter(Principal::active);
    }

    /** Forgets a user's verified credential (after a password change or deactivation). */
    public void invalidate(String username) {
        verified.invalidate(username);
    }

    private byte[] mac(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            mac.update(PasswordHasher.utf8(username));
            mac.update((byte) 0);
            return mac.doFinal(PasswordHasher.utf8(password));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
