package io.calroom.scheduling.ical;

import static io.calroom.scheduling.ical.Ics.*;

import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void scratch() throws Exception {
        var v = validate(calendar(
                "BEGIN:VTIMEZONE", "TZID:W. Europe Standard Time",
                "BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
                "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10", "END:STANDARD",
                "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
                "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE",
                component("VEVENT", "DTSTART;TZID=W. Europe Standard Time:20240311T100000",
                        "DTEND;TZID=W. Europe Standard Time:20240311T110000", "RRULE:FREQ=WEEKLY;COUNT=5")));
        
        for (int round = 0; round < 3; round++) for (String rule : new String[] {"FREQ=SECONDLY", "FREQ=MINUTELY;COUNT=100000000", "FREQ=DAILY;UNTIL=99991231T000000Z",
                "FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYSETPOS=1",
                "FREQ=DAILY;INTERVAL=2147483647", "FREQ=SECONDLY;INTERVAL=2147483647", "FREQ=SECONDLY;BYSECOND=0",
                "FREQ=MINUTELY;BYMINUTE=0", "FREQ=SECONDLY;BYMINUTE=0,15,30,45;BYSECOND=0", "FREQ=SECONDLY;BYMINUTE=0;BYSECOND=0", "FREQ=HOURLY;BYHOUR=9;BYMINUTE=0", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
                "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=0,15,30,45;BYSETPOS=1,-1"}) {
            long t0 = System.nanoTime();
            String r;
            try {
                var x = validate(event("DTSTART:20240101T100000Z", "RRULE:" + rule));
                r = x.occurrences().size() + " unbounded=" + x.unbounded() + " last=" + x.lastEnd();
            } catch (CalendarDataException e) {
                r = e.precondition() + " " + e.getMessage();
            }
            System.out.println(rule.substring(0, Math.min(60, rule.length())) + " -> " + r.substring(0, Math.min(80, r.length())) + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }
}
