package io.calroom.scheduling.itip;

import static io.calroom.scheduling.itip.Fixtures.ALICE;
import static io.calroom.scheduling.itip.Fixtures.APPLE_WEEKLY;
import static io.calroom.scheduling.itip.Fixtures.CAROL;
import static io.calroom.scheduling.itip.Fixtures.NOW;
import static io.calroom.scheduling.itip.Fixtures.OLGA;
import static io.calroom.scheduling.itip.Fixtures.attendeeLine;
import static io.calroom.scheduling.itip.Fixtures.event;
import static io.calroom.scheduling.itip.Fixtures.events;
import static io.calroom.scheduling.itip.Fixtures.insertAfter;
import static io.calroom.scheduling.itip.Fixtures.lines;
import static io.calroom.scheduling.itip.Fixtures.linesStarting;
import static io.calroom.scheduling.itip.Fixtures.only;
import static io.calroom.scheduling.itip.Fixtures.param;
import static io.calroom.scheduling.itip.Fixtures.replaceLine;
import static io.calroom.scheduling.itip.Fixtures.validMessage;
import static io.calroom.scheduling.itip.Fixtures.validObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.calroom.scheduling.itip.AttendeeScheduling.AttendeeChangeNotAllowed;
import io.calroom.scheduling.itip.AttendeeScheduling.AttendeeResult;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttendeeSchedulingTest {

    static final String ALICE_LINE = "ATTENDEE;CN=Alice Example;CUTYPE=INDIVIDUAL;EMAIL=alice@example.com;"
            + "PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:Alice@Example.com";
    static final String ALICE_ACCEPTED = "ATTENDEE;CN=Alice Example;CUTYPE=INDIVIDUAL;EMAIL=alice@example.com;"
            + "PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:Alice@Example.com";

    /** Alice's copy as the server delivered it. */
    static String aliceCopy() {
        ItipMessage request = only(OrganizerScheduling.schedule(null, APPLE_WEEKLY, OLGA, NOW).messages(), "REQUEST", ALICE);
        return ItipProcessing.applyRequest(null, request.ical(), ALICE);
    }

    /** Apple Calendar as attendee: accepts, adds its alarm and travel property, refreshes DTSTAMP. */
    static String aliceAccepts(String copy) {
        String accepted = replaceLine(copy, ALICE_LINE, ALICE_ACCEPTED);
        accepted = replaceLine(accepted, "DTSTAMP:20240112T083000Z", "DTSTAMP:20240112T091500Z");
        return insertAfter(accepted, "SEQUENCE:0", """
                X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC
                BEGIN:VALARM
                TRIGGER:-PT5M
                ACTION:DISPLAY
                DESCRIPTION:Event reminder
                END:VALARM
                """);
    }

    private static String declinedOverride22(String copy) {
        List<String> master = event(copy, 0);
        StringBuilder o = new StringBuilder("BEGIN:VEVENT\n");
        for (String l : master) {
            if (l.startsWith("RRULE") || l.startsWith("DTSTART") || l.startsWith("DTEND")) continue;
            o.append(l.equals(ALICE_LINE) || l.equals(ALICE_ACCEPTED)
                    ? ALICE_LINE.replace("NEEDS-ACTION", "DECLINED").replace(";RSVP=TRUE", "") : l).append('\n');
        }
        o.append("RECURRENCE-ID;TZID=Europe/Berlin:20240122T100000\n");
        o.append("DTSTART;TZID=Europe/Berlin:20240122T100000\nDTEND;TZID=Europe/Berlin:20240122T110000\nEND:VEVENT\n");
        return Fixtures.ics(Fixtures.unfold(copy).replace("END:VCALENDAR\r\n", "").replace("\r\n", "\n")
                + o + "END:VCALENDAR\n");
    }

    @Test
    void accept_sendsReplyToTheOrganizer() throws Exception {
        String copy = aliceCopy();
        AttendeeResult r = AttendeeScheduling.process(copy, aliceAccepts(copy), "mailto:ALICE@example.com", NOW);
        ItipMessage reply = r.reply().orElseThrow();
        validMessage(reply, "REPLY");
        assertEquals("mailto:alice@example.com", reply.sender());
        assertEquals("mailto:olga@example.com", reply.recipient());
        assertEquals(Set.of(""), reply.instanceKeys());
        assertEquals(1, events(reply.ical()));
        List<String> e = event(reply.ical(), 0);
        assertEquals(1, linesStarting(reply.ical(), "ATTENDEE").size(), "only the replying attendee");
        String att = attendeeLine(e, ALICE);
        assertEquals("ACCEPTED", param(att, "PARTSTAT"));
        assertNull(param(att, "RSVP"));
        assertTrue(e.contains("UID:" + Fixtures.APPLE_UID));
        assertTrue(e.contains("SEQUENCE:0"));
        assertTrue(e.contains("DTSTAMP:20240112T083000Z"));
        assertTrue(e.stream().anyMatch(l -> l.startsWith("ORGANIZER")));
        assertFalse(reply.ical().contains("X-APPLE-"));
        assertTrue(lines(reply.ical()).contains("TZID:Europe/Berlin"));
    }

    @Test
    void alarmTranspAndPersonalProperties_needNoReply() throws Exception {
        String copy = aliceCopy();
        String changed = replaceLine(copy, "TRANSP:OPAQUE", "TRANSP:TRANSPARENT");
        changed = insertAfter(changed, "SEQUENCE:0", "X-MOZ-LASTACK:20240112T090000Z\nCATEGORIES:Work\n"
                + "BEGIN:VALARM\nTRIGGER:-PT1H\nACTION:DISPLAY\nDESCRIPTION:x\nEND:VALARM\n");
        assertEquals(Optional.empty(), AttendeeScheduling.schedule(copy, changed, ALICE, NOW));
    }

    @Test
    void declineOneInstanceWithNewOverride_repliesForThatInstanceOnly() throws Exception {
        String copy = aliceCopy();
        Optional<ItipMessage> reply = AttendeeScheduling.schedule(copy, declinedOverride22(copy), ALICE, NOW);
        ItipMessage m = reply.orElseThrow();
        validMessage(m, "REPLY");
        assertEquals(Set.of("20240122T090000Z"), m.instanceKeys());
        List<String> e = event(m.ical(), 0);
        assertTrue(e.contains("RECURRENCE-ID;TZID=Europe/Berlin:20240122T100000"));
        assertEquals("DECLINED", param(attendeeLine(e, ALICE), "PARTSTAT"));
        assertEquals(1, events(m.ical()));
    }

    @Test
    void acceptSeriesButDeclineOneInstance_repliesWithMasterAndOverride() throws Exception {
        String copy = aliceCopy();
        String both = declinedOverride22(aliceAccepts(copy));
        ItipMessage m = AttendeeScheduling.schedule(copy, both, ALICE, NOW).orElseThrow();
        assertEquals(Set.of("", "20240122T090000Z"), m.instanceKeys());
        assertEquals("ACCEPTED", param(attendeeLine(event(m.ical(), 0), ALICE), "PARTSTAT"));
        assertEquals("DECLINED", param(attendeeLine(event(m.ical(), 1), ALICE), "PARTSTAT"));
    }

    @Test
    void declineOneInstanceWithExdate_repliesWithADeclinedOverride() throws Exception {
        String copy = aliceCopy();
        String exdated = insertAfter(copy, "RRULE:FREQ=WEEKLY;COUNT=10", "EXDATE;TZID=Europe/Berlin:20240205T100000\n");
        ItipMessage m = AttendeeScheduling.schedule(copy, exdated, ALICE, NOW).orElseThrow();
        validMessage(m, "REPLY");
        assertEquals(Set.of("20240205T090000Z"), m.instanceKeys());
        List<String> e = event(m.ical(), 0);
        assertTrue(e.contains("RECURRENCE-ID;TZID=Europe/Berlin:20240205T100000"), e.toString());
        assertTrue(e.contains("DTSTART;TZID=Europe/Berlin:20240205T100000"));
        assertEquals("DECLINED", param(attendeeLine(e, ALICE), "PARTSTAT"));
    }

    @Test
    void organizerOnlyChanges_areRefused() {
        String copy = aliceCopy();
        AttendeeChangeNotAllowed e = assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.schedule(
                copy, replaceLine(copy, "SUMMARY:Weekly planning", "SUMMARY:My planning"), ALICE, NOW));
        assertTrue(e.getMessage().contains("SUMMARY"), e.getMessage());
        assertEquals("allowed-attendee-scheduling-object-change", e.precondition());
        assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.schedule(copy,
                replaceLine(copy, "DTSTART;TZID=Europe/Berlin:20240115T100000", "DTSTART;TZID=Europe/Berlin:20240115T090000"),
                ALICE, NOW));
        assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.schedule(copy,
                replaceLine(copy, "RRULE:FREQ=WEEKLY;COUNT=10", "RRULE:FREQ=WEEKLY;COUNT=12"), ALICE, NOW));
        String bob = linesStarting(copy, "ATTENDEE").stream().filter(l -> l.contains("bob@")).findFirst().orElseThrow();
        assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.schedule(copy, replaceLine(copy, bob, ""),
                ALICE, NOW));
        assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.schedule(copy,
                insertAfter(copy, "SUMMARY:Weekly planning", "STATUS:CANCELLED\n"), ALICE, NOW));
        String exdated = insertAfter(copy, "RRULE:FREQ=WEEKLY;COUNT=10", "EXDATE;TZID=Europe/Berlin:20240205T100000\n");
        assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.schedule(exdated, copy, ALICE, NOW),
                "reinstating an instance");
    }

    @Test
    void overrideThatChangesOrganizerContent_isRefused() {
        String copy = aliceCopy();
        String moved = declinedOverride22(copy).replace("DTSTART;TZID=Europe/Berlin:20240122T100000\r\n",
                "DTSTART;TZID=Europe/Berlin:20240122T120000\r\n");
        assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.schedule(copy, moved, ALICE, NOW));
    }

    @Test
    void otherAttendeesPartstat_isTolerated() throws Exception {
        String copy = aliceCopy();
        String bob = linesStarting(copy, "ATTENDEE").stream().filter(l -> l.contains("bob@")).findFirst().orElseThrow();
        assertEquals(Optional.empty(), AttendeeScheduling.schedule(copy,
                replaceLine(copy, bob, bob.replace("NEEDS-ACTION", "TENTATIVE")), ALICE, NOW));
    }

    @Test
    void delete_repliesDeclinedForEveryInstance() throws Exception {
        String copy = declinedOverride22(aliceAccepts(aliceCopy()));
        ItipMessage m = AttendeeScheduling.schedule(copy, null, ALICE, NOW).orElseThrow();
        validMessage(m, "REPLY");
        assertEquals(Set.of(""), m.instanceKeys(), "the override is declined already");
        assertEquals("DECLINED", param(attendeeLine(event(m.ical(), 0), ALICE), "PARTSTAT"));

        String tentative = replaceLine(aliceCopy(), ALICE_LINE, ALICE_LINE.replace("NEEDS-ACTION", "TENTATIVE"));
        ItipMessage all = AttendeeScheduling.schedule(declinedOverride22(tentative).replace(
                "PARTSTAT=DECLINED", "PARTSTAT=ACCEPTED"), null, ALICE, NOW).orElseThrow();
        assertEquals(Set.of("", "20240122T090000Z"), all.instanceKeys());
        assertNull(AttendeeScheduling.process(copy, null, ALICE, NOW).attendeeText());
    }

    @Test
    void organizerScheduleAgentClient_meansNoServerProcessing() throws Exception {
        String copy = replaceLine(aliceCopy(), "ORGANIZER;CN=Olga Organizer;EMAIL=olga@example.com:mailto:olga@example.com",
                "ORGANIZER;CN=Olga Organizer;SCHEDULE-AGENT=CLIENT:mailto:olga@example.com");
        assertEquals(Optional.empty(), AttendeeScheduling.schedule(copy, aliceAccepts(copy), ALICE, NOW));
        assertEquals(Optional.empty(), AttendeeScheduling.schedule(copy,
                replaceLine(copy, "SUMMARY:Weekly planning", "SUMMARY:Mine now"), ALICE, NOW));
        assertEquals(Optional.empty(), AttendeeScheduling.schedule(copy, null, ALICE, NOW));
    }

    @Test
    void scheduleForceSendReply_repliesAndIsRemoved() throws Exception {
        String copy = aliceCopy();
        String forced = replaceLine(copy, "ORGANIZER;CN=Olga Organizer;EMAIL=olga@example.com:mailto:olga@example.com",
                "ORGANIZER;CN=Olga Organizer;EMAIL=olga@example.com;SCHEDULE-FORCE-SEND=REPLY:mailto:olga@example.com");
        AttendeeResult r = AttendeeScheduling.process(copy, forced, ALICE, NOW);
        ItipMessage m = r.reply().orElseThrow();
        validMessage(m, "REPLY");
        assertEquals("NEEDS-ACTION", param(attendeeLine(event(m.ical(), 0), ALICE), "PARTSTAT"));
        assertFalse(r.attendeeText().contains("SCHEDULE-FORCE-SEND"));
        validObject(r.attendeeText());
        AttendeeResult plain = AttendeeScheduling.process(copy, aliceAccepts(copy), ALICE, NOW);
        assertTrue(plain.reply().isPresent());
    }

    @Test
    void instanceOnlyAttendee_acceptsItsInstance() throws Exception {
        String withCarol = Fixtures.withOverride(APPLE_WEEKLY, Fixtures.OVERRIDE_22);
        ItipMessage request = only(OrganizerScheduling.schedule(null, withCarol, OLGA, NOW).messages(), "REQUEST", CAROL);
        String copy = ItipProcessing.applyRequest(null, request.ical(), CAROL);
        String carolLine = linesStarting(copy, "ATTENDEE").stream().filter(l -> l.contains("carol@")).findFirst().orElseThrow();
        String tentative = replaceLine(copy, carolLine, carolLine.replace("NEEDS-ACTION", "TENTATIVE"));
        ItipMessage m = AttendeeScheduling.schedule(copy, tentative, CAROL, NOW).orElseThrow();
        validMessage(m, "REPLY");
        assertEquals(Set.of("20240122T090000Z"), m.instanceKeys());
        assertTrue(event(m.ical(), 0).contains("RECURRENCE-ID;TZID=Europe/Berlin:20240122T100000"));
        assertEquals("TENTATIVE", param(attendeeLine(event(m.ical(), 0), CAROL), "PARTSTAT"));
        assertSame(tentative, AttendeeScheduling.process(copy, tentative, CAROL, NOW).attendeeText());
    }
}
