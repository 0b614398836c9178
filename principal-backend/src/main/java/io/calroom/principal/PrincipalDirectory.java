package io.calroom.principal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.calroom.schema.Database;

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
public final class PrincipalDirectory {
    /** A principal with what the DAV tree shows of it. */
    public record Entry(Principal principal, List<String> addresses, PrincipalStore.PersonalName personalName) {
        public Entry {
            addresses = List.copyOf(addresses);
        }
    }

    private final Database database;
    private final Cache<Long, Optional<Entry>> byId;
    private final Cache<String, Optional<Long>> idByName;
    private final Cache<String, Optional<Long>> idByAddress;

    public PrincipalDirectory(Database database, Duration ttl) {
        this.database = database;
        this.byId = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
        this.idByName = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
        this.idByAddress = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    }

    public Optional<Entry> byId(long id) {
        return byId.get(id, k -> {
            PrincipalStore store = new PrincipalStore(database.dsl());
            return store.byId(k).map(p -> new Entry(p, store.addresses(p.id()), store.personalName(p.id())));
        });
    }

    public Optional<Entry> byName(PrincipalKind kind, String name) {
        return idByName.get(kind.dbValue() + "/" + name, k -> new PrincipalStore(database.dsl()).byName(kind, name).map(Principal::id))
                .flatMap(this::byId);
    }

    /** Resolves a calendar-user address ({@code mailto:}, {@code urn:uuid:}), case-insensitively. */
    public Optional<Entry> byAddress(String address) {
        String key = address.toLowerCase(Locale.ROOT);
        return idByAddress.get(key, k -> new PrincipalStore(database.dsl()).byAddress(k).map(Principal::id)).flatMap(this::byId);
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
