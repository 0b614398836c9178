package io.calroom.scheduling.itip;

import static io.calroom.scheduling.itip.Fixtures.ALICE;
import static io.calroom.scheduling.itip.Fixtures.APPLE_WEEKLY;
import static io.calroom.scheduling.itip.Fixtures.BOB;
import static io.calroom.scheduling.itip.Fixtures.CAROL;
import static io.calroom.scheduling.itip.Fixtures.NOW;
import static io.calroom.scheduling.itip.Fixtures.OLGA;
import static io.calroom.scheduling.itip.Fixtures.OVERRIDE_22;
import static io.calroom.scheduling.itip.Fixtures.withOverride;
import static io.calroom.scheduling.itip.Fixtures.ROOM;
import static io.calroom.scheduling.itip.Fixtures.THUNDERBIRD_SINGLE;
import static io.calroom.scheduling.itip.Fixtures.attendeeLine;
import static io.calroom.scheduling.itip.Fixtures.count;
import static io.calroom.scheduling.itip.Fixtures.describe;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.calroom.scheduling.itip.OrganizerScheduling.OrganizerResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrganizerSchedulingTest {

    private static final String APPLE_ALICE_LINE = "ATTENDEE;CN=Alice Example;CUTYPE=INDIVIDUAL;EMAIL=alice@example.com;"
            + "PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:Alice@Example.com";
    private static final String APPLE_BOB_LINE = "ATTENDEE;CN=Bob Builder;CUTYPE=INDIVIDUAL;EMAIL=bob@example.com;"
            + "PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:bob@example.com";
    private static String accepted(String text, String attendeeLine) {
        return replaceLine(text, attendeeLine, attendeeLine.replace("PARTSTAT=NEEDS-ACTION", "PARTSTAT=ACCEPTED")
                .replace(";RSVP=TRUE", ""));
    }

    @Test
    void create_sendsOneRequestPerAttendee_notToTheOrganizer() {
        OrganizerResult r = OrganizerScheduling.schedule(null, APPLE_WEEKLY, OLGA, NOW);
        assertEquals(3, r.messages().size(), describe(r.messages()));
        assertTrue(r.significantChange());
        assertSame(APPLE_WEEKLY, r.organizerText());
        for (String to : List.of(ALICE, BOB, ROOM)) {
            ItipMessage m = only(r.messages(), "REQUEST", to);
            validMessage(m, "REQUEST");
            assertEquals("mailto:olga@example.com", m.sender());
            assertEquals(Set.of(""), m.instanceKeys());
            List<String> lines = lines(m.ical());
            assertTrue(lines.contains("BEGIN:VTIMEZONE"));
            assertTrue(lines.contains("TZID:Europe/Berlin"));
            assertTrue(lines.contains("RRULE:FREQ=WEEKLY;COUNT=10"));
            assertTrue(lines.contains("DTSTAMP:20240112T083000Z"));
            assertTrue(lines.contains("SEQUENCE:0"));
            assertTrue(lines.contains("SUMMARY:Weekly planning"));
            assertTrue(lines.contains("DESCRIPTION:Agenda: status\\, risks\\, next steps"));
            assertFalse(m.ical().contains("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR"), "personal Apple property");
            assertEquals(5, linesStarting(m.ical(), "ATTENDEE").size() + linesStarting(m.ical(), "ORGANIZER").size());
        }
        assertEquals("mailto:alice@example.com", only(r.messages(), "REQUEST", ALICE).recipient());
    }

    @Test
    void create_thunderbird_stripsMozProperties() {
        OrganizerResult r = OrganizerScheduling.schedule(null, THUNDERBIRD_SINGLE, OLGA, NOW);
        assertEquals(3, r.messages().size());
        ItipMessage m = only(r.messages(), "REQUEST", CAROL);
        validMessage(m, "REQUEST");
        assertFalse(m.ical().contains("X-MOZ-"));
        assertTrue(lines(m.ical()).contains("X-LIC-LOCATION:Europe/Berlin"));
    }

    @Test
    void alarmTranspStampAndOtherAttendeesPartstat_areNotSignificant() {
        String changed = replaceLine(APPLE_WEEKLY, "TRIGGER:-PT15M", "TRIGGER:-PT30M");
        changed = replaceLine(changed, "TRANSP:OPAQUE", "TRANSP:TRANSPARENT");
        changed = replaceLine(changed, "DTSTAMP:20240110T090000Z", "DTSTAMP:20240112T080000Z");
        changed = replaceLine(changed, "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC", "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:DISABLED");
        changed = replaceLine(changed, APPLE_BOB_LINE, APPLE_BOB_LINE.replace("NEEDS-ACTION", "ACCEPTED")
                .replace(";RSVP=TRUE", ";SCHEDULE-STATUS=2.0"));
        changed = insertAfter(changed, "SEQUENCE:0", "LAST-MODIFIED:20240112T080000Z\n");
        OrganizerResult r = OrganizerScheduling.schedule(APPLE_WEEKLY, changed, OLGA, NOW);
        assertEquals(List.of(), r.messages());
        assertFalse(r.significantChange());
        assertSame(changed, r.organizerText());
    }

    @Test
    void timeChange_requestsEveryone_bumpsSequence_resetsPartstat() {
        String before = accepted(APPLE_WEEKLY, APPLE_ALICE_LINE);
        String moved = replaceLine(before, "DTSTART;TZID=Europe/Berlin:20240115T100000", "DTSTART;TZID=Europe/Berlin:20240115T140000");
        moved = replaceLine(moved, "DTEND;TZID=Europe/Berlin:20240115T110000", "DTEND;TZID=Europe/Berlin:20240115T150000");
        OrganizerResult r = OrganizerScheduling.schedule(before, moved, OLGA, NOW);
        assertTrue(r.significantChange());
        assertEquals(3, r.messages().size(), describe(r.messages()));
        List<String> master = event(r.organizerText(), 0);
        assertTrue(master.contains("SEQUENCE:1"), "sequence bumped");
        assertEquals("NEEDS-ACTION", param(attendeeLine(master, ALICE), "PARTSTAT"), "RFC 6638 §3.2.8 reset");
        assertEquals("ACCEPTED", param(attendeeLine(master, OLGA), "PARTSTAT"), "the organizer keeps its own");
        assertTrue(master.contains("BEGIN:VALARM") || r.organizerText().contains("TRIGGER:-PT15M"), "alarm kept");
        validObject(r.organizerText());
        ItipMessage toAlice = only(r.messages(), "REQUEST", ALICE);
        validMessage(toAlice, "REQUEST");
        assertTrue(lines(toAlice.ical()).contains("SEQUENCE:1"));
        assertTrue(lines(toAlice.ical()).contains("DTSTART;TZID=Europe/Berlin:20240115T140000"));
    }

    @Test
    void clientBumpedSequence_isKept() {
        String moved = replaceLine(APPLE_WEEKLY, "LOCATION:Room Galileo", "LOCATION:Room Kepler");
        moved = replaceLine(moved, "SEQUENCE:0", "SEQUENCE:3");
        OrganizerResult r = OrganizerScheduling.schedule(APPLE_WEEKLY, moved, OLGA, NOW);
        assertEquals(3, r.messages().size());
        assertSame(moved, r.organizerText());
        assertTrue(lines(only(r.messages(), "REQUEST", BOB).ical()).contains("SEQUENCE:3"));
        assertEquals("NEEDS-ACTION", param(attendeeLine(event(r.organizerText(), 0), ALICE), "PARTSTAT"));
    }

    @Test
    void attendeeRemoved_getsCancel_othersGetTheNewAttendeeList() {
        String removed = replaceLine(APPLE_WEEKLY, APPLE_BOB_LINE, "");
        OrganizerResult r = OrganizerScheduling.schedule(APPLE_WEEKLY, removed, OLGA, NOW);
        assertEquals(3, r.messages().size(), describe(r.messages()));
        ItipMessage cancel = only(r.messages(), "CANCEL", BOB);
        validMessage(cancel, "CANCEL");
        assertEquals(Set.of(""), cancel.instanceKeys());
        List<String> c = event(cancel.ical(), 0);
        assertTrue(c.contains("UID:" + Fixtures.APPLE_UID));
        assertTrue(c.contains("SEQUENCE:1"));
        assertFalse(c.stream().anyMatch(l -> l.startsWith("RECURRENCE-ID")));
        assertFalse(c.contains("STATUS:CANCELLED"), "RFC 5546 §3.2.5: not when only uninviting an attendee");
        assertEquals(1, linesStarting(cancel.ical(), "ATTENDEE").size());
        assertTrue(attendeeLine(c, BOB) != null);
        assertTrue(c.stream().anyMatch(l -> l.startsWith("ORGANIZER")));
        only(r.messages(), "REQUEST", ALICE);
        only(r.messages(), "REQUEST", ROOM);
        assertTrue(event(r.organizerText(), 0).contains("SEQUENCE:1"));
    }

    @Test
    void attendeeAdded_getsRequest_andTheOthersAnUpdate_withoutPartstatReset() {
        String before = accepted(APPLE_WEEKLY, APPLE_ALICE_LINE);
        String added = insertAfter(before, APPLE_BOB_LINE,
                "ATTENDEE;CN=Carol;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=OPT-PARTICIPANT;RSVP=TRUE:mailto:carol@example.com\n");
        OrganizerResult r = OrganizerScheduling.schedule(before, added, OLGA, NOW);
        assertEquals(4, r.messages().size(), describe(r.messages()));
        validMessage(only(r.messages(), "REQUEST", CAROL), "REQUEST");
        only(r.messages(), "REQUEST", ALICE);
        assertEquals("ACCEPTED", param(attendeeLine(event(r.organizerText(), 0), ALICE), "PARTSTAT"));
        assertTrue(r.messages().stream().noneMatch(m -> m.method().equals("CANCEL")));
    }

    @Test
    void exdateAdded_cancelsThatInstanceForEveryone() {
        String exdated = insertAfter(APPLE_WEEKLY, "RRULE:FREQ=WEEKLY;COUNT=10", "EXDATE;TZID=Europe/Berlin:20240129T100000\n");
        OrganizerResult r = OrganizerScheduling.schedule(APPLE_WEEKLY, exdated, OLGA, NOW);
        assertEquals(3, r.messages().size(), describe(r.messages()));
        for (String to : List.of(ALICE, BOB, ROOM)) {
            ItipMessage m = only(r.messages(), "CANCEL", to);
            validMessage(m, "CANCEL");
            assertEquals(Set.of("20240129T090000Z"), m.instanceKeys());
            List<String> c = event(m.ical(), 0);
            assertTrue(c.contains("RECURRENCE-ID;TZID=Europe/Berlin:20240129T100000"), c.toString());
            assertTrue(c.contains("STATUS:CANCELLED"));
            assertTrue(c.contains("SEQUENCE:1"));
            assertTrue(lines(m.ical()).contains("BEGIN:VTIMEZONE"));
        }
        assertTrue(event(r.organizerText(), 0).contains("SEQUENCE:1"));
        assertTrue(r.significantChange());
    }

    @Test
    void overrideWithExtraAttendee_thatAttendeeGetsOnlyTheOverride() {
        String withCarol = withOverride(APPLE_WEEKLY, OVERRIDE_22);
        OrganizerResult r = OrganizerScheduling.schedule(APPLE_WEEKLY, withCarol, OLGA, NOW);
        ItipMessage toCarol = only(r.messages(), "REQUEST", CAROL);
        validMessage(toCarol, "REQUEST");
        assertEquals(Set.of("20240122T090000Z"), toCarol.instanceKeys());
        assertEquals(1, events(toCarol.ical()));
        List<String> e = event(toCarol.ical(), 0);
        assertTrue(e.contains("RECURRENCE-ID;TZID=Europe/Berlin:20240122T100000"));
        assertFalse(toCarol.ical().contains("RRULE:FREQ=WEEKLY"), "no master for an instance-only attendee");
        ItipMessage toAlice = only(r.messages(), "REQUEST", ALICE);
        assertEquals(Set.of("", "20240122T090000Z"), toAlice.instanceKeys());
        assertEquals(2, events(toAlice.ical()));
        assertEquals(4, r.messages().size(), describe(r.messages()));
        validObject(r.organizerText());
    }

    @Test
    void attendeeExcludedFromOneInstance_getsInstanceCancel_andLaterRequestsCarryAnExdate() {
        String override = OVERRIDE_22.replace(
                "ATTENDEE;CN=Bob Builder;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:bob@example.com\n", "")
                .replace("ATTENDEE;CN=Carol;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:carol@example.com\n", "");
        String withoutBob = withOverride(APPLE_WEEKLY, override);
        OrganizerResult r = OrganizerScheduling.schedule(APPLE_WEEKLY, withoutBob, OLGA, NOW);
        ItipMessage cancel = only(r.messages(), "CANCEL", BOB);
        assertEquals(Set.of("20240122T090000Z"), cancel.instanceKeys());
        assertFalse(event(cancel.ical(), 0).contains("STATUS:CANCELLED"));
        assertTrue(r.messages().stream().noneMatch(m -> m.method().equals("REQUEST") && Addresses.same(m.recipient(), BOB)));

        String relocated = replaceLine(withoutBob, "LOCATION:Room Galileo", "LOCATION:Room Kepler");
        OrganizerResult later = OrganizerScheduling.schedule(withoutBob, relocated, OLGA, NOW);
        ItipMessage toBob = only(later.messages(), "REQUEST", BOB);
        assertEquals(Set.of(""), toBob.instanceKeys());
        assertTrue(lines(toBob.ical()).contains("EXDATE;TZID=Europe/Berlin:20240122T100000"), toBob.ical());
        validMessage(toBob, "REQUEST");
    }

    @Test
    void scheduleAgentClient_isSkipped_andSwitchingToClientCancels() {
        String client = replaceLine(APPLE_WEEKLY, APPLE_BOB_LINE, APPLE_BOB_LINE.replace("RSVP=TRUE", "RSVP=TRUE;SCHEDULE-AGENT=CLIENT"));
        OrganizerResult created = OrganizerScheduling.schedule(null, client, OLGA, NOW);
        assertEquals(2, created.messages().size(), describe(created.messages()));
        assertTrue(created.messages().stream().noneMatch(m -> Addresses.same(m.recipient(), BOB)));

        OrganizerResult switched = OrganizerScheduling.schedule(APPLE_WEEKLY, client, OLGA, NOW);
        assertEquals(List.of("CANCEL"), switched.messages().stream().map(ItipMessage::method).toList());
        assertEquals("mailto:bob@example.com", switched.messages().get(0).recipient());

        String none = replaceLine(client, APPLE_BOB_LINE.replace("RSVP=TRUE", "RSVP=TRUE;SCHEDULE-AGENT=CLIENT"),
                APPLE_BOB_LINE.replace("RSVP=TRUE", "RSVP=TRUE;SCHEDULE-AGENT=NONE"));
        assertEquals(List.of(), OrganizerScheduling.schedule(client, none, OLGA, NOW).messages());
        OrganizerResult back = OrganizerScheduling.schedule(none, APPLE_WEEKLY, OLGA, NOW);
        assertEquals(1, back.messages().size());
        only(back.messages(), "REQUEST", BOB);
    }

    @Test
    void scheduleForceSend_sendsARequestWithoutChange_andIsRemoved() {
        String forced = replaceLine(APPLE_WEEKLY, APPLE_BOB_LINE, APPLE_BOB_LINE.replace("RSVP=TRUE", "RSVP=TRUE;SCHEDULE-FORCE-SEND=REQUEST"));
        OrganizerResult r = OrganizerScheduling.schedule(APPLE_WEEKLY, forced, OLGA, NOW);
        assertEquals(1, r.messages().size(), describe(r.messages()));
        validMessage(only(r.messages(), "REQUEST", BOB), "REQUEST");
        assertFalse(r.organizerText().contains("SCHEDULE-FORCE-SEND"));
        assertTrue(r.organizerText().contains("SEQUENCE:0"), "not a significant change");
        assertFalse(r.significantChange());
        validObject(r.organizerText());
    }

    @Test
    void delete_cancelsEveryone() {
        OrganizerResult r = OrganizerScheduling.schedule(withOverride(APPLE_WEEKLY, OVERRIDE_22), null, OLGA, NOW);
        assertNull(r.organizerText());
        assertEquals(4, r.messages().size(), describe(r.messages()));
        for (String to : List.of(ALICE, BOB, ROOM)) {
            ItipMessage m = only(r.messages(), "CANCEL", to);
            validMessage(m, "CANCEL");
            assertEquals(Set.of(""), m.instanceKeys());
            List<String> c = event(m.ical(), 0);
            assertTrue(c.contains("STATUS:CANCELLED"));
            assertTrue(c.contains("SEQUENCE:2"), c.toString());
        }
        ItipMessage toCarol = only(r.messages(), "CANCEL", CAROL);
        assertEquals(Set.of("20240122T090000Z"), toCarol.instanceKeys());
        assertTrue(event(toCarol.ical(), 0).contains("RECURRENCE-ID;TZID=Europe/Berlin:20240122T100000"));
    }

    @Test
    void removingAllAttendees_isARemove() {
        String plain = Fixtures.ics(String.join("\n", lines(THUNDERBIRD_SINGLE).stream()
                .filter(l -> !l.startsWith("ATTENDEE")).toList()));
        OrganizerResult r = OrganizerScheduling.schedule(THUNDERBIRD_SINGLE, plain, OLGA, NOW);
        assertEquals(3, r.messages().size());
        assertTrue(r.messages().stream().allMatch(m -> m.method().equals("CANCEL")));
        assertSame(plain, r.organizerText());
    }

    @Test
    void instanceCancelledWithStatus_cancelsThatInstance() {
        String cancelledOverride = OVERRIDE_22
                .replace("ATTENDEE;CN=Carol;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:carol@example.com\n", "")
                .replace("SUMMARY:Weekly planning (with Carol)\n", "SUMMARY:Weekly planning\nSTATUS:CANCELLED\n")
                .replace("DTSTART;TZID=Europe/Berlin:20240122T110000", "DTSTART;TZID=Europe/Berlin:20240122T100000")
                .replace("DTEND;TZID=Europe/Berlin:20240122T120000", "DTEND;TZID=Europe/Berlin:20240122T110000");
        OrganizerResult r = OrganizerScheduling.schedule(APPLE_WEEKLY, withOverride(APPLE_WEEKLY, cancelledOverride), OLGA, NOW);
        assertEquals(3, r.messages().size(), describe(r.messages()));
        ItipMessage m = only(r.messages(), "CANCEL", ALICE);
        assertEquals(Set.of("20240122T090000Z"), m.instanceKeys());
        assertTrue(event(m.ical(), 0).contains("STATUS:CANCELLED"));
        assertTrue(event(m.ical(), 0).contains("SEQUENCE:1"));
    }

    @Test
    void addressesCompareCaseInsensitively_andFoldingDoesNotMatter() {
        String recased = replaceLine(APPLE_WEEKLY, APPLE_ALICE_LINE,
                "ATTENDEE;RSVP=TRUE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;EMAIL=alice@example.com;CUTYPE=INDIVIDUAL;CN=\"Alice Example\":MAILTO:ALICE@EXAMPLE.COM");
        assertEquals(List.of(), OrganizerScheduling.schedule(APPLE_WEEKLY, recased, OLGA, NOW).messages());
        String unfolded = Fixtures.unfold(APPLE_WEEKLY);
        assertEquals(List.of(), OrganizerScheduling.schedule(APPLE_WEEKLY, unfolded, OLGA, NOW).messages());
        assertEquals(List.of(), OrganizerScheduling.schedule(APPLE_WEEKLY, APPLE_WEEKLY, "MAILTO:Olga@Example.COM", NOW).messages());
    }

    @Test
    void organizerViaOtherAddress_isStillNeverMessaged() {
        OrganizerResult r = OrganizerScheduling.schedule(null, APPLE_WEEKLY, "urn:uuid:0b8a5e16-7cde-4d5c-9f0e-3d0f4c2b1a00", NOW);
        assertEquals(3, r.messages().size());
        assertTrue(r.messages().stream().noneMatch(m -> Addresses.same(m.recipient(), OLGA)));
    }

    @Test
    void exdateRemoved_reinstatesAndRequests() {
        String exdated = insertAfter(APPLE_WEEKLY, "RRULE:FREQ=WEEKLY;COUNT=10", "EXDATE;TZID=Europe/Berlin:20240129T100000\n");
        OrganizerResult r = OrganizerScheduling.schedule(accepted(exdated, APPLE_ALICE_LINE), APPLE_WEEKLY, OLGA, NOW);
        assertEquals(3, r.messages().size());
        assertTrue(r.messages().stream().allMatch(m -> m.method().equals("REQUEST")));
        assertEquals("NEEDS-ACTION", param(attendeeLine(event(r.organizerText(), 0), ALICE), "PARTSTAT"));
    }

    @Test
    void removedFromMasterButKeptInOverride_getsWholeCancelThenInstanceRequest() {
        String withCarolEverywhere = insertAfter(withOverride(APPLE_WEEKLY, OVERRIDE_22), APPLE_BOB_LINE,
                "ATTENDEE;CN=Carol;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:carol@example.com\n");
        String onlyOverride = withOverride(APPLE_WEEKLY, OVERRIDE_22);
        OrganizerResult r = OrganizerScheduling.schedule(withCarolEverywhere, onlyOverride, OLGA, NOW);
        List<ItipMessage> toCarol = r.messages().stream().filter(m -> Addresses.same(m.recipient(), CAROL)).toList();
        assertEquals(List.of("CANCEL", "REQUEST"), toCarol.stream().map(ItipMessage::method).toList());
        assertEquals(Set.of(""), toCarol.get(0).instanceKeys());
        assertEquals(Set.of("20240122T090000Z"), toCarol.get(1).instanceKeys());
    }

    @Test
    void refreshAttendees_requestsTheOthersOfTheInstance() {
        List<ItipMessage> refresh = OrganizerScheduling.refreshAttendees(APPLE_WEEKLY, OLGA, ALICE, Set.of(""), NOW);
        assertEquals(2, refresh.size());
        only(refresh, "REQUEST", BOB);
        only(refresh, "REQUEST", ROOM);
    }
}
