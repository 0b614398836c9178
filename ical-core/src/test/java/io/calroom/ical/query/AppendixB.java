package io.calroom.ical.query;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.fortuna.ical4j.model.Calendar;

/**
 * The calendar collection of RFC 4791 Appendix B (/bernard/work/abcd1.ics … abcd8.ics), verbatim, and helpers to run a
 * filter over it the way the server does: parse each body with {@link CalendarObjectParser}, evaluate, collect the
 * names of the matching resources.
 */
final class AppendixB {

    static final ZoneId UTC = ZoneOffset.UTC;
    static final CalendarObjectParser PARSER = new CalendarObjectParser(CalendarObjectLimits.defaults());
    static final CalendarQueryEvaluator EVALUATOR = new CalendarQueryEvaluator(CalendarObjectLimits.defaults());

    private AppendixB() {
    }

    /** A text block with CRLF line ends, as sent over HTTP. */
    static String ics(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    static final String ABCD1 = ics("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Example Corp.//CalDAV Client//EN
            BEGIN:VTIMEZONE
            LAST-MODIFIED:20040110T032845Z
            TZID:US/Eastern
            BEGIN:DAYLIGHT
            DTSTART:20000404T020000
            RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4
            TZNAME:EDT
            TZOFFSETFROM:-0500
            TZOFFSETTO:-0400
            END:DAYLIGHT
            BEGIN:STANDARD
            DTSTART:20001026T020000
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
            TZNAME:EST
            TZOFFSETFROM:-0400
            TZOFFSETTO:-0500
            END:STANDARD
            END:VTIMEZONE
            BEGIN:VEVENT
            DTSTAMP:20060206T001102Z
            DTSTART;TZID=US/Eastern:20060102T100000
            DURATION:PT1H
            SUMMARY:Event #1
            Description:Go Steelers!
            UID:74855313FA803DA593CD579A@example.com
            END:VEVENT
            END:VCALENDAR
            """);

    static final String ABCD2 = ics("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Example Corp.//CalDAV Client//EN
            BEGIN:VTIMEZONE
            LAST-MODIFIED:20040110T032845Z
            TZID:US/Eastern
            BEGIN:DAYLIGHT
            DTSTART:20000404T020000
            RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4
            TZNAME:EDT
            TZOFFSETFROM:-0500
            TZOFFSETTO:-0400
            END:DAYLIGHT
            BEGIN:STANDARD
            DTSTART:20001026T020000
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
            TZNAME:EST
            TZOFFSETFROM:-0400
            TZOFFSETTO:-0500
            END:STANDARD
            END:VTIMEZONE
            BEGIN:VEVENT
            DTSTAMP:20060206T001121Z
            DTSTART;TZID=US/Eastern:20060102T120000
            DURATION:PT1H
            RRULE:FREQ=DAILY;COUNT=5
            SUMMARY:Event #2
            UID:00959BC664CA650E933C892C@example.com
            END:VEVENT
            BEGIN:VEVENT
            DTSTAMP:20060206T001121Z
            DTSTART;TZID=US/Eastern:20060104T140000
            DURATION:PT1H
            RECURRENCE-ID;TZID=US/Eastern:20060104T120000
            SUMMARY:Event #2 bis
            UID:00959BC664CA650E933C892C@example.com
            END:VEVENT
            END:VCALENDAR
            """);

    static final String ABCD3 = ics("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Example Corp.//CalDAV Client//EN
            BEGIN:VTIMEZONE
            LAST-MODIFIED:20040110T032845Z
            TZID:US/Eastern
            BEGIN:DAYLIGHT
            DTSTART:20000404T020000
            RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4
            TZNAME:EDT
            TZOFFSETFROM:-0500
            TZOFFSETTO:-0400
            END:DAYLIGHT
            BEGIN:STANDARD
            DTSTART:20001026T020000
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
            TZNAME:EST
            TZOFFSETFROM:-0400
            TZOFFSETTO:-0500
            END:STANDARD
            END:VTIMEZONE
            BEGIN:VEVENT
            ATTENDEE;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:cyrus@example.com
            ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:lisa@example.com
            DTSTAMP:20060206T001220Z
            DTSTART;TZID=US/Eastern:20060104T100000
            DURATION:PT1H
            LAST-MODIFIED:20060206T001330Z
            ORGANIZER:mailto:cyrus@example.com
            SEQUENCE:1
            STATUS:TENTATIVE
            SUMMARY:Event #3
            UID:DC6C50A017428C5216A2F1CD@example.com
            END:VEVENT
            END:VCALENDAR
            """);

    static final String ABCD4 = ics("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Example Corp.//CalDAV Client//EN
            BEGIN:VTODO
            DTSTAMP:20060205T235335Z
            DUE;VALUE=DATE:20060104
            STATUS:NEEDS-ACTION
            SUMMARY:Task #1
            UID:DDDEEB7915FA61233B861457@example.com
            BEGIN:VALARM
            ACTION:AUDIO
            TRIGGER;RELATED=START:-PT10M
            END:VALARM
            END:VTODO
            END:VCALENDAR
            """);

    static final String ABCD5 = ics("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Example Corp.//CalDAV Client//EN
            BEGIN:VTODO
            DTSTAMP:20060205T235300Z
            DUE;VALUE=DATE:20060106
            LAST-MODIFIED:20060205T235308Z
            SEQUENCE:1
            STATUS:NEEDS-ACTION
            SUMMARY:Task #2
            UID:E10BA47467C5C69BB74E8720@example.com
            BEGIN:VALARM
            ACTION:AUDIO
            TRIGGER;RELATED=START:-PT10M
            END:VALARM
            END:VTODO
            END:VCALENDAR
            """);

    static final String ABCD6 = ics("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Example Corp.//CalDAV Client//EN
            BEGIN:VTODO
            COMPLETED:20051223T122322Z
            DTSTAMP:20060205T235400Z
            DUE;VALUE=DATE:20051225
            LAST-MODIFIED:20060205T235308Z
            SEQUENCE:1
            STATUS:COMPLETED
            SUMMARY:Task #3
            UID:E10BA47467C5C69BB74E8722@example.com
            END:VTODO
            END:VCALENDAR
            """);

    static final String ABCD7 = ics("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Example Corp.//CalDAV Client//EN
            BEGIN:VTODO
            DTSTAMP:20060205T235600Z
            DUE;VALUE=DATE:20060101
            LAST-MODIFIED:20060205T235308Z
            SEQUENCE:1
            STATUS:CANCELLED
            SUMMARY:Task #4
            UID:E10BA47467C5C69BB74E8725@example.com
            END:VTODO
            END:VCALENDAR
            """);

    static final String ABCD8 = ics("""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Example Corp.//CalDAV Client//EN
            BEGIN:VFREEBUSY
            ORGANIZER;CN="Bernard Desruisseaux":mailto:bernard@example.com
            UID:76ef34-54a3d2@example.com
            DTSTAMP:20050530T123421Z
            DTSTART:20060101T000000Z
            DTEND:20060108T000000Z
            FREEBUSY:20050531T230000Z/20050601T010000Z
            FREEBUSY;FBTYPE=BUSY-TENTATIVE:20060102T100000Z/20060102T120000Z
            FREEBUSY:20060103T100000Z/20060103T120000Z
            FREEBUSY:20060104T100000Z/20060104T120000Z
            FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20060105T100000Z/20060105T120000Z
            FREEBUSY:20060106T100000Z/20060106T120000Z
            END:VFREEBUSY
            END:VCALENDAR
            """);


    /** The collection: resource name → body. */
    static final Map<String, String> COLLECTION = collection();

    private static Map<String, String> collection() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("abcd1", ABCD1);
        m.put("abcd2", ABCD2);
        m.put("abcd3", ABCD3);
        m.put("abcd4", ABCD4);
        m.put("abcd5", ABCD5);
        m.put("abcd6", ABCD6);
        m.put("abcd7", ABCD7);
        m.put("abcd8", ABCD8);
        return m;
    }

    static Calendar parse(String body) {
        try {
            return PARSER.parse(body.getBytes(StandardCharsets.UTF_8));
        } catch (CalendarDataException e) {
            throw new AssertionError("test data does not parse: " + e.getMessage(), e);
        }
    }

    static boolean matches(String body, CompFilter filter, ZoneId floatingZone) {
        return EVALUATOR.matches(parse(body), filter, floatingZone);
    }

    static boolean matches(String body, CompFilter filter) {
        return matches(body, filter, UTC);
    }

    /** The names of the Appendix B resources that match (floating zone UTC), after the collation check. */
    static Set<String> query(CompFilter filter) {
        try {
            CalendarQueryEvaluator.checkCollations(filter);
        } catch (UnsupportedCollationException e) {
            throw new AssertionError(e);
        }
        Set<String> out = new TreeSet<>();
        COLLECTION.forEach((name, body) -> {
            if (matches(body, filter)) {
                out.add(name);
            }
        });
        return out;
    }
}
