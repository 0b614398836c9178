package io.calroom.admin;

import io.calroom.schema.store.JooqCalendarObjectStore;
import io.calroom.principal.JooqPrincipalStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.calroom.principal.Org;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.scheduling.delivery.DeliveryWriter;
import io.calroom.scheduling.delivery.SchedulingOutcome;
import io.calroom.schema.store.CalendarObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The booking endpoints of a resource: pending requests, approve/decline, busy time, in both path forms, for
 * every kind of caller: org admin, super-admin, service token, read manager, read-write manager (directly and
 * through a group), plain user of the org, callers of another org.
 */
class BookingsApiTest {
    static ApiServer api;
    static final AtomicInteger N = new AtomicInteger();

    static final String ADMIN = "org-admin:acme:ann";
    static final String SUPER = "super-admin:root:root";
    static final String TOKEN = "org-admin:acme:-";
    static final String USER_TOKEN = "user:acme:-";
    static final String READER = "user:acme:rita";
    static final String WRITER = "user:acme:will";
    static final String GROUP_WRITER = "user:acme:gus";
    static final String PLAIN = "user:acme:pat";
    static final String ORGANIZER = "user:acme:olga";
    static final String OTHER_ADMIN = "org-admin:other:oscar";
    static final String OTHER_USER = "user:other:otto";

    static final String LONG = "/api/v1/orgs/acme/resources/board";
    static final String SHORT = "/api/v1/resources/board";

    static Principal olga;
    static Principal board;

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start("BookingsApiTest");
        Org root = api.org("root");
        api.user(root, "root", Role.SUPER_ADMIN);
        Org acme = api.org("acme");
        Org other = api.org("other");
        api.user(acme, "ann", Role.ORG_ADMIN);
        olga = api.user(acme, "olga", Role.USER);
        api.user(acme, "rita", Role.USER);
        api.user(acme, "will", Role.USER);
        api.user(acme, "gus", Role.USER);
        api.user(acme, "pat", Role.USER);
        api.user(other, "oscar", Role.ORG_ADMIN);
        api.user(other, "otto", Role.USER);
        api.req("POST", "/api/v1/orgs/acme/groups").as(ADMIN).json("{\"name\":\"facilities\"}").expect(201);
        api.req("PUT", "/api/v1/orgs/acme/groups/facilities/members/gus").as(ADMIN).expect(204);
        api.req("POST", "/api/v1/orgs/acme/resources").as(ADMIN)
                .json("{\"id\":\"board\",\"type\":\"ROOM\",\"name\":\"Board room\",\"autoScheduleMode\":\"manual\"}").expect(201);
        api.req("POST", "/api/v1/orgs/other/resources").as(OTHER_ADMIN)
                .json("{\"id\":\"attic\",\"type\":\"ROOM\",\"name\":\"Attic\",\"autoScheduleMode\":\"manual\"}").expect(201);
        api.req("PUT", LONG + "/managers/rita").as(ADMIN).json("{\"access\":\"read\"}").expect(200);
        api.req("PUT", LONG + "/managers/will").as(ADMIN).json("{\"access\":\"read-write\"}").expect(200);
        api.req("PUT", LONG + "/managers/group:facilities").as(ADMIN).json("{\"access\":\"read-write\"}").expect(200);
        board = new JooqPrincipalStore(api.db.dsl()).byName(PrincipalKind.RESOURCE, "board").orElseThrow();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    /** Olga books the room (stored the way a CalDAV PUT does it); the manual room leaves it pending. */
    static String book(String day, String summary) {
        return book(day, summary, "");
    }

    /** With {@code extra} content lines (each ending in CRLF) in the event. */
    static String book(String day, String summary, String extra) {
        String uid = "booking-" + N.incrementAndGet() + "@acme.example";
        String text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Calroom//Tests//EN\r\nBEGIN:VEVENT\r\n"
                + "UID:" + uid + "\r\nDTSTAMP:20260301T120000Z\r\n"
                + "DTSTART:" + day + "T100000Z\r\nDTEND:" + day + "T113000Z\r\n" + extra
                + "SUMMARY:" + summary + "\r\n"
                + "ORGANIZER;CN=Olga:mailto:" + olga.email() + "\r\n"
                + "ATTENDEE;PARTSTAT=ACCEPTED:mailto:" + olga.email() + "\r\n"
                + "ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + board.email() + "\r\n"
                + "END:VEVENT\r\nEND:VCALENDAR\r\n");
        Instant now = ApiServer.CLOCK.instant();
        api.db.transaction(cfg -> {
            SchedulingOutcome o = api.scheduler.onWrite(olga, null, text, null, now);
            new DeliveryWriter(api.stores, ApiServer.PARSER).storeCopy(olga, Optional.empty(), uid, o.textToStore(), o.scheduleTag(), now);
            return null;
        });
        return uid;
    }

    static String organizerCopy(String uid) {
        CalendarObjectStore store = new JooqCalendarObjectStore(api.db.dsl());
        return store.findInHomeByUid(olga.id(), uid).flatMap(l -> store.ical(l.object().id())).orElseThrow().replace("\r\n ", "");
    }

    static String roomAttendeeLine(String text) {
        for (String l : text.split("\r\n")) if (l.startsWith("ATTENDEE") && l.endsWith(board.email())) return l;
        throw new AssertionError("no room attendee in " + text);
    }

    static List<String> pendingUids(String caller) {
        return api.req("GET", LONG + "/pending").as(caller).expect(200).itemStrings("uid");
    }

    @Test
    void pendingRequestsAreListedInBothForms() {
        String uid = book("20300304", "Strategy offsite");
        JsonNode body = api.req("GET", LONG + "/pending").as(READER).expect(200).json();
        JsonNode item = null;
        for (JsonNode i : body.get("items")) if (i.get("uid").asText().equals(uid)) item = i;
        assertTrue(item != null, body.toString());
        assertEquals("Strategy offsite", item.get("summary").asText());
        assertEquals("mailto:" + olga.email(), item.get("organizer").asText());
        assertEquals("2030-03-04T10:00:00Z", item.get("start").asText());
        assertEquals("2030-03-04T11:30:00Z", item.get("end").asText());
        assertFalse(item.get("recurring").asBoolean());
        assertEquals(body.get("items").size(), body.get("total").asInt());
        assertEquals(body, api.req("GET", SHORT + "/pending").as(READER).expect(200).json());
    }

    @Test
    void whoMaySeePendingRequests() {
        book("20300305", "Whatever");
        for (String caller : List.of(ADMIN, SUPER, TOKEN, READER, WRITER, GROUP_WRITER)) {
            api.req("GET", LONG + "/pending").as(caller).expect(200);
            api.req("GET", SHORT + "/pending").as(caller).expect(200);
        }
        for (String caller : List.of(PLAIN, ORGANIZER, USER_TOKEN)) {
            assertEquals("forbidden", api.req("GET", LONG + "/pending").as(caller).expect(403).json().get("error").asText());
            api.req("GET", SHORT + "/pending").as(caller).expect(403);
        }
        for (String caller : List.of(OTHER_ADMIN, OTHER_USER)) {
            ApiServer.Res r = api.req("GET", LONG + "/pending").as(caller).expect(404);
            assertFalse(r.body().contains("board"), r.body());
            api.req("GET", SHORT + "/pending").as(caller).expect(404);
        }
        // another org's resource named under one's own org, or in the short form
        api.req("GET", "/api/v1/orgs/acme/resources/attic/pending").as(ADMIN).expect(404);
        api.req("GET", "/api/v1/resources/attic/pending").as(ADMIN).expect(404);
        api.req("GET", "/api/v1/resources/attic/pending").as(SUPER).expect(200);
        for (String path : List.of("/api/v1/resources/attic/pending/x/approve", "/api/v1/orgs/acme/resources/attic/pending/x/decline",
                "/api/v1/orgs/other/resources/attic/pending/x/approve")) {
            ApiServer.Res r = api.req("POST", path).as(ADMIN).expect(404);
            assertFalse(r.body().contains("attic") || r.body().contains("other"), r.body());
        }
        api.req("GET", "/api/v1/orgs/acme/resources/nope/pending").as(ADMIN).expect(404);
        api.req("GET", "/api/v1/resources/nope/pending").as(ADMIN).expect(404);
        api.req("GET", LONG + "/pending").expect(401);
        api.req("DELETE", LONG + "/pending").as(ADMIN).expect(405);
    }

    @Test
    void readWriteManagersApproveAndTheOrganizerHearsOfIt() {
        String uid = book("20300306", "Board meeting");
        for (String caller : List.of(READER, PLAIN, ORGANIZER, USER_TOKEN)) {
            api.req("POST", LONG + "/pending/" + uid + "/approve").as(caller).expect(403);
            api.req("POST", SHORT + "/pending/" + uid + "/decline").as(caller).expect(403);
        }
        for (String caller : List.of(OTHER_ADMIN, OTHER_USER)) {
            api.req("POST", LONG + "/pending/" + uid + "/approve").as(caller).expect(404);
            api.req("POST", SHORT + "/pending/" + uid + "/approve").as(caller).expect(404);
        }
        assertTrue(pendingUids(ADMIN).contains(uid), "nothing was decided yet");

        JsonNode r = api.req("POST", LONG + "/pending/" + uid + "/approve").as(WRITER).expect(200).json();
        assertEquals(uid, r.get("uid").asText());
        assertEquals("ACCEPTED", r.get("partstat").asText());
        String line = roomAttendeeLine(organizerCopy(uid));
        assertTrue(line.contains("PARTSTAT=ACCEPTED") && line.contains("SCHEDULE-STATUS=2.0"), line);
        assertFalse(pendingUids(ADMIN).contains(uid));

        assertEquals("conflict", api.req("POST", LONG + "/pending/" + uid + "/decline").as(WRITER).expect(409).json().get("error").asText());
        api.req("POST", SHORT + "/pending/" + uid + "/approve").as(ADMIN).expect(409);
        assertEquals("not-found", api.req("POST", LONG + "/pending/no-such-uid/approve").as(WRITER).expect(404).json().get("error").asText());
        api.req("GET", LONG + "/pending/" + uid + "/approve").as(WRITER).expect(405);
    }

    @Test
    void everyoneWithWriteAccessMayDecide() {
        List<String> callers = List.of(ADMIN, SUPER, TOKEN, GROUP_WRITER);
        for (int i = 0; i < callers.size(); i++) {
            String uid = book("2030031" + i, "Decided by " + callers.get(i));
            String path = (i % 2 == 0 ? LONG : SHORT) + "/pending/" + uid + "/decline";
            assertEquals("DECLINED", api.req("POST", path).as(callers.get(i)).expect(200).json().get("partstat").asText());
            assertTrue(roomAttendeeLine(organizerCopy(uid)).contains("PARTSTAT=DECLINED"));
        }
    }

    @Test
    void busyTimeIsForEveryMemberOfTheOrgWithoutTitles() {
        String accepted = book("20300401", "Secret merger talks");
        String declined = book("20300402", "Declined thing");
        String pending = book("20300403", "Pending thing");
        api.req("POST", LONG + "/pending/" + accepted + "/approve").as(WRITER).expect(200);
        api.req("POST", SHORT + "/pending/" + declined + "/decline").as(WRITER).expect(200);
        String query = "/busy?from=2030-04-01T00:00:00Z&to=2030-04-05T00:00:00Z";
        for (String caller : List.of(PLAIN, ORGANIZER, USER_TOKEN, READER, ADMIN, SUPER)) {
            ApiServer.Res r = api.req("GET", LONG + query).as(caller).expect(200);
            assertEquals(r.json(), api.req("GET", SHORT + query).as(caller).expect(200).json());
            assertFalse(r.body().contains("Secret") || r.body().contains(accepted) || r.body().contains(pending), r.body());
            JsonNode busy = r.json().get("busy");
            assertEquals(2, busy.size(), r.body() + " (the declined booking is not busy)");
            assertEquals("2030-04-01T10:00:00Z", busy.get(0).get("start").asText());
            assertEquals("2030-04-01T11:30:00Z", busy.get(0).get("end").asText());
            assertEquals("BUSY", busy.get(0).get("type").asText());
            assertEquals("2030-04-03T10:00:00Z", busy.get(1).get("start").asText(), "a pending request holds the slot");
        }
        // offsets are read as instants; an unencoded '+' arrives as a space and is accepted
        JsonNode shifted = api.req("GET", LONG + "/busy?from=2030-04-01T02:00:00%2B02:00&to=2030-04-01T12:00:00+01:00").as(PLAIN)
                .expect(200).json().get("busy");
        assertEquals(1, shifted.size());
        assertEquals("2030-04-01T10:00:00Z", shifted.get(0).get("start").asText());
        assertEquals("2030-04-01T11:00:00Z", shifted.get(0).get("end").asText(), "clipped to the window");

        for (String caller : List.of(OTHER_ADMIN, OTHER_USER)) {
            api.req("GET", LONG + query).as(caller).expect(404);
            api.req("GET", SHORT + query).as(caller).expect(404);
        }
        api.req("GET", "/api/v1/resources/attic" + query).as(PLAIN).expect(404);
    }

    @Test
    void busyTimeShowsAnOpenEndedSeriesYearsAheadOfItsStoredOccurrences() {
        // a weekly request with no end (Mondays from 2030-05-06), pending: it holds its slots; the room's
        // copy is stored up to two years ahead (CALDAV_EXPANSION_HORIZON_DAYS)
        book("20300506", "Weekly planning", "RRULE:FREQ=WEEKLY\r\n");
        JsonNode busy = api.req("GET", LONG + "/busy?from=2033-05-01T00:00:00Z&to=2033-05-08T00:00:00Z").as(PLAIN)
                .expect(200).json().get("busy");
        assertEquals(1, busy.size(), busy.toString());
        assertEquals("2033-05-02T10:00:00Z", busy.get(0).get("start").asText());
        assertEquals("2033-05-02T11:30:00Z", busy.get(0).get("end").asText());
    }

    @Test
    void busyNeedsAValidWindowOfAtMostAYear() {
        assertEquals(List.of("from", "to"), api.req("GET", LONG + "/busy").as(PLAIN).expect(400).errorFields());
        assertEquals(List.of("from"), api.req("GET", LONG + "/busy?from=yesterday&to=2030-04-05T00:00:00Z").as(PLAIN).expect(400).errorFields());
        assertEquals(List.of("to"), api.req("GET", LONG + "/busy?from=2030-04-05T00:00:00Z&to=2030-04-05T00:00:00Z").as(PLAIN)
                .expect(400).errorFields());
        assertEquals(List.of("to"), api.req("GET", LONG + "/busy?from=2030-01-01T00:00:00Z&to=2031-01-03T00:00:00Z").as(PLAIN)
                .expect(400).errorFields());
        assertEquals(List.of("to"), api.req("GET", LONG + "/busy?from=2030-01-01T00:00:00Z&to=2030-01-01").as(PLAIN)
                .expect(400).errorFields());
        api.req("GET", LONG + "/busy?from=2030-01-01T00:00:00Z&to=2031-01-01T00:00:00Z").as(PLAIN).expect(200);
        // with a valid window, another org's resource is absent
        api.req("GET", SHORT + "/busy?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z").as(OTHER_USER).expect(404);
    }
}
