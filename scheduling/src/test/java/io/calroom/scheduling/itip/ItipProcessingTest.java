package io.calroom.scheduling.itip;

import io.calroom.ical.tree.CalendarObjectTree;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.calroom.scheduling.itip.AttendeeSchedulingTest.ALICE_ACCEPTED;
import static io.calroom.scheduling.itip.AttendeeSchedulingTest.aliceAccepts;
import static io.calroom.scheduling.itip.AttendeeSchedulingTest.aliceCopy;
import static io.calroom.scheduling.itip.Fixtures.ALICE;
import static io.calroom.scheduling.itip.Fixtures.APPLE_WEEKLY;
import static io.calroom.scheduling.itip.Fixtures.BOB;
import static io.calroom.scheduling.itip.Fixtures.CAROL;
import static io.calroom.scheduling.itip.Fixtures.NOW;
import static io.calroom.scheduling.itip.Fixtures.OLGA;
import static io.calroom.scheduling.itip.Fixtures.OVERRIDE_22;
import static io.calroom.scheduling.itip.Fixtures.ROOM;
import static io.calroom.scheduling.itip.Fixtures.THUNDERBIRD_SINGLE;
import static io.calroom.scheduling.itip.Fixtures.attendeeLine;
import static io.calroom.scheduling.itip.Fixtures.count;
import static io.calroom.scheduling.itip.Fixtures.event;
import static io.calroom.scheduling.itip.Fixtures.events;
import static io.calroom.scheduling.itip.Fixtures.insertAfter;
import static io.calroom.scheduling.itip.Fixtures.lines;
import static io.calroom.scheduling.itip.Fixtures.only;
import static io.calroom.scheduling.itip.Fixtures.param;
import static io.calroom.scheduling.itip.Fixtures.replaceLine;
import static io.calroom.scheduling.itip.Fixtures.validObject;
import static io.calroom.scheduling.itip.Fixtures.withOverride;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItipProcessingTest {

    private static String requestFor(String oldText, String newText, String to) {
        return only(OrganizerScheduling.schedule(oldText, newText, OLGA, NOW).messages(), "REQUEST", to).ical();
    }

    private static String cancelFor(String oldText, String newText, String to) {
        return only(OrganizerScheduling.schedule(oldText, newText, OLGA, NOW).messages(), "CANCEL", to).ical();
    }

    private static String reply(String copy, String changed, String who) throws Exception {
        return AttendeeScheduling.schedule(copy, changed, who, NOW).orElseThrow().ical();
    }

    @Test
    void applyRequest_newInvitation_isAValidObjectWithoutMethod() {
        String copy = ItipProcessing.applyRequest(null, requestFor(null, THUNDERBIRD_SINGLE, CAROL), CAROL);
        validObject(copy);
        assertFalse(copy.contains("METHOD"));
        assertTrue(lines(copy).contains("SUMMARY:Project sync"));
        assertTrue(lines(copy).contains("X-LIC-LOCATION:Europe/Berlin"));
    }

    @Test
    void applyRequest_update_keepsPerUserDataAndPartstat() {
        String mine = insertAfter(aliceAccepts(aliceCopy()), "SEQUENCE:0", "X-MOZ-LASTACK:20240112T090000Z\n");
        mine = replaceLine(mine, "TRANSP:OPAQUE", "TRANSP:TRANSPARENT");
        String relocated = replaceLine(APPLE_WEEKLY, "LOCATION:Room Galileo", "LOCATION:Room Kepler");
        String updated = ItipProcessing.applyRequest(mine, requestFor(APPLE_WEEKLY, relocated, ALICE), ALICE);
        validObject(updated);
        List<String> e = event(updated, 0);
        assertTrue(e.contains("LOCATION:Room Kepler"));
        assertTrue(e.contains("SEQUENCE:1"));
        assertEquals("ACCEPTED", param(attendeeLine(e, ALICE), "PARTSTAT"));
        assertTrue(e.contains("TRANSP:TRANSPARENT"));
        assertTrue(e.contains("X-MOZ-LASTACK:20240112T090000Z"));
        assertTrue(e.contains("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC"));
        assertTrue(lines(updated).contains("TRIGGER:-PT5M"), "her alarm");
        assertEquals(1, count(updated, "BEGIN:VALARM"));
        assertTrue(ScheduleTags.changed(mine, updated));
    }

    @Test
    void applyRequest_reschedule_resetsPartstat() {
        String mine = aliceAccepts(aliceCopy());
        String moved = replaceLine(APPLE_WEEKLY, "DTSTART;TZID=Europe/Berlin:20240115T100000", "DTSTART;TZID=Europe/Berlin:20240115T093000");
        String request = requestFor(APPLE_WEEKLY, moved, ALICE);
        String updated = ItipProcessing.applyRequest(mine, request, ALICE);
        validObject(updated);
        assertEquals("NEEDS-ACTION", param(attendeeLine(event(updated, 0), ALICE), "PARTSTAT"));
        assertTrue(lines(updated).contains("TRIGGER:-PT5M"), "alarm kept across a reschedule");

        // a third-party organizer that keeps the attendee's ACCEPTED in its request: reset all the same
        String keeps = replaceLine(request, attendeeLine(event(request, 0), ALICE),
                attendeeLine(event(request, 0), ALICE).replace("NEEDS-ACTION", "ACCEPTED"));
        assertEquals("NEEDS-ACTION", param(attendeeLine(event(ItipProcessing.applyRequest(mine, keeps, ALICE), 0), ALICE), "PARTSTAT"));
    }

    @Test
    void applyRequest_partstatOnlyUpdate_keepsScheduleTag() {
        String mine = aliceAccepts(aliceCopy());
        String bobLine = attendeeLine(event(APPLE_WEEKLY, 0), BOB);
        String bobAccepted = replaceLine(APPLE_WEEKLY, bobLine, bobLine.replace("NEEDS-ACTION", "ACCEPTED"));
        List<ItipMessage> refresh = OrganizerScheduling.refreshAttendees(bobAccepted, OLGA, BOB, Set.of(""), NOW);
        String updated = ItipProcessing.applyRequest(mine, only(refresh, "REQUEST", ALICE).ical(), ALICE);
        assertEquals("ACCEPTED", param(attendeeLine(event(updated, 0), BOB), "PARTSTAT"));
        assertFalse(ScheduleTags.changed(mine, updated));
    }

    @Test
    void applyRequest_instanceOnlyInvitation_thenUpdateOfThatInstance() {
        String organizer = withOverride(APPLE_WEEKLY, OVERRIDE_22);
        String copy = ItipProcessing.applyRequest(null, requestFor(APPLE_WEEKLY, organizer, CAROL), CAROL);
        validObject(copy);
        assertEquals(1, events(copy));
        assertFalse(copy.contains("RRULE:FREQ=WEEKLY"));
        assertTrue(event(copy, 0).contains("RECURRENCE-ID;TZID=Europe/Berlin:20240122T100000"));

        String carolLine = attendeeLine(event(copy, 0), CAROL);
        String accepted = replaceLine(copy, carolLine, carolLine.replace("NEEDS-ACTION", "ACCEPTED"));
        String retitled = replaceLine(organizer, "SUMMARY:Weekly planning (with Carol)", "SUMMARY:Planning with Carol");
        String updated = ItipProcessing.applyRequest(accepted, requestFor(organizer, retitled, CAROL), CAROL);
        validObject(updated);
        assertEquals(1, events(updated));
        assertTrue(event(updated, 0).contains("SUMMARY:Planning with Carol"));
        assertEquals("ACCEPTED", param(attendeeLine(event(updated, 0), CAROL), "PARTSTAT"));
    }

    @Test
    void applyRequest_newOverrideGetsTheMastersAlarm_andStaleRequestsAreIgnored() {
        String mine = aliceAccepts(aliceCopy());
        String organizer = withOverride(APPLE_WEEKLY, OVERRIDE_22);
        String updated = ItipProcessing.applyRequest(mine, requestFor(APPLE_WEEKLY, organizer, ALICE), ALICE);
        validObject(updated);
        assertEquals(2, events(updated));
        assertEquals(2, count(updated, "TRIGGER:-PT5M"));
        assertEquals("ACCEPTED", param(attendeeLine(event(updated, 0), ALICE), "PARTSTAT"));
        assertEquals("NEEDS-ACTION", param(attendeeLine(event(updated, 1), ALICE), "PARTSTAT"), "moved instance");

        String old = requestFor(null, APPLE_WEEKLY, ALICE); // SEQUENCE:0 against the stored SEQUENCE:1 master
        String bumped = replaceLine(updated, "SEQUENCE:0", "SEQUENCE:1");
        assertSame(bumped, ItipProcessing.applyRequest(bumped, old, ALICE));
    }

    @Test
    void applyCancel_instance_addsExdateInTheMastersZone() {
        String mine = aliceAccepts(aliceCopy());
        String exdated = insertAfter(APPLE_WEEKLY, "RRULE:FREQ=WEEKLY;COUNT=10", "EXDATE;TZID=Europe/Berlin:20240129T100000\n");
        String updated = ItipProcessing.applyCancel(mine, cancelFor(APPLE_WEEKLY, exdated, ALICE));
        validObject(updated);
        List<String> e = event(updated, 0);
        assertTrue(e.contains("EXDATE;TZID=Europe/Berlin:20240129T100000"), e.toString());
        assertTrue(e.contains("SEQUENCE:1"));
        assertTrue(lines(updated).contains("TRIGGER:-PT5M"));
        assertTrue(SchedulingObjects.of(CalendarObjectTree.parse(updated)).master().exdates().contains("20240129T090000Z"));
    }

    @Test
    void applyCancel_instanceWithOverride_dropsTheOverride() {
        String organizer = withOverride(APPLE_WEEKLY, OVERRIDE_22);
        String mine = ItipProcessing.applyRequest(null, requestFor(null, organizer, ALICE), ALICE);
        assertEquals(2, events(mine));
        String exdated = insertAfter(APPLE_WEEKLY, "RRULE:FREQ=WEEKLY;COUNT=10", "EXDATE;TZID=Europe/Berlin:20240122T100000\n");
        String cancel = cancelFor(organizer, exdated, ALICE);
        String updated = ItipProcessing.applyCancel(mine, cancel);
        validObject(updated);
        assertEquals(1, events(updated));
        assertTrue(event(updated, 0).contains("EXDATE;TZID=Europe/Berlin:20240122T100000"));
    }

    @Test
    void applyCancel_whole_andAllInstancesOfAnInstanceOnlyCopy_deleteTheCopy() {
        assertNull(ItipProcessing.applyCancel(aliceCopy(), cancelFor(APPLE_WEEKLY, null, ALICE)));
        String organizer = withOverride(APPLE_WEEKLY, OVERRIDE_22);
        String carol = ItipProcessing.applyRequest(null, requestFor(null, organizer, CAROL), CAROL);
        String cancel = cancelFor(organizer, null, CAROL);
        assertTrue(lines(cancel).contains("RECURRENCE-ID;TZID=Europe/Berlin:20240122T100000"));
        assertNull(ItipProcessing.applyCancel(carol, cancel));
    }

    @Test
    void applyCancel_thisAndFuture_endsTheRule() {
        String cancel = Fixtures.ics("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example//EN
                METHOD:CANCEL
                BEGIN:VEVENT
                UID:5F1B2C3D-AAAA-4BBB-8CCC-1234567890AB
                DTSTAMP:20240112T100000Z
                SEQUENCE:1
                RECURRENCE-ID;RANGE=THISANDFUTURE:20240205T090000Z
                ORGANIZER:mailto:olga@example.com
                ATTENDEE:mailto:alice@example.com
                STATUS:CANCELLED
                END:VEVENT
                END:VCALENDAR
                """);
        String updated = ItipProcessing.applyCancel(aliceCopy(), cancel);
        validObject(updated);
        assertTrue(event(updated, 0).contains("RRULE:FREQ=WEEKLY;UNTIL=20240205T085959Z"), event(updated, 0).toString());
    }

    @Test
    void applyReply_setsPartstatAndScheduleStatus() throws Exception {
        String copy = aliceCopy();
        String updated = ItipProcessing.applyReply(APPLE_WEEKLY, reply(copy, aliceAccepts(copy), ALICE));
        validObject(updated);
        List<String> e = event(updated, 0);
        String alice = attendeeLine(e, ALICE);
        assertEquals("ACCEPTED", param(alice, "PARTSTAT"));
        assertEquals("2.0", param(alice, "SCHEDULE-STATUS"));
        assertEquals("NEEDS-ACTION", param(attendeeLine(e, BOB), "PARTSTAT"));
        assertNull(param(attendeeLine(e, BOB), "SCHEDULE-STATUS"));
        assertTrue(lines(updated).contains("TRIGGER:-PT15M"), "the organizer's alarm");
        assertTrue(e.contains("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC"));
    }

    @Test
    void applyReply_forAnInstanceWithoutOverride_createsTheOverride() throws Exception {
        String copy = aliceCopy();
        String exdated = insertAfter(copy, "RRULE:FREQ=WEEKLY;COUNT=10", "EXDATE;TZID=Europe/Berlin:20240205T100000\n");
        String updated = ItipProcessing.applyReply(APPLE_WEEKLY, reply(copy, exdated, ALICE));
        validObject(updated);
        assertEquals(2, events(updated));
        List<String> o = event(updated, 1);
        assertTrue(o.contains("RECURRENCE-ID;TZID=Europe/Berlin:20240205T100000"), o.toString());
        assertTrue(o.contains("DTSTART;TZID=Europe/Berlin:20240205T100000"));
        assertTrue(o.contains("DTEND;TZID=Europe/Berlin:20240205T110000"));
        assertFalse(o.stream().anyMatch(l -> l.startsWith("RRULE")));
        assertEquals("DECLINED", param(attendeeLine(o, ALICE), "PARTSTAT"));
        assertEquals("2.0", param(attendeeLine(o, ALICE), "SCHEDULE-STATUS"));
        assertEquals("NEEDS-ACTION", param(attendeeLine(o, BOB), "PARTSTAT"));
        assertEquals("NEEDS-ACTION", param(attendeeLine(event(updated, 0), ALICE), "PARTSTAT"), "master unchanged");
        SchedulingObject so = SchedulingObjects.read(updated);
        assertEquals(Set.of("", "20240205T090000Z"), so.instances().keySet());

        // an instance after the DST change: the override keeps local 10:00
        String july = Fixtures.ics("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example//EN
                METHOD:REPLY
                BEGIN:VEVENT
                UID:5F1B2C3D-AAAA-4BBB-8CCC-1234567890AB
                DTSTAMP:20240112T100000Z
                SEQUENCE:0
                RECURRENCE-ID:20240318T090000Z
                ORGANIZER:mailto:olga@example.com
                ATTENDEE;PARTSTAT=TENTATIVE:mailto:bob@example.com
                REQUEST-STATUS:2.0;Success
                REQUEST-STATUS:2.4;Invalid property value ignored;LOCATION
                END:VEVENT
                END:VCALENDAR
                """);
        String weekly = replaceLine(APPLE_WEEKLY, "RRULE:FREQ=WEEKLY;COUNT=10", "RRULE:FREQ=WEEKLY;COUNT=20");
        String withBob = ItipProcessing.applyReply(weekly, july);
        validObject(withBob);
        List<String> b = event(withBob, 1);
        assertTrue(b.contains("RECURRENCE-ID;TZID=Europe/Berlin:20240318T100000"), b.toString());
        assertEquals("TENTATIVE", param(attendeeLine(b, BOB), "PARTSTAT"));
        assertEquals("2.0,2.4", param(attendeeLine(b, BOB), "SCHEDULE-STATUS"));
    }

    @Test
    void applyReply_forNoInstanceOrFromAStranger_isIgnored() {
        String notAnInstance = Fixtures.ics("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example//EN
                METHOD:REPLY
                BEGIN:VEVENT
                UID:5F1B2C3D-AAAA-4BBB-8CCC-1234567890AB
                DTSTAMP:20240112T100000Z
                RECURRENCE-ID:20240116T090000Z
                ORGANIZER:mailto:olga@example.com
                ATTENDEE;PARTSTAT=ACCEPTED:mailto:alice@example.com
                END:VEVENT
                END:VCALENDAR
                """);
        assertSame(APPLE_WEEKLY, ItipProcessing.applyReply(APPLE_WEEKLY, notAnInstance));
        String stranger = notAnInstance.replace("RECURRENCE-ID:20240116T090000Z\r\n", "")
                .replace("mailto:alice@example.com", "mailto:mallory@example.net");
        assertSame(APPLE_WEEKLY, ItipProcessing.applyReply(APPLE_WEEKLY, stranger));
    }

    @Test
    void setScheduleStatus_onTheGivenAttendeesOnly() {
        String s = ItipProcessing.setScheduleStatus(withOverride(APPLE_WEEKLY, OVERRIDE_22),
                Map.of("MAILTO:alice@EXAMPLE.com", "1.2", ROOM, "3.7", CAROL, "5.1"));
        validObject(s);
        for (int i = 0; i < 2; i++) {
            List<String> e = event(s, i);
            assertEquals("1.2", param(attendeeLine(e, ALICE), "SCHEDULE-STATUS"));
            assertEquals("3.7", param(attendeeLine(e, ROOM), "SCHEDULE-STATUS"));
            assertNull(param(attendeeLine(e, BOB), "SCHEDULE-STATUS"));
            assertNull(param(attendeeLine(e, OLGA), "SCHEDULE-STATUS"));
        }
        assertEquals("5.1", param(attendeeLine(event(s, 1), CAROL), "SCHEDULE-STATUS"));
        String again = ItipProcessing.setScheduleStatus(s, Map.of(ALICE, "2.0"));
        assertEquals("2.0", param(attendeeLine(event(again, 0), ALICE), "SCHEDULE-STATUS"));
        assertEquals(2, Fixtures.unfold(again).split("SCHEDULE-STATUS=2.0", -1).length - 1, "Alice's two ATTENDEEs");

        String org = ItipProcessing.setOrganizerScheduleStatus(aliceCopy(), "1.2");
        assertEquals("1.2", param(lines(org).stream().filter(l -> l.startsWith("ORGANIZER")).findFirst().orElseThrow(),
                "SCHEDULE-STATUS"));
    }

    @Test
    void roundTrip_inviteAcceptRescheduleCancel() throws Exception {
        Instant t0 = NOW;
        String organizer = APPLE_WEEKLY;
        OrganizerScheduling.OrganizerResult created = OrganizerScheduling.schedule(null, organizer, OLGA, t0);
        organizer = ItipProcessing.setScheduleStatus(created.organizerText(), Map.of(ALICE, "1.2", BOB, "1.2", ROOM, "1.2"));
        String alice = ItipProcessing.applyRequest(null, only(created.messages(), "REQUEST", ALICE).ical(), ALICE);
        assertFalse(alice.contains("SCHEDULE-STATUS"));

        String aliceAccepted = replaceLine(alice, AttendeeSchedulingTest.ALICE_LINE, ALICE_ACCEPTED);
        ItipMessage reply = AttendeeScheduling.schedule(alice, aliceAccepted, ALICE, t0).orElseThrow();
        String organizerAfterReply = ItipProcessing.applyReply(organizer, reply.ical());
        assertFalse(ScheduleTags.changed(organizer, organizerAfterReply), "only a PARTSTAT changed");
        organizer = organizerAfterReply;
        assertEquals("ACCEPTED", param(attendeeLine(event(organizer, 0), ALICE), "PARTSTAT"));

        String moved = replaceLine(organizer, "DTEND;TZID=Europe/Berlin:20240115T110000", "DTEND;TZID=Europe/Berlin:20240115T113000");
        OrganizerScheduling.OrganizerResult resched = OrganizerScheduling.schedule(organizer, moved, OLGA, t0);
        assertEquals(3, resched.messages().size());
        assertEquals("NEEDS-ACTION", param(attendeeLine(event(resched.organizerText(), 0), ALICE), "PARTSTAT"));
        String alice2 = ItipProcessing.applyRequest(aliceAccepted, only(resched.messages(), "REQUEST", ALICE).ical(), ALICE);
        assertEquals("NEEDS-ACTION", param(attendeeLine(event(alice2, 0), ALICE), "PARTSTAT"));
        assertTrue(event(alice2, 0).contains("DTEND;TZID=Europe/Berlin:20240115T113000"));
        assertNotEquals(aliceAccepted, alice2);

        OrganizerScheduling.OrganizerResult deleted = OrganizerScheduling.schedule(resched.organizerText(), null, OLGA, t0);
        assertNull(ItipProcessing.applyCancel(alice2, only(deleted.messages(), "CANCEL", ALICE).ical()));
    }

    /** RFC 6638 §7.3: what the server schedules carries the server's SCHEDULE-STATUS, whatever the client writes. */
    @Test
    void keepServerScheduleStatus_restoresTheStoredValuesAndLeavesClientScheduledOnesAlone() {
        String stored = ItipProcessing.setScheduleStatus(APPLE_WEEKLY, Map.of(ALICE, "1.2", BOB, "2.0"));
        String forged = replaceLine(stored, attendeeLine(event(stored, 0), ALICE),
                attendeeLine(event(stored, 0), ALICE).replace("SCHEDULE-STATUS=1.2", "SCHEDULE-STATUS=5.3"));
        forged = replaceLine(forged, attendeeLine(event(forged, 0), ROOM), attendeeLine(event(forged, 0), ROOM).replace(":mailto:",
                ";SCHEDULE-STATUS=2.0:mailto:"));
        String kept = ItipProcessing.keepServerScheduleStatus(stored, forged);
        List<String> e = event(kept, 0);
        assertEquals("1.2", param(attendeeLine(e, ALICE), "SCHEDULE-STATUS"));
        assertEquals("2.0", param(attendeeLine(e, BOB), "SCHEDULE-STATUS"));
        assertNull(param(attendeeLine(e, ROOM), "SCHEDULE-STATUS"), "never set by the server");
        assertSame(stored, ItipProcessing.keepServerScheduleStatus(stored, stored), "nothing to restore: the same text");
        assertFalse(ItipProcessing.keepServerScheduleStatus(null, stored).contains("SCHEDULE-STATUS"), "a new object has none yet");

        String organizerLine = "ORGANIZER;CN=Olga Organizer;EMAIL=olga@example.com:mailto:olga@example.com";
        String client = replaceLine(APPLE_WEEKLY, organizerLine,
                "ORGANIZER;CN=Olga Organizer;SCHEDULE-AGENT=CLIENT;SCHEDULE-STATUS=1.1:mailto:olga@example.com");
        assertSame(client, ItipProcessing.keepServerScheduleStatus(APPLE_WEEKLY, client), "§3.2.2.1 item 10: the client schedules that one");
    }

    @Test
    void transparentWhereDeclined_onlyTheDeclinedComponents() {
        String copy = withOverride(APPLE_WEEKLY, OVERRIDE_22);
        String declined = ItipProcessing.setAttendeePartstat(copy, ROOM, "ACCEPTED",
                Map.of(Instant.parse("2024-01-22T09:00:00Z"), "DECLINED"), false);
        String t = ItipProcessing.transparentWhereDeclined(declined, ROOM);
        assertTrue(event(t, 0).contains("TRANSP:OPAQUE"), "the accepted series still blocks");
        assertTrue(event(t, 1).contains("TRANSP:TRANSPARENT"), "the declined instance does not");
        assertSame(t, ItipProcessing.transparentWhereDeclined(t, ROOM));
        validObject(t);
    }
}
