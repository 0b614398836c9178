package io.calroom.server.support;

/** iCalendar bodies as real clients send them (CRLF line endings, VTIMEZONE blocks). */
public final class Ics {
    private Ics() {
    }

    public static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    /** A single event, times in UTC. */
    public static String event(String uid, String start, String end, String summary) {
        return crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example Corp.//CalDAV Client//EN
                BEGIN:VEVENT
                UID:%s
                DTSTAMP:20261101T120000Z
                DTSTART:%s
                DTEND:%s
                SUMMARY:%s
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid, start, end, summary));
    }

    public static final String BERLIN_TZ = """
            BEGIN:VTIMEZONE
            TZID:Europe/Berlin
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

    /** What Apple Calendar sends for a weekly meeting with one moved and one cancelled occurrence. */
    public static String weeklyWithExceptions(String uid) {
        return crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Apple Inc.//macOS 14.0//EN
                CALSCALE:GREGORIAN
                """ + BERLIN_TZ + """
                BEGIN:VEVENT
                UID:%1$s
                DTSTAMP:20261101T120000Z
                CREATED:20261101T120000Z
                DTSTART;TZID=Europe/Berlin:20261207T100000
                DTEND;TZID=Europe/Berlin:20261207T110000
                RRULE:FREQ=WEEKLY;COUNT=10
                EXDATE;TZID=Europe/Berlin:20261221T100000
                SUMMARY:Weekly sync
                SEQUENCE:0
                BEGIN:VALARM
                ACTION:DISPLAY
                DESCRIPTION:Reminder
                TRIGGER:-PT15M
                END:VALARM
                END:VEVENT
                BEGIN:VEVENT
                UID:%1$s
                RECURRENCE-ID;TZID=Europe/Berlin:20261214T100000
                DTSTAMP:20261101T120000Z
                DTSTART;TZID=Europe/Berlin:20261215T140000
                DTEND;TZID=Europe/Berlin:20261215T150000
                SUMMARY:Weekly sync (moved)
                SEQUENCE:1
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid));
    }

    /** RFC 4791 Appendix B: an all-day event (a DATE DTSTART). */
    public static String allDay(String uid) {
        return crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example Corp.//CalDAV Client//EN
                BEGIN:VEVENT
                UID:%s
                DTSTAMP:20060206T001220Z
                DTSTART;VALUE=DATE:20261203
                DTEND;VALUE=DATE:20261204
                SUMMARY:Day off
                END:VEVENT
                END:VCALENDAR
                """.formatted(uid));
    }

    /** RFC 4791 Appendix B: a to-do with a due date. */
    public static String todo(String uid) {
        return crlf("""
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//Example Corp.//CalDAV Client//EN
                BEGIN:VTODO
                DTSTAMP:20060205T235335Z
                DUE;VALUE=DATE:20060104
                STATUS:NEEDS-ACTION
                SUMMARY:Task #1
                UID:%s
                END:VTODO
                END:VCALENDAR
                """.formatted(uid));
    }
}
