package io.calroom.principal.auth;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Settings validation, static key parsing and {@link AuthenticatedUser} invariants (no database). */
class OidcSettingsTest {
    private static final RSAKey RSA = Tokens.rsa("r");
    private static final ECKey EC = Tokens.ec("e");

    private static OidcSettings.Builder base() {
        return OidcSettings.builder("https://issuer", "aud").jwksUrl("https://issuer/jwks");
    }

    @Test
    void defaults() {
        OidcSettings s = base().build();
        assertEquals("preferred_username", s.usernameClaim());
        assertEquals("email", s.emailClaim());
        assertEquals("name", s.nameClaim());
        assertEquals("org", s.orgClaim());
        assertEquals("roles", s.rolesClaim());
        assertEquals("groups", s.groupsClaim());
        assertEquals(List.of("can_admin", "org-admin"), s.orgAdminValues());
        assertEquals(List.of("super-admin"), s.superAdminValues());
        assertEquals(Duration.ofSeconds(60), s.clockSkew());
        assertEquals(Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "PS256"), s.allowedAlgorithms());
        assertNull(s.verificationKey());
    }

    @Test
    void requiredSettings() {
        assertThrows(IllegalArgumentException.class, () -> OidcSettings.builder(null, "aud").jwksUrl("https://x/j").build());
        assertThrows(IllegalArgumentException.class, () -> OidcSettings.builder("iss", " ").jwksUrl("https://x/j").build());
        assertThrows(IllegalArgumentException.class, () -> OidcSettings.builder("iss", "aud").build(), "no key source");
        assertThrows(IllegalArgumentException.class, () -> base().verificationKey(pem(RSA.toPublicKey())).build(), "both");
        assertThrows(IllegalArgumentException.class, () -> OidcSettings.builder("iss", "aud").jwksUrl("file:///etc/jwks").build());
        assertThrows(IllegalArgumentException.class, () -> base().clockSkew(Duration.ofSeconds(-1)).build());
    }

    @Test
    void onlyAsymmetricAlgorithmsMayBeAllowed() {
        for (String bad : List.of("none", "HS256", "HS512", "EdDSA", "RSA-OAEP")) {
            assertThrows(IllegalArgumentException.class, () -> base().allowedAlgorithms(Set.of(bad)).build(), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> base().allowedAlgorithms(Set.of()).build());
        assertEquals(Set.of("ES512", "PS384"), base().allowedAlgorithms(Set.of("es512", "PS384")).build().allowedAlgorithms());
    }

    @Test
    void staticKeysInEveryAcceptedForm() throws Exception {
        JWKSet rsaPem = VerificationKeys.parse(pem(RSA.toPublicKey()));
        assertEquals(KeyType.RSA, rsaPem.getKeys().get(0).getKeyType());
        assertNull(rsaPem.getKeys().get(0).getKeyID());
        JWKSet ecPem = VerificationKeys.parse(pem(EC.toPublicKey()));
        assertEquals(EC.toPublicJWK().toECKey().getX(), ecPem.getKeys().get(0).toECKey().getX());
        assertEquals(1, VerificationKeys.parse(RSA.toPublicJWK().toJSONString()).size());
        assertEquals(2, VerificationKeys.parse(new JWKSet(List.of(RSA, EC)).toString()).size());
        // A private JWK given by mistake keeps only its public part.
        assertFalse(VerificationKeys.parse(RSA.toJSONString()).getKeys().get(0).isPrivate());
        OidcSettings s = OidcSettings.builder("iss", "aud").verificationKey(pem(EC.toPublicKey())).build();
        assertEquals("iss", s.issuer());
    }

    @Test
    void badStaticKeysAreRefusedAtConfiguration() {
        String secret = new OctetSequenceKey.Builder(new byte[32]).build().toJSONString();
        for (String bad : List.of(secret, "hello", "{\"kty\":\"RSA\"}", "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----",
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")) {
            assertThrows(IllegalArgumentException.class,
                    () -> OidcSettings.builder("iss", "aud").verificationKey(bad).build(), bad);
        }
    }

    @Test
    void authenticatedUserInvariants() {
        Principal p = new Principal(7, UUID.randomUUID(), 3, PrincipalKind.USER, "u", "INDIVIDUAL", null, null,
                Role.SUPER_ADMIN, true);
        AuthenticatedUser password = AuthenticatedUser.password(p);
        assertEquals(Role.SUPER_ADMIN, password.role());
        assertEquals(3, password.orgId());
        ServiceToken token = new ServiceToken(9, 3, "t", Set.of("admin"), false, Instant.now(), null);
        assertEquals(Role.ORG_ADMIN, AuthenticatedUser.serviceTokenActingAs(p, token).role());
        ServiceToken otherOrg = new ServiceToken(9, 4, "t", Set.of("admin"), false, Instant.now(), null);
        assertThrows(IllegalArgumentException.class, () -> AuthenticatedUser.serviceTokenActingAs(p, otherOrg));
        assertThrows(IllegalArgumentException.class, () -> new AuthenticatedUser(null, AuthMethod.JWT, null, true, 3, Role.ORG_ADMIN));
        assertThrows(IllegalArgumentException.class, () -> new AuthenticatedUser(null, AuthMethod.SERVICE_TOKEN, 9L, true, 3, Role.SUPER_ADMIN));
        assertThrows(IllegalArgumentException.class, () -> new AuthenticatedUser(p, AuthMethod.JWT, 9L, true));
        assertThrows(IllegalArgumentException.class, () -> new AuthenticatedUser(p, AuthMethod.JWT, null, true, 3, Role.USER));
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
