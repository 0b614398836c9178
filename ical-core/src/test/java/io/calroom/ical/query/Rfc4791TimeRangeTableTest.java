package io.calroom.ical.query;

import static io.calroom.ical.query.Q.calendar;
import static io.calroom.ical.query.Q.component;
import static io.calroom.ical.query.Q.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.fortuna.ical4j.model.Calendar;
import org.junit.jupiter.api.Test;

/**
 * The conditions of the RFC 4791 §9.9 tables, written out literally, against the evaluator for query ranges around
 * every relevant instant (±0, ±1 s, ±1 h, open-ended), including recurring components (any instance).
 */
class Rfc4791TimeRangeTableTest {

    interface Condition {
        boolean holds(Instant start, Instant end);
    }

    // "start"/"end" of the query: null = -infinity / +infinity
    static boolean startLt(Instant start, Instant x) {
        return start == null || start.isBefore(x);
    }

    static boolean startLe(Instant start, Instant x) {
        return start == null || !start.isAfter(x);
    }

    static boolean endGt(Instant end, Instant x) {
        return end == null || end.isAfter(x);
    }

    static boolean endGe(Instant end, Instant x) {
        return end == null || !end.isBefore(x);
    }

    private static int check(String type, String body, Condition rfc, Instant... around) {
        Calendar calendar = AppendixB.parse(body);
        TreeSet<Instant> points = new TreeSet<>();
        for (Instant a : around) {
            for (long d : new long[] {0, 1, 3600}) {
                points.add(a.plusSeconds(d));
                points.add(a.minusSeconds(d));
            }
        }
        List<Instant> bounds = new ArrayList<>(points);
        List<Instant[]> ranges = new ArrayList<>();
        ranges.add(new Instant[] {null, null});
        for (Instant qs : bounds) {
            ranges.add(new Instant[] {qs, null});
            ranges.add(new Instant[] {null, qs});
            for (Instant qe : bounds) {
                if (qs.isBefore(qe)) {
                    ranges.add(new Instant[] {qs, qe});
                }
            }
        }
        for (Instant[] q : ranges) {
            CompFilter filter = Q.vcalendar(Q.comp(type, new TimeRange(q[0], q[1])));
            boolean actual = AppendixB.EVALUATOR.matches(calendar, filter, ZoneOffset.UTC);
            assertEquals(rfc.holds(q[0], q[1]), actual, () -> "[" + q[0] + ", " + q[1] + ") on\n" + body);
        }
        return ranges.size();
    }

    @Test
    void veventTable() {
        Instant s = t("2024-05-06T10:00:00Z");
        Instant e = t("2024-05-06T11:30:00Z");
        Instant day = t("2024-05-07T00:00:00Z");
        Instant midnight = t("2024-05-06T00:00:00Z");
        int n = 0;
        // Y N N *: (start < DTEND AND end > DTSTART)
        n += check("VEVENT", Q.event("DTSTART:20240506T100000Z", "DTEND:20240506T113000Z"),
                (qs, qe) -> startLt(qs, e) && endGt(qe, s), s, e);
        // N Y Y *: (start < DTSTART+DURATION AND end > DTSTART)
        n += check("VEVENT", Q.event("DTSTART:20240506T100000Z", "DURATION:PT1H30M"),
                (qs, qe) -> startLt(qs, e) && endGt(qe, s), s, e);
        // N Y N *: (start <= DTSTART AND end > DTSTART)
        n += check("VEVENT", Q.event("DTSTART:20240506T100000Z", "DURATION:PT0S"),
                (qs, qe) -> startLe(qs, s) && endGt(qe, s), s);
        // N N N Y: (start <= DTSTART AND end > DTSTART)
        n += check("VEVENT", Q.event("DTSTART:20240506T100000Z"),
                (qs, qe) -> startLe(qs, s) && endGt(qe, s), s);
        // N N N N: (start < DTSTART+P1D AND end > DTSTART)
        n += check("VEVENT", Q.event("DTSTART;VALUE=DATE:20240506"),
                (qs, qe) -> startLt(qs, day) && endGt(qe, midnight), midnight, day);
        assertTrue(n > 200, "ranges checked: " + n);
    }

    @Test
    void vtodoTable() {
        Instant s = t("2024-05-06T10:00:00Z");
        Instant d = t("2024-05-06T12:00:00Z");
        Instant c = t("2024-05-08T09:00:00Z");
        Instant r = t("2024-05-01T09:00:00Z");
        check("VTODO", Q.todo("DTSTART:20240506T100000Z", "DURATION:PT2H"),
                (qs, qe) -> startLe(qs, d) && (endGt(qe, s) || endGe(qe, d)), s, d);
        check("VTODO", Q.todo("DTSTART:20240506T100000Z", "DUE:20240506T120000Z"),
                (qs, qe) -> (startLt(qs, d) || startLe(qs, s)) && (endGt(qe, s) || endGe(qe, d)), s, d);
        check("VTODO", Q.todo("DTSTART:20240506T100000Z", "DUE:20240506T100000Z"),
                (qs, qe) -> (startLt(qs, s) || startLe(qs, s)) && (endGt(qe, s) || endGe(qe, s)), s);
        check("VTODO", Q.todo("DTSTART:20240506T100000Z"),
                (qs, qe) -> startLe(qs, s) && endGt(qe, s), s);
        check("VTODO", Q.todo("DUE:20240506T120000Z"),
                (qs, qe) -> startLt(qs, d) && endGe(qe, d), d);
        check("VTODO", Q.todo("COMPLETED:20240508T090000Z", "CREATED:20240501T090000Z"),
                (qs, qe) -> (startLe(qs, r) || startLe(qs, c)) && (endGe(qe, r) || endGe(qe, c)), r, c);
        check("VTODO", Q.todo("COMPLETED:20240508T090000Z"),
                (qs, qe) -> startLe(qs, c) && endGe(qe, c), c);
        check("VTODO", Q.todo("CREATED:20240501T090000Z"),
                (qs, qe) -> endGt(qe, r), r);
        check("VTODO", Q.todo("SUMMARY:undated"), (qs, qe) -> true, s);
    }

    @Test
    void vjournalTable() {
        Instant s = t("2024-05-06T10:00:00Z");
        Instant midnight = t("2024-05-06T00:00:00Z");
        Instant day = t("2024-05-07T00:00:00Z");
        check("VJOURNAL", calendar(component("VJOURNAL", "DTSTART:20240506T100000Z")),
                (qs, qe) -> startLe(qs, s) && endGt(qe, s), s);
        check("VJOURNAL", calendar(component("VJOURNAL", "DTSTART;VALUE=DATE:20240506")),
                (qs, qe) -> startLt(qs, day) && endGt(qe, midnight), midnight, day);
        check("VJOURNAL", calendar(component("VJOURNAL", "SUMMARY:no date")), (qs, qe) -> false, s);
    }

    @Test
    void recurringComponents_anyInstance() {
        // daily ×3 at 10:00Z for 90 minutes, the second instance moved to 15:00Z for 30 minutes
        String body = calendar(
                component("VEVENT", "DTSTART:20240506T100000Z", "DTEND:20240506T113000Z", "RRULE:FREQ=DAILY;COUNT=3"),
                component("VEVENT", "RECURRENCE-ID:20240507T100000Z", "DTSTART:20240507T150000Z",
                        "DTEND:20240507T153000Z"));
        Instant[][] instances = {
                {t("2024-05-06T10:00:00Z"), t("2024-05-06T11:30:00Z")},
                {t("2024-05-07T15:00:00Z"), t("2024-05-07T15:30:00Z")},
                {t("2024-05-08T10:00:00Z"), t("2024-05-08T11:30:00Z")}};
        List<Instant> around = new ArrayList<>();
        for (Instant[] i : instances) {
            around.add(i[0]);
            around.add(i[1]);
        }
        around.add(t("2024-05-07T10:00:00Z"));
        check("VEVENT", body, (qs, qe) -> {
            for (Instant[] i : instances) {
                if (startLt(qs, i[1]) && endGt(qe, i[0])) {
                    return true;
                }
            }
            return false;
        }, around.toArray(new Instant[0]));

        // a recurring to-do with DTSTART and DUE (instance k: [S+k days, D+k days])
        String todo = Q.todo("DTSTART:20240506T100000Z", "DUE:20240506T120000Z", "RRULE:FREQ=DAILY;COUNT=2");
        Instant s0 = t("2024-05-06T10:00:00Z");
        Instant d0 = t("2024-05-06T12:00:00Z");
        check("VTODO", todo, (qs, qe) -> {
            for (int k = 0; k < 2; k++) {
                Instant s = s0.plusSeconds(86_400L * k);
                Instant d = d0.plusSeconds(86_400L * k);
                if ((startLt(qs, d) || startLe(qs, s)) && (endGt(qe, s) || endGe(qe, d))) {
                    return true;
                }
            }
            return false;
        }, s0, d0, s0.plusSeconds(86_400), d0.plusSeconds(86_400));
    }

    @Test
    void overridesOnly_invitationToOneInstance() {
        String body = calendar(component("VEVENT", "RECURRENCE-ID;TZID=Europe/Berlin:20240513T100000",
                "DTSTART;TZID=Europe/Berlin:20240514T150000", "DTEND;TZID=Europe/Berlin:20240514T160000"));
        Instant s = t("2024-05-14T13:00:00Z");
        Instant e = t("2024-05-14T14:00:00Z");
        check("VEVENT", body, (qs, qe) -> startLt(qs, e) && endGt(qe, s), s, e, t("2024-05-13T08:00:00Z"));
    }
}
