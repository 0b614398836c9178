package io.calroom.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.calroom.principal.Org;
import io.calroom.principal.Role;
import io.calroom.principal.directory.ApiTokenStore;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokensApiTest {
    static ApiServer api;
    static Org acme;
    static final String ADMIN = "org-admin:acme:ann";
    static final String BASE = "/api/v1/orgs/acme/tokens";

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start("TokensApiTest");
        acme = api.org("acme");
        api.user(acme, "ann", Role.ORG_ADMIN);
        api.user(acme, "usr", Role.USER);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void theClearTokenIsShownOnceAndOnlyItsHashIsStored() throws Exception {
        ApiServer.Res r = api.req("POST", BASE).as(ADMIN).json("{\"name\":\"web front end\",\"scopes\":[\"caldav-proxy\"],\"sendImip\":false}")
                .expect(201);
        JsonNode t = r.json();
        String clear = t.get("token").asText();
        assertTrue(clear.matches("^crt_[A-Za-z0-9_-]{43}$"), clear);
        long id = t.get("id").asLong();
        assertEquals(BASE + "/" + id, r.header("Location"));
        assertEquals("web front end", t.get("name").asText());
        assertEquals("[\"caldav-proxy\"]", t.get("scopes").toString());
        assertFalse(t.get("sendImip").asBoolean());
        assertTrue(t.get("lastUsedAt").isNull());
        assertFalse(t.get("createdAt").asText().isEmpty());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(clear.getBytes(StandardCharsets.UTF_8)));
        assertEquals(sha, api.db.dsl().select(API_TOKENS.TOKEN_HASH).from(API_TOKENS).where(API_TOKENS.ID.eq(id)).fetchOne().value1());
        assertEquals(sha, ApiTokenStore.hash(clear));

        ApiServer.Res list = api.req("GET", BASE).as(ADMIN).expect(200);
        assertFalse(list.body().contains(clear));
        assertFalse(list.body().contains(sha));
        assertFalse(list.json().get("items").get(0).has("token"));
        ApiServer.Res one = api.req("GET", BASE + "/" + id).as(ADMIN).expect(200);
        assertFalse(one.body().contains(clear));
        assertEquals("web front end", one.json().get("name").asText());

        api.req("DELETE", BASE + "/" + id).as(ADMIN).expect(204);
        assertTrue(api.events.contains("token:" + id + ":" + sha));
        api.req("DELETE", BASE + "/" + id).as(ADMIN).expect(404);
        api.req("GET", BASE + "/" + id).as(ADMIN).expect(404);
        assertEquals(0, api.db.dsl().fetchCount(API_TOKENS, API_TOKENS.ID.eq(id)));
    }

    @Test
    void defaultsAndValidation() {
        JsonNode t = api.req("POST", BASE).as(ADMIN).json("{\"name\":\"booking app\"}").expect(201).json();
        assertEquals("[\"caldav-proxy\",\"admin\"]", t.get("scopes").toString());
        assertTrue(t.get("sendImip").asBoolean());
        assertEquals(List.of("name"), api.req("POST", BASE).as(ADMIN).json("{}").expect(400).errorFields());
        assertEquals(List.of("scopes[1]"), api.req("POST", BASE).as(ADMIN).json("{\"name\":\"x\",\"scopes\":[\"admin\",\"root\"]}").expect(400).errorFields());
        assertEquals(List.of("scopes"), api.req("POST", BASE).as(ADMIN).json("{\"name\":\"x\",\"scopes\":[]}").expect(400).errorFields());
        assertEquals(List.of("token"), api.req("POST", BASE).as(ADMIN).json("{\"name\":\"x\",\"token\":\"crt_mine\"}").expect(400).errorFields(),
                "callers cannot choose their token");
        api.req("DELETE", BASE + "/not-a-number").as(ADMIN).expect(404);
        api.req("DELETE", BASE + "/0").as(ADMIN).expect(404);
    }

    @Test
    void pagination() {
        Org o = api.org("tokens-page");
        api.user(o, "tp-admin", Role.ORG_ADMIN);
        String admin = "org-admin:tokens-page:tp-admin";
        for (int i = 0; i < 3; i++) api.req("POST", "/api/v1/orgs/tokens-page/tokens").as(admin).json("{\"name\":\"t" + i + "\"}").expect(201);
        JsonNode page = api.req("GET", "/api/v1/orgs/tokens-page/tokens?limit=2").as(admin).expect(200).json();
        assertEquals(3, page.get("total").asInt());
        assertEquals(2, page.get("items").size());
        assertEquals(List.of("t2", "t1", "t0"), api.req("GET", "/api/v1/orgs/tokens-page/tokens").as(admin).expect(200).itemStrings("name"));
    }

    @Test
    void usersCannotIssueTokens() {
        api.req("POST", BASE).as("user:acme:usr").json("{\"name\":\"mine\"}").expect(403);
        api.req("GET", BASE).as("user:acme:usr").expect(403);
    }
}
