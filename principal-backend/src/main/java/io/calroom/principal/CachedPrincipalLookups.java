package io.calroom.principal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Cached principal lookups by URL name, id and calendar-user address: on a warm cache a request
 * resolves its principals without a query. Entries are dropped when the principal changes
 * ({@link #invalidate}), and expire after a short time so that several server processes on one
 * database converge on changes made by another.
 */
public final class CachedPrincipalLookups {
    /** A principal with what the DAV tree shows of it. */
    public record Entry(Principal principal, List<String> addresses, PrincipalStore.PersonalName personalName) {
        public Entry {
            addresses = List.copyOf(addresses);
        }
    }

    private final PrincipalStore store;
    // Misses are never cached (a mapping function returning null records nothing), so a principal
    // created by another path (just-in-time provisioning, the admin API) is found at once.
    private final Cache<Long, Entry> byId;
    private final Cache<String, Long> idByName;
    private final Cache<String, Long> idByAddress;

    public CachedPrincipalLookups(PrincipalStore store, Duration ttl) {
        this.store = store;
        this.byId = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
        this.idByName = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
        this.idByAddress = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    }

    public Optional<Entry> byId(long id) {
        return Optional.ofNullable(byId.get(id, k -> {
            return store.byId(k).map(p -> new Entry(p, store.addresses(p.id()), store.personalName(p.id()))).orElse(null);
        }));
    }

    public Optional<Entry> byName(PrincipalKind kind, String name) {
        return Optional.ofNullable(idByName.get(kind.dbValue() + "/" + name,
                k -> store.byName(kind, name).map(Principal::id).orElse(null))).flatMap(this::byId);
    }

    /** Resolves a calendar-user address ({@code mailto:}, {@code urn:uuid:}), case-insensitively. */
    public Optional<Entry> byAddress(String address) {
        String key = address.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(idByAddress.get(key, k -> store.byAddress(k).map(Principal::id).orElse(null)))
                .flatMap(this::byId);
    }

    /** Forgets everything known about one principal (after it changed or was deleted). */
    public void invalidate(long principalId) {
        byId.invalidate(principalId);
        idByName.invalidateAll();
        idByAddress.invalidateAll();
    }

    /** Forgets everything (after principals were created: a cached miss may now be a hit). */
    public void invalidateAll() {
        byId.invalidateAll();
        idByName.invalidateAll();
        idByAddress.invalidateAll();
    }
}
