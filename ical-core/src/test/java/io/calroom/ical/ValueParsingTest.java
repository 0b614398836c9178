package io.calroom.ical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DATE/DATE-TIME (RFC 5545 §3.3.4, §3.3.5) and DURATION (§3.3.6) values. */
class ValueParsingTest {

    @Test
    void rfc5545_3_3_5_threeForms() throws Exception {
        DateTimeValue floating = DateTimeValue.parse("19980118T230000", null, null, "DTSTART");
        assertEquals(DateTimeValue.Kind.FLOATING, floating.kind());
        assertEquals(LocalDateTime.parse("1998-01-18T23:00:00"), floating.local());
        assertEquals(DateTimeValue.Kind.UTC, DateTimeValue.parse("19980119T070000Z", null, null, "X").kind());
        DateTimeValue zoned = DateTimeValue.parse("19980119T020000", "America/New_York", null, "X");
        assertEquals(DateTimeValue.Kind.ZONED, zoned.kind());
        assertEquals("America/New_York", zoned.tzid());
        DateTimeValue date = DateTimeValue.parse("19970714", "Europe/Berlin", "DATE", "X");
        assertTrue(date.isDate());
        assertTrue(date.isFloating());
        // a TZID on a UTC value is ignored
        assertEquals(DateTimeValue.Kind.UTC, DateTimeValue.parse("19980119T070000Z", "Europe/Berlin", null, "X")
                .kind());
        // leap second
        assertEquals(59, DateTimeValue.parse("19981231T235960Z", null, null, "X").local().getSecond());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1998011", "19980118T2300", "19980118T230000ZZ", "19981301T000000",
        "19980132", "19980118t230000", "1998-01-18", "19980118T240000"})
    void rfc5545_3_3_5_invalidValues(String value) {
        CalendarDataException e = assertThrows(CalendarDataException.class,
                () -> DateTimeValue.parse(value, null, null, "DTSTART"));
        assertEquals(CalDavPrecondition.VALID_CALENDAR_DATA, e.precondition());
    }

    @Test
    void rfc5545_3_3_6_durations() throws Exception {
        assertEquals(new IcalDuration(false, 15, 5 * 3600 + 20), IcalDuration.parse("P15DT5H0M20S", "D"));
        assertEquals(new IcalDuration(false, 49, 0), IcalDuration.parse("P7W", "D"));
        assertEquals(new IcalDuration(true, 0, 900), IcalDuration.parse("-PT15M", "D"));
        assertEquals(new IcalDuration(false, 0, 3600), IcalDuration.parse("+PT1H", "D"));
        assertTrue(IcalDuration.parse("PT0S", "D").isZero());
        assertFalse(IcalDuration.parse("-PT0S", "D").isNegative());
        assertTrue(IcalDuration.parse("-P1D", "D").isNegative());
    }

    /** Lenient: a T with nothing after it behind a date part, as many clients and servers write it. */
    @Test
    void durationWithAnEmptyTimePart_isReadAsTheDatePart() throws Exception {
        assertEquals(IcalDuration.parse("P1D", "D"), IcalDuration.parse("P1DT", "D"));
        assertEquals(IcalDuration.parse("P2W", "D"), IcalDuration.parse("P2WT", "D"));
        assertEquals(IcalDuration.parse("-P3D", "D"), IcalDuration.parse("-p3dt", "D"));
        assertEquals(86_400, IcalDuration.parse("P1DT", "D").nominalSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "P", "PT", "-P", "+PT", "-PT", "P1H", "PT1D", "P1DT1", "TP1D", "P1DTT", "1H",
        "PT1H30", "P1.5D", "P1Y", "PT-1H", "P99999999999999999999D", "garbage"})
    void rfc5545_3_3_6_invalidDurations(String value) {
        assertThrows(CalendarDataException.class, () -> IcalDuration.parse(value, "DURATION"));
    }

    @Test
    void rfc5545_3_3_6_daysAreNominal_timeIsExact() throws Exception {
        var berlin = ZoneId.of("Europe/Berlin").getRules();
        LocalDateTime start = LocalDateTime.parse("2024-03-30T12:00:00");
        var s = CalendarTimeZones.toInstant(start, berlin);
        assertEquals(Duration.ofHours(23), Duration.between(s, IcalDuration.parse("P1D", "D").addTo(start, berlin)));
        assertEquals(Duration.ofHours(24), Duration.between(s, IcalDuration.parse("PT24H", "D").addTo(start, berlin)));
    }
}
