package io.calroom.server.caldav;

import io.calroom.server.support.Caldav;
import io.calroom.server.support.AdminApi;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Ics;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recurrence expansion, time zones and value checks seen over HTTP: calendar-query time ranges (answered from the
 * occurrence table), CALDAV:expand, free-busy-query and the room agent's conflict check must all agree with
 * RFC 5545, whatever locale and time zone the JVM runs in (CI runs this class under en_US/America/Los_Angeles and
 * under de_DE/Asia/Kolkata).
 */
class RecurrenceAndValuesTest {
    static final String CAL = "/calendars/users/rosa/default/";
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    static TestServer server;
    static AdminApi api;
    static DavClient rosa;

    static final String PARIS_TZ = """
            BEGIN:VTIMEZONE
            TZID:Europe/Paris
            BEGIN:DAYLIGHT
            TZOFFSETFROM:+0100
            TZOFFSETTO:+0200
            TZNAME:CEST
            DTSTART:19700329T020000
            RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
            END:DAYLIGHT
            BEGIN:STANDARD
            TZOFFSETFROM:+0200
            TZOFFSETTO:+0100
            TZNAME:CET
            DTSTART:19701025T030000
            RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
            END:STANDARD
            END:VTIMEZONE
            """;

    /**
     * The example of the issue: from Sunday 18 January 2026, 16:00 Paris, every other week on Thursday and Sunday.
     * RFC 5545 §3.3.10 counts weeks from Monday (WKST default MO): 18 Jan, 29 Jan, 1 Feb, 12 Feb, 15 Feb, 26 Feb,
     * 1 Mar, 12 Mar, ...; the week of Monday 16 February has no instance.
     */
    static final String BIWEEKLY = Ics.crlf("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Apple Inc.//macOS 14.0//EN
            """ + PARIS_TZ + """
            BEGIN:VEVENT
            UID:biweekly-th-su
            DTSTAMP:20260101T120000Z
            DTSTART;TZID=Europe/Paris:20260118T160000
            DTEND;TZID=Europe/Paris:20260118T163000
            RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,SU;UNTIL=20260331T215959Z
            SUMMARY:Choir
            END:VEVENT
            END:VCALENDAR
            """);

    @BeforeAll
    static void start() {
        server = TestServer.start(RecurrenceAndValuesTest.class,
                Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"));
        api = new AdminApi(server, "root", "root-pass");
        api.org("acme");
        api.user("acme", "rosa");
        api.user("acme", "otto");
        api.resource("acme", "room-biweekly", "ROOM", "Room Biweekly", "");
        rosa = api.as("rosa");
        assertEquals(201, rosa.put(CAL + "biweekly.ics", BIWEEKLY).statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Set<String> hits(DavClient client, String cal, String start, String end) {
        HttpResponse<String> r = client.request("REPORT", cal).header("Depth", "1").xml("""
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><D:getetag/></D:prop>
                  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                    <C:time-range start="%s" end="%s"/>
                  </C:comp-filter></C:comp-filter></C:filter>
                </C:calendar-query>""".formatted(start, end)).send();
        assertEquals(207, r.statusCode(), r.body());
        Set<String> names = new TreeSet<>();
        for (String h : new Multistatus(r.body()).hrefs()) names.add(h.substring(h.lastIndexOf('/') + 1));
        return names;
    }

    static String expanded(String name, String start, String end) {
        HttpResponse<String> r = rosa.request("REPORT", CAL).header("Depth", "1").xml("""
                <C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><C:calendar-data><C:expand start="%s" end="%s"/></C:calendar-data></D:prop>
                  <D:href>%s</D:href>
                </C:calendar-multiget>""".formatted(start, end, CAL + name)).send();
        assertEquals(207, r.statusCode(), r.body());
        return new Multistatus(r.body()).prop(CAL + name, Caldav.NS, "calendar-data").element().getTextContent();
    }

    static List<String> values(String ical, String property) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^" + property + "[;:][^\\r\\n]*?([0-9]{8}T[0-9]{6}Z)\\r?$").matcher(ical);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** The FREEBUSY periods of a free-busy-query answer (RFC 4791 §7.10), each "start/end". */
    static List<String> busy(String start, String end) {
        HttpResponse<String> r = rosa.request("REPORT", CAL).header("Depth", "1").xml("""
                <C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <C:time-range start="%s" end="%s"/>
                </C:free-busy-query>""".formatted(start, end)).send();
        assertEquals(200, r.statusCode(), r.body());
        List<String> out = new ArrayList<>();
        for (String line : r.body().replace("\r\n ", "").split("\r?\n")) {
            if (line.startsWith("FREEBUSY")) {
                for (String p : line.substring(line.indexOf(':') + 1).split(",")) out.add(p.trim());
            }
        }
        return out;
    }

    static Duration total(List<String> periods) {
        Duration d = Duration.ZERO;
        for (String p : periods) {
            String[] se = p.split("/");
            d = d.plus(Duration.between(Instant.from(UTC.parse(se[0])), Instant.from(UTC.parse(se[1]))));
        }
        return d;
    }

    // ---- RFC 5545 §3.3.10: WKST defaults to MO ----------------------------------------------------------------

    @Test
    void rfc5545_3_3_10_calendarQuery_theWeekOf16FebruaryHasNoInstance() {
        // Monday 16 February 00:00 to Monday 23 February 00:00 in Paris
        assertEquals(Set.of(), hits(rosa, CAL, "20260215T230000Z", "20260222T230000Z"));
        assertEquals(Set.of("biweekly.ics"), hits(rosa, CAL, "20260208T230000Z", "20260215T230000Z"));
        assertEquals(Set.of("biweekly.ics"), hits(rosa, CAL, "20260212T150000Z", "20260212T153000Z"), "Thursday 12th");
        assertEquals(Set.of(), hits(rosa, CAL, "20260219T150000Z", "20260219T153000Z"), "Thursday 19th");
        assertEquals(Set.of(), hits(rosa, CAL, "20260122T150000Z", "20260122T153000Z"), "Thursday 22 January");
    }

    @Test
    void rfc5545_3_3_10_expand_givesTheRfcInstances() {
        String data = expanded("biweekly.ics", "20260201T000000Z", "20260401T000000Z");
        assertEquals(List.of("20260201T150000Z", "20260212T150000Z", "20260215T150000Z", "20260226T150000Z",
                        "20260301T150000Z", "20260312T150000Z", "20260315T150000Z", "20260326T150000Z",
                        "20260329T140000Z"),
                values(data, "RECURRENCE-ID").stream().sorted().toList(), data);
        assertTrue(values(data, "DTEND").contains("20260329T143000Z"), data);
    }

    @Test
    void rfc5545_3_3_10_freeBusy_sumsTheRfcInstances() {
        // three weeks from Monday 9 February: 12th, 15th, 26th and 1 March, 30 minutes each
        List<String> periods = busy("20260208T230000Z", "20260301T230000Z");
        assertEquals(List.of("20260212T150000Z/20260212T153000Z", "20260215T150000Z/20260215T153000Z",
                "20260226T150000Z/20260226T153000Z", "20260301T150000Z/20260301T153000Z"), periods);
        assertEquals(Duration.ofHours(2), total(periods));
    }

    /**
     * The room agent checks conflicts against the occurrence table: a biweekly Thursday/Sunday booking (dates
     * relative to today, three weeks ahead, so that every booking window accepts them) leaves the Thursday of the
     * off week free.
     */
    @Test
    void rfc5545_3_3_10_roomAgent_seesTheRfcInstances() {
        LocalDate sunday = LocalDate.now(ZoneOffset.UTC).plusWeeks(3).with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
        DateTimeFormatter day = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
        String series = roomBooking("room-series", "rosa", "DTSTART;TZID=Europe/Paris:" + sunday.format(day) + "T160000",
                "DTEND;TZID=Europe/Paris:" + sunday.format(day) + "T163000",
                "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,SU;COUNT=8");
        assertEquals("ACCEPTED", roomPartstat(putAndGet(api.as("rosa"), "rosa", "room-series.ics", series)));
        // weeks from Monday: the series' Sunday ends its first week; the next week is off, the one after has a Thursday
        LocalDate offWeekThursday = sunday.plusDays(4);
        LocalDate onWeekThursday = sunday.plusDays(11);
        String free = roomBooking("room-free", "otto", "DTSTART;TZID=Europe/Paris:" + offWeekThursday.format(day)
                + "T160000", "DTEND;TZID=Europe/Paris:" + offWeekThursday.format(day) + "T163000");
        assertEquals("ACCEPTED", roomPartstat(putAndGet(api.as("otto"), "otto", "room-free.ics", free)),
                "the Thursday of the week without instances");
        String busy = roomBooking("room-busy", "otto", "DTSTART;TZID=Europe/Paris:" + onWeekThursday.format(day)
                + "T161500", "DTEND;TZID=Europe/Paris:" + onWeekThursday.format(day) + "T170000");
        assertEquals("DECLINED", roomPartstat(putAndGet(api.as("otto"), "otto", "room-busy.ics", busy)),
                "the Thursday of the next week of the series");
    }

    static String roomBooking(String uid, String organizer, String... times) {
        return Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Apple Inc.//macOS 14.0//EN
                """ + PARIS_TZ + """
                BEGIN:VEVENT
                UID:%s
                DTSTAMP:20260101T120000Z
                %s
                SUMMARY:Booking %s
                ORGANIZER:mailto:%s@acme.example
                ATTENDEE;PARTSTAT=ACCEPTED:mailto:%s@acme.example
                ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:room-biweekly@resources.example.com
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid, String.join("\n", times), uid, organizer, organizer));
    }

    static String putAndGet(DavClient client, String user, String name, String body) {
        String href = "/calendars/users/" + user + "/default/" + name;
        HttpResponse<String> r = client.put(href, body);
        assertTrue(r.statusCode() == 201 || r.statusCode() == 204, r.statusCode() + " " + r.body());
        return client.get(href).body();
    }

    static String roomPartstat(String organizerCopy) {
        for (String line : organizerCopy.replace("\r\n ", "").split("\r?\n")) {
            if (line.startsWith("ATTENDEE") && line.endsWith("room-biweekly@resources.example.com")) {
                Matcher m = Pattern.compile("PARTSTAT=([A-Z-]+)").matcher(line);
                return m.find() ? m.group(1) : null;
            }
        }
        return null;
    }

    // ---- RFC 5545 §3.6.5: the object's VTIMEZONE defines its TZID ----------------------------------------------

    @Test
    void rfc5545_3_6_5_theObjectsVtimezoneWinsOverTheTzDatabase() {
        String body = Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example Corp.//CalDAV Client//EN
                BEGIN:VTIMEZONE
                TZID:Europe/Berlin
                BEGIN:STANDARD
                DTSTART:19700101T000000
                TZOFFSETFROM:+0500
                TZOFFSETTO:+0500
                TZNAME:Custom
                END:STANDARD
                END:VTIMEZONE
                BEGIN:VEVENT
                UID:own-definition
                DTSTAMP:20260101T120000Z
                DTSTART;TZID=Europe/Berlin:20260701T120000
                DTEND;TZID=Europe/Berlin:20260701T130000
                SUMMARY:Defined at +05:00
                END:VEVENT
                END:VCALENDAR
                """);
        assertEquals(201, rosa.put(CAL + "own-tz.ics", body).statusCode());
        // 12:00 at +05:00 is 07:00Z (the tz database would say 12:00 CEST = 10:00Z)
        assertEquals(Set.of("own-tz.ics"), hits(rosa, CAL, "20260701T070000Z", "20260701T073000Z"));
        assertEquals(Set.of(), hits(rosa, CAL, "20260701T100000Z", "20260701T110000Z"));
        assertEquals(List.of("20260701T070000Z/20260701T080000Z"), busy("20260701T000000Z", "20260702T000000Z"));
        assertEquals(List.of("20260701T070000Z"), values(expanded("own-tz.ics", "20260701T000000Z", "20260702T000000Z"),
                "DTSTART"));
    }

    // ---- RFC 5545 §3.3.6: a lenient DURATION -------------------------------------------------------------------

    @Test
    void durationWithAnEmptyTimePart_isReadAsDays() {
        String body = Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example Corp.//CalDAV Client//EN
                BEGIN:VEVENT
                UID:p1dt
                DTSTAMP:20260101T120000Z
                DTSTART:20260504T100000Z
                DURATION:P1DT
                SUMMARY:A day
                END:VEVENT
                END:VCALENDAR
                """);
        HttpResponse<String> put = rosa.put(CAL + "p1dt.ics", body);
        assertEquals(201, put.statusCode(), put.body());
        assertEquals(Set.of("p1dt.ics"), hits(rosa, CAL, "20260505T090000Z", "20260505T093000Z"));
        assertEquals(Set.of(), hits(rosa, CAL, "20260505T100000Z", "20260505T110000Z"));
        for (String bad : List.of("P", "PT", "P1H", "-P", "soon")) {
            HttpResponse<String> r = rosa.put(CAL + "bad-duration.ics", body.replace("DURATION:P1DT", "DURATION:" + bad));
            assertEquals(403, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains("valid-calendar-data"), r.body());
        }
    }

    // ---- RFC 5545 §3.3.11: TEXT values ---------------------------------------------------------------------------

    static String withText(String uid, String... lines) {
        return Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example Corp.//CalDAV Client//EN
                BEGIN:VEVENT
                UID:%s
                DTSTAMP:20260101T120000Z
                DTSTART:20260601T100000Z
                DTEND:20260601T110000Z
                %s
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid, String.join("\n", lines)));
    }

    @Test
    void rfc5545_3_3_11_invalidEscapesAndControlCharacters_areRefused() {
        for (String line : List.of("SUMMARY:Say \\\"hello\\\"", "DESCRIPTION:ends with a backslash\\",
                "LOCATION:Room \\A", "SUMMARY:bell \u0007 here", "COMMENT:nul \u0000", "CATEGORIES:a\\:b")) {
            HttpResponse<String> r = rosa.put(CAL + "bad-text.ics", withText("bad-text", line));
            assertEquals(403, r.statusCode(), line + ": " + r.body());
            assertTrue(r.body().contains("valid-calendar-data"), r.body());
        }
        assertEquals(404, rosa.get(CAL + "bad-text.ics").statusCode());
    }

    @Test
    void rfc5545_3_3_11_validTextAndOtherValueTypes_areStored() {
        String ok = withText("good-text", "SUMMARY:Lunch\\, then \\;coffee\\; \\\\ and\\nmore\\N",
                "DESCRIPTION:tab\there, unescaped , and ; as clients write them: \"quoted\"",
                "X-APPLE-STRUCTURED-LOCATION;VALUE=URI:geo:\\\"weird\\\"", "URL:http://example.com/a\\b",
                "X-CUSTOM:anything \\q goes");
        HttpResponse<String> r = rosa.put(CAL + "good-text.ics", ok);
        assertEquals(201, r.statusCode(), r.body());
    }

    @Test
    void theDefaultZoneOfTheJvmIsNotTheFloatingZone() {
        // floating times are read in the calendar's zone (UTC here), never in the JVM's
        String body = Ics.crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example Corp.//CalDAV Client//EN
                BEGIN:VEVENT
                UID:floating-daily
                DTSTAMP:20260101T120000Z
                DTSTART:20260801T090000
                DURATION:PT1H
                RRULE:FREQ=DAILY;COUNT=3
                SUMMARY:Floating
                END:VEVENT
                END:VCALENDAR
                """);
        assertEquals(201, rosa.put(CAL + "floating.ics", body).statusCode());
        assertEquals(Set.of("floating.ics"), hits(rosa, CAL, "20260802T090000Z", "20260802T091500Z"));
        assertEquals(List.of("20260801T090000Z/20260801T100000Z", "20260802T090000Z/20260802T100000Z",
                "20260803T090000Z/20260803T100000Z"), busy("20260801T000000Z", "20260804T000000Z"));
    }
}
