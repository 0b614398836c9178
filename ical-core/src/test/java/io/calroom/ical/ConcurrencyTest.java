package io.calroom.ical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One parser instance serves concurrent requests (the server shares it across threads). */
class ConcurrencyTest {

    @Test
    void sharedParser_givesTheSameResultsFromManyThreads() throws Exception {
        CalendarObjectParser parser = new CalendarObjectParser(CalendarObjectLimits.defaults());
        List<String> bodies = List.of(Ics.resource("apple-weekly-standup.ics"), Ics.resource("outlook-custom-tz.ics"),
                Ics.resource("thunderbird-biweekly.ics"), Ics.resource("rfc4791-abcd2.ics"));
        List<List<Occurrence>> expected = new ArrayList<>();
        for (String body : bodies) {
            expected.add(parser.validate(Ics.bytes(body), Ics.ALL, Ics.UTC, Ics.NOW).occurrences());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                int n = i % bodies.size();
                results.add(pool.submit(() -> expected.get(n).equals(
                        parser.validate(Ics.bytes(bodies.get(n)), Ics.ALL, Ics.UTC, Ics.NOW).occurrences())));
            }
            for (Future<Boolean> result : results) {
                assertEquals(true, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expandRejectsAnEmptyWindow() throws Exception {
        OccurrenceExpander expander = new OccurrenceExpander(CalendarObjectLimits.defaults());
        var calendar = new CalendarObjectParser(CalendarObjectLimits.defaults())
                .parse(Ics.bytes(Ics.event("DTSTART:20240506T100000Z", "RRULE:FREQ=DAILY")));
        assertThrows(IllegalArgumentException.class,
                () -> expander.expand(calendar, Ics.UTC, Ics.t("2025-01-01T00:00:00Z"), Ics.t("2024-01-01T00:00:00Z")));
        // an absurd window end is clamped to the last iCalendar year
        assertEquals(Ics.t("9999-12-31T00:00:00Z"), expander.expand(new CalendarObjectParser(
                new CalendarObjectLimits(20_000, 10, java.time.Duration.ofDays(1))).parse(Ics.bytes(Ics.event(
                "DTSTART:20240506T100000Z"))), Ics.UTC, null, java.time.Instant.MAX).expandedUntil());
    }

    @Test
    void limitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new CalendarObjectLimits(0, 1, java.time.Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> new CalendarObjectLimits(1, -1, java.time.Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> new CalendarObjectLimits(1, 1, java.time.Duration.ZERO));
        assertEquals(new CalendarObjectLimits(20_000, 500, java.time.Duration.ofDays(730)),
                CalendarObjectLimits.defaults());
    }
}
