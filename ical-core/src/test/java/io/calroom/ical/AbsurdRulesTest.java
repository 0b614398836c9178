package io.calroom.ical;

import static io.calroom.ical.Ics.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 4791 §5.2.8 (CALDAV:max-instances): every absurd rule is either refused with MAX_INSTANCES or accepted with at
 * most the cap, and the decision takes well under a second (bounded time and memory).
 */
class AbsurdRulesTest {

    /** CPU time of the test thread (wall time also counts other builds sharing this machine). */
    private static final long CPU_LIMIT_NANOS = 1_000_000_000L;
    private static final long WALL_LIMIT_NANOS = 10_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final CalendarObjectParser PARSER = new CalendarObjectParser(CalendarObjectLimits.defaults());

    @BeforeAll
    static void warmUp() throws Exception {
        PARSER.validate(Ics.bytes(event("DTSTART:20240101T100000Z", "RRULE:FREQ=DAILY;COUNT=500")), Ics.ALL,
                Ics.UTC, Ics.NOW);
    }

    private static void assertBounded(String dtstart, String rule, boolean mustBeRefused) {
        byte[] body = Ics.bytes(event(dtstart, "RRULE:" + rule));
        long started = System.nanoTime();
        long cpuStarted = THREADS.getCurrentThreadCpuTime();
        try {
            ValidatedCalendarObject v = PARSER.validate(body, Ics.ALL, Ics.UTC, Ics.NOW);
            if (mustBeRefused) {
                fail(rule + " was accepted with " + v.occurrences().size() + " occurrences");
            }
            assertTrue(v.occurrences().size() <= CalendarObjectLimits.defaults().maxOccurrences());
        } catch (CalendarDataException e) {
            assertEquals(CalDavPrecondition.MAX_INSTANCES, e.precondition(), rule + ": " + e.getMessage());
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStarted;
        long elapsed = System.nanoTime() - started;
        assertTrue(cpu < CPU_LIMIT_NANOS, rule + " took " + Duration.ofNanos(cpu).toMillis() + " ms of CPU");
        assertTrue(elapsed < WALL_LIMIT_NANOS, rule + " took " + Duration.ofNanos(elapsed).toMillis() + " ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "FREQ=SECONDLY",
        "FREQ=SECONDLY;INTERVAL=1;UNTIL=99991231T235959Z",
        "FREQ=MINUTELY;COUNT=100000000",
        "FREQ=MINUTELY",
        "FREQ=HOURLY;INTERVAL=1;BYMINUTE=0,30",
        "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23"
                + ";BYMINUTE=0,15,30,45;BYSETPOS=1,-1",
        "FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,"
                + "20,21,22,23,24,25,26,27,28,29,30,31;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,"
                + "21,22,23;BYMINUTE=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,"
                + "29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59"
                + ";BYSETPOS=1",
        "FREQ=SECONDLY;BYSECOND=0",
        "FREQ=SECONDLY;BYMINUTE=0,15,30,45;BYSECOND=0",
        "FREQ=MINUTELY;BYMINUTE=0",
    })
    void rfc4791_5_2_8_isRefused(String rule) {
        assertBounded("DTSTART:20240101T100000Z", rule, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "FREQ=DAILY;INTERVAL=2147483647",
        "FREQ=SECONDLY;INTERVAL=2147483647",
        "FREQ=YEARLY;INTERVAL=2147483647;COUNT=2147483647",
        "FREQ=DAILY;UNTIL=99991231T235959Z",
        "FREQ=WEEKLY;COUNT=2147483647",
        "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=YEARLY;BYWEEKNO=53;BYDAY=SU",
        "FREQ=MINUTELY;INTERVAL=60;COUNT=20000",
        "FREQ=SECONDLY;COUNT=20000",
        "FREQ=HOURLY;BYHOUR=9;BYMINUTE=0",
        "FREQ=HOURLY;UNTIL=20991231T000000Z",
        "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23",
    })
    void boundedOrRareRules_areAcceptedWithinTheCap(String rule) {
        assertBounded("DTSTART:20240101T100000Z", rule, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "FREQ=SECONDLY",
        "FREQ=SECONDLY;INTERVAL=7",
        "FREQ=MINUTELY;INTERVAL=1000000",
        "FREQ=SECONDLY;INTERVAL=1000000000",
    })
    void rulesStartingLongAgo_areBounded(String rule) {
        assertBounded("DTSTART:19000101T000000Z", rule, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FREQ=DAILY", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=YEARLY"})
    void dateSeries_areBounded(String rule) {
        assertBounded("DTSTART;VALUE=DATE:20240101", rule, false);
    }
}
