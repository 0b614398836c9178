package io.calroom.principal.directory;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ResourcePolicyValidatorTest {

    private static ResourcePolicy valid(Map<String, ?> input) {
        ResourcePolicyValidator.Result r = ResourcePolicyValidator.validate(input);
        if (r instanceof ResourcePolicyValidator.Invalid inv) fail("expected valid, got " + inv.errors());
        return ((ResourcePolicyValidator.Valid) r).policy();
    }

    private static List<FieldError> invalid(Map<String, ?> input) {
        return invalid(input, ResourcePolicy.DEFAULT);
    }

    private static List<FieldError> invalid(Map<String, ?> input, ResourcePolicy base) {
        ResourcePolicyValidator.Result r = ResourcePolicyValidator.validate(input, base);
        if (r instanceof ResourcePolicyValidator.Valid v) fail("expected invalid, got " + v.policy());
        return ((ResourcePolicyValidator.Invalid) r).errors();
    }

    private static void assertOneError(Map<String, ?> input, String field, String messagePart) {
        List<FieldError> errors = invalid(input);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(field, errors.get(0).field());
        assertTrue(errors.get(0).message().contains(messagePart), errors.get(0).message());
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void emptyInputIsTheDefault() {
        assertEquals(ResourcePolicy.DEFAULT, valid(Map.of()));
    }

    @Test
    void aFullPolicy() {
        ResourcePolicy p = valid(map(
                "capacity", 12, "location", "  Building A, floor 2 ", "equipment", List.of("Projector", "Whiteboard"),
                "tags", List.of("building-a", "video"), "autoScheduleMode", "accept-if-free", "restrictedAccess", true,
                "multipleBookings", 2, "maxBookingDuration", "PT4H", "bookingWindowStart", "P90D", "bookingWindowEnd", "PT1H",
                "workingHours", List.of(map("days", List.of("MO", "TU", "WE", "TH", "FR"), "start", "08:00", "end", "18:00"),
                        map("days", List.of("SA"), "start", "10:00", "end", "14:30")),
                "recurringConflicts", "whole-series", "timezone", "Europe/Paris"));
        assertEquals(12, p.capacity());
        assertEquals("Building A, floor 2", p.location());
        assertEquals(List.of("Projector", "Whiteboard"), p.equipment());
        assertEquals(List.of("building-a", "video"), p.tags());
        assertEquals(AutoScheduleMode.ACCEPT_IF_FREE, p.autoScheduleMode());
        assertTrue(p.restrictedAccess());
        assertEquals(2, p.multipleBookings());
        assertEquals(Duration.ofHours(4), p.maxBookingDuration());
        assertEquals(Duration.ofDays(90), p.bookingWindowStart());
        assertEquals(Duration.ofHours(1), p.bookingWindowEnd());
        assertEquals(6, p.workingHours().size());
        assertEquals(new WorkingHours(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(18, 0)), p.workingHours().get(0));
        assertEquals(new WorkingHours(DayOfWeek.SATURDAY, LocalTime.of(10, 0), LocalTime.of(14, 30)), p.workingHours().get(5));
        assertEquals(RecurringConflicts.WHOLE_SERIES, p.recurringConflicts());
        assertEquals(ZoneId.of("Europe/Paris"), p.timezone());
    }

    @Nested
    class Capacity {
        @Test
        void negativeIsRefused() {
            assertOneError(map("capacity", -1), "capacity", "negative");
        }

        @Test
        void fractionIsRefused() {
            assertOneError(map("capacity", new BigDecimal("2.5")), "capacity", "whole number");
            assertOneError(map("capacity", 2.5d), "capacity", "whole number");
        }

        /** Found by fuzzing: a tiny number in exponent form used to take seconds to be refused. */
        @Test
        void tinyExponentIsRefusedAtOnce() {
            long start = System.nanoTime();
            assertOneError(map("capacity", new BigDecimal("1e-300000000")), "capacity", "whole number");
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "took " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }

        @Test
        void wholeNumbersInExponentFormAreAccepted() {
            assertEquals(20, valid(map("capacity", new BigDecimal("2.0e1"))).capacity());
            assertEquals(20, valid(map("capacity", new BigDecimal("200e-1"))).capacity());
            assertEquals(0, valid(map("capacity", new BigDecimal("0e-300000000"))).capacity());
        }

        @Test
        void hugeIsRefused() {
            assertOneError(map("capacity", new BigInteger("99999999999999999999999")), "capacity", "at most");
            assertOneError(map("capacity", ResourcePolicyValidator.MAX_CAPACITY + 1), "capacity", "at most");
        }

        @Test
        void textAndBooleansAreRefusedUnlessNumeric() {
            assertOneError(map("capacity", "lots"), "capacity", "whole number");
            assertOneError(map("capacity", true), "capacity", "whole number");
            assertEquals(20, valid(map("capacity", "20")).capacity()); // a DAV PROPPATCH sends text
        }

        @Test
        void zeroAndNullAreFine() {
            assertEquals(0, valid(map("capacity", 0)).capacity());
            assertNull(valid(map("capacity", null)).capacity());
            assertEquals(7, valid(map("capacity", new BigDecimal("7.0"))).capacity());
            assertEquals(7, valid(map("capacity", BigInteger.valueOf(7))).capacity());
        }
    }

    @Nested
    class Mode {
        @ParameterizedTest
        @ValueSource(strings = {"automatic", "accept-always", "decline-always", "accept-if-free", "decline-if-busy", "manual"})
        void everyModeIsAccepted(String mode) {
            assertEquals(mode, valid(map("autoScheduleMode", mode)).autoScheduleMode().value());
        }

        @Test
        void applesNoneIsManual() {
            assertEquals(AutoScheduleMode.MANUAL, valid(map("autoScheduleMode", "none")).autoScheduleMode());
        }

        @Test
        void caseAndSpacesDoNotMatter() {
            assertEquals(AutoScheduleMode.ACCEPT_ALWAYS, valid(map("autoScheduleMode", " Accept-Always ")).autoScheduleMode());
        }

        @Test
        void unknownModeIsRefused() {
            assertOneError(map("autoScheduleMode", "sometimes"), "autoScheduleMode", "must be one of");
            assertOneError(map("autoScheduleMode", "accept_always"), "autoScheduleMode", "must be one of");
            assertOneError(map("autoScheduleMode", 3), "autoScheduleMode", "string");
        }

        @Test
        void nullIsTheDefault() {
            ResourcePolicy base = ResourcePolicy.builder().autoScheduleMode(AutoScheduleMode.MANUAL).build();
            ResourcePolicyValidator.Result r = ResourcePolicyValidator.validate(map("autoScheduleMode", null), base);
            assertEquals(AutoScheduleMode.AUTOMATIC, ((ResourcePolicyValidator.Valid) r).policy().autoScheduleMode());
        }
    }

    @Nested
    class Durations {
        @Test
        void isoDurationsParse() {
            assertEquals(Duration.ofMinutes(90), valid(map("maxBookingDuration", "PT1H30M")).maxBookingDuration());
            assertEquals(Duration.ofDays(14), valid(map("bookingWindowStart", "P2W")).bookingWindowStart());
            assertEquals(Duration.ofDays(1).plusHours(12), valid(map("maxBookingDuration", "P1DT12H")).maxBookingDuration());
            assertEquals(Duration.ZERO, valid(map("bookingWindowEnd", "PT0S")).bookingWindowEnd());
            assertEquals(Duration.ofHours(2), valid(map("maxBookingDuration", "pt2h")).maxBookingDuration());
        }

        @ParameterizedTest
        @ValueSource(strings = {"4 hours", "PT", "P", "T4H", "PT4", "4H", "P1.5D", "", "PT-1H"})
        void badIsoDurationIsRefused(String text) {
            List<FieldError> errors = invalid(map("maxBookingDuration", text));
            assertEquals("maxBookingDuration", errors.get(0).field());
        }

        @Test
        void negativeIsRefused() {
            assertOneError(map("maxBookingDuration", "-PT1H"), "maxBookingDuration", "signed");
        }

        @Test
        void yearsAndMonthsAreRefused() {
            assertOneError(map("bookingWindowStart", "P1Y"), "bookingWindowStart", "years and months");
            assertOneError(map("bookingWindowStart", "P3M"), "bookingWindowStart", "years and months");
        }

        @Test
        void fractionsOfSecondsAreRefused() {
            assertOneError(map("maxBookingDuration", "PT0.5S"), "maxBookingDuration", "whole seconds");
        }

        @Test
        void zeroIsRefusedWhereItMakesNoSense() {
            assertOneError(map("maxBookingDuration", "PT0S"), "maxBookingDuration", "longer than zero");
            assertOneError(map("bookingWindowStart", "P0D"), "bookingWindowStart", "longer than zero");
        }

        @Test
        void absurdlyLongIsRefused() {
            assertOneError(map("bookingWindowStart", "P5000D"), "bookingWindowStart", "at most");
        }

        @Test
        void numbersAreNotDurations() {
            assertOneError(map("maxBookingDuration", 3600), "maxBookingDuration", "ISO-8601");
        }

        @Test
        void minimumNoticeMustBeShorterThanTheWindow() {
            assertOneError(map("bookingWindowStart", "P1D", "bookingWindowEnd", "P2D"), "bookingWindowEnd", "shorter");
            assertOneError(map("bookingWindowStart", "P1D", "bookingWindowEnd", "P1D"), "bookingWindowEnd", "shorter");
        }

        @Test
        void windowCheckAlsoAgainstTheBase() {
            ResourcePolicy base = ResourcePolicy.builder().bookingWindowEnd(Duration.ofDays(3)).build();
            List<FieldError> errors = invalid(map("bookingWindowStart", "P1D"), base);
            assertEquals("bookingWindowStart", errors.get(0).field());
        }

        @Test
        void nullClearsALimit() {
            ResourcePolicy base = ResourcePolicy.builder().maxBookingDuration(Duration.ofHours(2)).build();
            ResourcePolicyValidator.Result r = ResourcePolicyValidator.validate(map("maxBookingDuration", null), base);
            assertNull(((ResourcePolicyValidator.Valid) r).policy().maxBookingDuration());
        }

        @Test
        void formatIsTheShortestDayBasedForm() {
            assertEquals("P90D", IsoDurations.format(Duration.ofDays(90)));
            assertEquals("PT4H", IsoDurations.format(Duration.ofHours(4)));
            assertEquals("P1DT30M", IsoDurations.format(Duration.ofDays(1).plusMinutes(30)));
            assertEquals("PT1H5S", IsoDurations.format(Duration.ofSeconds(3605)));
            assertEquals("PT0S", IsoDurations.format(Duration.ZERO));
            for (String s : List.of("P90D", "PT4H", "P1DT30M", "PT1H5S", "P14D"))
                assertEquals(s, IsoDurations.format(IsoDurations.parse(s)));
        }
    }

    @Nested
    class Lists {
        @Test
        void tooManyTagsAreRefused() {
            List<String> tags = new ArrayList<>();
            for (int i = 0; i <= ResourcePolicyValidator.MAX_LIST_ITEMS; i++) tags.add("t" + i);
            assertOneError(map("tags", tags), "tags", "at most");
        }

        @Test
        void badItemsAreReportedWithTheirIndex() {
            List<FieldError> errors = invalid(map("tags", List.of("ok", " ", "a,b", "x".repeat(65))));
            assertEquals(List.of("tags[1]", "tags[2]", "tags[3]"), errors.stream().map(FieldError::field).toList());
            List<Object> withNull = new ArrayList<>(List.of("a"));
            withNull.add(null);
            assertOneError(map("equipment", withNull), "equipment[1]", "string");
            assertOneError(map("equipment", List.of(42)), "equipment[0]", "string");
        }

        @Test
        void itemsAreTrimmedAndDeduplicated() {
            assertEquals(List.of("a", "b"), valid(map("tags", List.of(" a", "b ", "a"))).tags());
        }

        @Test
        void textFromDavIsAJsonArrayOrCommaSeparated() {
            assertEquals(List.of("Projector", "Video \"HD\""), valid(map("equipment", "[\"Projector\", \"Video \\\"HD\\\"\"]")).equipment());
            assertEquals(List.of("a", "b"), valid(map("tags", "a, b")).tags());
            assertEquals(List.of(), valid(map("tags", "")).tags());
            assertEquals(List.of(), valid(map("tags", "[]")).tags());
            assertOneError(map("tags", "[\"a\""), "tags", "list of strings");
            assertOneError(map("tags", "[\"a\"] junk"), "tags", "list of strings");
        }

        @Test
        void notAListIsRefused() {
            assertOneError(map("equipment", 5), "equipment", "list of strings");
            assertOneError(map("equipment", Map.of("a", 1)), "equipment", "list of strings");
        }

        @Test
        void nullIsEmpty() {
            ResourcePolicy base = ResourcePolicy.builder().tags(List.of("x")).build();
            assertEquals(List.of(), ((ResourcePolicyValidator.Valid) ResourcePolicyValidator.validate(map("tags", null), base)).policy().tags());
        }
    }

    @Nested
    class Hours {
        @Test
        void endMustBeAfterStart() {
            assertOneError(map("workingHours", List.of(map("days", List.of("MO"), "start", "18:00", "end", "08:00"))),
                    "workingHours[0].end", "after start");
            assertOneError(map("workingHours", List.of(map("days", List.of("MO"), "start", "09:00", "end", "09:00"))),
                    "workingHours[0].end", "after start");
        }

        @Test
        void badTimesAndDays() {
            assertOneError(map("workingHours", List.of(map("days", List.of("MO"), "start", "8am", "end", "18:00"))),
                    "workingHours[0].start", "time of day");
            List<FieldError> errors = invalid(map("workingHours", List.of(map("days", List.of("MO"), "start", "25:00", "end", "26:00"))));
            assertEquals(List.of("workingHours[0].start", "workingHours[0].end"), errors.stream().map(FieldError::field).toList());
            assertOneError(map("workingHours", List.of(map("days", List.of("MO"), "start", 8, "end", "18:00"))),
                    "workingHours[0].start", "time of day");
        }

        @Test
        void unknownDayIsRefused() {
            assertOneError(map("workingHours", List.of(map("days", List.of("XX"), "start", "08:00", "end", "18:00"))),
                    "workingHours[0].days[0]", "MO, TU");
            assertOneError(map("workingHours", List.of(map("days", List.of(), "start", "08:00", "end", "18:00"))),
                    "workingHours[0].days", "non-empty");
            assertOneError(map("workingHours", List.of(map("days", List.of("MO", "mo"), "start", "08:00", "end", "18:00"))),
                    "workingHours[0].days[1]", "twice");
        }

        @Test
        void unknownKeysInAnEntryAreRefused() {
            assertOneError(map("workingHours", List.of(map("days", List.of("MO"), "start", "08:00", "end", "18:00", "tz", "UTC"))),
                    "workingHours[0].tz", "not a field");
        }

        @Test
        void overlapsAreRefused() {
            assertOneError(map("workingHours", List.of(map("days", List.of("MO"), "start", "08:00", "end", "12:00"),
                    map("days", List.of("MO", "TU"), "start", "11:00", "end", "13:00"))), "workingHours", "overlapping");
        }

        @Test
        void adjacentIntervalsAreFine() {
            assertEquals(2, valid(map("workingHours", List.of(map("days", List.of("MO"), "start", "08:00", "end", "12:00"),
                    map("days", List.of("MO"), "start", "12:00", "end", "13:00")))).workingHours().size());
        }

        @Test
        void endOfDayIs2400() {
            WorkingHours h = valid(map("workingHours", List.of(map("days", List.of("SU"), "start", "00:00", "end", "24:00"))))
                    .workingHours().get(0);
            assertEquals(LocalTime.MAX, h.end());
            assertTrue(h.untilEndOfDay());
            assertEquals("24:00", ResourcePolicyValidator.formatTime(h.end()));
            assertOneError(map("workingHours", List.of(map("days", List.of("SU"), "start", "24:00", "end", "24:00"))),
                    "workingHours[0].start", "before 24:00");
            assertOneError(map("workingHours", List.of(map("days", List.of("SU"), "start", "10:00", "end", "24:30"))),
                    "workingHours[0].end", "");
        }

        @Test
        void fullDayNamesAndSecondsWork() {
            WorkingHours h = valid(map("workingHours", List.of(map("days", List.of("wednesday"), "start", "08:00:30", "end", "09:00"))))
                    .workingHours().get(0);
            assertEquals(DayOfWeek.WEDNESDAY, h.day());
            assertEquals(LocalTime.of(8, 0, 30), h.start());
            assertEquals("08:00:30", ResourcePolicyValidator.formatTime(h.start()));
        }

        @Test
        void textFormFromDav() {
            ResourcePolicy p = valid(map("working-hours", "MO-FR 08:00-18:00; SA,SU 10:00-12:00"));
            assertEquals(7, p.workingHours().size());
            assertEquals(new WorkingHours(DayOfWeek.SUNDAY, LocalTime.of(10, 0), LocalTime.of(12, 0)), p.workingHours().get(6));
            assertEquals("working-hours[0]", invalid(map("working-hours", "weekdays")).get(0).field());
            assertEquals("working-hours[0].days", invalid(map("working-hours", "FR-MO 08:00-18:00")).get(0).field());
        }

        @Test
        void notAListIsRefused() {
            assertOneError(map("workingHours", 9), "workingHours", "must be a list");
            assertOneError(map("workingHours", List.of("MO")), "workingHours[0]", "object");
        }

        @Test
        void tooManyIntervalsAreRefused() {
            List<Object> entries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                entries.add(map("days", List.of("MO", "TU", "WE", "TH", "FR", "SA", "SU"), "start",
                        String.format("%02d:00", i * 2), "end", String.format("%02d:30", i * 2)));
            }
            assertOneError(map("workingHours", entries), "workingHours", "at most");
        }

        @Test
        void groupingForDisplay() {
            ResourcePolicy p = valid(map("workingHours", "MO-FR 08:00-18:00; SA 10:00-12:00"));
            List<ResourcePolicyValidator.HoursGroup> g = ResourcePolicyValidator.group(p.workingHours());
            assertEquals(2, g.size());
            assertEquals(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), g.get(0).days());
            assertEquals(List.of(DayOfWeek.SATURDAY), g.get(1).days());
        }
    }

    @Nested
    class Others {
        @Test
        void unknownZoneIsRefused() {
            assertOneError(map("timezone", "Mars/Olympus_Mons"), "timezone", "not a known time zone");
            assertOneError(map("timezone", ""), "timezone", "time zone name");
            assertOneError(map("timezone", 1), "timezone", "time zone name");
            assertEquals(ZoneId.of("America/New_York"), valid(map("timezone", "America/New_York")).timezone());
        }

        @Test
        void multipleBookingsAtLeastOne() {
            assertOneError(map("multipleBookings", 0), "multipleBookings", "at least 1");
            assertOneError(map("multipleBookings", ResourcePolicyValidator.MAX_MULTIPLE_BOOKINGS + 1), "multipleBookings", "at most");
            assertEquals(1, valid(map("multipleBookings", null)).multipleBookings());
        }

        @Test
        void booleans() {
            assertOneError(map("restrictedAccess", "yes"), "restrictedAccess", "true or false");
            assertOneError(map("restrictedAccess", 1), "restrictedAccess", "true or false");
            assertTrue(valid(map("restrictedAccess", "TRUE")).restrictedAccess());
            assertFalse(valid(map("restrictedAccess", null)).restrictedAccess());
        }

        @Test
        void recurringConflicts() {
            assertOneError(map("recurringConflicts", "sometimes"), "recurringConflicts", "per-occurrence or whole-series");
            assertEquals(RecurringConflicts.PER_OCCURRENCE, valid(map("recurringConflicts", "per-occurrence")).recurringConflicts());
        }

        @Test
        void location() {
            assertOneError(map("location", "x".repeat(501)), "location", "at most");
            assertOneError(map("location", "a\u0000b"), "location", "control");
            assertOneError(map("location", List.of()), "location", "string");
            assertNull(valid(map("location", "   ")).location());
        }

        @Test
        void everyErrorIsReportedAtOnce() {
            List<FieldError> errors = invalid(map("capacity", -3, "autoScheduleMode", "x", "timezone", "Nowhere/Else",
                    "maxBookingDuration", "soon"));
            assertEquals(4, errors.size());
        }

        @Test
        void unknownKeysAreIgnored() {
            assertEquals(ResourcePolicy.DEFAULT, valid(map("name", "Room 1", "type", "ROOM")));
        }

        @Test
        void kebabCaseNamesFromDavAreAccepted() {
            ResourcePolicy p = valid(map("auto-schedule-mode", "manual", "multiple-bookings", "3", "max-booking-duration", "PT2H",
                    "restricted-access", "true"));
            assertEquals(AutoScheduleMode.MANUAL, p.autoScheduleMode());
            assertEquals(3, p.multipleBookings());
            assertEquals(Duration.ofHours(2), p.maxBookingDuration());
            assertTrue(p.restrictedAccess());
            assertOneError(map("auto-schedule-mode", "later"), "auto-schedule-mode", "must be one of");
        }

        @Test
        void aPatchKeepsTheBase() {
            ResourcePolicy base = valid(map("capacity", 10, "tags", List.of("a"), "timezone", "Europe/Berlin"));
            ResourcePolicy changed = ((ResourcePolicyValidator.Valid) ResourcePolicyValidator.validate(map("capacity", 11), base)).policy();
            assertEquals(11, changed.capacity());
            assertEquals(List.of("a"), changed.tags());
            assertEquals(ZoneId.of("Europe/Berlin"), changed.timezone());
        }

        @Test
        void theFunctionIsPure() {
            Map<String, Object> in = new HashMap<>(map("capacity", 5));
            ResourcePolicyValidator.Result a = ResourcePolicyValidator.validate(in);
            ResourcePolicyValidator.Result b = ResourcePolicyValidator.validate(in);
            assertEquals(a, b);
            assertEquals(Map.of("capacity", 5), in);
            assertSame(ResourcePolicy.DEFAULT, ResourcePolicy.DEFAULT);
            assertEquals(ResourcePolicy.DEFAULT, valid(Collections.emptyMap()));
        }

        @Test
        void theRecordRefusesNonsenseFromCode() {
            assertThrows(IllegalArgumentException.class, () -> ResourcePolicy.builder().multipleBookings(0).build());
            assertThrows(IllegalArgumentException.class, () -> ResourcePolicy.builder().capacity(-1).build());
            assertThrows(IllegalArgumentException.class, () -> ResourcePolicy.builder().maxBookingDuration(Duration.ZERO).build());
            assertThrows(IllegalArgumentException.class, () -> new WorkingHours(DayOfWeek.MONDAY, LocalTime.NOON, LocalTime.NOON));
        }
    }
}
