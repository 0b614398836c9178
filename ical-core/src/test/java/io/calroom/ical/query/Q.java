package io.calroom.ical.query;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/** Test helpers: iCalendar bodies built line by line (CRLF) and filters written compactly. */
final class Q {

    private Q() {
    }

    /** A VCALENDAR around the given lines. */
    static String calendar(String... lines) {
        StringBuilder sb = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Calroom//Query Test//EN\r\n");
        for (String line : lines) {
            sb.append(line).append("\r\n");
        }
        return sb.append("END:VCALENDAR\r\n").toString();
    }

    /** A component (UID and DTSTAMP added) around the given lines, as one string of CRLF-separated lines. */
    static String component(String type, String... lines) {
        StringBuilder sb = new StringBuilder("BEGIN:" + type + "\r\nUID:query-test-1\r\nDTSTAMP:20240101T000000Z");
        for (String line : lines) {
            sb.append("\r\n").append(line);
        }
        return sb.append("\r\nEND:").append(type).toString();
    }

    static String event(String... lines) {
        return calendar(component("VEVENT", lines));
    }

    static String todo(String... lines) {
        return calendar(component("VTODO", lines));
    }

    static String alarm(String... lines) {
        StringBuilder sb = new StringBuilder("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder");
        for (String line : lines) {
            sb.append("\r\n").append(line);
        }
        return sb.append("\r\nEND:VALARM").toString();
    }

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    static TimeRange range(String start, String end) {
        return new TimeRange(start == null ? null : t(start), end == null ? null : t(end));
    }

    static CompFilter vcalendar(CompFilter... children) {
        return CompFilter.of("VCALENDAR", children);
    }

    /** {@code <comp-filter name>} with an optional time-range and the given prop-filters. */
    static CompFilter comp(String name, TimeRange timeRange, PropFilter... propFilters) {
        return new CompFilter(name, false, timeRange, Arrays.asList(propFilters), List.of());
    }

    /** {@code <comp-filter name>} with prop-filters and nested comp-filters. */
    static CompFilter comp(String name, List<PropFilter> propFilters, CompFilter... compFilters) {
        return new CompFilter(name, false, null, propFilters, Arrays.asList(compFilters));
    }

    static CompFilter eventsIn(TimeRange range) {
        return vcalendar(comp("VEVENT", range));
    }

    /** VCALENDAR > {parent} > VALARM with a time-range. */
    static CompFilter alarmsIn(String parent, TimeRange range) {
        return vcalendar(comp(parent, List.of(), comp("VALARM", range)));
    }

    static boolean matches(String body, CompFilter filter) {
        return AppendixB.matches(body, filter);
    }

    static boolean matches(String body, CompFilter filter, ZoneId floatingZone) {
        return AppendixB.matches(body, filter, floatingZone);
    }
}
