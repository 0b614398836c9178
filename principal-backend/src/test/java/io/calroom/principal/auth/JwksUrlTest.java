package io.calroom.principal.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.calroom.principal.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.calroom.principal.auth.Tokens.claims;
import static io.calroom.principal.auth.Tokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JWKS URL mode against an in-process HTTP server publishing the provider's keys. */
class JwksUrlTest extends DatabaseTestBase {
    private final RSAKey first = Tokens.rsa("2025-a");
    private final RSAKey second = Tokens.rsa("2025-b");
    private final List<JWK> published = new CopyOnWriteArrayList<>(List.of(first.toPublicJWK()));
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;
    private String jwksUrl;

    @BeforeAll
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(new ArrayList<>(published)).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        jwksUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.stop(0);
    }

    private JwtAuthenticator authenticator(String url) {
        OidcSettings settings = OidcSettings.builder(Tokens.ISSUER, Tokens.AUDIENCE).jwksUrl(url).build();
        return new JwtAuthenticator(settings, db, directory);
    }

    @Test
    void keysAreFetchedCachedRefreshedForANewKidAndUnknownKidsRejected() {
        JwtAuthenticator auth = authenticator(jwksUrl);
        String org = unique("jwks");

        AuthenticatedUser u1 = auth.authenticate(sign(first, claims(org, unique("u")).claim("roles", "org-admin").build())).orElseThrow();
        assertEquals(Role.ORG_ADMIN, u1.role());
        assertEquals(1, fetches.get());

        assertTrue(auth.authenticate(sign(first, claims(org, unique("u")).build())).isPresent());
        assertEquals(1, fetches.get(), "the key set is cached");

        // Key rotation: the provider publishes a second key; a token naming it makes the set be fetched again.
        published.add(second.toPublicJWK());
        assertTrue(auth.authenticate(sign(second, claims(org, unique("u")).build())).isPresent());
        assertEquals(2, fetches.get());

        assertTrue(auth.authenticate(sign(Tokens.rsa("2025-z"), claims(org, unique("u")).build())).isEmpty());
        // A token signed by a stranger's key under a published kid is rejected too.
        assertTrue(auth.authenticate(sign(Tokens.rsa("2025-a"), claims(org, unique("u")).build())).isEmpty());
    }

    @Test
    void unreachableJwksUrlRejects() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        JwtAuthenticator auth = authenticator("http://127.0.0.1:" + closedPort + "/jwks.json");
        assertTrue(auth.authenticate(sign(first, claims(unique("down"), unique("u")).build())).isEmpty());
    }
}
