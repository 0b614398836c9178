package io.calroom.admin;

import io.calroom.schema.store.JooqCalendarCollectionStore;
import io.calroom.principal.JooqPrincipalStore;
import io.calroom.principal.directory.JooqResourcePolicyStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.calroom.principal.Org;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.principal.directory.AccessKind;
import io.calroom.principal.directory.AutoScheduleMode;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.ResourcePolicyStore;
import io.calroom.schema.store.StoredCalendar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.calroom.schema.jooq.Tables.CALENDARS;
import static io.calroom.schema.jooq.Tables.PRINCIPALS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourcesApiTest {
    static ApiServer api;
    static Org acme;
    static final String ADMIN = "org-admin:acme:ann";
    static final String BASE = "/api/v1/orgs/acme/resources";

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start("ResourcesApiTest");
        acme = api.org("acme");
        api.user(acme, "ann", Role.ORG_ADMIN);
        api.user(acme, "bea", Role.USER);
        api.user(acme, "cid", Role.USER);
        api.req("POST", "/api/v1/orgs/acme/groups").as(ADMIN).json("{\"name\":\"execs\"}").expect(201);
        api.req("PUT", "/api/v1/orgs/acme/groups/execs/members/cid").as(ADMIN).expect(204);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    static Principal principal(String id) {
        return new JooqPrincipalStore(api.db.dsl()).byName(PrincipalKind.RESOURCE, id).orElseThrow();
    }

    @Test
    void minimalCreateGeneratesAnOpaqueIdAndAddress() {
        ApiServer.Res r = api.req("POST", BASE).as(ADMIN).json("{\"type\":\"RESOURCE\",\"name\":\"Projector 1\"}").expect(201);
        JsonNode j = r.json();
        String id = j.get("id").asText();
        assertTrue(id.matches("^[A-Za-z0-9][A-Za-z0-9_-]{21}$"), id);
        assertEquals(BASE + "/" + id, r.header("Location"));
        assertEquals("RESOURCE", j.get("type").asText());
        assertEquals("Projector 1", j.get("name").asText());
        assertEquals(id + "@" + ApiServer.RESOURCE_DOMAIN, j.get("email").asText());
        assertEquals("mailto:" + (id + "@" + ApiServer.RESOURCE_DOMAIN).toLowerCase(), j.get("address").asText());
        assertEquals("/principals/resources/" + id + "/", j.get("principalUrl").asText());
        assertEquals("/calendars/resources/" + id + "/default/", j.get("calendarUrl").asText());
        assertTrue(j.get("active").asBoolean());
        assertTrue(j.get("capacity").isNull());
        assertEquals("automatic", j.get("autoScheduleMode").asText());
        assertEquals(1, j.get("multipleBookings").asInt());
        assertEquals("UTC", j.get("timezone").asText());
        assertEquals("per-occurrence", j.get("recurringConflicts").asText());
        assertEquals(0, j.get("workingHours").size());
        assertTrue(j.get("maxBookingDuration").isNull());
        Principal p = principal(id);
        assertEquals("RESOURCE", p.calendarUserType());
        assertEquals(List.of("default", "inbox", "outbox"),
                new JooqCalendarCollectionStore(api.db.dsl()).calendarsOf(p.id()).stream().map(StoredCalendar::uri).sorted().toList());
        assertEquals(j, api.req("GET", BASE + "/" + id).as(ADMIN).expect(200).json());
    }

    @Test
    void fullCreateStoresPolicyHoursAndGrantsInOneGo() {
        JsonNode j = api.req("POST", BASE).as(ADMIN).json("""
                {"id":"room-101","type":"ROOM","name":"Room 101","email":"room101@rooms.acme.example","capacity":12,
                 "location":"Building A, floor 1","equipment":["Projector","Whiteboard"],"tags":["video","building-a"],
                 "autoScheduleMode":"accept-if-free","active":true,"restrictedAccess":true,
                 "allowedBookers":["bea","group:execs"],"autoAcceptList":["ann"],"multipleBookings":2,
                 "maxBookingDuration":"PT4H","bookingWindowStart":"P90D","bookingWindowEnd":"PT1H",
                 "workingHours":[{"days":["MO","TU","WE","TH","FR"],"start":"08:00","end":"18:00"},{"days":["SA"],"start":"09:00","end":"24:00"}],
                 "timezone":"Europe/Paris","recurringConflicts":"whole-series"}
                """).expect(201).json();
        assertEquals("room-101", j.get("id").asText());
        assertEquals("ROOM", j.get("type").asText());
        assertEquals(12, j.get("capacity").asInt());
        assertEquals("[\"Projector\",\"Whiteboard\"]", j.get("equipment").toString());
        assertEquals("[\"bea\",\"group:execs\"]", j.get("allowedBookers").toString());
        assertEquals("[\"ann\"]", j.get("autoAcceptList").toString());
        assertEquals("P90D", j.get("bookingWindowStart").asText());
        assertEquals("PT4H", j.get("maxBookingDuration").asText());
        assertEquals("[{\"days\":[\"MO\",\"TU\",\"WE\",\"TH\",\"FR\"],\"start\":\"08:00\",\"end\":\"18:00\"},"
                + "{\"days\":[\"SA\"],\"start\":\"09:00\",\"end\":\"24:00\"}]", j.get("workingHours").toString());
        assertEquals("Europe/Paris", j.get("timezone").asText());
        assertEquals("whole-series", j.get("recurringConflicts").asText());

        Principal room = principal("room-101");
        ResourcePolicyStore store = new JooqResourcePolicyStore(api.db.dsl());
        ResourcePolicy p = store.read(acme.id(), room.id()).orElseThrow();
        assertEquals(AutoScheduleMode.ACCEPT_IF_FREE, p.autoScheduleMode());
        assertEquals(Duration.ofHours(1), p.bookingWindowEnd());
        assertEquals(6, p.workingHours().size());
        long cid = new JooqPrincipalStore(api.db.dsl()).byName(PrincipalKind.USER, "cid").orElseThrow().id();
        assertTrue(store.isGranted(room.id(), cid, AccessKind.ALLOWED_BOOKER), "through group execs");
        assertTrue(api.events.contains("policy:" + room.id()));
        assertTrue(api.events.contains("principal:room-101"));
    }

    @Test
    void validationErrorsNameEveryBadField() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 51; i++) tags.add("\"t" + i + "\"");
        ApiServer.Res r = api.req("POST", BASE).as(ADMIN).json("""
                {"id":"_bad","type":"CAR","capacity":-1,"autoScheduleMode":"sometimes","maxBookingDuration":"4 hours",
                 "workingHours":[{"days":["MO"],"start":"18:00","end":"08:00"}],"timezone":"Mars/Base","tags":[%s],
                 "allowedBookers":["bad name"],"multipleBookings":0,"email":"nope","restrictedAccess":"yes"}
                """.formatted(String.join(",", tags))).expect(400);
        assertEquals("validation", r.json().get("error").asText());
        assertEquals(List.of("allowedBookers[0]", "autoScheduleMode", "capacity", "email", "id", "maxBookingDuration", "multipleBookings",
                        "name", "restrictedAccess", "tags", "timezone", "type", "workingHours[0].end"),
                r.errorFields().stream().sorted().toList());
        JsonNode capacity = null;
        for (JsonNode f : r.json().get("fields")) if (f.get("field").asText().equals("capacity")) capacity = f;
        assertEquals("must not be negative", capacity.get("message").asText());
        assertEquals(List.of("bookingWindowEnd"), api.req("POST", BASE).as(ADMIN).json(
                "{\"type\":\"ROOM\",\"name\":\"W\",\"bookingWindowStart\":\"PT1H\",\"bookingWindowEnd\":\"P1D\"}").expect(400).errorFields());
        assertEquals(List.of("auto-schedule-mode"), api.req("POST", BASE).as(ADMIN).json(
                "{\"type\":\"ROOM\",\"name\":\"W\",\"auto-schedule-mode\":\"manual\"}").expect(400).errorFields(), "JSON uses camelCase only");
        assertEquals("manual", api.req("POST", BASE).as(ADMIN).json("{\"type\":\"room\",\"name\":\"Apple\",\"autoScheduleMode\":\"none\"}")
                .expect(201).json().get("autoScheduleMode").asText());
    }

    @Test
    void unknownGranteesFailTheWholeCreation() {
        ApiServer.Res r = api.req("POST", BASE).as(ADMIN).json("""
                {"id":"atomic","type":"ROOM","name":"Atomic","allowedBookers":["bea","ghost"],"autoAcceptList":["group:nobody"]}
                """).expect(400);
        assertEquals(List.of("allowedBookers[1]", "autoAcceptList[0]"), r.errorFields());
        api.req("GET", BASE + "/atomic").as(ADMIN).expect(404);
        assertEquals(0, api.db.dsl().fetchCount(PRINCIPALS, PRINCIPALS.NAME.eq("atomic")));
    }

    @Test
    void duplicatesAre409() {
        api.req("POST", BASE).as(ADMIN).json("{\"id\":\"dup-room\",\"type\":\"ROOM\",\"name\":\"D\"}").expect(201);
        assertEquals(List.of("id"), api.req("POST", BASE).as(ADMIN).json("{\"id\":\"dup-room\",\"type\":\"ROOM\",\"name\":\"D\"}").expect(409).errorFields());
        assertEquals(List.of("email"), api.req("POST", BASE).as(ADMIN)
                .json("{\"type\":\"ROOM\",\"name\":\"D\",\"email\":\"dup-room@" + ApiServer.RESOURCE_DOMAIN + "\"}").expect(409).errorFields());
        // a user's name may equal a resource's id: they live in different collections
        api.req("POST", BASE).as(ADMIN).json("{\"id\":\"bea\",\"type\":\"RESOURCE\",\"name\":\"Bea's desk\"}").expect(201);
    }

    @Test
    void patchChangesOnlyWhatIsGiven() {
        api.req("POST", BASE).as(ADMIN).json("""
                {"id":"patchy","type":"ROOM","name":"Patchy","capacity":10,"tags":["a"],"maxBookingDuration":"PT2H",
                 "allowedBookers":["bea"],"timezone":"Europe/Berlin"}
                """).expect(201);
        JsonNode j = api.req("PATCH", BASE + "/patchy").as(ADMIN).json("{\"capacity\":20,\"autoScheduleMode\":\"manual\"}").expect(200).json();
        assertEquals(20, j.get("capacity").asInt());
        assertEquals("manual", j.get("autoScheduleMode").asText());
        assertEquals("[\"a\"]", j.get("tags").toString());
        assertEquals("PT2H", j.get("maxBookingDuration").asText());
        assertEquals("[\"bea\"]", j.get("allowedBookers").toString());
        assertEquals("Europe/Berlin", j.get("timezone").asText());
        j = api.req("PATCH", BASE + "/patchy").as(ADMIN).json("""
                {"maxBookingDuration":null,"allowedBookers":["group:execs"],"type":"RESOURCE","name":"Renamed","active":false,
                 "email":"patchy@elsewhere.example","workingHours":"MO-FR 09:00-17:00"}
                """).expect(200).json();
        assertTrue(j.get("maxBookingDuration").isNull());
        assertEquals("[\"group:execs\"]", j.get("allowedBookers").toString());
        assertEquals("RESOURCE", j.get("type").asText());
        assertEquals("RESOURCE", principal("patchy").calendarUserType());
        assertEquals("Renamed", j.get("name").asText());
        assertFalse(j.get("active").asBoolean());
        assertEquals("patchy@elsewhere.example", j.get("email").asText());
        assertEquals(1, j.get("workingHours").size());
        j = api.req("PATCH", BASE + "/patchy").as(ADMIN).json("{\"email\":null,\"allowedBookers\":null}").expect(200).json();
        assertEquals("patchy@" + ApiServer.RESOURCE_DOMAIN, j.get("email").asText());
        assertEquals(0, j.get("allowedBookers").size());
        // errors leave everything as it was
        assertEquals(List.of("capacity"), api.req("PATCH", BASE + "/patchy").as(ADMIN).json("{\"capacity\":-5,\"name\":\"Should not stick\"}")
                .expect(400).errorFields());
        assertEquals(List.of("autoAcceptList[0]"), api.req("PATCH", BASE + "/patchy").as(ADMIN)
                .json("{\"autoAcceptList\":[\"ghost\"],\"name\":\"Should not stick\"}").expect(400).errorFields());
        assertEquals("Renamed", api.req("GET", BASE + "/patchy").as(ADMIN).expect(200).json().get("name").asText());
        assertEquals(List.of("id"), api.req("PATCH", BASE + "/patchy").as(ADMIN).json("{\"id\":\"other\"}").expect(400).errorFields());
        api.req("PATCH", BASE + "/patchy").as(ADMIN).json("{\"id\":\"patchy\",\"principalUrl\":\"ignored\"}").expect(200);
        assertEquals(List.of("bookingWindowEnd"), api.req("PATCH", BASE + "/patchy").as(ADMIN)
                .json("{\"bookingWindowStart\":\"P1D\",\"bookingWindowEnd\":\"P2D\"}").expect(400).errorFields());
        api.req("PATCH", BASE + "/nothing-here").as(ADMIN).json("{\"capacity\":1}").expect(404);
    }

    @Test
    void listFiltersAndPaginates() {
        Org o = api.org("rooms");
        api.user(o, "rooms-admin", Role.ORG_ADMIN);
        String admin = "org-admin:rooms:rooms-admin";
        String base = "/api/v1/orgs/rooms/resources";
        api.req("POST", base).as(admin).json("{\"id\":\"big\",\"type\":\"ROOM\",\"name\":\"Big\",\"capacity\":40,\"tags\":[\"video\"],\"location\":\"Tower, floor 9\"}").expect(201);
        api.req("POST", base).as(admin).json("{\"id\":\"small\",\"type\":\"ROOM\",\"name\":\"Small\",\"capacity\":4,\"location\":\"Annex\"}").expect(201);
        api.req("POST", base).as(admin).json("{\"id\":\"cam\",\"type\":\"RESOURCE\",\"name\":\"Camera\",\"tags\":[\"Video\"],\"location\":\"tower store\"}").expect(201);
        api.req("POST", base).as(admin).json("{\"id\":\"old\",\"type\":\"ROOM\",\"name\":\"Old\",\"capacity\":100,\"active\":false}").expect(201);
        JsonNode all = api.req("GET", base).as(admin).expect(200).json();
        assertEquals(4, all.get("total").asInt());
        assertEquals(List.of("big", "cam", "old", "small"), api.req("GET", base).as(admin).expect(200).itemStrings("id"));
        assertEquals(List.of("big", "old", "small"), api.req("GET", base + "?type=ROOM").as(admin).expect(200).itemStrings("id"));
        assertEquals(List.of("cam"), api.req("GET", base + "?type=resource").as(admin).expect(200).itemStrings("id"));
        assertEquals(List.of("big", "cam"), api.req("GET", base + "?tag=video").as(admin).expect(200).itemStrings("id"));
        assertEquals(List.of("big", "old"), api.req("GET", base + "?minCapacity=10").as(admin).expect(200).itemStrings("id"));
        assertEquals(List.of("big", "cam"), api.req("GET", base + "?location=TOWER").as(admin).expect(200).itemStrings("id"));
        assertEquals(List.of("old"), api.req("GET", base + "?active=false").as(admin).expect(200).itemStrings("id"));
        assertEquals(List.of("big"), api.req("GET", base + "?type=ROOM&tag=video&minCapacity=5&location=floor&active=true").as(admin).expect(200).itemStrings("id"));
        JsonNode page = api.req("GET", base + "?limit=2&offset=1").as(admin).expect(200).json();
        assertEquals(4, page.get("total").asInt());
        assertEquals(2, page.get("limit").asInt());
        assertEquals(1, page.get("offset").asInt());
        assertEquals(List.of("cam", "old"), api.req("GET", base + "?limit=2&offset=1").as(admin).expect(200).itemStrings("id"));
        assertEquals(2, api.req("GET", base + "?type=ROOM&limit=1").as(admin).expect(200).json().get("items").get(0).get("id").asText().length() > 0
                ? 2 : 0);
        assertEquals(List.of("active", "minCapacity", "type"), api.req("GET", base + "?type=CAR&minCapacity=-1&active=1").as(admin).expect(400)
                .errorFields().stream().sorted().toList());
    }

    @Test
    void deleteRemovesItsCalendars() {
        api.req("POST", BASE).as(ADMIN).json("{\"id\":\"doomed\",\"type\":\"ROOM\",\"name\":\"Doomed\",\"allowedBookers\":[\"bea\"]}").expect(201);
        long id = principal("doomed").id();
        api.req("DELETE", BASE + "/doomed").as(ADMIN).expect(204);
        api.req("GET", BASE + "/doomed").as(ADMIN).expect(404);
        api.req("DELETE", BASE + "/doomed").as(ADMIN).expect(404);
        assertEquals(0, api.db.dsl().fetchCount(CALENDARS, CALENDARS.OWNER_ID.eq(id)));
        assertTrue(api.events.contains("principal:doomed"));
    }

    @Test
    void managers() {
        api.req("POST", BASE).as(ADMIN).json("{\"id\":\"managed\",\"type\":\"ROOM\",\"name\":\"Managed\"}").expect(201);
        String m = BASE + "/managed/managers";
        assertEquals(0, api.req("GET", m).as(ADMIN).expect(200).json().get("total").asInt());
        JsonNode put = api.req("PUT", m + "/bea").as(ADMIN).json("{\"access\":\"read\"}").expect(200).json();
        assertEquals("bea", put.get("grantee").asText());
        assertEquals("read", put.get("access").asText());
        api.req("PUT", m + "/bea").as(ADMIN).json("{\"access\":\"read-write\"}").expect(200);
        api.req("PUT", m + "/group:execs").as(ADMIN).json("{\"access\":\"read\"}").expect(200);
        JsonNode list = api.req("GET", m).as(ADMIN).expect(200).json();
        assertEquals(2, list.get("total").asInt());
        assertEquals("[{\"grantee\":\"bea\",\"access\":\"read-write\"},{\"grantee\":\"group:execs\",\"access\":\"read\"}]", list.get("items").toString());
        assertEquals(list.get("items"), api.req("GET", BASE + "/managed").as(ADMIN).expect(200).json().get("managers"));
        long room = principal("managed").id();
        long bea = new JooqPrincipalStore(api.db.dsl()).byName(PrincipalKind.USER, "bea").orElseThrow().id();
        long cid = new JooqPrincipalStore(api.db.dsl()).byName(PrincipalKind.USER, "cid").orElseThrow().id();
        ResourcePolicyStore store = new JooqResourcePolicyStore(api.db.dsl());
        assertTrue(store.isGranted(room, bea, AccessKind.MANAGER_READ_WRITE));
        assertTrue(store.isGranted(room, cid, AccessKind.MANAGER_READ));
        assertFalse(store.isGranted(room, cid, AccessKind.MANAGER_READ_WRITE));
        assertEquals(List.of("access"), api.req("PUT", m + "/bea").as(ADMIN).json("{\"access\":\"admin\"}").expect(400).errorFields());
        assertEquals(List.of("access"), api.req("PUT", m + "/bea").as(ADMIN).json("{}").expect(400).errorFields());
        api.req("PUT", m + "/bea").as(ADMIN).body("text/plain", "read").expect(415);
        api.req("PUT", m + "/ghost").as(ADMIN).json("{\"access\":\"read\"}").expect(404);
        api.req("PUT", m + "/group:ghosts").as(ADMIN).json("{\"access\":\"read\"}").expect(404);
        api.req("PUT", BASE + "/no-room/managers/bea").as(ADMIN).json("{\"access\":\"read\"}").expect(404);
        api.req("DELETE", m + "/bea").as(ADMIN).expect(204);
        api.req("DELETE", m + "/bea").as(ADMIN).expect(404);
        assertFalse(store.isGranted(room, bea, AccessKind.MANAGER_READ));
        assertEquals(1, api.req("GET", m + "?limit=1").as(ADMIN).expect(200).json().get("items").size());
        assertEquals(0, api.req("GET", m + "?offset=5").as(ADMIN).expect(200).json().get("items").size());
        api.req("GET", BASE + "/no-room/managers").as(ADMIN).expect(404);
    }
}
