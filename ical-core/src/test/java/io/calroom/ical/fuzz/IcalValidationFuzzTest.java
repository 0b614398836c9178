package io.calroom.ical.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.Occurrence;
import io.calroom.ical.ValidatedCalendarObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzes what a PUT of a calendar object runs first: {@link CalendarObjectParser#validate} (RFC 5545 parsing, RFC
 * 4791 §4.1 validation, occurrence expansion) with the default {@link CalendarObjectLimits}, on bytes as received
 * over HTTP.
 * <p>
 * Properties checked for every input: the only exception is {@link CalendarDataException} (anything else would be a
 * 500 instead of a 403/400 precondition answer); each call returns within {@link #CALL_LIMIT} (RFC 4791 §5.2.8
 * max-instances and the expansion horizon must bound the work); and an accepted object respects the collection's
 * supported components, the max-instances limit, and the documented order of its occurrences.
 * <p>
 * Seeds ({@code IcalValidationFuzzTestInputs/validate}): every VCALENDAR of the RFC texts (4791 incl. Appendix B,
 * 5545 §4, 5546, 6047, 6638, the calendar-availability draft), the RFC 5545 §3.8.5.3 recurrence examples as events
 * and to-dos, the Apple/Google/Thunderbird/Lightning/Outlook bodies of the scheduling tests, and hand-written
 * adversarial objects ({@code adv-*}). Findings of fuzzing mode land in the same directory as {@code crash-*} files.
 */
class IcalValidationFuzzTest {

    static final Duration CALL_LIMIT = Duration.ofSeconds(2);
    static final Set<String> ALLOWED = Set.of("VEVENT", "VTODO");
    static final Instant NOW = Instant.parse("2024-01-15T12:00:00Z");
    static final CalendarObjectLimits LIMITS = CalendarObjectLimits.defaults();
    static final CalendarObjectParser PARSER = new CalendarObjectParser(LIMITS);

    static {
        // load ical4j and the zone rules once, so that the first seed is not measured with class loading
        try (InputStream in = IcalValidationFuzzTest.class.getResourceAsStream(
                "IcalValidationFuzzTestInputs/validate/client-apple-weekly-standup.ics")) {
            assertNotNull(in, "warm-up seed");
            byte[] seed = in.readAllBytes();
            for (int i = 0; i < 3; i++) {
                PARSER.validate(seed, ALLOWED, ZoneOffset.UTC, NOW);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CalendarDataException e) {
            throw new AssertionError("the warm-up seed must be valid", e);
        }
    }

    @DictionaryFile(resourcePath = "ical.dict")
    @FuzzTest(maxDuration = "60s")
    void validate(byte[] body) throws Exception {
        ValidatedCalendarObject v = Bounded.call(CALL_LIMIT, "CalendarObjectParser.validate", () -> {
            try {
                return PARSER.validate(body, ALLOWED, ZoneOffset.UTC, NOW);
            } catch (CalendarDataException e) {
                assertNotNull(e.precondition());
                return null;
            }
        });
        if (v == null) {
            return;
        }
        assertTrue(ALLOWED.contains(v.componentType()), "accepted a " + v.componentType());
        assertNotNull(v.uid());
        List<Occurrence> occurrences = v.occurrences();
        assertTrue(occurrences.size() <= LIMITS.maxOccurrences(),
                occurrences.size() + " occurrences, more than max-instances " + LIMITS.maxOccurrences());
        for (int i = 1; i < occurrences.size(); i++) {
            Instant a = occurrences.get(i - 1).start();
            Instant b = occurrences.get(i).start();
            if (b == null ? a != null : a != null && b.isBefore(a)) {
                fail("occurrences not sorted by start (nulls first): " + a + " before " + b + " at " + i);
            }
        }
        if (!occurrences.isEmpty()) {
            assertEquals(occurrences.get(0).start(), v.firstStart(), "firstStart");
        }
    }
}
