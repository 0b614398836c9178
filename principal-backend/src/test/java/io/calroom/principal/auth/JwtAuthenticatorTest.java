package io.calroom.principal.auth;

import io.calroom.principal.JooqPrincipalStore;
import io.calroom.principal.DirectoryStores;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.calroom.principal.Principal;
import io.calroom.principal.Role;
import io.calroom.schema.Database;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.calroom.principal.auth.Tokens.claims;
import static io.calroom.principal.auth.Tokens.sign;
import static io.calroom.schema.jooq.Tables.CALENDARS;
import static io.calroom.schema.jooq.Tables.GROUPS;
import static io.calroom.schema.jooq.Tables.GROUP_MEMBERS;
import static io.calroom.schema.jooq.Tables.ORGS;
import static io.calroom.schema.jooq.Tables.PRINCIPALS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JWTs verified against a static JWK set holding an RSA and an EC public key (each with a kid). */
class JwtAuthenticatorTest extends DatabaseTestBase {
    private final RSAKey rsa = Tokens.rsa("rsa-1");
    private final ECKey ec = Tokens.ec("ec-1");
    private OidcSettings settings;
    private JwtAuthenticator auth;

    @BeforeAll
    void setUpAuthenticator() {
        settings = OidcSettings.builder(Tokens.ISSUER, Tokens.AUDIENCE)
                .verificationKey(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString())
                .build();
        auth = new JwtAuthenticator(settings, db, directory);
    }

    @Test
    void validTokenProvisionsUserWithHomeInOrgWithRoleAndGroups() {
        String org = unique("acme");
        String name = unique("alice");
        JWTClaimsSet c = claims(org, name)
                .claim("roles", List.of("employee", "can_admin"))
                .claim("groups", List.of("engineering", "/sales", "not valid!"))
                .build();

        AuthenticatedUser user = auth.authenticate(sign(rsa, c)).orElseThrow();

        Principal p = user.principal();
        assertEquals(AuthMethod.JWT, user.method());
        assertNull(user.serviceTokenId());
        assertTrue(user.sendImip());
        assertEquals(name, p.name());
        assertEquals(Role.ORG_ADMIN, p.role());
        assertEquals(Role.ORG_ADMIN, user.role());
        assertEquals("User " + name, p.displayName());
        assertEquals(name + "@example.test", p.email());
        assertTrue(p.active());
        assertEquals(org, new JooqPrincipalStore(db.dsl()).orgById(p.orgId()).orElseThrow().slug());
        assertEquals(p.orgId(), user.orgId());

        Record row = db.dsl().select(PRINCIPALS.OIDC_SUBJECT, PRINCIPALS.FIRST_NAME, PRINCIPALS.LAST_NAME)
                .from(PRINCIPALS).where(PRINCIPALS.ID.eq(p.id())).fetchOne();
        assertEquals(c.getSubject(), row.get(PRINCIPALS.OIDC_SUBJECT));
        assertEquals("User", row.get(PRINCIPALS.FIRST_NAME));
        assertEquals(name, row.get(PRINCIPALS.LAST_NAME));

        Map<String, String> home = db.dsl().select(CALENDARS.URI, CALENDARS.KIND).from(CALENDARS)
                .where(CALENDARS.OWNER_ID.eq(p.id())).fetchMap(CALENDARS.URI, CALENDARS.KIND);
        assertEquals(Map.of("default", "calendar", "inbox", "inbox", "outbox", "outbox"), home);
        assertEquals(List.of("mailto:" + name + "@example.test", "urn:uuid:" + p.uuid()),
                new JooqPrincipalStore(db.dsl()).addresses(p.id()));

        assertEquals(Set.of("engineering", "sales"), groupsOf(p.id()));
        assertEquals(Set.of("oidc"), db.dsl().selectDistinct(GROUPS.SOURCE).from(GROUPS)
                .where(GROUPS.ORG_ID.eq(p.orgId())).fetchSet(GROUPS.SOURCE));
    }

    @Test
    void ecSignedTokenIsAccepted() {
        String name = unique("ecuser");
        AuthenticatedUser user = auth.authenticate(sign(ec, claims(unique("ecorg"), name).build())).orElseThrow();
        assertEquals(name, user.principal().name());
        assertEquals(Role.USER, user.role());
    }

    @Test
    void secondLoginUpdatesNamesRoleAndOidcGroupsButNotAdminGroups() {
        String org = unique("beta");
        String name = unique("bob");
        JWTClaimsSet first = claims(org, name).claim("groups", List.of("a", "b")).build();
        Principal p1 = auth.authenticate(sign(rsa, first)).orElseThrow().principal();
        assertEquals(Role.USER, p1.role());
        assertEquals(Set.of("a", "b"), groupsOf(p1.id()));

        // The admin API made two groups: one the user is in, one named like a group the token will claim.
        long staff = adminGroup(p1.orgId(), "staff");
        long restricted = adminGroup(p1.orgId(), "restricted");
        db.dsl().insertInto(GROUP_MEMBERS).set(GROUP_MEMBERS.GROUP_ID, staff).set(GROUP_MEMBERS.PRINCIPAL_ID, p1.id()).execute();

        JWTClaimsSet second = claims(org, name).subject(first.getSubject())
                .claim("name", "Robert Renamed").claim("given_name", "Robert").claim("family_name", "Renamed")
                .claim("email", name + "@new.example.test")
                .claim("roles", "super-admin")
                .claim("groups", List.of("b", "c", "restricted"))
                .build();
        Principal p2 = auth.authenticate(sign(rsa, second)).orElseThrow().principal();

        assertEquals(p1.id(), p2.id());
        assertEquals(name, p2.name());
        assertEquals("Robert Renamed", p2.displayName());
        assertEquals(name + "@new.example.test", p2.email());
        assertEquals(Role.SUPER_ADMIN, p2.role());
        assertEquals(Set.of("b", "c", "staff"), groupsOf(p2.id()));
        assertEquals("admin", db.dsl().select(GROUPS.SOURCE).from(GROUPS).where(GROUPS.ID.eq(restricted)).fetchOne(GROUPS.SOURCE));
        Record row = db.dsl().select(PRINCIPALS.FIRST_NAME, PRINCIPALS.LAST_NAME).from(PRINCIPALS)
                .where(PRINCIPALS.ID.eq(p2.id())).fetchOne();
        assertEquals("Robert", row.get(PRINCIPALS.FIRST_NAME));
        assertEquals("Renamed", row.get(PRINCIPALS.LAST_NAME));
        assertEquals(1, db.dsl().fetchCount(CALENDARS, CALENDARS.OWNER_ID.eq(p2.id()).and(CALENDARS.URI.eq("default"))));

        // A third login whose token has no groups claim at all leaves only the admin-managed membership.
        JWTClaimsSet third = claims(org, name).subject(first.getSubject()).build();
        Principal p3 = auth.authenticate(sign(rsa, third)).orElseThrow().principal();
        assertEquals(Set.of("staff"), groupsOf(p3.id()));
        assertEquals(Role.USER, p3.role());
    }

    @Test
    void existingUserOfTheSameOrgIsLinkedByNameOnceOnly() {
        String org = unique("gamma");
        String name = unique("carol");
        Principal existing = createUser(org, name, Role.USER);

        JWTClaimsSet c = claims(org, name).build();
        Principal linked = auth.authenticate(sign(rsa, c)).orElseThrow().principal();
        assertEquals(existing.id(), linked.id());
        assertEquals(c.getSubject(), db.dsl().select(PRINCIPALS.OIDC_SUBJECT).from(PRINCIPALS)
                .where(PRINCIPALS.ID.eq(existing.id())).fetchOne(PRINCIPALS.OIDC_SUBJECT));

        // Another subject of the same org claiming the same user name does not get the account.
        assertTrue(auth.authenticate(sign(rsa, claims(org, name).build())).isEmpty());
    }

    @Test
    void userNameFallsBackToEmailLocalPartThenSubject() {
        String org = unique("delta");
        String local = unique("dave");
        JWTClaimsSet byEmail = claims(org, "ignored").claim("preferred_username", null)
                .claim("email", local + "@mail.example.test").build();
        assertEquals(local, auth.authenticate(sign(rsa, byEmail)).orElseThrow().principal().name());

        String sub = unique("subject");
        JWTClaimsSet bySub = claims(org, "ignored").subject(sub).claim("preferred_username", null)
                .claim("email", null).build();
        Principal p = auth.authenticate(sign(rsa, bySub)).orElseThrow().principal();
        assertEquals(sub, p.name());
        assertNull(p.email());
    }

    @Test
    void unverifiedEmailIsNotUsed() {
        String name = unique("erin");
        JWTClaimsSet c = claims(unique("eps"), name).claim("email_verified", false).build();
        Principal p = auth.authenticate(sign(rsa, c)).orElseThrow().principal();
        assertNull(p.email());
        assertEquals(List.of("urn:uuid:" + p.uuid()), new JooqPrincipalStore(db.dsl()).addresses(p.id()));
    }

    @Test
    void expiredTokenIsRejected() {
        Instant now = Instant.now();
        JWTClaimsSet c = claims(unique("exp"), unique("u")).issueTime(Date.from(now.minusSeconds(900)))
                .notBeforeTime(Date.from(now.minusSeconds(900))).expirationTime(Date.from(now.minusSeconds(120))).build();
        assertTrue(auth.authenticate(sign(rsa, c)).isEmpty());
    }

    @Test
    void tokenExpiredWithinTheClockSkewIsAccepted() {
        JWTClaimsSet c = claims(unique("skew"), unique("u"))
                .expirationTime(Date.from(Instant.now().minusSeconds(20))).build();
        assertTrue(auth.authenticate(sign(rsa, c)).isPresent());
    }

    @Test
    void tokenNotYetValidIsRejected() {
        JWTClaimsSet c = claims(unique("nbf"), unique("u"))
                .notBeforeTime(Date.from(Instant.now().plusSeconds(300))).build();
        assertTrue(auth.authenticate(sign(rsa, c)).isEmpty());
    }

    @Test
    void wrongAudienceIsRejected() {
        assertTrue(auth.authenticate(sign(rsa, claims(unique("aud"), unique("u")).audience("other-app").build())).isEmpty());
        assertTrue(auth.authenticate(sign(rsa, claims(unique("aud"), unique("u")).audience((String) null).build())).isEmpty());
    }

    @Test
    void tokenWhoseAudienceListContainsOursIsAccepted() {
        JWTClaimsSet c = claims(unique("auds"), unique("u")).audience(List.of("account", Tokens.AUDIENCE)).build();
        assertTrue(auth.authenticate(sign(rsa, c)).isPresent());
    }

    @Test
    void wrongIssuerIsRejected() {
        assertTrue(auth.authenticate(sign(rsa, claims(unique("iss"), unique("u")).issuer("https://evil.example.test").build())).isEmpty());
    }

    @Test
    void missingSubjectIsRejected() {
        assertTrue(auth.authenticate(sign(rsa, claims(unique("sub"), unique("u")).subject(null).build())).isEmpty());
    }

    @Test
    void signatureByAnotherKeyWithTheSameKidIsRejected() {
        RSAKey impostor = Tokens.rsa("rsa-1");
        assertTrue(auth.authenticate(sign(impostor, claims(unique("sig"), unique("u")).build())).isEmpty());
        ECKey ecImpostor = Tokens.ec("ec-1");
        assertTrue(auth.authenticate(sign(ecImpostor, claims(unique("sig"), unique("u")).build())).isEmpty());
    }

    @Test
    void tamperedPayloadIsRejected() {
        String org = unique("tamper");
        String token = sign(rsa, claims(org, unique("u")).build());
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"" + org + "\"", "\"" + unique("victim") + "\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertTrue(auth.authenticate(forged).isEmpty());
    }

    @Test
    void unsignedAndHmacTokensAreRejected() {
        JWTClaimsSet c = claims(unique("none"), unique("u")).build();
        assertTrue(auth.authenticate(new PlainJWT(c).serialize()).isEmpty());
        // HS256 under a random secret, and under the RSA public key's JSON (the classic key-confusion attack).
        assertTrue(auth.authenticate(Tokens.signHs256(new byte[32], "rsa-1", c)).isEmpty());
        byte[] publicKeyAsSecret = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        assertTrue(auth.authenticate(Tokens.signHs256(publicKeyAsSecret, "rsa-1", c)).isEmpty());
    }

    @Test
    void algorithmNotAllowedIsRejected() {
        OidcSettings onlyEs = settings.toBuilder().allowedAlgorithms(Set.of("ES256")).build();
        JwtAuthenticator strict = new JwtAuthenticator(onlyEs, db, directory);
        assertTrue(strict.authenticate(sign(rsa, claims(unique("alg"), unique("u")).build())).isEmpty());
        assertTrue(strict.authenticate(sign(ec, claims(unique("alg"), unique("u")).build())).isPresent());
    }

    @Test
    void unknownKidIsRejected() {
        RSAKey stranger = Tokens.rsa("rsa-unknown");
        assertTrue(auth.authenticate(sign(stranger, claims(unique("kid"), unique("u")).build())).isEmpty());
        // Even the right key is refused under a kid the key set does not have.
        assertTrue(auth.authenticate(sign(rsa, JWSAlgorithm.RS256, "rsa-2", claims(unique("kid"), unique("u")).build())).isEmpty());
    }

    @Test
    void malformedTokensAreRejected() {
        assertTrue(auth.authenticate(null).isEmpty());
        assertTrue(auth.authenticate("").isEmpty());
        assertTrue(auth.authenticate("not-a-jwt").isEmpty());
        assertTrue(auth.authenticate("a.b.c").isEmpty());
        assertTrue(auth.authenticate("crt_" + "x".repeat(43)).isEmpty());
        assertTrue(auth.authenticate("x".repeat(JwtAuthenticator.MAX_TOKEN_CHARS + 1)).isEmpty());
    }

    @Test
    void missingOrInvalidOrgClaimIsRejectedAndNothingIsWritten() {
        String name = unique("orgless");
        assertTrue(auth.authenticate(sign(rsa, claims("x", name).claim("org", null).build())).isEmpty());
        assertTrue(auth.authenticate(sign(rsa, claims("Not A Slug", name).build())).isEmpty());
        assertTrue(auth.authenticate(sign(rsa, claims("x", name).claim("org", List.of("a")).build())).isEmpty());
        assertEquals(0, db.dsl().fetchCount(PRINCIPALS, PRINCIPALS.NAME.eq(name)));
    }

    @Test
    void userNameOfAnotherOrgIsNotHijacked() {
        String otherOrg = unique("other");
        String name = unique("mallory-target");
        Principal victim = createUser(otherOrg, name, Role.ORG_ADMIN);
        String attackerOrg = unique("attacker");

        assertTrue(auth.authenticate(sign(rsa, claims(attackerOrg, name).claim("roles", "org-admin").build())).isEmpty());

        assertEquals(0, db.dsl().fetchCount(ORGS, ORGS.SLUG.eq(attackerOrg)), "the transaction was rolled back");
        Record row = db.dsl().select(PRINCIPALS.ORG_ID, PRINCIPALS.OIDC_SUBJECT).from(PRINCIPALS)
                .where(PRINCIPALS.ID.eq(victim.id())).fetchOne();
        assertEquals(victim.orgId(), row.get(PRINCIPALS.ORG_ID));
        assertNull(row.get(PRINCIPALS.OIDC_SUBJECT));
    }

    @Test
    void emailOfAnotherPrincipalIsNotTaken() {
        String org = unique("mail");
        String first = unique("first");
        auth.authenticate(sign(rsa, claims(org, first).build())).orElseThrow();
        Principal second = auth.authenticate(sign(rsa, claims(org, unique("second"))
                .claim("email", first + "@example.test").build())).orElseThrow().principal();
        assertNull(second.email());
    }

    @Test
    void inactiveUserIsRefusedAndInvalidateDropsCachedTokens() {
        String org = unique("inact");
        String name = unique("ivan");
        JWTClaimsSet c = claims(org, name).build();
        String token = sign(rsa, c);
        Principal p = auth.authenticate(token).orElseThrow().principal();

        setActive(p, false);
        assertTrue(auth.authenticate(sign(rsa, claims(org, name).subject(c.getSubject()).build())).isEmpty(),
                "a new token of the inactive user");
        assertTrue(auth.authenticate(token).isPresent(), "the cached token, until invalidated");
        auth.invalidate(p.id());
        assertTrue(auth.authenticate(token).isEmpty());
        // Refusal wrote nothing: still inactive.
        assertFalse(new JooqPrincipalStore(db.dsl()).byId(p.id()).orElseThrow().active());
    }

    @Test
    void cacheHitDoesNoSignatureCheckAndNoDatabaseAccess() {
        AtomicInteger keyLookups = new AtomicInteger();
        JWKSource<SecurityContext> keys = OidcTokenVerifier.staticKeys(new JWKSet(rsa.toPublicJWK()));
        JWKSource<SecurityContext> counting = (selector, ctx) -> {
            keyLookups.incrementAndGet();
            return keys.get(selector, ctx);
        };
        Database own = openAnother();
        JwtAuthenticator cached = new JwtAuthenticator(settings, own, DirectoryStores.over(own, HASHER), counting, Clock.systemUTC());
        String token = sign(rsa, claims(unique("cache"), unique("u")).build());

        AuthenticatedUser first = cached.authenticate(token).orElseThrow();
        assertEquals(1, keyLookups.get());

        own.close(); // any query from now on fails
        AuthenticatedUser again = cached.authenticate(token).orElseThrow();
        assertEquals(first, again);
        assertEquals(1, keyLookups.get(), "no signature verification on a cache hit");

        // The closed pool is really out of use: a token not yet cached needs the database and fails loudly.
        String other = sign(rsa, claims(unique("cache"), unique("u")).build());
        assertThrows(DataAccessException.class, () -> cached.authenticate(other));
    }

    @Test
    void cacheEntryEndsAtTheTokenExpiry() {
        AtomicInteger keyLookups = new AtomicInteger();
        JWKSource<SecurityContext> keys = OidcTokenVerifier.staticKeys(new JWKSet(rsa.toPublicJWK()));
        MutableClock clock = new MutableClock(Instant.now());
        JwtAuthenticator cached = new JwtAuthenticator(settings, db, directory, (selector, ctx) -> {
            keyLookups.incrementAndGet();
            return keys.get(selector, ctx);
        }, clock);
        String token = sign(rsa, claims(unique("ttl"), unique("u")).build()); // exp in 10 minutes
        assertTrue(cached.authenticate(token).isPresent());
        clock.advance(Duration.ofMinutes(9));
        assertTrue(cached.authenticate(token).isPresent());
        assertEquals(1, keyLookups.get());
        clock.advance(Duration.ofMinutes(2)); // past exp by the cache's clock: verified again (nimbus uses real time)
        cached.authenticate(token);
        assertEquals(2, keyLookups.get());
    }

    @Test
    void staticPemKeyWithoutKidVerifiesTokensWhateverTheirKid() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(rsa.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        JwtAuthenticator pemAuth = new JwtAuthenticator(
                settings.toBuilder().verificationKey(pem).build(), db, directory);
        assertTrue(pemAuth.authenticate(sign(rsa, JWSAlgorithm.RS256, "any-kid", claims(unique("pem"), unique("u")).build())).isPresent());
        assertTrue(pemAuth.authenticate(sign(rsa, JWSAlgorithm.RS256, null, claims(unique("pem"), unique("u")).build())).isPresent());
        assertTrue(pemAuth.authenticate(sign(Tokens.rsa("any-kid"), claims(unique("pem"), unique("u")).build())).isEmpty());
    }

    @Test
    void customClaimNamesAndNestedRoles() {
        OidcSettings keycloak = settings.toBuilder().orgClaim("tenant").rolesClaim("realm_access.roles")
                .groupsClaim("teams").usernameClaim("uname").orgAdminValues(List.of("manager")).superAdminValues(List.of())
                .build();
        JwtAuthenticator kc = new JwtAuthenticator(keycloak, db, directory);
        String org = unique("kc");
        String name = unique("kcuser");
        JWTClaimsSet c = claims("unused", "unused").claim("org", null).claim("preferred_username", null)
                .claim("tenant", org).claim("uname", name)
                .claim("realm_access", Map.of("roles", List.of("manager", "super-admin")))
                .claim("teams", List.of("t1")).build();
        AuthenticatedUser user = kc.authenticate(sign(rsa, c)).orElseThrow();
        assertEquals(name, user.principal().name());
        assertEquals(Role.ORG_ADMIN, user.role(), "super-admin is not mapped: no token can make one");
        assertEquals(Set.of("t1"), groupsOf(user.principal().id()));
    }

    @Test
    void concurrentFirstLoginsOfOneUserMakeOnePrincipal() throws Exception {
        String org = unique("race");
        String name = unique("racer");
        JWTClaimsSet base = claims(org, name).claim("groups", List.of("g1", "g2")).build();
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tokens.add(sign(rsa, new JWTClaimsSet.Builder(base).jwtID("j" + i).build()));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Optional<AuthenticatedUser>>> results = new java.util.ArrayList<>();
            for (String t : tokens) results.add(pool.submit(() -> auth.authenticate(t)));
            Set<Long> ids = new java.util.HashSet<>();
            for (var f : results) ids.add(f.get().orElseThrow().principal().id());
            assertEquals(1, ids.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, db.dsl().fetchCount(PRINCIPALS, PRINCIPALS.NAME.eq(name)));
    }

    private Set<String> groupsOf(long principalId) {
        return db.dsl().select(GROUPS.NAME).from(GROUPS).join(GROUP_MEMBERS).on(GROUP_MEMBERS.GROUP_ID.eq(GROUPS.ID))
                .where(GROUP_MEMBERS.PRINCIPAL_ID.eq(principalId)).fetch(GROUPS.NAME).stream().collect(Collectors.toSet());
    }

    private long adminGroup(long orgId, String name) {
        return db.dsl().insertInto(GROUPS).set(GROUPS.ORG_ID, orgId).set(GROUPS.NAME, name).set(GROUPS.SOURCE, "admin")
                .returning(GROUPS.ID).fetchOne(GROUPS.ID);
    }
}
