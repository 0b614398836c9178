package io.calroom.principal.directory;

import io.calroom.principal.Principal;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The rooms and resources of an org: list with filters, create (principal + home with exactly one
 * calendar + policy), change, delete. Every method takes the org id and never sees another org's
 * resources. Deleting a resource deletes its calendars, policy and grants (the foreign keys cascade);
 * copies of its bookings in other people's calendars stay, its address then simply resolves to nobody.
 */
public interface ResourceDirectory {
    Page<Resource> list(long orgId, ResourceFilter f, int limit, int offset);

    Optional<Resource> get(long orgId, String id);

    Optional<Resource> get(long orgId, long principalId);

    /**
     * Creates the resource: its principal (calendar-user-type ROOM or RESOURCE), its home with the
     * {@code default} calendar, inbox and outbox, and its policy. Run it in a transaction.
     *
     * @param resourceDomain the domain of generated addresses: {@code {id}@{resourceDomain}}
     * @throws DuplicateException       field {@code id} or {@code email}
     * @throws IllegalArgumentException when the id or email is malformed
     */
    Resource create(long orgId, NewResource r, String resourceDomain);

    /**
     * Applies the changes; empty if the org has no such resource. Run it in a transaction.
     *
     * @throws DuplicateException field {@code email}
     */
    Optional<Resource> update(long orgId, String id, ResourceChanges c, String resourceDomain);

    /** Deletes the resource, its calendars, policy and grants; returns what was deleted, empty if absent. */
    Optional<Principal> delete(long orgId, String id);

    /** {@code {id}@{domain}}: an opaque scheduling address, never a real mailbox. */
    static String defaultEmail(String id, String resourceDomain) {
        if (resourceDomain == null || resourceDomain.isBlank()) throw new IllegalArgumentException("no resource domain");
        return id + "@" + resourceDomain;
    }

    /**
     * A new opaque id: the 16 bytes of a random UUID in base64url without padding (22 characters, URL-safe),
     * drawn again in the rare case it would not start with a letter or digit (names must).
     */
    static String newId() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        while (true) {
            UUID u = UUID.randomUUID();
            String id = b64.encodeToString(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits()).array());
            if (Character.isLetterOrDigit(id.charAt(0))) return id;
        }
    }
}
