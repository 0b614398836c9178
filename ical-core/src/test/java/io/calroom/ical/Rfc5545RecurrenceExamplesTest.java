package io.calroom.ical;

import static io.calroom.ical.Ics.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.fortuna.ical4j.model.Calendar;
import org.junit.jupiter.api.Test;

/**
 * Every RRULE example of RFC 5545 §3.8.5.3 ("All examples assume the Eastern United States time zone"), with the
 * dates the RFC lists. For the rules that run forever the first instances the RFC lists are compared. Instances are
 * compared as New York local times, which also checks that each keeps 9:00 across the DST changes (EDT/EST).
 */
class Rfc5545RecurrenceExamplesTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalTime NINE = LocalTime.of(9, 0);
    private final CalendarObjectParser parser = new CalendarObjectParser(CalendarObjectLimits.defaults());
    private final OccurrenceExpander expander = new OccurrenceExpander(CalendarObjectLimits.defaults());

    /** The local start times of the instances of {@code lines} (a VEVENT's DTSTART, RRULE, ...) before 2010. */
    private List<LocalDateTime> instances(String... lines) throws CalendarDataException {
        return instancesBefore(Instant.parse("2010-01-01T00:00:00Z"), lines);
    }

    private List<LocalDateTime> instancesBefore(Instant end, String... lines) throws CalendarDataException {
        Calendar calendar = parser.parse(Ics.bytes(event(lines)));
        List<LocalDateTime> out = new ArrayList<>();
        for (Occurrence o : expander.expand(calendar, Ics.UTC, null, end).occurrences()) {
            out.add(LocalDateTime.ofInstant(o.start(), NEW_YORK));
        }
        return out;
    }

    private List<LocalDateTime> first(int n, String... lines) throws CalendarDataException {
        List<LocalDateTime> all = instances(lines);
        return all.subList(0, Math.min(n, all.size()));
    }

    /** 9:00 on the given days of a month. */
    private static List<LocalDateTime> at9(int year, int month, int... days) {
        List<LocalDateTime> out = new ArrayList<>();
        for (int d : days) {
            out.add(LocalDate.of(year, month, d).atTime(NINE));
        }
        return out;
    }

    private static List<LocalDateTime> range9(int year, int month, int from, int to) {
        List<LocalDateTime> out = new ArrayList<>();
        for (int d = from; d <= to; d++) {
            out.add(LocalDate.of(year, month, d).atTime(NINE));
        }
        return out;
    }

    @SafeVarargs
    private static List<LocalDateTime> all(List<LocalDateTime>... parts) {
        List<LocalDateTime> out = new ArrayList<>();
        for (List<LocalDateTime> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    private static final String START = "DTSTART;TZID=America/New_York:19970902T090000";

    @Test
    void dailyFor10Occurrences() throws Exception {
        assertEquals(range9(1997, 9, 2, 11), instances(START, "RRULE:FREQ=DAILY;COUNT=10"));
    }

    @Test
    void dailyUntilDecember24() throws Exception {
        assertEquals(all(range9(1997, 9, 2, 30), range9(1997, 10, 1, 31), range9(1997, 11, 1, 30),
                range9(1997, 12, 1, 23)), instances(START, "RRULE:FREQ=DAILY;UNTIL=19971224T000000Z"));
    }

    @Test
    void everyOtherDayForever() throws Exception {
        List<LocalDateTime> expected = new ArrayList<>();
        for (LocalDate d = LocalDate.of(1997, 9, 2); d.isBefore(LocalDate.of(1997, 12, 4)); d = d.plusDays(2)) {
            expected.add(d.atTime(NINE));
        }
        assertEquals(expected, first(expected.size(), START, "RRULE:FREQ=DAILY;INTERVAL=2"));
        assertEquals(at9(1997, 10, 24, 26), first(28, START, "RRULE:FREQ=DAILY;INTERVAL=2").subList(26, 28));
    }

    @Test
    void every10Days5Occurrences() throws Exception {
        assertEquals(all(at9(1997, 9, 2, 12, 22), at9(1997, 10, 2, 12)),
                instances(START, "RRULE:FREQ=DAILY;INTERVAL=10;COUNT=5"));
    }

    @Test
    void everyDayInJanuaryFor3Years_bothForms() throws Exception {
        List<LocalDateTime> expected = all(range9(1998, 1, 1, 31), range9(1999, 1, 1, 31), range9(2000, 1, 1, 31));
        String start = "DTSTART;TZID=America/New_York:19980101T090000";
        assertEquals(expected, instances(start,
                "RRULE:FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA"));
        assertEquals(expected, instances(start, "RRULE:FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1"));
    }

    @Test
    void weeklyFor10Occurrences() throws Exception {
        assertEquals(all(at9(1997, 9, 2, 9, 16, 23, 30), at9(1997, 10, 7, 14, 21, 28), at9(1997, 11, 4)),
                instances(START, "RRULE:FREQ=WEEKLY;COUNT=10"));
    }

    @Test
    void weeklyUntilDecember24() throws Exception {
        assertEquals(all(at9(1997, 9, 2, 9, 16, 23, 30), at9(1997, 10, 7, 14, 21, 28), at9(1997, 11, 4, 11, 18, 25),
                at9(1997, 12, 2, 9, 16, 23)), instances(START, "RRULE:FREQ=WEEKLY;UNTIL=19971224T000000Z"));
    }

    @Test
    void everyOtherWeekForever() throws Exception {
        List<LocalDateTime> expected = all(at9(1997, 9, 2, 16, 30), at9(1997, 10, 14, 28), at9(1997, 11, 11, 25),
                at9(1997, 12, 9, 23), at9(1998, 1, 6, 20), at9(1998, 2, 3, 17));
        assertEquals(expected, first(expected.size(), START, "RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=SU"));
    }

    @Test
    void weeklyOnTuesdayAndThursdayForFiveWeeks_bothForms() throws Exception {
        List<LocalDateTime> expected = all(at9(1997, 9, 2, 4, 9, 11, 16, 18, 23, 25, 30), at9(1997, 10, 2));
        assertEquals(expected, instances(START, "RRULE:FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH"));
        assertEquals(expected, instances(START, "RRULE:FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH"));
    }

    @Test
    void everyOtherWeekOnMondayWednesdayFridayUntilDecember24() throws Exception {
        assertEquals(all(at9(1997, 9, 1, 3, 5, 15, 17, 19, 29), at9(1997, 10, 1, 3, 13, 15, 17, 27, 29, 31),
                        at9(1997, 11, 10, 12, 14, 24, 26, 28), at9(1997, 12, 8, 10, 12, 22)),
                instances("DTSTART;TZID=America/New_York:19970901T090000",
                        "RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR"));
    }

    @Test
    void everyOtherWeekOnTuesdayAndThursdayFor8Occurrences() throws Exception {
        assertEquals(all(at9(1997, 9, 2, 4, 16, 18, 30), at9(1997, 10, 2, 14, 16)),
                instances(START, "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH"));
    }

    @Test
    void monthlyOnTheFirstFridayFor10Occurrences() throws Exception {
        assertEquals(all(at9(1997, 9, 5), at9(1997, 10, 3), at9(1997, 11, 7), at9(1997, 12, 5), at9(1998, 1, 2),
                        at9(1998, 2, 6), at9(1998, 3, 6), at9(1998, 4, 3), at9(1998, 5, 1), at9(1998, 6, 5)),
                instances("DTSTART;TZID=America/New_York:19970905T090000", "RRULE:FREQ=MONTHLY;COUNT=10;BYDAY=1FR"));
    }

    @Test
    void monthlyOnTheFirstFridayUntilDecember24() throws Exception {
        assertEquals(all(at9(1997, 9, 5), at9(1997, 10, 3), at9(1997, 11, 7), at9(1997, 12, 5)),
                instances("DTSTART;TZID=America/New_York:19970905T090000",
                        "RRULE:FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR"));
    }

    @Test
    void everyOtherMonthOnTheFirstAndLastSundayFor10Occurrences() throws Exception {
        assertEquals(all(at9(1997, 9, 7, 28), at9(1997, 11, 2, 30), at9(1998, 1, 4, 25), at9(1998, 3, 1, 29),
                        at9(1998, 5, 3, 31)),
                instances("DTSTART;TZID=America/New_York:19970907T090000",
                        "RRULE:FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU"));
    }

    @Test
    void monthlyOnTheSecondToLastMondayFor6Months() throws Exception {
        assertEquals(all(at9(1997, 9, 22), at9(1997, 10, 20), at9(1997, 11, 17), at9(1997, 12, 22), at9(1998, 1, 19),
                        at9(1998, 2, 16)),
                instances("DTSTART;TZID=America/New_York:19970922T090000", "RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=-2MO"));
    }

    @Test
    void monthlyOnTheThirdToTheLastDayForever() throws Exception {
        List<LocalDateTime> expected = all(at9(1997, 9, 28), at9(1997, 10, 29), at9(1997, 11, 28), at9(1997, 12, 29),
                at9(1998, 1, 29), at9(1998, 2, 26));
        assertEquals(expected, first(expected.size(), "DTSTART;TZID=America/New_York:19970928T090000",
                "RRULE:FREQ=MONTHLY;BYMONTHDAY=-3"));
    }

    @Test
    void monthlyOnThe2ndAnd15thFor10Occurrences() throws Exception {
        assertEquals(all(at9(1997, 9, 2, 15), at9(1997, 10, 2, 15), at9(1997, 11, 2, 15), at9(1997, 12, 2, 15),
                at9(1998, 1, 2, 15)), instances(START, "RRULE:FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15"));
    }

    @Test
    void monthlyOnTheFirstAndLastDayFor10Occurrences() throws Exception {
        assertEquals(all(at9(1997, 9, 30), at9(1997, 10, 1, 31), at9(1997, 11, 1, 30), at9(1997, 12, 1, 31),
                        at9(1998, 1, 1, 31), at9(1998, 2, 1)),
                instances("DTSTART;TZID=America/New_York:19970930T090000",
                        "RRULE:FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1"));
    }

    @Test
    void every18MonthsOnThe10thThru15thFor10Occurrences() throws Exception {
        assertEquals(all(range9(1997, 9, 10, 15), range9(1999, 3, 10, 13)),
                instances("DTSTART;TZID=America/New_York:19970910T090000",
                        "RRULE:FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15"));
    }

    @Test
    void everyTuesdayEveryOtherMonth() throws Exception {
        List<LocalDateTime> expected = all(at9(1997, 9, 2, 9, 16, 23, 30), at9(1997, 11, 4, 11, 18, 25),
                at9(1998, 1, 6, 13, 20, 27), at9(1998, 3, 3, 10, 17, 24, 31));
        assertEquals(expected, first(expected.size(), START, "RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=TU"));
    }

    @Test
    void yearlyInJuneAndJulyFor10Occurrences() throws Exception {
        List<LocalDateTime> expected = new ArrayList<>();
        for (int y = 1997; y <= 2001; y++) {
            expected.addAll(all(at9(y, 6, 10), at9(y, 7, 10)));
        }
        assertEquals(expected, instances("DTSTART;TZID=America/New_York:19970610T090000",
                "RRULE:FREQ=YEARLY;COUNT=10;BYMONTH=6,7"));
    }

    @Test
    void everyOtherYearOnJanuaryFebruaryMarchFor10Occurrences() throws Exception {
        List<LocalDateTime> expected = new ArrayList<>(at9(1997, 3, 10));
        for (int y = 1999; y <= 2003; y += 2) {
            expected.addAll(all(at9(y, 1, 10), at9(y, 2, 10), at9(y, 3, 10)));
        }
        assertEquals(expected, instances("DTSTART;TZID=America/New_York:19970310T090000",
                "RRULE:FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3"));
    }

    @Test
    void everyThirdYearOnThe1st100thAnd200thDayFor10Occurrences() throws Exception {
        assertEquals(all(at9(1997, 1, 1), at9(1997, 4, 10), at9(1997, 7, 19), at9(2000, 1, 1), at9(2000, 4, 9),
                        at9(2000, 7, 18), at9(2003, 1, 1), at9(2003, 4, 10), at9(2003, 7, 19), at9(2006, 1, 1)),
                instances("DTSTART;TZID=America/New_York:19970101T090000",
                        "RRULE:FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200"));
    }

    @Test
    void every20thMondayOfTheYearForever() throws Exception {
        assertEquals(all(at9(1997, 5, 19), at9(1998, 5, 18), at9(1999, 5, 17)),
                first(3, "DTSTART;TZID=America/New_York:19970519T090000", "RRULE:FREQ=YEARLY;BYDAY=20MO"));
    }

    @Test
    void mondayOfWeekNumber20Forever() throws Exception {
        assertEquals(all(at9(1997, 5, 12), at9(1998, 5, 11), at9(1999, 5, 17)),
                first(3, "DTSTART;TZID=America/New_York:19970512T090000", "RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO"));
    }

    @Test
    void everyThursdayInMarchForever() throws Exception {
        List<LocalDateTime> expected = all(at9(1997, 3, 13, 20, 27), at9(1998, 3, 5, 12, 19, 26),
                at9(1999, 3, 4, 11, 18, 25));
        assertEquals(expected, first(expected.size(), "DTSTART;TZID=America/New_York:19970313T090000",
                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=TH"));
    }

    @Test
    void everyThursdayButOnlyDuringJuneJulyAugustForever() throws Exception {
        List<LocalDateTime> expected = all(at9(1997, 6, 5, 12, 19, 26), at9(1997, 7, 3, 10, 17, 24, 31),
                at9(1997, 8, 7, 14, 21, 28), at9(1998, 6, 4, 11, 18, 25), at9(1998, 7, 2, 9, 16, 23, 30),
                at9(1998, 8, 6, 13, 20, 27), at9(1999, 6, 3, 10, 17, 24), at9(1999, 7, 1, 8, 15, 22, 29),
                at9(1999, 8, 5, 12, 19, 26));
        assertEquals(expected, first(expected.size(), "DTSTART;TZID=America/New_York:19970605T090000",
                "RRULE:FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8"));
    }

    @Test
    void everyFridayThe13thForever_dtstartExcluded() throws Exception {
        List<LocalDateTime> expected = all(at9(1998, 2, 13), at9(1998, 3, 13), at9(1998, 11, 13), at9(1999, 8, 13),
                at9(2000, 10, 13));
        assertEquals(expected, first(expected.size(), START, "EXDATE;TZID=America/New_York:19970902T090000",
                "RRULE:FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13"));
    }

    @Test
    void theFirstSaturdayThatFollowsTheFirstSundayOfTheMonthForever() throws Exception {
        List<LocalDateTime> expected = all(at9(1997, 9, 13), at9(1997, 10, 11), at9(1997, 11, 8), at9(1997, 12, 13),
                at9(1998, 1, 10), at9(1998, 2, 7), at9(1998, 3, 7), at9(1998, 4, 11), at9(1998, 5, 9),
                at9(1998, 6, 13));
        assertEquals(expected, first(expected.size(), "DTSTART;TZID=America/New_York:19970913T090000",
                "RRULE:FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13"));
    }

    @Test
    void usPresidentialElectionDayEvery4Years() throws Exception {
        assertEquals(all(at9(1996, 11, 5), at9(2000, 11, 7), at9(2004, 11, 2)),
                first(3, "DTSTART;TZID=America/New_York:19961105T090000",
                        "RRULE:FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8"));
    }

    @Test
    void theThirdInstanceOfTuesdayWednesdayOrThursdayFor3Months() throws Exception {
        assertEquals(all(at9(1997, 9, 4), at9(1997, 10, 7), at9(1997, 11, 6)),
                instances("DTSTART;TZID=America/New_York:19970904T090000",
                        "RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3"));
    }

    @Test
    void theSecondToLastWeekdayOfTheMonth() throws Exception {
        List<LocalDateTime> expected = all(at9(1997, 9, 29), at9(1997, 10, 30), at9(1997, 11, 27), at9(1997, 12, 30),
                at9(1998, 1, 29), at9(1998, 2, 26), at9(1998, 3, 30));
        assertEquals(expected, first(expected.size(), "DTSTART;TZID=America/New_York:19970929T090000",
                "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2"));
    }

    /**
     * RFC 5545 lists 09:00, 12:00 and 15:00, but its UNTIL (17:00Z) is 13:00 EDT, which ends the rule after 12:00
     * (the listed result needs UNTIL=19970902T210000Z, errata report 3883); UNTIL is inclusive either way.
     */
    @Test
    void every3HoursFrom9To5OnASpecificDay() throws Exception {
        assertEquals(List.of(LocalDateTime.of(1997, 9, 2, 9, 0), LocalDateTime.of(1997, 9, 2, 12, 0)),
                instances(START, "RRULE:FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z"));
        assertEquals(List.of(LocalDateTime.of(1997, 9, 2, 9, 0), LocalDateTime.of(1997, 9, 2, 12, 0),
                        LocalDateTime.of(1997, 9, 2, 15, 0)),
                instances(START, "RRULE:FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z"));
    }

    @Test
    void every15MinutesFor6Occurrences() throws Exception {
        List<LocalDateTime> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            expected.add(LocalDateTime.of(1997, 9, 2, 9, 0).plusMinutes(15L * i));
        }
        assertEquals(expected, instances(START, "RRULE:FREQ=MINUTELY;INTERVAL=15;COUNT=6"));
    }

    @Test
    void everyHourAndAHalfFor4Occurrences() throws Exception {
        assertEquals(List.of(LocalDateTime.of(1997, 9, 2, 9, 0), LocalDateTime.of(1997, 9, 2, 10, 30),
                        LocalDateTime.of(1997, 9, 2, 12, 0), LocalDateTime.of(1997, 9, 2, 13, 30)),
                instances(START, "RRULE:FREQ=MINUTELY;INTERVAL=90;COUNT=4"));
    }

    @Test
    void every20MinutesFrom9To1640EveryDay_bothForms() throws Exception {
        List<LocalDateTime> expected = new ArrayList<>();
        for (int day = 2; day <= 3; day++) {
            for (int h = 9; h <= 16; h++) {
                for (int m = 0; m < 60; m += 20) {
                    expected.add(LocalDateTime.of(1997, 9, day, h, m));
                }
            }
        }
        Instant end = Instant.parse("1997-09-04T00:00:00Z");
        assertEquals(expected, instancesBefore(end, START,
                "RRULE:FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40"));
        assertEquals(expected, instancesBefore(end, START,
                "RRULE:FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16"));
    }

    @Test
    void theDaysGeneratedDependOnWkst() throws Exception {
        String start = "DTSTART;TZID=America/New_York:19970805T090000";
        assertEquals(at9(1997, 8, 5, 10, 19, 24), instances(start,
                "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO"));
        assertEquals(at9(1997, 8, 5, 17, 19, 31), instances(start,
                "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU"));
        assertEquals(at9(1997, 8, 5, 10, 19, 24), instances(start,
                "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU"), "WKST defaults to MO");
    }

    @Test
    void anInvalidDateIsIgnored() throws Exception {
        assertEquals(all(at9(2007, 1, 15, 30), at9(2007, 2, 15), at9(2007, 3, 15, 30)),
                instances("DTSTART;TZID=America/New_York:20070115T090000", "RRULE:FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5"));
    }
}
