package io.calroom.scheduling.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.calroom.principal.directory.AutoScheduleMode;
import io.calroom.principal.directory.RecurringConflicts;
import io.calroom.principal.directory.ResourcePolicy;
import io.calroom.principal.directory.WorkingHours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoScheduleAgentTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** Friday 20 November 2026, 10:00 in Berlin. */
    static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
    static final ResourcePolicy BERLIN_POLICY = ResourcePolicy.builder().timezone(BERLIN).build();

    // ---- helpers -----------------------------------------------------------------------------------------------

    static Instant berlin(String local) {
        return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
    }

    /** A timed occurrence of a non-recurring event, local Berlin times "2026-12-03T10:00". */
    static RequestedOccurrence single(String start, String end) {
        return new RequestedOccurrence(null, berlin(start), berlin(end), false, false, false);
    }

    static RequestedOccurrence instance(String start, String end) {
        return new RequestedOccurrence(berlin(start), berlin(start), berlin(end), false, false, false);
    }

    static Booking booked(String start, String end, String title) {
        return new Booking("other-" + start, berlin(start), berlin(end), title);
    }

    static AgentContext ctx(ResourcePolicy policy) {
        return new AgentContext("Room 101", policy, true, true, false, NOW);
    }

    static ResourcePolicy mode(AutoScheduleMode mode) {
        return BERLIN_POLICY.toBuilder().autoScheduleMode(mode).build();
    }

    static Decision decideOne(AgentContext ctx, RequestedOccurrence o, Booking... bookings) {
        return AutoScheduleAgent.decide(ctx, List.of(o), List.of(List.of(bookings)));
    }

    /** Ten weekly Thursday 10:00–11:00 occurrences from 3 December 2026. */
    static List<RequestedOccurrence> weekly10() {
        List<RequestedOccurrence> out = new ArrayList<>();
        LocalDateTime first = LocalDateTime.parse("2026-12-03T10:00");
        for (int i = 0; i < 10; i++) {
            LocalDateTime s = first.plusWeeks(i);
            out.add(instance(s.toString(), s.plusHours(1).toString()));
        }
        return out;
    }

    static List<List<Booking>> none(int n) {
        List<List<Booking>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new ArrayList<>());
        return out;
    }

    static void assertAccepted(Decision d) {
        assertEquals("ACCEPTED", d.partstat(), d.reason());
        assertEquals("2.0;Success", d.requestStatus());
        assertNull(d.reason());
        assertTrue(d.declinedOccurrences().isEmpty());
    }

    static void assertDeclined(Decision d, String status) {
        assertEquals("DECLINED", d.partstat());
        assertEquals(status, d.requestStatus(), d.reason());
        assertTrue(d.reason() != null && !d.reason().isBlank());
        assertTrue(d.declinedOccurrences().isEmpty());
    }

    static final RequestedOccurrence MEETING = single("2026-12-03T10:00", "2026-12-03T11:00");
    static final Booking BUDGET_REVIEW = booked("2026-12-03T10:00", "2026-12-03T11:00", "Budget review");

    // ---- modes ---------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}, busy={1} → {2} {3}")
    @CsvSource({
            "AUTOMATIC,       false, ACCEPTED,     2.0",
            "AUTOMATIC,       true,  DECLINED,     4.0",
            "ACCEPT_ALWAYS,   false, ACCEPTED,     2.0",
            "ACCEPT_ALWAYS,   true,  ACCEPTED,     2.0",
            "DECLINE_ALWAYS,  false, DECLINED,     5.3",
            "DECLINE_ALWAYS,  true,  DECLINED,     5.3",
            "ACCEPT_IF_FREE,  false, ACCEPTED,     2.0",
            "ACCEPT_IF_FREE,  true,  NEEDS-ACTION, 2.0",
            "DECLINE_IF_BUSY, false, NEEDS-ACTION, 2.0",
            "DECLINE_IF_BUSY, true,  DECLINED,     4.0",
            "MANUAL,          false, NEEDS-ACTION, 2.0",
            "MANUAL,          true,  NEEDS-ACTION, 2.0",
    })
    void everyMode_freeAndBusy(AutoScheduleMode mode, boolean busy, String partstat, String code) {
        Decision d = busy ? decideOne(ctx(mode(mode)), MEETING, BUDGET_REVIEW) : decideOne(ctx(mode(mode)), MEETING);
        assertEquals(partstat, d.partstat());
        assertEquals(code, d.statusCode());
        assertTrue(d.declinedOccurrences().isEmpty());
        if (partstat.equals("ACCEPTED")) assertNull(d.reason());
        else assertTrue(d.reason() != null && d.reason().contains("Room 101"), d.reason());
        if (code.equals("4.0")) {
            assertEquals("Room 101 is already booked 10:00\u201311:00 on 2026-12-03 by 'Budget review'", d.reason());
        }
        if (partstat.equals("NEEDS-ACTION")) assertTrue(d.reason().contains("awaits a decision by a manager"), d.reason());
        if (mode == AutoScheduleMode.ACCEPT_IF_FREE && busy) {
            assertTrue(d.reason().startsWith("Room 101 is already booked 10:00\u201311:00 on 2026-12-03"), d.reason());
        }
    }

    @Test
    void autoAcceptList_acceptsWhenFreeWhateverTheMode() {
        for (AutoScheduleMode m : AutoScheduleMode.values()) {
            AgentContext c = new AgentContext("Room 101", mode(m), true, true, true, NOW);
            assertAccepted(decideOne(c, MEETING));
        }
    }

    @Test
    void autoAcceptList_whenBusyTheModeDecides() {
        AgentContext manual = new AgentContext("Room 101", mode(AutoScheduleMode.MANUAL), true, true, true, NOW);
        assertEquals("NEEDS-ACTION", decideOne(manual, MEETING, BUDGET_REVIEW).partstat());
        AgentContext dib = new AgentContext("Room 101", mode(AutoScheduleMode.DECLINE_IF_BUSY), true, true, true, NOW);
        assertDeclined(decideOne(dib, MEETING, BUDGET_REVIEW), "4.0;Event conflict. Date/time is busy.");
    }

    @Test
    void autoAcceptList_doesNotOverridePolicies() {
        ResourcePolicy p = mode(AutoScheduleMode.MANUAL).toBuilder().maxBookingDuration(Duration.ofMinutes(30)).build();
        AgentContext c = new AgentContext("Room 101", p, true, true, true, NOW);
        assertDeclined(decideOne(c, MEETING), "3.8;No authority");
    }

    // ---- inactive, restricted --------------------------------------------------------------------------------------

    @Test
    void inactiveResource_declinesEvenAcceptAlwaysAndAutoAccept() {
        AgentContext c = new AgentContext("Room 101", mode(AutoScheduleMode.ACCEPT_ALWAYS), false, true, true, NOW);
        Decision d = decideOne(c, MEETING);
        assertDeclined(d, "5.3;No scheduling support for user");
        assertEquals("Room 101 is inactive and does not accept bookings", d.reason());
    }

    @Test
    void restrictedAccess_declinesOrganizersNotAllowed() {
        ResourcePolicy restricted = BERLIN_POLICY.toBuilder().restrictedAccess(true).build();
        Decision d = decideOne(new AgentContext("Room 101", restricted, true, false, false, NOW), MEETING);
        assertDeclined(d, "3.8;No authority");
        assertTrue(d.reason().contains("Room 101 may only be booked by people allowed"), d.reason());
        assertAccepted(decideOne(new AgentContext("Room 101", restricted, true, true, false, NOW), MEETING));
        // the auto-accept list grants access as well
        assertAccepted(decideOne(new AgentContext("Room 101", restricted, true, false, true, NOW), MEETING));
        // restricted and also busy: the access check comes first
        assertDeclined(decideOne(new AgentContext("Room 101", restricted, true, false, false, NOW), MEETING,
                BUDGET_REVIEW), "3.8;No authority");
    }

    // ---- duration and booking window -----------------------------------------------------------------------------

    @Test
    void maxBookingDuration() {
        ResourcePolicy p = BERLIN_POLICY.toBuilder().maxBookingDuration(Duration.ofHours(4)).build();
        Decision d = decideOne(ctx(p), single("2026-12-03T10:00", "2026-12-03T15:00"));
        assertDeclined(d, "3.8;No authority");
        assertEquals("Room 101 can be booked for at most 4 hours, but 10:00\u201315:00 on 2026-12-03 lasts 5 hours",
                d.reason());
        assertAccepted(decideOne(ctx(p), single("2026-12-03T10:00", "2026-12-03T14:00")));
        Decision mixed = decideOne(ctx(BERLIN_POLICY.toBuilder().maxBookingDuration(Duration.ofMinutes(90)).build()),
                single("2026-12-03T10:00", "2026-12-03T11:45"));
        assertTrue(mixed.reason().contains("at most 1 hour 30 minutes, but 10:00\u201311:45 on 2026-12-03 lasts 1 hour 45 minutes"),
                mixed.reason());
    }

    @Test
    void bookingWindowStart_howFarAhead() {
        ResourcePolicy p = BERLIN_POLICY.toBuilder().bookingWindowStart(Duration.ofDays(90)).build();
        // now + 90 days = 2027-02-18 09:00Z (10:00 Berlin)
        Decision d = decideOne(ctx(p), single("2027-02-18T10:30", "2027-02-18T11:30"));
        assertDeclined(d, "3.8;No authority");
        assertEquals("Room 101 can be booked at most 90 days ahead, but 10:30\u201311:30 on 2027-02-18 is further ahead",
                d.reason());
        assertAccepted(decideOne(ctx(p), single("2027-02-18T10:00", "2027-02-18T11:00")));
        assertAccepted(decideOne(ctx(p), single("2027-02-17T10:30", "2027-02-17T11:30")));
    }

    @Test
    void bookingWindowEnd_minimumNotice() {
        ResourcePolicy p = BERLIN_POLICY.toBuilder().bookingWindowEnd(Duration.ofHours(1)).build();
        // now = 10:00 Berlin on 2026-11-20
        Decision d = decideOne(ctx(p), single("2026-11-20T10:30", "2026-11-20T11:00"));
        assertDeclined(d, "3.8;No authority");
        assertEquals("Room 101 must be booked at least 1 hour in advance, but 10:30\u201311:00 on 2026-11-20 starts too soon",
                d.reason());
        assertAccepted(decideOne(ctx(p), single("2026-11-20T11:00", "2026-11-20T12:00")));
        // a booking in the past is judged too (nothing of the request is still to come)
        assertDeclined(decideOne(ctx(p), single("2026-11-19T10:00", "2026-11-19T11:00")), "3.8;No authority");
    }

    // ---- working hours ---------------------------------------------------------------------------------------------

    static List<WorkingHours> weekdays(String from, String to) {
        List<WorkingHours> out = new ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            out.add(new WorkingHours(d, LocalTime.parse(from), LocalTime.parse(to)));
        }
        return out;
    }

    static List<WorkingHours> everyDay(LocalTime from, LocalTime to) {
        List<WorkingHours> out = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) out.add(new WorkingHours(d, from, to));
        return out;
    }

    @Test
    void workingHours_insideOutsideAndClosedDays() {
        ResourcePolicy p = BERLIN_POLICY.toBuilder().workingHours(weekdays("08:00", "18:00")).build();
        assertAccepted(decideOne(ctx(p), single("2026-12-03T08:00", "2026-12-03T18:00")));
        Decision early = decideOne(ctx(p), single("2026-12-03T07:00", "2026-12-03T09:00"));
        assertDeclined(early, "4.0;Event conflict. Date/time is busy.");
        assertEquals("Room 101 can only be booked during its working hours (08:00\u201318:00 on Thursdays), and "
                + "07:00\u201309:00 on 2026-12-03 is outside them", early.reason());
        Decision saturday = decideOne(ctx(p), single("2026-12-05T10:00", "2026-12-05T11:00"));
        assertDeclined(saturday, "4.0;Event conflict. Date/time is busy.");
        assertTrue(saturday.reason().contains("closed on Saturdays"), saturday.reason());
        // across midnight: never inside one interval
        assertDeclined(decideOne(ctx(p), single("2026-12-03T17:00", "2026-12-04T09:00")),
                "4.0;Event conflict. Date/time is busy.");
    }

    @Test
    void workingHours_mustLieInsideOneInterval() {
        List<WorkingHours> split = new ArrayList<>(weekdays("08:00", "12:00"));
        split.addAll(weekdays("13:00", "18:00"));
        ResourcePolicy p = BERLIN_POLICY.toBuilder().workingHours(split).build();
        assertAccepted(decideOne(ctx(p), single("2026-12-03T13:00", "2026-12-03T14:00")));
        Decision lunch = decideOne(ctx(p), single("2026-12-03T11:00", "2026-12-03T14:00"));
        assertDeclined(lunch, "4.0;Event conflict. Date/time is busy.");
        assertTrue(lunch.reason().contains("(08:00\u201312:00, 13:00\u201318:00 on Thursdays)"), lunch.reason());
    }

    @Test
    void workingHours_untilMidnight() {
        ResourcePolicy p = BERLIN_POLICY.toBuilder()
                .workingHours(List.of(new WorkingHours(DayOfWeek.THURSDAY, LocalTime.of(20, 0), LocalTime.MAX))).build();
        assertAccepted(decideOne(ctx(p), single("2026-12-03T22:00", "2026-12-04T00:00")));
        assertDeclined(decideOne(ctx(p), single("2026-12-03T22:00", "2026-12-04T00:30")),
                "4.0;Event conflict. Date/time is busy.");
    }

    @Test
    void workingHours_areLocalTimes_acrossTheDstChangeInBerlin() {
        // Sunday 28 March 2027: clocks go from 02:00 CET to 03:00 CEST
        ResourcePolicy p = BERLIN_POLICY.toBuilder().workingHours(everyDay(LocalTime.of(8, 0), LocalTime.of(18, 0)))
                .build();
        RequestedOccurrence summerTime = new RequestedOccurrence(null, Instant.parse("2027-03-28T06:00:00Z"),
                Instant.parse("2027-03-28T16:00:00Z"), false, false, false); // 08:00–18:00 CEST
        assertAccepted(decideOne(ctx(p), summerTime));
        RequestedOccurrence sameUtcDayBefore = new RequestedOccurrence(null, Instant.parse("2027-03-27T06:00:00Z"),
                Instant.parse("2027-03-27T16:00:00Z"), false, false, false); // 07:00–17:00 CET
        Decision d = decideOne(ctx(p), sameUtcDayBefore);
        assertDeclined(d, "4.0;Event conflict. Date/time is busy.");
        assertTrue(d.reason().contains("07:00\u201317:00 on 2027-03-27"), d.reason());
        RequestedOccurrence winterHoursOnDstDay = new RequestedOccurrence(null, Instant.parse("2027-03-28T07:00:00Z"),
                Instant.parse("2027-03-28T17:00:00Z"), false, false, false); // 09:00–19:00 CEST
        assertDeclined(decideOne(ctx(p), winterHoursOnDstDay), "4.0;Event conflict. Date/time is busy.");
        // an all-day booking of the 23-hour DST day needs a 00:00–24:00 interval
        RequestedOccurrence allDay = new RequestedOccurrence(null, Instant.parse("2027-03-28T00:00:00Z"),
                Instant.parse("2027-03-29T00:00:00Z"), true, false, false);
        assertDeclined(decideOne(ctx(p), allDay), "4.0;Event conflict. Date/time is busy.");
        ResourcePolicy allDayLong = p.toBuilder().workingHours(everyDay(LocalTime.MIDNIGHT, LocalTime.MAX)).build();
        assertAccepted(decideOne(ctx(allDayLong), allDay));
    }

    @Test
    void workingHours_allDayEventIsOutsideOfficeHours_emptyListMeansAlwaysOpen() {
        RequestedOccurrence allDay = new RequestedOccurrence(null, Instant.parse("2026-12-03T00:00:00Z"),
                Instant.parse("2026-12-04T00:00:00Z"), true, false, false);
        ResourcePolicy office = BERLIN_POLICY.toBuilder().workingHours(weekdays("08:00", "18:00")).build();
        Decision d = decideOne(ctx(office), allDay);
        assertDeclined(d, "4.0;Event conflict. Date/time is busy.");
        assertTrue(d.reason().endsWith("and all day on 2026-12-03 is outside them"), d.reason());
        assertAccepted(decideOne(ctx(BERLIN_POLICY), allDay));
    }

    // ---- multiple bookings -------------------------------------------------------------------------------------

    @Test
    void multipleBookings1_anyOverlapConflicts_adjacentDoesNot() {
        assertDeclined(decideOne(ctx(BERLIN_POLICY), MEETING, booked("2026-12-03T10:59", "2026-12-03T12:00", null)),
                "4.0;Event conflict. Date/time is busy.");
        assertAccepted(decideOne(ctx(BERLIN_POLICY), MEETING, booked("2026-12-03T09:00", "2026-12-03T10:00", "Standup"),
                booked("2026-12-03T11:00", "2026-12-03T12:00", "Lunch")));
    }

    @Test
    void multipleBookings3_countsSimultaneousBookings() {
        ResourcePolicy p = BERLIN_POLICY.toBuilder().multipleBookings(3).build();
        RequestedOccurrence morning = single("2026-12-03T09:00", "2026-12-03T12:00");
        assertAccepted(decideOne(ctx(p), morning, booked("2026-12-03T09:00", "2026-12-03T10:00", "A"),
                booked("2026-12-03T09:30", "2026-12-03T11:00", "B")));
        Decision full = decideOne(ctx(p), morning, booked("2026-12-03T09:00", "2026-12-03T10:00", "A"),
                booked("2026-12-03T09:30", "2026-12-03T11:00", "B"), booked("2026-12-03T09:45", "2026-12-03T10:15", null));
        assertDeclined(full, "4.0;Event conflict. Date/time is busy.");
        assertEquals("Room 101 is already booked 09:00\u201310:00 on 2026-12-03 by 'A', already booked "
                + "09:30\u201311:00 on 2026-12-03 by 'B' and busy 09:45\u201310:15 on 2026-12-03 "
                + "(at most 3 bookings may overlap)", full.reason());
        // three bookings touching the occurrence but never all at once: at most two at any instant
        assertAccepted(decideOne(ctx(p), morning, booked("2026-12-03T09:00", "2026-12-03T10:00", "A"),
                booked("2026-12-03T09:30", "2026-12-03T11:00", "B"), booked("2026-12-03T10:30", "2026-12-03T12:00", "C")));
    }

    @Test
    void multipleBookings2_threeBookingsThatDoNotOverlapEachOtherAreFree() {
        ResourcePolicy p = BERLIN_POLICY.toBuilder().multipleBookings(2).build();
        RequestedOccurrence morning = single("2026-12-03T09:00", "2026-12-03T12:00");
        assertAccepted(decideOne(ctx(p), morning, booked("2026-12-03T09:00", "2026-12-03T10:00", "A"),
                booked("2026-12-03T10:00", "2026-12-03T11:00", "B"), booked("2026-12-03T11:00", "2026-12-03T12:00", "C")));
        Decision d = decideOne(ctx(p), morning, booked("2026-12-03T09:00", "2026-12-03T10:00", "A"),
                booked("2026-12-03T10:00", "2026-12-03T11:00", "B"), booked("2026-12-03T10:30", "2026-12-03T12:00", "C"));
        assertDeclined(d, "4.0;Event conflict. Date/time is busy.");
        assertTrue(d.reason().contains("'B'") && d.reason().contains("'C'") && !d.reason().contains("'A'"), d.reason());
    }

    @Test
    void bookingsOutsideTheBlockingPeriodAreIgnored() {
        // the caller's query may be wider than the occurrence
        assertAccepted(decideOne(ctx(BERLIN_POLICY), MEETING, booked("2026-12-03T08:00", "2026-12-03T09:00", "Earlier")));
    }

    // ---- recurring -----------------------------------------------------------------------------------------------

    static List<List<Booking>> conflictsOn(List<RequestedOccurrence> occ, int... which) {
        List<List<Booking>> out = none(occ.size());
        for (int i : which) {
            RequestedOccurrence o = occ.get(i);
            out.get(i).add(new Booking("b" + i, o.start().minusSeconds(1800), o.start().plusSeconds(1800),
                    i % 2 == 0 ? "Budget review" : null));
        }
        return out;
    }

    @Test
    void recurring_perOccurrence_acceptsTheSeriesAndDeclinesConflictingOccurrences() {
        List<RequestedOccurrence> occ = weekly10();
        Decision d = AutoScheduleAgent.decide(ctx(BERLIN_POLICY), occ, conflictsOn(occ, 1, 4));
        assertEquals("ACCEPTED", d.partstat());
        assertEquals("2.0;Success", d.requestStatus());
        assertEquals(2, d.declinedOccurrences().size());
        assertEquals(berlin("2026-12-10T10:00"), d.declinedOccurrences().get(0).recurrenceId());
        assertEquals(berlin("2026-12-31T10:00"), d.declinedOccurrences().get(1).recurrenceId());
        for (OccurrenceVerdict v : d.declinedOccurrences()) {
            assertTrue(v.declined());
            assertEquals("4.0;Event conflict. Date/time is busy.", v.requestStatus());
        }
        assertEquals("Room 101 is busy 09:30\u201310:30 on 2026-12-10", d.declinedOccurrences().get(0).reason());
        assertEquals("Room 101 is already booked 09:30\u201310:30 on 2026-12-31 by 'Budget review'",
                d.declinedOccurrences().get(1).reason());
        assertEquals("Room 101 declined 2 of 10 occurrences (2026-12-10 10:00, 2026-12-31 10:00): "
                + "Room 101 is busy 09:30\u201310:30 on 2026-12-10; "
                + "Room 101 is already booked 09:30\u201310:30 on 2026-12-31 by 'Budget review'", d.reason());
    }

    @Test
    void recurring_wholeSeries_declinesEverythingWhenOneOccurrenceConflicts() {
        List<RequestedOccurrence> occ = weekly10();
        ResourcePolicy p = BERLIN_POLICY.toBuilder().recurringConflicts(RecurringConflicts.WHOLE_SERIES).build();
        Decision d = AutoScheduleAgent.decide(ctx(p), occ, conflictsOn(occ, 1, 4));
        assertDeclined(d, "4.0;Event conflict. Date/time is busy.");
        assertTrue(d.reason().startsWith("Room 101 declines the whole series: 2 of 10 occurrences are unavailable "
                + "(2026-12-10 10:00, 2026-12-31 10:00): "), d.reason());
        assertAccepted(AutoScheduleAgent.decide(ctx(p), occ, none(10)));
    }

    @Test
    void recurring_everyOccurrenceConflicting_declinesTheSeries() {
        List<RequestedOccurrence> occ = weekly10();
        Decision d = AutoScheduleAgent.decide(ctx(BERLIN_POLICY), occ, conflictsOn(occ, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertDeclined(d, "4.0;Event conflict. Date/time is busy.");
        assertTrue(d.reason().startsWith("Room 101 is unavailable for every occurrence (2026-12-03 10:00, "), d.reason());
        assertTrue(d.reason().contains("2026-12-10 10:00") && d.reason().contains("2027-02-04 10:00"), d.reason());
    }

    @Test
    void recurring_manyDeclinedOccurrences_reasonIsCapped() {
        List<RequestedOccurrence> occ = new ArrayList<>();
        LocalDateTime first = LocalDateTime.parse("2026-12-01T10:00");
        for (int i = 0; i < 30; i++) occ.add(instance(first.plusDays(i).toString(), first.plusDays(i).plusHours(1).toString()));
        int[] busy = new int[12];
        for (int i = 0; i < 12; i++) busy[i] = i * 2;
        Decision d = AutoScheduleAgent.decide(ctx(BERLIN_POLICY), occ, conflictsOn(occ, busy));
        assertEquals("ACCEPTED", d.partstat());
        assertEquals(12, d.declinedOccurrences().size());
        assertTrue(d.reason().contains("and 2 more)"), d.reason());
        assertFalse(d.reason().contains("2026-12-23 10:00"), "the 12th is not detailed: " + d.reason());
    }

    @Test
    void recurring_policyViolationsArePerOccurrenceToo() {
        ResourcePolicy p = BERLIN_POLICY.toBuilder().bookingWindowStart(Duration.ofDays(30)).build();
        List<RequestedOccurrence> occ = weekly10(); // 3 Dec … 4 Feb; now + 30 days = 20 Dec
        Decision d = AutoScheduleAgent.decide(ctx(p), occ, none(10));
        assertEquals("ACCEPTED", d.partstat());
        assertEquals(7, d.declinedOccurrences().size());
        assertEquals(berlin("2026-12-24T10:00"), d.declinedOccurrences().get(0).recurrenceId());
        assertEquals("3.8;No authority", d.declinedOccurrences().get(0).requestStatus());
        assertTrue(d.declinedOccurrences().get(0).reason().contains("at most 30 days ahead"));
        ResourcePolicy whole = p.toBuilder().recurringConflicts(RecurringConflicts.WHOLE_SERIES).build();
        assertDeclined(AutoScheduleAgent.decide(ctx(whole), occ, none(10)), "3.8;No authority");
    }

    @Test
    void recurring_withPendingModes() {
        List<RequestedOccurrence> occ = weekly10();
        Decision dib = AutoScheduleAgent.decide(ctx(mode(AutoScheduleMode.DECLINE_IF_BUSY)), occ, conflictsOn(occ, 2));
        assertEquals("NEEDS-ACTION", dib.partstat());
        assertEquals(1, dib.declinedOccurrences().size());
        assertTrue(dib.reason().contains("awaits a decision") && dib.reason().contains("declined 1 of 10"), dib.reason());
        Decision aif = AutoScheduleAgent.decide(ctx(mode(AutoScheduleMode.ACCEPT_IF_FREE)), occ, conflictsOn(occ, 2, 3));
        assertEquals("NEEDS-ACTION", aif.partstat());
        assertTrue(aif.declinedOccurrences().isEmpty());
        assertTrue(aif.reason().startsWith("Room 101 is busy for 2 of 10 occurrences (2026-12-17 10:00, 2026-12-24 10:00)"),
                aif.reason());
        Decision manual = AutoScheduleAgent.decide(ctx(mode(AutoScheduleMode.MANUAL)), occ, conflictsOn(occ, 2, 3));
        assertEquals("NEEDS-ACTION", manual.partstat());
        assertTrue(manual.declinedOccurrences().isEmpty());
    }

    @Test
    void recurring_occurrencesAlreadyOverAreNotJudged() {
        List<RequestedOccurrence> occ = new ArrayList<>();
        LocalDateTime first = LocalDateTime.parse("2026-11-12T10:00"); // two before now, two after
        for (int i = 0; i < 4; i++) occ.add(instance(first.plusWeeks(i).toString(), first.plusWeeks(i).plusHours(1).toString()));
        ResourcePolicy p = BERLIN_POLICY.toBuilder().bookingWindowEnd(Duration.ofHours(1)).build();
        Decision d = AutoScheduleAgent.decide(ctx(p), occ, conflictsOn(occ, 0));
        assertAccepted(d);
        Decision later = AutoScheduleAgent.decide(ctx(p), occ, conflictsOn(occ, 0, 3));
        assertEquals("ACCEPTED", later.partstat());
        assertTrue(later.reason().contains("declined 1 of 2 occurrences (2026-12-03 10:00)"), later.reason());
    }

    // ---- all-day, cancelled, transparent -------------------------------------------------------------------------

    @Test
    void blockingPeriod_allDayIsTheLocalDayOfTheResource() {
        RequestedOccurrence utcDate = new RequestedOccurrence(null, Instant.parse("2026-12-03T00:00:00Z"),
                Instant.parse("2026-12-04T00:00:00Z"), true, false, false);
        RequestedOccurrence ny = AutoScheduleAgent.blockingPeriod(utcDate, NEW_YORK);
        assertEquals(Instant.parse("2026-12-03T05:00:00Z"), ny.start());
        assertEquals(Instant.parse("2026-12-04T05:00:00Z"), ny.end());
        RequestedOccurrence b = AutoScheduleAgent.blockingPeriod(utcDate, BERLIN);
        assertEquals(berlin("2026-12-03T00:00"), b.start());
        assertEquals(berlin("2026-12-04T00:00"), b.end());
        // read in the resource zone already: unchanged
        assertEquals(b, AutoScheduleAgent.blockingPeriod(b, BERLIN));
        // three days, across the DST change: 2027-03-27 .. 2027-03-29 in Berlin
        RequestedOccurrence three = new RequestedOccurrence(null, Instant.parse("2027-03-27T00:00:00Z"),
                Instant.parse("2027-03-30T00:00:00Z"), true, false, false);
        RequestedOccurrence tb = AutoScheduleAgent.blockingPeriod(three, BERLIN);
        assertEquals(berlin("2027-03-27T00:00"), tb.start());
        assertEquals(berlin("2027-03-30T00:00"), tb.end());
        assertEquals(Duration.ofHours(71), Duration.between(tb.start(), tb.end()));
        // timed occurrences are unchanged
        assertEquals(MEETING, AutoScheduleAgent.blockingPeriod(MEETING, NEW_YORK));
    }

    @Test
    void allDayRequest_blocksTheWholeLocalDayInTheResourceZone() {
        ResourcePolicy ny = BERLIN_POLICY.toBuilder().timezone(NEW_YORK).build();
        RequestedOccurrence allDay = new RequestedOccurrence(null, Instant.parse("2026-12-03T00:00:00Z"),
                Instant.parse("2026-12-04T00:00:00Z"), true, false, false);
        // 22:00–23:00 New York on 3 December is 03:00–04:00 UTC on the 4th: still that local day
        Decision late = decideOne(ctx(ny), allDay, new Booking("x", Instant.parse("2026-12-04T03:00:00Z"),
                Instant.parse("2026-12-04T04:00:00Z"), "Late call"));
        assertDeclined(late, "4.0;Event conflict. Date/time is busy.");
        assertEquals("Room 101 is already booked 22:00\u201323:00 on 2026-12-03 by 'Late call'", late.reason());
        // 21:00 New York on 2 December is inside the UTC day of the 3rd, but not the local one
        assertAccepted(decideOne(ctx(ny), allDay, new Booking("y", Instant.parse("2026-12-03T02:00:00Z"),
                Instant.parse("2026-12-03T03:00:00Z"), "Evening")));
    }

    @Test
    void allDayBooking_isReportedAsAllDay() {
        Booking holiday = Booking.of("h", new io.calroom.ical.Occurrence(Instant.parse("2026-12-03T00:00:00Z"),
                Instant.parse("2026-12-04T00:00:00Z"), null, false, null, true, true), "Team offsite", BERLIN);
        assertEquals(berlin("2026-12-03T00:00"), holiday.start());
        Decision d = decideOne(ctx(BERLIN_POLICY), MEETING, holiday);
        assertEquals("Room 101 is already booked all day on 2026-12-03 by 'Team offsite'", d.reason());
    }

    @Test
    void cancelledAndTransparentRequestedOccurrencesAreIgnored() {
        RequestedOccurrence transparent = new RequestedOccurrence(null, MEETING.start(), MEETING.end(), false, false, true);
        assertAccepted(decideOne(ctx(BERLIN_POLICY), transparent, BUDGET_REVIEW));

        List<RequestedOccurrence> occ = new ArrayList<>(weekly10());
        RequestedOccurrence second = occ.get(1);
        occ.set(1, new RequestedOccurrence(second.recurrenceId(), second.start(), second.end(), false, true, false));
        RequestedOccurrence third = occ.get(2);
        occ.set(2, new RequestedOccurrence(third.recurrenceId(), third.start().plusSeconds(3600 * 12),
                third.end().plusSeconds(3600 * 12), false, true, false)); // cancelled, moved to 22:00
        ResourcePolicy office = BERLIN_POLICY.toBuilder().workingHours(weekdays("08:00", "18:00")).build();
        Decision d = AutoScheduleAgent.decide(ctx(office), occ, conflictsOn(occ, 1, 2));
        assertAccepted(d);
        Decision withOne = AutoScheduleAgent.decide(ctx(office), occ, conflictsOn(occ, 1, 5));
        assertTrue(withOne.reason().contains("declined 1 of 8 occurrences (2027-01-07 10:00)"), withOne.reason());
    }

    // ---- reasons -------------------------------------------------------------------------------------------------

    @Test
    void reason_withAndWithoutVisibleTitle_timesInTheResourceZone() {
        assertEquals("Room 101 is already booked 10:00\u201311:00 on 2026-12-03 by 'Budget review'",
                decideOne(ctx(BERLIN_POLICY), MEETING, BUDGET_REVIEW).reason());
        assertEquals("Room 101 is busy 10:00\u201311:00 on 2026-12-03",
                decideOne(ctx(BERLIN_POLICY), MEETING, booked("2026-12-03T10:00", "2026-12-03T11:00", null)).reason());
        ResourcePolicy ny = BERLIN_POLICY.toBuilder().timezone(NEW_YORK).build();
        assertEquals("Room 101 is busy 04:00\u201305:00 on 2026-12-03",
                decideOne(ctx(ny), MEETING, booked("2026-12-03T10:00", "2026-12-03T11:00", null)).reason());
        AgentContext tokyo = new AgentContext("Sala Roma", BERLIN_POLICY.toBuilder().timezone(ZoneId.of("Asia/Tokyo")).build(),
                true, true, false, NOW);
        assertEquals("Sala Roma is already booked 18:00\u201319:00 on 2026-12-03 by 'Budget review'",
                decideOne(tokyo, MEETING, BUDGET_REVIEW).reason());
    }

    @Test
    void reason_titleIsKeptOnOneLine_andPeriodsAcrossMidnight() {
        Decision d = decideOne(ctx(BERLIN_POLICY), single("2026-12-03T20:00", "2026-12-04T02:00"),
                booked("2026-12-03T22:00", "2026-12-04T01:00", "Release\r\nnight  "));
        assertEquals("Room 101 is already booked from 2026-12-03 22:00 to 2026-12-04 01:00 by 'Release night'",
                d.reason());
        assertEquals("22:00\u201324:00 on 2026-12-03",
                AutoScheduleAgent.period(berlin("2026-12-03T22:00"), berlin("2026-12-04T00:00"), BERLIN));
        assertEquals("all day from 2026-12-03 to 2026-12-05",
                AutoScheduleAgent.period(berlin("2026-12-03T00:00"), berlin("2026-12-06T00:00"), BERLIN));
        assertEquals("at 10:00 on 2026-12-03",
                AutoScheduleAgent.period(berlin("2026-12-03T10:00"), berlin("2026-12-03T10:00"), BERLIN));
    }

    @Test
    void pointBookingAndPointRequest() {
        RequestedOccurrence point = single("2026-12-03T10:30", "2026-12-03T10:30");
        assertDeclined(decideOne(ctx(BERLIN_POLICY), point, BUDGET_REVIEW), "4.0;Event conflict. Date/time is busy.");
        assertAccepted(decideOne(ctx(BERLIN_POLICY), point, booked("2026-12-03T09:00", "2026-12-03T10:30", "Before")));
    }

    @Test
    void noOccurrencesToJudge_isFree() {
        RequestedOccurrence cancelled = new RequestedOccurrence(null, MEETING.start(), MEETING.end(), false, true, false);
        assertAccepted(decideOne(ctx(BERLIN_POLICY), cancelled, BUDGET_REVIEW));
        assertAccepted(AutoScheduleAgent.decide(ctx(BERLIN_POLICY), List.of(), List.of()));
    }

    @Test
    void bookingListsMustMatchTheOccurrences() {
        assertThrows(IllegalArgumentException.class,
                () -> AutoScheduleAgent.decide(ctx(BERLIN_POLICY), List.of(MEETING), List.of()));
    }
}
