package io.calroom.principal.auth;

import io.calroom.principal.NewPrincipal;
import io.calroom.principal.Org;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import static io.calroom.principal.auth.ServiceTokens.SCOPE_ADMIN;
import static io.calroom.principal.auth.ServiceTokens.SCOPE_CALDAV_PROXY;
import static io.calroom.schema.jooq.Tables.API_TOKENS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceTokensTest extends DatabaseTestBase {
    private MutableClock clock;
    private ServiceTokens tokens;
    private ServiceTokenAuthenticator auth;
    private Org org;
    private Org otherOrg;
    private Principal alice;
    private Principal superAdmin;
    private Principal stranger;

    @BeforeAll
    void setUp() {
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        tokens = new ServiceTokens(directory.apiTokens(), clock);
        auth = new ServiceTokenAuthenticator(tokens, directory.principals());
        String slug = unique("svc");
        alice = createUser(slug, unique("alice"), Role.USER);
        superAdmin = createUser(slug, unique("root"), Role.SUPER_ADMIN);
        stranger = createUser(unique("svc-other"), unique("stranger"), Role.USER);
        PrincipalStore store = directory.principals();
        org = store.orgById(alice.orgId()).orElseThrow();
        otherOrg = store.orgById(stranger.orgId()).orElseThrow();
        directory.accounts().create(new NewPrincipal(org.id(), PrincipalKind.RESOURCE,
                "room-" + slug, "ROOM", "Room", null, Role.USER, null));
    }

    /** A token as the admin API issues it. */
    private record IssuedToken(long id, String clearToken) {}

    private IssuedToken issue(long orgId, String name, Set<String> scopes, boolean sendImip) {
        var issued = directory.apiTokens().issue(orgId, name, List.copyOf(scopes), sendImip);
        return new IssuedToken(issued.token().id(), issued.clearToken());
    }

    private IssuedToken issue(long orgId, Set<String> scopes, boolean sendImip) {
        return issue(orgId, "proxy", scopes, sendImip);
    }

    @Test
    void createStoresOnlyTheHashAndVerifyFindsTheToken() {
        IssuedToken issued = issue(org.id(), Set.of(SCOPE_CALDAV_PROXY, SCOPE_ADMIN), false);
        assertTrue(issued.clearToken().matches("crt_[A-Za-z0-9_-]{43}"), issued.clearToken());

        String stored = db.dsl().select(API_TOKENS.TOKEN_HASH).from(API_TOKENS).where(API_TOKENS.ID.eq(issued.id()))
                .fetchOne(API_TOKENS.TOKEN_HASH);
        assertEquals(JwtAuthenticator.sha256Hex(issued.clearToken()), stored, "the hash the JWT cache keys use too");
        assertTrue(stored.matches("[0-9a-f]{64}"));

        ServiceToken t = tokens.verify(issued.clearToken()).orElseThrow();
        assertEquals(issued.id(), t.id());
        assertEquals(org.id(), t.orgId());
        assertEquals("proxy", t.name());
        assertEquals(Set.of(SCOPE_CALDAV_PROXY, SCOPE_ADMIN), t.scopes());
        assertFalse(t.sendImip());

        assertTrue(tokens.verify(null).isEmpty());
        assertTrue(tokens.verify("").isEmpty());
        assertTrue(tokens.verify(issued.clearToken().substring(1)).isEmpty());
        char last = issued.clearToken().charAt(issued.clearToken().length() - 1);
        String altered = issued.clearToken().substring(0, issued.clearToken().length() - 1) + (last == 'A' ? 'B' : 'A');
        assertTrue(tokens.verify(altered).isEmpty());
        assertNotEquals(issue(org.id(), Set.of(SCOPE_ADMIN), true).clearToken(), issued.clearToken());
    }

    @Test
    void actingUserMustExistBeActiveAndBeInTheTokensOrg() {
        IssuedToken issued = issue(org.id(), Set.of(SCOPE_CALDAV_PROXY), false);
        String token = issued.clearToken();

        AuthenticatedUser u = auth.authenticate(token, alice.name(), SCOPE_CALDAV_PROXY).orElseThrow();
        assertEquals(alice.id(), u.principal().id());
        assertEquals(AuthMethod.SERVICE_TOKEN, u.method());
        assertEquals(issued.id(), u.serviceTokenId());
        assertFalse(u.sendImip());
        assertEquals(org.id(), u.orgId());
        assertEquals(Role.USER, u.role());

        assertTrue(auth.authenticate(token, stranger.name(), SCOPE_CALDAV_PROXY).isEmpty(), "user of another org");
        assertTrue(auth.authenticate(token, unique("nobody"), SCOPE_CALDAV_PROXY).isEmpty(), "unknown user");
        assertTrue(auth.authenticate(token, "room-" + org.slug(), SCOPE_CALDAV_PROXY).isEmpty(), "a room, not a user");
        assertTrue(auth.authenticate(token, null, SCOPE_CALDAV_PROXY).isEmpty(), "CalDAV needs an acting user");
        assertTrue(auth.authenticate(token, alice.name(), SCOPE_ADMIN).isEmpty(), "scope not granted");
        assertTrue(auth.authenticate("crt_" + "A".repeat(43), alice.name(), SCOPE_CALDAV_PROXY).isEmpty());

        Principal inactive = createUser(org.slug(), unique("gone"), Role.USER);
        setActive(inactive, false);
        assertTrue(auth.authenticate(token, inactive.name(), SCOPE_CALDAV_PROXY).isEmpty(), "inactive user");
    }

    @Test
    void adminScopeWithoutActingUserIsAServiceAccountOfTheOrg() {
        IssuedToken issued = issue(org.id(), Set.of(SCOPE_ADMIN), true);
        AuthenticatedUser u = auth.authenticate(issued.clearToken(), null, SCOPE_ADMIN).orElseThrow();
        assertTrue(u.isServiceAccount());
        assertNull(u.principal());
        assertEquals(Role.ORG_ADMIN, u.role());
        assertEquals(org.id(), u.orgId());
        assertEquals(issued.id(), u.serviceTokenId());
        assertTrue(u.sendImip());
        assertEquals("service-token:" + issued.id(), u.label());
        assertTrue(auth.authenticate(issued.clearToken(), "  ", SCOPE_ADMIN).isPresent());
        assertTrue(auth.authenticate(issued.clearToken(), null, SCOPE_CALDAV_PROXY).isEmpty());
    }

    @Test
    void actingSuperAdminIsCappedAtOrgAdmin() {
        IssuedToken issued = issue(org.id(), Set.of(SCOPE_ADMIN), true);
        AuthenticatedUser u = auth.authenticate(issued.clearToken(), superAdmin.name(), SCOPE_ADMIN).orElseThrow();
        assertEquals(Role.SUPER_ADMIN, u.principal().role());
        assertEquals(Role.ORG_ADMIN, u.role());
    }

    @Test
    void revokingATokenRefusesItAtOnceAndOnlyInItsOrg() {
        IssuedToken mine = issue(otherOrg.id(), "mine", Set.of(SCOPE_ADMIN), true);
        IssuedToken also = issue(otherOrg.id(), "also", Set.of(SCOPE_CALDAV_PROXY), true);

        assertTrue(auth.authenticate(mine.clearToken(), stranger.name(), SCOPE_ADMIN).isPresent()); // now cached
        assertFalse(delete(org.id(), mine.id()), "another org's token");
        assertTrue(tokens.verify(mine.clearToken()).isPresent());

        assertTrue(delete(otherOrg.id(), mine.id()));
        assertTrue(tokens.verify(mine.clearToken()).isEmpty());
        assertTrue(auth.authenticate(mine.clearToken(), stranger.name(), SCOPE_ADMIN).isEmpty());
        assertTrue(tokens.verify(also.clearToken()).isPresent());
        assertFalse(delete(otherOrg.id(), mine.id()), "already gone");
        // A fresh instance (another server process) does not know it either.
        assertTrue(new ServiceTokens(directory.apiTokens()).verify(mine.clearToken()).isEmpty());
    }

    @Test
    void lastUsedAtIsWrittenAtMostOnceAMinute() {
        IssuedToken issued = issue(org.id(), Set.of(SCOPE_CALDAV_PROXY), true);
        assertNull(lastUsed(issued.id()));

        tokens.verify(issued.clearToken()).orElseThrow();
        OffsetDateTime firstUse = lastUsed(issued.id());
        assertEquals(clock.instant(), firstUse.toInstant());

        clock.advance(Duration.ofSeconds(30));
        tokens.verify(issued.clearToken()).orElseThrow();
        assertEquals(firstUse, lastUsed(issued.id()));

        clock.advance(Duration.ofSeconds(31));
        tokens.verify(issued.clearToken()).orElseThrow();
        assertEquals(clock.instant(), lastUsed(issued.id()).toInstant());

        // Another process that has never seen the token also respects the minute recorded in the database.
        new ServiceTokens(directory.apiTokens(), clock).verify(issued.clearToken()).orElseThrow();
        assertEquals(clock.instant(), lastUsed(issued.id()).toInstant());
    }

    /** Revokes as the admin API does: the row goes, then the server's verifier is told. */
    private boolean delete(long orgId, long id) {
        boolean gone = db.transaction(() -> directory.apiTokens().revoke(orgId, id)).isPresent();
        if (gone) tokens.revoked(id);
        return gone;
    }

    private OffsetDateTime lastUsed(long id) {
        return db.dsl().select(API_TOKENS.LAST_USED_AT).from(API_TOKENS).where(API_TOKENS.ID.eq(id))
                .fetchOne(API_TOKENS.LAST_USED_AT);
    }
}
