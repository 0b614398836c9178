package io.calroom.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.calroom.principal.Role;
import io.calroom.principal.auth.ServiceTokens;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bearer JWTs (OIDC) and service tokens on the CalDAV side, with just-in-time provisioning. */
class BearerAuthTest {
    static final String ISSUER = "https://idp.example.com/realms/acme";
    static final String AUDIENCE = "calroom";
    static KeyPair key;
    static KeyPair otherKey;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
        otherKey = g.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        server = TestServer.start(BearerAuthTest.class, Map.of("CALDAV_OIDC_ISSUER", ISSUER, "CALDAV_OIDC_AUDIENCE", AUDIENCE,
                "CALDAV_OIDC_PUBLIC_KEY", pem));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String token(KeyPair signWith, String sub, String username, String org, String audience, Instant expires) throws Exception {
        return token(signWith, ISSUER, sub, username, org, audience, expires);
    }

    static String token(KeyPair signWith, String issuer, String sub, String username, String org, String audience, Instant expires)
            throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(sub)
                .expirationTime(Date.from(expires)).issueTime(new Date()).claim("preferred_username", username)
                .claim("email", username + "@acme.example").claim("name", username + " Jones");
        if (org != null) claims.claim("org", org);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) signWith.getPrivate()));
        return jwt.serialize();
    }

    static HttpResponse<String> propfindWith(String authorization, String path, Map<String, String> headers) {
        DavClient.Request r = DavClient.anonymous(server.baseUrl()).request("PROPFIND", path).header("Depth", "0")
                .header("Authorization", authorization);
        headers.forEach(r::header);
        return r.xml("<propfind xmlns=\"DAV:\"><prop><current-user-principal/></prop></propfind>").send();
    }

    @Test
    void firstValidTokenProvisionsTheUserWithItsHome() throws Exception {
        String t = token(key, "sub-1", "jane", "acme", AUDIENCE, Instant.now().plusSeconds(300));
        HttpResponse<String> r = propfindWith("Bearer " + t, "/", Map.of());
        assertEquals(207, r.statusCode(), r.body());
        assertEquals(List.of("/principals/users/jane/"), new Multistatus(r.body()).prop("/", "DAV:", "current-user-principal").hrefs());
        assertEquals(207, propfindWith("Bearer " + t, "/calendars/users/jane/default/", Map.of()).statusCode());
    }

    @Test
    void invalidTokensAre401WithBothChallenges() throws Exception {
        Instant soon = Instant.now().plusSeconds(300);
        for (String t : List.of(token(key, "sub-2", "joe", "acme", AUDIENCE, Instant.now().minusSeconds(600)),
                token(key, "sub-2", "joe", "acme", "someone-else", soon),
                token(otherKey, "sub-2", "joe", "acme", AUDIENCE, soon),
                token(key, "https://evil.example.com", "sub-2", "joe", "acme", AUDIENCE, soon),
                token(key, "sub-2", "joe", null, AUDIENCE, soon),
                "not.a.jwt")) {
            HttpResponse<String> r = propfindWith("Bearer " + t, "/", Map.of());
            assertEquals(401, r.statusCode());
            List<String> challenges = r.headers().allValues("WWW-Authenticate");
            assertTrue(challenges.stream().anyMatch(c -> c.startsWith("Basic")) && challenges.stream().anyMatch(c -> c.startsWith("Bearer")),
                    challenges.toString());
        }
    }

    @Test
    void serviceTokenActsForAUserOfItsOwnOrgOnly() {
        server.user("acme", "proxied", Role.USER);
        server.user("globex", "outsider", Role.USER);
        var directory = server.server().directoryStores();
        long org = directory.principals().orgBySlug("acme").orElseThrow().id();
        String clear = directory.apiTokens().issue(org, "web front end", List.of(ServiceTokens.SCOPE_CALDAV_PROXY), false)
                .clearToken();
        HttpResponse<String> ok = propfindWith("Bearer " + clear, "/calendars/users/proxied/", Map.of("X-Calroom-Acting-User", "proxied"));
        assertEquals(207, ok.statusCode(), ok.body());
        assertEquals(401, propfindWith("Bearer " + clear, "/", Map.of("X-Calroom-Acting-User", "outsider")).statusCode());
        assertEquals(401, propfindWith("Bearer " + clear, "/", Map.of()).statusCode(), "CalDAV needs an acting user");
        assertEquals(401, propfindWith("Bearer crt_wrong", "/", Map.of("X-Calroom-Acting-User", "proxied")).statusCode());
    }
}
