package io.calroom.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Slows down password guessing: after a number of failed authentications for an account (or from
 * a client address, with a higher threshold) further attempts are refused with 429 and a
 * Retry-After that doubles with every further failure, up to a cap. It is keyed by the name the
 * client sent, whether or not such a user exists, so its answers tell nothing about accounts.
 */
public final class LoginThrottle {
    private record Failures(int count, Instant blockedUntil) {}

    private final int accountThreshold;
    private final int addressThreshold;
    private final Duration maxDelay;
    private final Clock clock;
    private final Cache<String, Failures> accounts;
    private final Cache<String, Failures> addresses;

    public LoginThrottle(int accountThreshold, Duration maxDelay, Clock clock) {
        this.accountThreshold = accountThreshold;
        this.addressThreshold = accountThreshold * 4;
        this.maxDelay = maxDelay;
        this.clock = clock;
        this.accounts = Caffeine.newBuilder().expireAfterAccess(maxDelay.multipliedBy(4)).maximumSize(200_000).build();
        this.addresses = Caffeine.newBuilder().expireAfterAccess(maxDelay.multipliedBy(4)).maximumSize(200_000).build();
    }

    /** How long the caller must wait before the next attempt, if it is being throttled now. */
    public OptionalLong retryAfterSeconds(String account, String address) {
        Instant now = clock.instant();
        long wait = Math.max(remaining(accounts, key(account), now), remaining(addresses, address, now));
        return wait > 0 ? OptionalLong.of(wait) : OptionalLong.empty();
    }

    public void failed(String account, String address) {
        record(accounts, key(account), accountThreshold);
        record(addresses, address, addressThreshold);
    }

    public void succeeded(String account, String address) {
        if (account != null) accounts.invalidate(key(account));
        if (address != null) addresses.invalidate(address);
    }

    private void record(Cache<String, Failures> cache, String key, int threshold) {
        if (key == null) return;
        Instant now = clock.instant();
        cache.asMap().compute(key, (k, old) -> {
            int count = old == null ? 1 : old.count() + 1;
            Instant blocked = null;
            if (count >= threshold) {
                long seconds = Math.min(maxDelay.toSeconds(), 1L << Math.min(30, count - threshold));
                blocked = now.plusSeconds(seconds);
            }
            return new Failures(count, blocked);
        });
    }

    private static long remaining(Cache<String, Failures> cache, String key, Instant now) {
        if (key == null) return 0;
        Failures f = cache.getIfPresent(key);
        if (f == null || f.blockedUntil() == null || !f.blockedUntil().isAfter(now)) return 0;
        return Math.max(1, Duration.between(now, f.blockedUntil()).toSeconds());
    }

    private static String key(String account) {
        return account == null ? null : account.toLowerCase(Locale.ROOT);
    }
}
