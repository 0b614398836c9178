package io.calroom.admin;

import io.calroom.principal.directory.JooqOrgStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.calroom.principal.Org;
import io.calroom.principal.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.calroom.schema.jooq.Tables.PRINCIPALS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrgsApiTest {
    static ApiServer api;
    static Org root;
    static final String ROOT = "super-admin:root:root";

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start("OrgsApiTest");
        root = api.org("root");
        api.user(root, "root", Role.SUPER_ADMIN);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void createGetListRenameDelete() {
        ApiServer.Res created = api.req("POST", "/api/v1/orgs").as(ROOT).json("{\"slug\":\"acme\",\"name\":\"  ACME Corp \"}").expect(201);
        assertEquals("/api/v1/orgs/acme", created.header("Location"));
        assertEquals("acme", created.json().get("slug").asText());
        assertEquals("ACME Corp", created.json().get("name").asText());
        assertEquals(created.json(), api.req("GET", "/api/v1/orgs/acme").as(ROOT).expect(200).json());
        assertTrue(api.req("GET", "/api/v1/orgs").as(ROOT).expect(200).itemStrings("slug").containsAll(List.of("acme", "root")));

        JsonNode renamed = api.req("PATCH", "/api/v1/orgs/acme").as(ROOT).json("{\"name\":\"Acme Inc\"}").expect(200).json();
        assertEquals("Acme Inc", renamed.get("name").asText());
        assertEquals("acme", renamed.get("slug").asText());
        api.req("PATCH", "/api/v1/orgs/acme").as(ROOT).json("{\"slug\":\"acme-inc\"}").expect(200);
        api.req("GET", "/api/v1/orgs/acme").as(ROOT).expect(404);
        long id = new JooqOrgStore(api.db.dsl()).bySlug("acme-inc").orElseThrow().id();
        assertTrue(api.events.contains("org:" + id));

        api.req("DELETE", "/api/v1/orgs/acme-inc").as(ROOT).expect(204);
        api.req("GET", "/api/v1/orgs/acme-inc").as(ROOT).expect(404);
        api.req("DELETE", "/api/v1/orgs/acme-inc").as(ROOT).expect(404);
    }

    @Test
    void validationAndDuplicates() {
        assertEquals(List.of("slug", "name"), api.req("POST", "/api/v1/orgs").as(ROOT).json("{}").expect(400).errorFields());
        assertEquals(List.of("slug"), api.req("POST", "/api/v1/orgs").as(ROOT).json("{\"slug\":\"-no\",\"name\":\"N\"}").expect(400).errorFields());
        assertEquals(List.of("slug"), api.req("POST", "/api/v1/orgs").as(ROOT).json("{\"slug\":\"UP\",\"name\":\"N\"}").expect(400).errorFields());
        assertEquals(List.of("name"), api.req("POST", "/api/v1/orgs").as(ROOT).json("{\"slug\":\"ok\",\"name\":\"  \"}").expect(400).errorFields());
        assertEquals(List.of("name"), api.req("POST", "/api/v1/orgs").as(ROOT).json("{\"slug\":\"ok\",\"name\":\"" + "n".repeat(201) + "\"}")
                .expect(400).errorFields());
        api.req("POST", "/api/v1/orgs").as(ROOT).json("{\"slug\":\"twice\",\"name\":\"T\"}").expect(201);
        ApiServer.Res dup = api.req("POST", "/api/v1/orgs").as(ROOT).json("{\"slug\":\"twice\",\"name\":\"T\"}").expect(409);
        assertEquals("duplicate", dup.json().get("error").asText());
        assertEquals(List.of("slug"), dup.errorFields());
        api.req("POST", "/api/v1/orgs").as(ROOT).json("{\"slug\":\"twice-2\",\"name\":\"T\"}").expect(201);
        api.req("PATCH", "/api/v1/orgs/twice-2").as(ROOT).json("{\"slug\":\"twice\"}").expect(409);
        assertEquals(List.of("slug"), api.req("PATCH", "/api/v1/orgs/twice-2").as(ROOT).json("{\"slug\":null}").expect(400).errorFields());
        api.req("PATCH", "/api/v1/orgs/nope").as(ROOT).json("{\"name\":\"x\"}").expect(404);
    }

    @Test
    void onlySuperAdminsManageOrgs() {
        Org own = api.org("own");
        api.user(own, "owner", Role.ORG_ADMIN);
        api.user(own, "plain", Role.USER);
        String admin = "org-admin:own:owner";
        String user = "user:own:plain";
        api.req("GET", "/api/v1/orgs").as(admin).expect(403);
        api.req("POST", "/api/v1/orgs").as(admin).json("{\"slug\":\"mine\",\"name\":\"M\"}").expect(403);
        assertEquals("own", api.req("GET", "/api/v1/orgs/own").as(admin).expect(200).json().get("slug").asText());
        api.req("PATCH", "/api/v1/orgs/own").as(admin).json("{\"name\":\"Mine\"}").expect(403);
        api.req("DELETE", "/api/v1/orgs/own").as(admin).expect(403);
        api.req("GET", "/api/v1/orgs/root").as(admin).expect(404);
        api.req("GET", "/api/v1/orgs").as(user).expect(403);
        api.req("GET", "/api/v1/orgs/own").as(user).expect(403);
        api.req("GET", "/api/v1/orgs/root").as(user).expect(404);
    }

    @Test
    void aSuperAdminCannotDeleteItsOwnOrgButAnyOtherWithEverythingInIt() {
        assertEquals("conflict", api.req("DELETE", "/api/v1/orgs/root").as(ROOT).expect(409).json().get("error").asText());
        Org full = api.org("full");
        api.user(full, "full-user", Role.USER);
        api.req("POST", "/api/v1/orgs/full/resources").as(ROOT).json("{\"type\":\"ROOM\",\"name\":\"R\"}").expect(201);
        api.req("DELETE", "/api/v1/orgs/full").as(ROOT).expect(204);
        assertEquals(0, api.db.dsl().fetchCount(PRINCIPALS, PRINCIPALS.ORG_ID.eq(full.id())));
    }
}
