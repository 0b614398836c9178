package io.calroom.admin;

import io.calroom.principal.Org;
import io.calroom.principal.Role;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.calroom.schema.jooq.Tables.API_TOKENS;
import static io.calroom.schema.jooq.Tables.CALENDARS;
import static io.calroom.schema.jooq.Tables.GROUPS;
import static io.calroom.schema.jooq.Tables.GROUP_MEMBERS;
import static io.calroom.schema.jooq.Tables.ORGS;
import static io.calroom.schema.jooq.Tables.PRINCIPALS;
import static io.calroom.schema.jooq.Tables.RESOURCE_ACCESS;
import static io.calroom.schema.jooq.Tables.RESOURCE_POLICIES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two orgs × callers (a user of A, an org admin of A, a service token of A, a super-admin) × every
 * endpoint: nothing of org B is ever seen or changed from org A, whether B is named in the path or
 * B's objects are named under A's path; users of A get 403 in their own org; super-admins reach both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IsolationMatrixTest {
    static ApiServer api;
    static Org alpha;
    static Org beta;
    static long betaToken;
    static long alphaToken;
    static final AtomicInteger N = new AtomicInteger();

    static final String USER_A = "user:alpha:a-user";
    static final String ADMIN_A = "org-admin:alpha:a-admin";
    static final String TOKEN_A = "org-admin:alpha:-";
    static final String SUPER = "super-admin:root:root";

    /** One call of the API, with placeholders {org} {user} {room} {group} {token} {n}. */
    record Op(String method, String path, String body) {
        String path(Map<String, String> v) {
            return fill(path, v);
        }

        String body(Map<String, String> v) {
            return body == null ? null : fill(body, v);
        }

        private static String fill(String s, Map<String, String> v) {
            for (Map.Entry<String, String> e : v.entrySet()) s = s.replace("{" + e.getKey() + "}", e.getValue());
            return s.replace("{n}", Integer.toString(N.incrementAndGet()));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Every endpoint, reads and writes first, deletions last (so one pass can run in order). */
    static final List<Op> OPS = List.of(
            new Op("GET", "/orgs/{org}", null),
            new Op("PATCH", "/orgs/{org}", "{\"name\":\"Hijacked\"}"),
            new Op("GET", "/orgs/{org}/users", null),
            new Op("POST", "/orgs/{org}/users", "{\"username\":\"intruder-{n}\",\"role\":\"org-admin\",\"password\":\"intruder-pw\"}"),
            new Op("GET", "/orgs/{org}/users/{user}", null),
            new Op("PATCH", "/orgs/{org}/users/{user}", "{\"displayName\":\"Hijacked\",\"password\":\"hijacked-pw\"}"),
            new Op("GET", "/orgs/{org}/resources", null),
            new Op("POST", "/orgs/{org}/resources", "{\"type\":\"ROOM\",\"name\":\"Intruder {n}\"}"),
            new Op("GET", "/orgs/{org}/resources/{room}", null),
            new Op("PATCH", "/orgs/{org}/resources/{room}", "{\"capacity\":1,\"allowedBookers\":[]}"),
            new Op("GET", "/orgs/{org}/resources/{room}/managers", null),
            new Op("PUT", "/orgs/{org}/resources/{room}/managers/{user}", "{\"access\":\"read-write\"}"),
            new Op("GET", "/orgs/{org}/groups", null),
            new Op("POST", "/orgs/{org}/groups", "{\"name\":\"intruders-{n}\"}"),
            new Op("GET", "/orgs/{org}/groups/{group}", null),
            new Op("GET", "/orgs/{org}/groups/{group}/members", null),
            new Op("PUT", "/orgs/{org}/groups/{group}/members/{user}", null),
            new Op("GET", "/orgs/{org}/tokens", null),
            new Op("POST", "/orgs/{org}/tokens", "{\"name\":\"intruder\"}"),
            new Op("GET", "/orgs/{org}/tokens/{token}", null),
            new Op("DELETE", "/orgs/{org}/resources/{room}/managers/{user}", null),
            new Op("DELETE", "/orgs/{org}/groups/{group}/members/{user}", null),
            new Op("DELETE", "/orgs/{org}/tokens/{token}", null),
            new Op("DELETE", "/orgs/{org}/groups/{group}", null),
            new Op("DELETE", "/orgs/{org}/resources/{room}", null),
            new Op("DELETE", "/orgs/{org}/users/{user}", null),
            new Op("DELETE", "/orgs/{org}", null));

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start("IsolationMatrixTest");
        Org root = api.org("root");
        api.user(root, "root", Role.SUPER_ADMIN);
        alpha = api.org("alpha");
        beta = api.org("beta");
        api.user(alpha, "a-admin", Role.ORG_ADMIN);
        api.user(alpha, "a-user", Role.USER);
        api.user(alpha, "a-member", Role.USER);
        api.user(beta, "b-admin", Role.ORG_ADMIN);
        api.user(beta, "b-user", Role.USER);
        alphaToken = populate("alpha", "org-admin:alpha:a-admin", "a-room", "a-group", "a-member");
        betaToken = populate("beta", "org-admin:beta:b-admin", "b-room", "b-group", "b-user");
    }

    private static long populate(String org, String admin, String room, String group, String user) {
        String base = "/api/v1/orgs/" + org;
        api.req("POST", base + "/groups").as(admin).json("{\"name\":\"" + group + "\"}").expect(201);
        api.req("PUT", base + "/groups/" + group + "/members/" + user).as(admin).expect(204);
        api.req("POST", base + "/resources").as(admin).json("{\"id\":\"" + room + "\",\"type\":\"ROOM\",\"name\":\"R\",\"capacity\":8,"
                + "\"allowedBookers\":[\"" + user + "\",\"group:" + group + "\"]}").expect(201);
        api.req("PUT", base + "/resources/" + room + "/managers/" + user).as(admin).json("{\"access\":\"read\"}").expect(200);
        return api.req("POST", base + "/tokens").as(admin).json("{\"name\":\"t\"}").expect(201).json().get("id").asLong();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    static Map<String, String> betaNames() {
        return Map.of("org", "beta", "user", "b-user", "room", "b-room", "group", "b-group", "token", Long.toString(betaToken));
    }

    /** Everything stored for an org, as text: any change shows as a difference. */
    static String snapshot(long orgId) {
        DSLContext db = api.db.dsl();
        var members = DSL.select(PRINCIPALS.ID).from(PRINCIPALS).where(PRINCIPALS.ORG_ID.eq(orgId));
        return String.join("\n",
                db.selectFrom(ORGS).where(ORGS.ID.eq(orgId)).fetch().format(),
                db.select(PRINCIPALS.NAME, PRINCIPALS.KIND, PRINCIPALS.EMAIL, PRINCIPALS.DISPLAY_NAME, PRINCIPALS.ROLE, PRINCIPALS.ACTIVE,
                        PRINCIPALS.PASSWORD_HASH, PRINCIPALS.CALENDAR_USER_TYPE, PRINCIPALS.UPDATED_AT)
                        .from(PRINCIPALS).where(PRINCIPALS.ORG_ID.eq(orgId)).orderBy(PRINCIPALS.NAME).fetch().format(1000),
                db.selectFrom(CALENDARS).where(CALENDARS.OWNER_ID.in(members)).orderBy(CALENDARS.ID).fetch().format(1000),
                db.selectFrom(RESOURCE_POLICIES).where(RESOURCE_POLICIES.PRINCIPAL_ID.in(members)).orderBy(RESOURCE_POLICIES.PRINCIPAL_ID).fetch().format(),
                db.selectFrom(RESOURCE_ACCESS).where(RESOURCE_ACCESS.RESOURCE_ID.in(members)).orderBy(RESOURCE_ACCESS.ID).fetch().format(),
                db.selectFrom(GROUPS).where(GROUPS.ORG_ID.eq(orgId)).orderBy(GROUPS.ID).fetch().format(),
                db.selectFrom(GROUP_MEMBERS).where(GROUP_MEMBERS.PRINCIPAL_ID.in(members)).orderBy(GROUP_MEMBERS.GROUP_ID, GROUP_MEMBERS.PRINCIPAL_ID)
                        .fetch().format(),
                db.selectFrom(API_TOKENS).where(API_TOKENS.ORG_ID.eq(orgId)).orderBy(API_TOKENS.ID).fetch().format());
    }

    /** Whether a text names anything of org B. */
    static boolean mentionsBeta(String text) {
        return Stream.of("beta", "b-admin", "b-user", "b-room", "b-group").anyMatch(text::contains);
    }

    static int principalCount() {
        return api.db.dsl().fetchCount(PRINCIPALS);
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> callersOfOrgAGet404ForEverythingInOrgB() {
        String before = snapshot(beta.id());
        int principals = principalCount();
        List<DynamicTest> tests = new ArrayList<>();
        for (String caller : List.of(USER_A, ADMIN_A, TOKEN_A)) {
            for (Op op : OPS) {
                tests.add(DynamicTest.dynamicTest(caller + " " + op, () -> {
                    ApiServer.Req r = api.req(op.method(), "/api/v1" + op.path(betaNames())).as(caller);
                    String body = op.body(betaNames());
                    if (body != null) r.json(body);
                    ApiServer.Res res = r.expect(404);
                    assertEquals("not-found", res.json().get("error").asText());
                    assertFalse(mentionsBeta(res.body()), res.body());
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("org B is unchanged", () -> {
            assertEquals(before, snapshot(beta.id()));
            assertEquals(principals, principalCount());
        }));
        return tests.stream();
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> orgBObjectsNamedUnderOrgAsPathAreAbsent() {
        String before = snapshot(beta.id());
        Map<String, String> crossed = Map.of("org", "alpha", "user", "b-user", "room", "b-room", "group", "b-group",
                "token", Long.toString(betaToken));
        List<DynamicTest> tests = new ArrayList<>();
        for (Op op : OPS) {
            if (!op.path().contains("{user}") && !op.path().contains("{room}") && !op.path().contains("{group}") && !op.path().contains("{token}"))
                continue;
            tests.add(DynamicTest.dynamicTest(ADMIN_A + " " + op + " with B's names", () -> {
                ApiServer.Req r = api.req(op.method(), "/api/v1" + op.path(crossed)).as(ADMIN_A);
                String body = op.body(crossed);
                if (body != null) r.json(body);
                r.expect(404);
            }));
        }
        // A's own objects, but pointing at B's user or group
        tests.add(DynamicTest.dynamicTest("B's user into A's group", () ->
                api.req("PUT", "/api/v1/orgs/alpha/groups/a-group/members/b-user").as(ADMIN_A).expect(404)));
        tests.add(DynamicTest.dynamicTest("B's user as manager of A's room", () ->
                api.req("PUT", "/api/v1/orgs/alpha/resources/a-room/managers/b-user").as(ADMIN_A).json("{\"access\":\"read\"}").expect(404)));
        tests.add(DynamicTest.dynamicTest("B's group as manager of A's room", () ->
                api.req("PUT", "/api/v1/orgs/alpha/resources/a-room/managers/group:b-group").as(ADMIN_A).json("{\"access\":\"read\"}").expect(404)));
        tests.add(DynamicTest.dynamicTest("B's user as allowed booker of a new room of A", () -> assertEquals(List.of("allowedBookers[0]"),
                api.req("POST", "/api/v1/orgs/alpha/resources").as(ADMIN_A).json("{\"type\":\"ROOM\",\"name\":\"X\",\"allowedBookers\":[\"b-user\"]}")
                        .expect(400).errorFields())));
        tests.add(DynamicTest.dynamicTest("B's group in the auto-accept list of A's room", () -> assertEquals(List.of("autoAcceptList[0]"),
                api.req("PATCH", "/api/v1/orgs/alpha/resources/a-room").as(ADMIN_A).json("{\"autoAcceptList\":[\"group:b-group\"]}")
                        .expect(400).errorFields())));
        tests.add(DynamicTest.dynamicTest("a user named like B's, in org A, is not B's", () ->
                api.req("POST", "/api/v1/orgs/alpha/users").as(ADMIN_A).json("{\"username\":\"b-user\"}").expect(409)));
        tests.add(DynamicTest.dynamicTest("org B is unchanged", () -> assertEquals(before, snapshot(beta.id()))));
        return tests.stream();
    }

    @Test
    @Order(3)
    void listsOfOrgANeverShowOrgB() {
        for (String caller : List.of(ADMIN_A, TOKEN_A)) {
            for (String path : List.of("/users", "/resources", "/groups", "/tokens", "/groups/a-group/members", "/resources/a-room/managers")) {
                ApiServer.Res r = api.req("GET", "/api/v1/orgs/alpha" + path + "?limit=1000").as(caller).expect(200);
                assertFalse(mentionsBeta(r.body()), path + ": " + r.body());
            }
        }
        ApiServer.Res users = api.req("GET", "/api/v1/orgs/alpha/users").as(ADMIN_A).expect(200);
        assertTrue(users.itemStrings("username").containsAll(List.of("a-admin", "a-user", "a-member")));
        // a user filter for B's names finds nothing in A
        assertEquals(0, api.req("GET", "/api/v1/orgs/alpha/users?q=b-").as(ADMIN_A).expect(200).json().get("total").asInt());
        assertEquals(0, api.req("GET", "/api/v1/orgs/alpha/resources?tag=&location=&minCapacity=0").as(ADMIN_A).expect(200)
                .itemStrings("id").stream().filter(id -> id.equals("b-room")).count());
    }

    @TestFactory
    @Order(4)
    Stream<DynamicTest> usersGet403InTheirOwnOrg() {
        String before = snapshot(alpha.id());
        Map<String, String> own = Map.of("org", "alpha", "user", "a-member", "room", "a-room", "group", "a-group",
                "token", Long.toString(alphaToken));
        List<DynamicTest> tests = new ArrayList<>();
        for (Op op : OPS) {
            tests.add(DynamicTest.dynamicTest(USER_A + " " + op, () -> {
                ApiServer.Req r = api.req(op.method(), "/api/v1" + op.path(own)).as(USER_A);
                String body = op.body(own);
                if (body != null) r.json(body);
                assertEquals("forbidden", r.expect(403).json().get("error").asText());
            }));
        }
        tests.add(DynamicTest.dynamicTest("except reading itself", () ->
                assertEquals("a-user", api.req("GET", "/api/v1/orgs/alpha/users/a-user").as(USER_A).expect(200).json().get("username").asText())));
        tests.add(DynamicTest.dynamicTest("org A is unchanged", () -> assertEquals(before, snapshot(alpha.id()))));
        return tests.stream();
    }

    @TestFactory
    @Order(5)
    Stream<DynamicTest> orgAdminsDoEverythingInTheirOwnOrgButOrgs() {
        Map<String, String> own = Map.of("org", "alpha", "user", "a-member", "room", "a-room", "group", "a-group",
                "token", Long.toString(alphaToken));
        String betaBefore = snapshot(beta.id());
        List<DynamicTest> tests = new ArrayList<>();
        for (Op op : OPS) {
            int expected = op.path().equals("/orgs/{org}") && !op.method().equals("GET") ? 403
                    : op.method().equals("POST") ? 201 : op.method().equals("DELETE") || op.path().endsWith("/members/{user}") ? 204 : 200;
            tests.add(DynamicTest.dynamicTest(ADMIN_A + " " + op + " -> " + expected, () -> {
                ApiServer.Req r = api.req(op.method(), "/api/v1" + op.path(own)).as(ADMIN_A);
                String body = op.body(own);
                if (body != null) r.json(body);
                r.expect(expected);
            }));
        }
        tests.add(DynamicTest.dynamicTest("org B is still unchanged", () -> assertEquals(betaBefore, snapshot(beta.id()))));
        return tests.stream();
    }

    @TestFactory
    @Order(6)
    Stream<DynamicTest> superAdminsReachEveryOrg() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Op op : OPS) {
            int expected = op.method().equals("POST") ? 201 : op.method().equals("DELETE") || op.path().endsWith("/members/{user}") ? 204 : 200;
            tests.add(DynamicTest.dynamicTest(SUPER + " " + op + " -> " + expected, () -> {
                ApiServer.Req r = api.req(op.method(), "/api/v1" + op.path(betaNames())).as(SUPER);
                String body = op.body(betaNames());
                if (body != null) r.json(body);
                r.expect(expected);
            }));
        }
        tests.add(DynamicTest.dynamicTest("org B is gone with everything in it", () -> {
            assertEquals(0, api.db.dsl().fetchCount(PRINCIPALS, PRINCIPALS.ORG_ID.eq(beta.id())));
            assertEquals(0, api.db.dsl().fetchCount(API_TOKENS, API_TOKENS.ORG_ID.eq(beta.id())));
            api.req("GET", "/api/v1/orgs/alpha/users/a-admin").as(ADMIN_A).expect(200);
        }));
        return tests.stream();
    }
}
