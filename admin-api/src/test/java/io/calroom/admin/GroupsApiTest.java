package io.calroom.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.calroom.principal.Org;
import io.calroom.principal.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupsApiTest {
    static ApiServer api;
    static final String ADMIN = "org-admin:acme:ann";
    static final String BASE = "/api/v1/orgs/acme/groups";

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start("GroupsApiTest");
        Org acme = api.org("acme");
        api.user(acme, "ann", Role.ORG_ADMIN);
        for (String u : List.of("u1", "u2", "u3")) api.user(acme, u, Role.USER);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void createListGetDelete() {
        ApiServer.Res r = api.req("POST", BASE).as(ADMIN).json("{\"name\":\"staff\",\"displayName\":\"All staff\"}").expect(201);
        assertEquals(BASE + "/staff", r.header("Location"));
        JsonNode g = r.json();
        assertEquals("staff", g.get("name").asText());
        assertEquals("All staff", g.get("displayName").asText());
        assertEquals("admin", g.get("source").asText());
        assertEquals(0, g.get("memberCount").asInt());
        api.req("POST", BASE).as(ADMIN).json("{\"name\":\"board\"}").expect(201);
        List<String> names = api.req("GET", BASE).as(ADMIN).expect(200).itemStrings("name");
        assertEquals(names.stream().sorted().toList(), names);
        assertTrue(names.containsAll(List.of("board", "staff")));
        assertEquals(names.subList(1, names.size()), api.req("GET", BASE + "?offset=1").as(ADMIN).expect(200).itemStrings("name"));
        assertEquals(g, api.req("GET", BASE + "/staff").as(ADMIN).expect(200).json());
        assertEquals(List.of("name"), api.req("POST", BASE).as(ADMIN).json("{\"name\":\"staff\"}").expect(409).errorFields());
        assertEquals(List.of("name"), api.req("POST", BASE).as(ADMIN).json("{\"name\":\"with space\"}").expect(400).errorFields());
        assertEquals(List.of("name"), api.req("POST", BASE).as(ADMIN).json("{}").expect(400).errorFields());
        api.req("DELETE", BASE + "/board").as(ADMIN).expect(204);
        api.req("DELETE", BASE + "/board").as(ADMIN).expect(404);
        api.req("GET", BASE + "/board").as(ADMIN).expect(404);
        assertTrue(api.events.stream().anyMatch(e -> e.startsWith("group:")));
    }

    @Test
    void members() {
        api.req("POST", BASE).as(ADMIN).json("{\"name\":\"team\"}").expect(201);
        api.req("PUT", BASE + "/team/members/u2").as(ADMIN).expect(204);
        api.req("PUT", BASE + "/team/members/u1").as(ADMIN).expect(204);
        api.req("PUT", BASE + "/team/members/u1").as(ADMIN).expect(204);
        JsonNode m = api.req("GET", BASE + "/team/members").as(ADMIN).expect(200).json();
        assertEquals(2, m.get("total").asInt());
        assertEquals(List.of("u1", "u2"), api.req("GET", BASE + "/team/members").as(ADMIN).expect(200).itemStrings("username"));
        assertEquals(List.of("u2"), api.req("GET", BASE + "/team/members?limit=1&offset=1").as(ADMIN).expect(200).itemStrings("username"));
        assertEquals(2, api.req("GET", BASE + "/team").as(ADMIN).expect(200).json().get("memberCount").asInt());
        assertEquals("[\"team\"]", api.req("GET", "/api/v1/orgs/acme/users/u1").as(ADMIN).expect(200).json().get("groups").toString());
        api.req("PUT", BASE + "/team/members/nobody").as(ADMIN).expect(404);
        api.req("PUT", BASE + "/nogroup/members/u1").as(ADMIN).expect(404);
        api.req("DELETE", BASE + "/team/members/u2").as(ADMIN).expect(204);
        api.req("DELETE", BASE + "/team/members/u2").as(ADMIN).expect(404);
        api.req("DELETE", BASE + "/team/members/u3").as(ADMIN).expect(404);
        assertEquals(List.of("u1"), api.req("GET", BASE + "/team/members").as(ADMIN).expect(200).itemStrings("username"));
        api.req("GET", BASE + "/nogroup/members").as(ADMIN).expect(404);
    }

    @Test
    void deletingAGroupRemovesItsGrants() {
        api.req("POST", BASE).as(ADMIN).json("{\"name\":\"bookers\"}").expect(201);
        api.req("POST", "/api/v1/orgs/acme/resources").as(ADMIN).json(
                "{\"id\":\"g-room\",\"type\":\"ROOM\",\"name\":\"G\",\"allowedBookers\":[\"group:bookers\",\"u3\"]}").expect(201);
        api.req("PUT", "/api/v1/orgs/acme/resources/g-room/managers/group:bookers").as(ADMIN).json("{\"access\":\"read\"}").expect(200);
        api.req("DELETE", BASE + "/bookers").as(ADMIN).expect(204);
        JsonNode room = api.req("GET", "/api/v1/orgs/acme/resources/g-room").as(ADMIN).expect(200).json();
        assertEquals("[\"u3\"]", room.get("allowedBookers").toString());
        assertEquals(0, room.get("managers").size());
    }

    @Test
    void usersCannotManageGroups() {
        String user = "user:acme:u1";
        api.req("GET", BASE).as(user).expect(403);
        api.req("POST", BASE).as(user).json("{\"name\":\"mine\"}").expect(403);
        api.req("PUT", BASE + "/team/members/u1").as(user).expect(403);
    }
}
