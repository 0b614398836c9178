package io.calroom.admin;

import io.calroom.schema.store.JooqCalendarCollectionStore;
import io.calroom.principal.JooqPrincipalStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.calroom.principal.Org;
import io.calroom.principal.Principal;
import io.calroom.principal.Role;
import io.calroom.schema.store.StoredCalendar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.calroom.schema.jooq.Tables.CALENDARS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsersApiTest {
    static ApiServer api;
    static Org acme;
    static final String ROOT = "super-admin:root:root";
    static final String ADMIN = "org-admin:acme:ann";

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start("UsersApiTest");
        Org root = api.org("root");
        api.user(root, "root", Role.SUPER_ADMIN);
        acme = api.org("acme");
        api.user(acme, "ann", Role.ORG_ADMIN);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void createProvisionsAUserWithItsHome() {
        ApiServer.Res r = api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("""
                {"username":"alice","email":"Alice@Acme.example","displayName":"Alice A","password":"correct horse","role":"user","active":true}
                """).expect(201);
        assertEquals("/api/v1/orgs/acme/users/alice", r.header("Location"));
        JsonNode u = r.json();
        assertEquals("alice", u.get("username").asText());
        assertEquals("Alice@Acme.example", u.get("email").asText());
        assertEquals("Alice A", u.get("displayName").asText());
        assertEquals("user", u.get("role").asText());
        assertTrue(u.get("active").asBoolean());
        assertEquals("/principals/users/alice/", u.get("principalUrl").asText());
        assertEquals("/calendars/users/alice/", u.get("calendarHomeUrl").asText());
        assertFalse(u.has("password"));
        assertFalse(r.body().contains("correct horse"));
        Principal p = new JooqPrincipalStore(api.db.dsl()).byName(io.calroom.principal.PrincipalKind.USER, "alice").orElseThrow();
        assertEquals(acme.id(), p.orgId());
        assertEquals(List.of("default", "inbox", "outbox"),
                new JooqCalendarCollectionStore(api.db.dsl()).calendarsOf(p.id()).stream().map(StoredCalendar::uri).sorted().toList());
        assertTrue(ApiServer.HASHER.verify("correct horse", new JooqPrincipalStore(api.db.dsl()).passwordHash(p.id()).orElseThrow()));
        assertTrue(new JooqPrincipalStore(api.db.dsl()).byAddress("mailto:alice@acme.example").isPresent());
        assertTrue(api.events.contains("principal:alice"));
        assertEquals(withoutGroups(u), withoutGroups(api.req("GET", "/api/v1/orgs/acme/users/alice").as(ADMIN).expect(200).json()));
    }

    @Test
    void minimalCreateHasDefaults() {
        JsonNode u = api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"username\":\"min\"}").expect(201).json();
        assertEquals("user", u.get("role").asText());
        assertTrue(u.get("active").asBoolean());
        assertTrue(u.get("email").isNull());
        assertTrue(u.get("displayName").isNull());
    }

    @Test
    void validationErrors() {
        ApiServer.Res r = api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("""
                {"username":"-bad","email":"not-an-email","displayName":"","password":"short","role":"boss","active":"yes","colour":"red"}
                """).expect(400);
        assertEquals(List.of("colour", "username", "email", "displayName", "password", "role", "active").stream().sorted().toList(),
                r.errorFields().stream().sorted().toList());
        assertEquals(List.of("username"), api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"email\":\"x@y.example\"}").expect(400).errorFields());
        assertEquals(List.of("username"), api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"username\":42}").expect(400).errorFields());
        // output-only fields sent back are ignored
        api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"username\":\"echo\",\"principalUrl\":\"/x\",\"uuid\":\"u\"}").expect(201);
    }

    @Test
    void duplicatesAre409() {
        api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"username\":\"dup\",\"email\":\"dup@acme.example\"}").expect(201);
        assertEquals(List.of("username"), api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"username\":\"dup\"}").expect(409).errorFields());
        assertEquals(List.of("email"), api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN)
                .json("{\"username\":\"dup2\",\"email\":\"DUP@acme.example\"}").expect(409).errorFields());
        api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"username\":\"dup3\"}").expect(201);
        assertEquals(List.of("email"), api.req("PATCH", "/api/v1/orgs/acme/users/dup3").as(ADMIN)
                .json("{\"email\":\"dup@acme.example\"}").expect(409).errorFields());
    }

    @Test
    void patchChangesFields() {
        api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"username\":\"bob\",\"email\":\"bob@acme.example\",\"password\":\"first-password\"}")
                .expect(201);
        JsonNode b = api.req("PATCH", "/api/v1/orgs/acme/users/bob").as(ADMIN).json("""
                {"email":"robert@acme.example","displayName":"Robert","role":"org-admin","active":false,"password":"second-password"}
                """).expect(200).json();
        assertEquals("robert@acme.example", b.get("email").asText());
        assertEquals("Robert", b.get("displayName").asText());
        assertEquals("org-admin", b.get("role").asText());
        assertFalse(b.get("active").asBoolean());
        Principal p = new JooqPrincipalStore(api.db.dsl()).byName(io.calroom.principal.PrincipalKind.USER, "bob").orElseThrow();
        assertTrue(ApiServer.HASHER.verify("second-password", new JooqPrincipalStore(api.db.dsl()).passwordHash(p.id()).orElseThrow()));
        JsonNode cleared = api.req("PATCH", "/api/v1/orgs/acme/users/bob").as(ADMIN).json("{\"email\":null,\"displayName\":null}").expect(200).json();
        assertTrue(cleared.get("email").isNull());
        assertTrue(cleared.get("displayName").isNull());
        assertEquals("org-admin", cleared.get("role").asText(), "absent fields stay");
        api.req("PATCH", "/api/v1/orgs/acme/users/bob").as(ADMIN).json("{}").expect(200);
        assertEquals(List.of("username"), api.req("PATCH", "/api/v1/orgs/acme/users/bob").as(ADMIN).json("{\"username\":\"rob\"}").expect(400).errorFields());
        assertEquals(List.of("password", "role", "active").stream().sorted().toList(), api.req("PATCH", "/api/v1/orgs/acme/users/bob").as(ADMIN)
                .json("{\"password\":null,\"role\":null,\"active\":null}").expect(400).errorFields().stream().sorted().toList());
        api.req("PATCH", "/api/v1/orgs/acme/users/nobody").as(ADMIN).json("{\"displayName\":\"x\"}").expect(404);
        assertTrue(api.events.stream().filter(e -> e.equals("principal:bob")).count() >= 3);
    }

    @Test
    void deleteRemovesTheUserAndItsCalendars() {
        api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"username\":\"gone\"}").expect(201);
        long id = new JooqPrincipalStore(api.db.dsl()).byName(io.calroom.principal.PrincipalKind.USER, "gone").orElseThrow().id();
        api.req("DELETE", "/api/v1/orgs/acme/users/gone").as(ADMIN).expect(204);
        api.req("GET", "/api/v1/orgs/acme/users/gone").as(ADMIN).expect(404);
        api.req("DELETE", "/api/v1/orgs/acme/users/gone").as(ADMIN).expect(404);
        assertEquals(0, api.db.dsl().fetchCount(CALENDARS, CALENDARS.OWNER_ID.eq(id)));
    }

    @Test
    void onlySuperAdminsGrantOrTouchSuperAdmin() {
        assertEquals("forbidden", api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"username\":\"wannabe\",\"role\":\"super-admin\"}")
                .expect(403).json().get("error").asText());
        api.req("GET", "/api/v1/orgs/acme/users/wannabe").as(ADMIN).expect(404);
        api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"username\":\"climber\"}").expect(201);
        api.req("PATCH", "/api/v1/orgs/acme/users/climber").as(ADMIN).json("{\"role\":\"super-admin\"}").expect(403);
        api.req("PATCH", "/api/v1/orgs/acme/users/climber").as(ROOT).json("{\"role\":\"super-admin\"}").expect(200);
        // now an org admin of the same org may neither change nor delete it
        api.req("PATCH", "/api/v1/orgs/acme/users/climber").as(ADMIN).json("{\"password\":\"hijacked-pw\"}").expect(403);
        api.req("PATCH", "/api/v1/orgs/acme/users/climber").as(ADMIN).json("{\"role\":\"user\"}").expect(403);
        api.req("DELETE", "/api/v1/orgs/acme/users/climber").as(ADMIN).expect(403);
        api.req("GET", "/api/v1/orgs/acme/users/climber").as(ADMIN).expect(200);
        api.req("POST", "/api/v1/orgs/acme/users").as(ROOT).json("{\"username\":\"made-super\",\"role\":\"super-admin\"}").expect(201);
        api.req("PATCH", "/api/v1/orgs/acme/users/climber").as(ROOT).json("{\"role\":\"user\"}").expect(200);
    }

    @Test
    void nobodyLocksThemselvesOut() {
        api.req("PATCH", "/api/v1/orgs/acme/users/ann").as(ADMIN).json("{\"active\":false}").expect(409);
        api.req("PATCH", "/api/v1/orgs/acme/users/ann").as(ADMIN).json("{\"role\":\"user\"}").expect(409);
        api.req("DELETE", "/api/v1/orgs/acme/users/ann").as(ADMIN).expect(409);
        api.req("PATCH", "/api/v1/orgs/acme/users/ann").as(ADMIN).json("{\"displayName\":\"Ann Admin\"}").expect(200);
        api.req("DELETE", "/api/v1/orgs/root/users/root").as(ROOT).expect(409);
    }

    @Test
    void usersMayOnlyReadThemselves() {
        api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"username\":\"carl\"}").expect(201);
        api.req("POST", "/api/v1/orgs/acme/users").as(ADMIN).json("{\"username\":\"dora\"}").expect(201);
        String carl = "user:acme:carl";
        assertEquals("carl", api.req("GET", "/api/v1/orgs/acme/users/carl").as(carl).expect(200).json().get("username").asText());
        api.req("GET", "/api/v1/orgs/acme/users/dora").as(carl).expect(403);
        api.req("GET", "/api/v1/orgs/acme/users/no-such-user").as(carl).expect(403);
        api.req("GET", "/api/v1/orgs/acme/users").as(carl).expect(403);
        api.req("PATCH", "/api/v1/orgs/acme/users/carl").as(carl).json("{\"role\":\"org-admin\"}").expect(403);
        api.req("DELETE", "/api/v1/orgs/acme/users/dora").as(carl).expect(403);
        api.req("POST", "/api/v1/orgs/acme/users").as(carl).json("{\"username\":\"eve\"}").expect(403);
    }

    @Test
    void listFiltersAndPaginates() {
        Org o = api.org("listing");
        api.user(o, "lister", Role.ORG_ADMIN);
        String admin = "org-admin:listing:lister";
        for (String n : List.of("l-one", "l-two", "l-three")) {
            api.req("POST", "/api/v1/orgs/listing/users").as(admin).json("{\"username\":\"" + n + "\",\"displayName\":\"Name " + n + "\"}").expect(201);
        }
        api.req("PATCH", "/api/v1/orgs/listing/users/l-two").as(admin).json("{\"active\":false}").expect(200);
        JsonNode all = api.req("GET", "/api/v1/orgs/listing/users").as(admin).expect(200).json();
        assertEquals(4, all.get("total").asInt());
        assertEquals(List.of("l-one", "l-three", "l-two", "lister"), api.req("GET", "/api/v1/orgs/listing/users").as(admin).expect(200).itemStrings("username"));
        assertEquals(List.of("l-three", "l-two"), api.req("GET", "/api/v1/orgs/listing/users?limit=2&offset=1").as(admin).expect(200).itemStrings("username"));
        assertEquals(List.of("l-two"), api.req("GET", "/api/v1/orgs/listing/users?active=false").as(admin).expect(200).itemStrings("username"));
        assertEquals(List.of("lister"), api.req("GET", "/api/v1/orgs/listing/users?role=org-admin").as(admin).expect(200).itemStrings("username"));
        assertEquals(List.of("l-three"), api.req("GET", "/api/v1/orgs/listing/users?q=NAME%20L-TH").as(admin).expect(200).itemStrings("username"));
        assertEquals(List.of("active", "role"), api.req("GET", "/api/v1/orgs/listing/users?active=maybe&role=king").as(admin).expect(400).errorFields());
    }

    private static JsonNode withoutGroups(JsonNode n) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("groups");
        return n;
    }
}
