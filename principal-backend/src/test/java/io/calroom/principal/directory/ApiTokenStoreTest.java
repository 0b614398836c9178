package io.calroom.principal.directory;

import io.calroom.principal.Org;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static io.calroom.schema.jooq.Tables.API_TOKENS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokenStoreTest {
    static DirectoryDb d;
    static Org a;
    static Org b;

    @BeforeAll
    static void open() {
        d = DirectoryDb.open("ApiTokenStoreTest");
        a = d.org("tok-a");
        b = d.org("tok-b");
    }

    @AfterAll
    static void close() {
        d.close();
    }

    @Test
    void issueStoresOnlyTheHash() throws Exception {
        ApiTokenStore s = new JooqApiTokenStore(d.dsl());
        IssuedToken t = s.issue(a.id(), "booking app", List.of("caldav-proxy"), false);
        assertTrue(t.clearToken().matches("^crt_[A-Za-z0-9_-]{43}$"), t.clearToken());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(t.clearToken().getBytes(StandardCharsets.UTF_8)));
        assertEquals(sha, t.token().tokenHash());
        assertEquals(sha, d.dsl().select(API_TOKENS.TOKEN_HASH).from(API_TOKENS).where(API_TOKENS.ID.eq(t.token().id())).fetchOne().value1());
        assertEquals(0, d.dsl().fetchCount(API_TOKENS, API_TOKENS.TOKEN_HASH.eq(t.clearToken())));
        assertEquals(List.of("caldav-proxy"), t.token().scopes());
        assertFalse(t.token().sendImip());
        assertFalse(t.toString().contains(t.clearToken()));
        assertNotEquals(t.clearToken(), s.issue(a.id(), "second", List.of("admin"), true).clearToken());
    }

    @Test
    void listGetRevokeWithinTheOrgOnly() {
        ApiTokenStore s = new JooqApiTokenStore(d.dsl());
        Org o = d.org("tok-list");
        IssuedToken one = s.issue(o.id(), "one", List.of("admin", "caldav-proxy"), true);
        IssuedToken two = s.issue(o.id(), "two", List.of("admin"), true);
        Page<ApiToken> page = s.list(o.id(), 100, 0);
        assertEquals(2, page.total());
        assertEquals(List.of("two", "one"), DirectoryDb.names(page, ApiToken::name), "newest first");
        assertEquals(1, s.list(o.id(), 1, 1).items().size());
        assertTrue(s.get(b.id(), one.token().id()).isEmpty());
        assertTrue(s.revoke(b.id(), one.token().id()).isEmpty());
        assertEquals(one.token().tokenHash(), s.revoke(o.id(), one.token().id()).orElseThrow().tokenHash());
        assertTrue(s.get(o.id(), one.token().id()).isEmpty());
        assertTrue(s.get(o.id(), two.token().id()).isPresent());
    }

    @Test
    void badInputIsRefused() {
        ApiTokenStore s = new JooqApiTokenStore(d.dsl());
        assertThrows(IllegalArgumentException.class, () -> s.issue(a.id(), "x", List.of("root"), true));
        assertThrows(IllegalArgumentException.class, () -> s.issue(a.id(), "x", List.of(), true));
        assertThrows(IllegalArgumentException.class, () -> s.issue(a.id(), " ", List.of("admin"), true));
    }
}
