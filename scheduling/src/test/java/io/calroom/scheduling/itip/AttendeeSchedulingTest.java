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
    }

    /** RFC 6638 §3.2.2.1 lists no way to reinstate an instance: a client that missed the CANCEL keeps it excluded. */
    @Test
    void reinstatingAnExcludedInstance_keepsItExcludedAndSendsNothing_rfc6638_section3_2_2_1() throws Exception {
        String copy = aliceCopy();
        String exdated = insertAfter(copy, "RRULE:FREQ=WEEKLY;COUNT=10", "EXDATE;TZID=Europe/Berlin:20240205T100000\n");
        AttendeeResult r = AttendeeScheduling.process(exdated, aliceAccepts(copy), ALICE, NOW);
        assertEquals(Set.of(""), r.reply().orElseThrow().instanceKeys(), "only the acceptance is sent");
        assertTrue(lines(r.attendeeText()).contains("EXDATE;TZID=Europe/Berlin:20240205T100000"), r.attendeeText());
        validObject(r.attendeeText());

        // an override for the excluded instance (the organizer's, from before its CANCEL) is dropped again
        String stale = declinedOverride22(copy).replace("20240122T100000", "20240205T100000");
        AttendeeResult s = AttendeeScheduling.process(exdated, stale, ALICE, NOW);
        assertEquals(Optional.empty(), s.reply());
        assertEquals(1, events(s.attendeeText()), s.attendeeText());
        assertTrue(lines(s.attendeeText()).contains("EXDATE;TZID=Europe/Berlin:20240205T100000"));
    }

    /** RFC 6638 §3.2.2.1 item 8: removing an overridden instance declines it; the copy gets the EXDATE. */
    @Test
    void removingAnOverriddenInstance_declinesIt_rfc6638_section3_2_2_1() throws Exception {
        String organizer = Fixtures.withOverride(APPLE_WEEKLY, Fixtures.OVERRIDE_22);
        ItipMessage request = only(OrganizerScheduling.schedule(null, organizer, OLGA, NOW).messages(), "REQUEST", ALICE);
        String copy = ItipProcessing.applyRequest(null, request.ical(), ALICE);
        assertEquals(2, events(copy));
        String withoutOverride = withoutEvent(copy, 1);
        AttendeeResult r = AttendeeScheduling.process(copy, withoutOverride, ALICE, NOW);
        ItipMessage m = r.reply().orElseThrow();
        validMessage(m, "REPLY");
        assertEquals(Set.of("20240122T090000Z"), m.instanceKeys());
        List<String> e = event(m.ical(), 0);
        assertTrue(e.contains("RECURRENCE-ID;TZID=Europe/Berlin:20240122T100000"), e.toString());
        assertTrue(e.contains("DTSTART;TZID=Europe/Berlin:20240122T110000"), "the instance as the organizer moved it: " + e);
        assertEquals("DECLINED", param(attendeeLine(e, ALICE), "PARTSTAT"));
        assertTrue(lines(r.attendeeText()).contains("EXDATE;TZID=Europe/Berlin:20240122T100000"), r.attendeeText());
        validObject(r.attendeeText());
    }

    /** An attendee of two instances only (no master) declines one by removing it. */
    @Test
    void instanceOnlyAttendee_removingOneInstanceDeclinesIt() throws Exception {
        String second = Fixtures.OVERRIDE_22.replace("20240122T1", "20240129T1");
        String organizer = Fixtures.withOverride(Fixtures.withOverride(APPLE_WEEKLY, Fixtures.OVERRIDE_22), second);
        ItipMessage request = only(OrganizerScheduling.schedule(null, organizer, OLGA, NOW).messages(), "REQUEST", CAROL);
        String copy = ItipProcessing.applyRequest(null, request.ical(), CAROL);
        assertEquals(2, events(copy));
        ItipMessage m = AttendeeScheduling.schedule(copy, withoutEvent(copy, 1), CAROL, NOW).orElseThrow();
        assertEquals(Set.of("20240129T090000Z"), m.instanceKeys());
        assertEquals("DECLINED", param(attendeeLine(event(m.ical(), 0), CAROL), "PARTSTAT"));
    }

    /** RFC 6638 §3.2.2.1 and RFC 5546 §2.1.5: the ORGANIZER, its SCHEDULE-AGENT and the attendee's presence are not the attendee's. */
    @Test
    void identityOfTheEvent_isRefused_rfc6638_section3_2_4_4() {
        String copy = aliceCopy();
        String organizerLine = "ORGANIZER;CN=Olga Organizer;EMAIL=olga@example.com:mailto:olga@example.com";
        String aliceAsOrganizer = replaceLine(copy, organizerLine, "ORGANIZER;CN=Alice Example:mailto:alice@example.com");
        assertTrue(assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.process(copy, aliceAsOrganizer, ALICE, NOW))
                .getMessage().contains("ORGANIZER changed"));
        assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.process(copy, replaceLine(copy, organizerLine, ""), ALICE, NOW),
                "ORGANIZER removed");
        assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.process(copy, replaceLine(copy, organizerLine,
                organizerLine.replace(";EMAIL", ";SCHEDULE-AGENT=CLIENT;EMAIL")), ALICE, NOW), "SCHEDULE-AGENT of the ORGANIZER");
        String aliceLine = linesStarting(copy, "ATTENDEE").stream().filter(l -> l.contains("alice@")).findFirst().orElseThrow();
        assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.process(copy, replaceLine(copy, aliceLine, ""), ALICE, NOW),
                "own ATTENDEE removed");
        assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.process(copy, replaceLine(copy, aliceLine,
                aliceLine.replace(";ROLE=", ";SCHEDULE-AGENT=NONE;ROLE=")), ALICE, NOW), "SCHEDULE-AGENT of its ATTENDEE");
        // also where the server does no processing of the copy (SCHEDULE-AGENT=CLIENT): the ORGANIZER stays
        String client = replaceLine(copy, organizerLine, organizerLine.replace(";EMAIL", ";SCHEDULE-AGENT=CLIENT;EMAIL"));
        assertThrows(AttendeeChangeNotAllowed.class, () -> AttendeeScheduling.process(client, replaceLine(client,
                organizerLine.replace(";EMAIL", ";SCHEDULE-AGENT=CLIENT;EMAIL"), "ORGANIZER;SCHEDULE-AGENT=CLIENT:mailto:alice@example.com"),
                ALICE, NOW));
    }

    /** The text without its n-th (0-based) VEVENT. */
    private static String withoutEvent(String text, int n) {
        StringBuilder out = new StringBuilder();
        int seen = -1;
        boolean skip = false;
        for (String l : Fixtures.unfold(text).split("\r\n")) {
            if (l.equals("BEGIN:VEVENT")) skip = ++seen == n;
            if (!skip) out.append(l).append('\n');
            if (l.equals("END:VEVENT")) skip = false;
        }
        return Fixtures.ics(out.toString());
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
