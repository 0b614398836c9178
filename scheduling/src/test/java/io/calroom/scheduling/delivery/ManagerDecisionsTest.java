package io.calroom.scheduling.delivery;

import io.calroom.schema.store.JooqCalendarCollectionStore;
import io.calroom.schema.store.JooqCalendarObjectStore;
import io.calroom.schema.store.JooqOccurrenceLookups;
import io.calroom.principal.directory.JooqOrgStore;
import io.calroom.principal.DirectoryStores;
import io.calroom.scheduling.SchedulingStores;
import io.calroom.principal.AccountProvisioner;
import io.calroom.principal.NewPrincipal;
import io.calroom.principal.Org;
import io.calroom.principal.PasswordHasher;
import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.Role;
import io.calroom.principal.directory.AutoScheduleMode;
import io.calroom.principal.directory.NewResource;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.ResourceType;
import io.calroom.principal.directory.WorkingHours;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.scheduling.index.OccurrenceIndex;
import io.calroom.schema.Database;
import io.calroom.schema.DatabaseConfig;
import io.calroom.schema.store.CalendarCollectionStore;
import io.calroom.schema.store.CalendarObjectStore;
import io.calroom.schema.store.InstanceRow;
import io.calroom.schema.store.StoredObject;
import io.calroom.testsupport.TestDatabase;
import io.calroom.testsupport.TestDatabases;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Managers' decisions on a room's pending requests, against a real database, with the scheduler as the server builds it. */
class ManagerDecisionsTest {
    static final String DOMAIN = "resources.example.com";
    /** A Monday. */
    static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
    static final AtomicInteger N = new AtomicInteger();

    static TestDatabase testDb;
    static Database db;
    static CalendarObjectParser parser;
    static SchedulingStores stores;
    static ImplicitScheduler scheduler;
    static ManagerDecisions decisions;
    static Org org;
    static Principal olga;

    @BeforeAll
    static void setUp() {
        testDb = TestDatabases.create("ManagerDecisionsTest");
        db = Database.open(new DatabaseConfig(testDb.jdbcUrl(), testDb.user(), testDb.password(), 4));
        CalendarObjectLimits limits = CalendarObjectLimits.defaults();
        parser = new CalendarObjectParser(limits);
        stores = SchedulingStores.over(db);
        scheduler = new ImplicitScheduler(stores, parser,
                new RoomAgent(stores, parser, new OccurrenceIndex(stores, parser, limits), Duration.ofDays(365)),
                ExternalDelivery.NONE, DOMAIN);
        decisions = new ManagerDecisions(stores, scheduler, parser);
        org = db.transaction(cfg -> new JooqOrgStore(cfg.dsl()).create("acme", "Acme"));
        olga = DirectoryStores.over(db, new PasswordHasher(1000)).accounts().create(
                new NewPrincipal(org.id(), PrincipalKind.USER, "olga", "INDIVIDUAL", "Olga Organizer", "olga@example.com", Role.USER, null));
    }

    @AfterAll
    static void tearDown() {
        db.close();
        testDb.close();
    }

    // ---- fixtures ----

    static Principal room(ResourcePolicy policy) {
        String id = "room-" + N.incrementAndGet();
        return db.transaction(() -> DirectoryStores.over(db, new PasswordHasher(1000)).resources().create(org.id(),
                new NewResource(id, ResourceType.ROOM, "Room " + id, null, true, policy), DOMAIN).principal());
    }

    static ResourcePolicy manual() {
        return ResourcePolicy.builder().autoScheduleMode(AutoScheduleMode.MANUAL).build();
    }

    static String address(Principal room) {
        return "mailto:" + room.email();
    }

    /** Olga's event with the room, stored in her calendar the way a CalDAV PUT does (scheduling first). */
    static String book(Principal room, String extra) {
        String uid = "evt-" + N.incrementAndGet() + "@example.com";
        String text = crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Calroom//Tests//EN
                BEGIN:VEVENT
                UID:%s
                DTSTAMP:20260301T120000Z
                DTSTART:20260306T100000Z
                DTEND:20260306T110000Z
                %sSUMMARY:Budget review\\, Q2
                ORGANIZER;CN=Olga Organizer:mailto:olga@example.com
                ATTENDEE;CN=Olga Organizer;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:olga@example.com
                ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:%s
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid, extra, address(room)));
        db.transaction(cfg -> {
            SchedulingOutcome o = scheduler.onWrite(olga, null, text, null, NOW);
            new DeliveryWriter(stores, parser).storeCopy(olga, Optional.empty(), uid, o.textToStore(), o.scheduleTag(), NOW);
            return null;
        });
        return uid;
    }

    static String stored(Principal owner, String uid) {
        CalendarObjectStore store = new JooqCalendarObjectStore(db.dsl());
        return store.findInHomeByUid(owner.id(), uid).flatMap(l -> store.ical(l.object().id())).map(ManagerDecisionsTest::unfold).orElse(null);
    }

    static StoredObject object(Principal owner, String uid) {
        return new JooqCalendarObjectStore(db.dsl()).findInHomeByUid(owner.id(), uid).orElseThrow().object();
    }

    static List<String> inboxUids(Principal p) {
        CalendarCollectionStore calendarStore = new JooqCalendarCollectionStore(db.dsl());
        CalendarObjectStore objectStore = new JooqCalendarObjectStore(db.dsl());
        // inbox items are keyed by event UID and sender: the event UIDs they are about
        return objectStore.objects(calendarStore.calendar(p.id(), AccountProvisioner.INBOX).orElseThrow().id()).stream()
                .map(o -> DeliveryWriter.eventUidOf(o.uid())).toList();
    }

    /** The ATTENDEE lines of the room, one per component. */
    static List<String> roomLines(String text, Principal room) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\r\n")) if (l.startsWith("ATTENDEE") && l.toLowerCase().endsWith(address(room).toLowerCase())) out.add(l);
        return out;
    }

    static Optional<String> decide(Principal room, String uid, String partstat) {
        return db.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            return decisions.decide(room, uid, partstat, NOW);
        });
    }

    static String unfold(String s) {
        return s.replace("\r\n ", "");
    }

    static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    // ---- tests ----

    @Test
    void aManualRoomLeavesTheRequestPendingInItsInbox() {
        Principal room = room(manual());
        String uid = book(room, "");
        assertTrue(roomLines(stored(room, uid), room).get(0).contains("PARTSTAT=NEEDS-ACTION"));
        assertEquals(List.of(uid), inboxUids(room));

        List<ManagerDecisions.PendingRequest> pending = db.transaction(cfg -> decisions.pending(room));
        assertEquals(1, pending.size());
        ManagerDecisions.PendingRequest p = pending.get(0);
        assertEquals(uid, p.uid());
        assertEquals("Budget review, Q2", p.summary());
        assertEquals("mailto:olga@example.com", p.organizer());
        assertEquals(Instant.parse("2026-03-06T10:00:00Z"), p.start());
        assertEquals(Instant.parse("2026-03-06T11:00:00Z"), p.end());
        assertFalse(p.recurring());
        assertNull(p.recurrenceRule());
        assertTrue(p.inboxHref().startsWith("/calendars/resources/" + room.name() + "/inbox/"), p.inboxHref());
        assertTrue(p.href().startsWith("/calendars/resources/" + room.name() + "/default/"), p.href());
    }

    @Test
    void approvingRepliesToTheOrganizerAndMarksTheCopy() {
        Principal room = room(manual());
        String uid = book(room, "");
        String tagBefore = object(room, uid).scheduleTag();
        String organizerTagBefore = object(olga, uid).scheduleTag();

        assertEquals(Optional.of("ACCEPTED"), decide(room, uid, "accepted"));

        String organizers = stored(olga, uid);
        String line = roomLines(organizers, room).get(0);
        assertTrue(line.contains("PARTSTAT=ACCEPTED"), line);
        assertTrue(line.contains("SCHEDULE-STATUS=2.0"), line);
        assertEquals(organizerTagBefore, object(olga, uid).scheduleTag(), "a REPLY keeps the organizer's Schedule-Tag");
        assertTrue(inboxUids(olga).contains(uid), "the REPLY is in the organizer's inbox");

        String copy = stored(room, uid);
        assertTrue(roomLines(copy, room).get(0).contains("PARTSTAT=ACCEPTED"), copy);
        assertTrue(copy.contains("\r\nX-CALROOM-DECIDED-BY:manager\r\n"), copy);
        assertEquals(1, copy.split("X-CALROOM-DECIDED-BY", -1).length - 1, "marked once per component");
        assertFalse(copy.contains("TRANSP:TRANSPARENT"), copy);
        assertTrue(copy.contains("SCHEDULE-STATUS=1.2") || copy.contains("SCHEDULE-STATUS=2.0"), "the REPLY's status on the ORGANIZER: " + copy);
        assertEquals(tagBefore, object(room, uid).scheduleTag(), "the room's Schedule-Tag is kept");
        assertEquals(List.of(), inboxUids(room), "the request left the room's inbox");
        assertEquals(List.of(), db.transaction(cfg -> decisions.pending(room)));

        // the room is now busy then
        var busy = new JooqOccurrenceLookups(db.dsl()).busyInstancesOfOwner(room.id(), Instant.parse("2026-03-06T00:00:00Z"),
                Instant.parse("2026-03-07T00:00:00Z"), null);
        assertEquals(1, busy.size());
        assertEquals(Instant.parse("2026-03-06T10:00:00Z"), busy.get(0).start());

        assertThrows(ManagerDecisions.NotPendingException.class, () -> decide(room, uid, "DECLINED"));
        assertTrue(roomLines(stored(room, uid), room).get(0).contains("PARTSTAT=ACCEPTED"), "a refused decision changes nothing");
    }

    @Test
    void decliningMakesTheCopyTransparent() {
        Principal room = room(manual());
        String uid = book(room, "");
        assertEquals(Optional.of("DECLINED"), decide(room, uid, "DECLINED"));

        String line = roomLines(stored(olga, uid), room).get(0);
        assertTrue(line.contains("PARTSTAT=DECLINED"), line);
        assertTrue(line.contains("SCHEDULE-STATUS=2.0"), line);

        String copy = stored(room, uid);
        assertTrue(roomLines(copy, room).get(0).contains("PARTSTAT=DECLINED"), copy);
        assertTrue(copy.contains("TRANSP:TRANSPARENT"), copy);
        assertTrue(copy.contains("X-CALROOM-DECIDED-BY:manager"), copy);
        List<InstanceRow> rows = new JooqOccurrenceLookups(db.dsl()).instances(object(room, uid).id());
        assertFalse(rows.isEmpty());
        assertTrue(rows.stream().allMatch(InstanceRow::transparent), "a declined booking never blocks");
        assertEquals(List.of(), new JooqOccurrenceLookups(db.dsl()).busyInstancesOfOwner(room.id(), Instant.parse("2026-03-06T00:00:00Z"),
                Instant.parse("2026-03-07T00:00:00Z"), null));
        assertEquals(List.of(), inboxUids(room));
    }

    @Test
    void acceptingKeepsTheOrganizersTransparency() {
        Principal room = room(manual());
        String uid = book(room, "TRANSP:TRANSPARENT\n");
        assertEquals(Optional.of("ACCEPTED"), decide(room, uid, "ACCEPTED"));
        assertTrue(stored(room, uid).contains("TRANSP:TRANSPARENT"), "the organizer's TRANSP");
    }

    @Test
    void occurrencesTheAgentDeclinedStayDeclinedWhenTheRestIsApproved() {
        // open Monday to Friday only: the Saturday and Sunday of a daily series are declined at once
        List<WorkingHours> week = new ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            week.add(new WorkingHours(d, LocalTime.of(8, 0), LocalTime.of(18, 0)));
        }
        Principal room = room(ResourcePolicy.builder().autoScheduleMode(AutoScheduleMode.MANUAL).workingHours(week).build());
        String uid = book(room, "RRULE:FREQ=DAILY;COUNT=3\n");
        String before = stored(room, uid);
        assertEquals(3, roomLines(before, room).size(), "master and two declined overrides: " + before);

        ManagerDecisions.PendingRequest p = db.transaction(cfg -> decisions.pending(room)).get(0);
        assertTrue(p.recurring());
        assertEquals("FREQ=DAILY;COUNT=3", p.recurrenceRule());
        assertEquals(List.of(), p.pendingOverrides(), "only the master is pending");

        assertEquals(Optional.of("ACCEPTED"), decide(room, uid, "ACCEPTED"));
        List<String> lines = roomLines(stored(room, uid), room);
        assertEquals(1, lines.stream().filter(l -> l.contains("PARTSTAT=ACCEPTED")).count(), String.join("\n", lines));
        assertEquals(2, lines.stream().filter(l -> l.contains("PARTSTAT=DECLINED")).count(), String.join("\n", lines));
        String copy = stored(room, uid);
        assertEquals(3, copy.split("X-CALROOM-DECIDED-BY:manager", -1).length - 1, "every component is marked");

        var busy = new JooqOccurrenceLookups(db.dsl()).busyInstancesOfOwner(room.id(), Instant.parse("2026-03-06T00:00:00Z"),
                Instant.parse("2026-03-09T00:00:00Z"), null);
        assertEquals(1, busy.size(), "Friday only: " + busy);

        assertFalse(copy.contains("SCHEDULE-FORCE-SEND"), copy);

        // the organizer learns the whole answer, including the occurrences the agent declined while it waited
        String organizers = stored(olga, uid);
        List<String> theirs = roomLines(organizers, room);
        assertEquals(3, theirs.size(), organizers);
        assertTrue(theirs.get(0).contains("PARTSTAT=ACCEPTED"), organizers);
        assertEquals(2, theirs.stream().filter(l -> l.contains("PARTSTAT=DECLINED")).count(), organizers);
        assertTrue(organizers.contains("RECURRENCE-ID:20260307T100000Z") && organizers.contains("RECURRENCE-ID:20260308T100000Z"), organizers);
    }

    @Test
    void unknownUidsAreEmptyAndOtherAnswersRefused() {
        Principal room = room(manual());
        assertEquals(Optional.empty(), decide(room, "no-such-uid", "ACCEPTED"));
        String uid = book(room, "");
        assertThrows(IllegalArgumentException.class, () -> decide(room, uid, "TENTATIVE"));
        assertEquals(List.of(uid), inboxUids(room), "nothing changed");
    }

    @Test
    void automaticRoomsHaveNothingPending() {
        Principal room = room(ResourcePolicy.DEFAULT);
        String uid = book(room, "");
        assertTrue(roomLines(stored(room, uid), room).get(0).contains("PARTSTAT=ACCEPTED"));
        assertEquals(List.of(), db.transaction(cfg -> decisions.pending(room)));
        assertThrows(ManagerDecisions.NotPendingException.class, () -> decide(room, uid, "DECLINED"));
        assertNotNull(stored(olga, uid));
    }

    @Test
    void markingIsPerComponentAndIdempotent() {
        String text = crlf("""
                BEGIN:VCALENDAR
                BEGIN:VEVENT
                UID:a
                BEGIN:VALARM
                X-CALROOM-DECIDED-BY:manager
                END:VALARM
                END:VEVENT
                BEGIN:VEVENT
                UID:a
                X-CALROOM-DECIDED-BY:manager
                RECURRENCE-ID:20260101T100000Z
                END:VEVENT
                END:VCALENDAR
                """);
        String marked = ManagerDecisions.markDecidedByManager(text);
        assertEquals(3, marked.split("X-CALROOM-DECIDED-BY:manager", -1).length - 1, marked);
        assertTrue(marked.startsWith("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nX-CALROOM-DECIDED-BY:manager\r\nUID:a\r\n"), marked);
        assertEquals(marked, ManagerDecisions.markDecidedByManager(marked));
    }
}
