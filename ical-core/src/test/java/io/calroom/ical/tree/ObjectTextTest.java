package io.calroom.ical.tree;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text edits of {@link ObjectText}, each against the regular expression the scheduler used before (kept here as
 * the oracle): the bytes must be the same.
 */
class ObjectTextTest {

    static final String REPLY = "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:u1\r\n"
            + "ATTENDEE;PARTSTAT=ACCEPTED:mailto:room@example.com\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:u1\r\n"
            + "RECURRENCE-ID:20240101T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    // ---- the code this class replaced ----

    private static String oldEscape(String text) {
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n");
    }

    private static String oldFold(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 75) return line;
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (count + len > (out.length() == 0 ? 75 : 74) && count > 0) {
                out.append("\r\n ");
                count = 0;
            }
            out.appendCodePoint(cp);
            count += len;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static String oldRequestStatus(String ical, String status, String reason) {
        String line = "REQUEST-STATUS:" + status + (reason == null ? "" : ";" + oldEscape(reason));
        return ical.replaceFirst("(\r\nEND:VEVENT)", "\r\n" + oldFold(line) + "$1");
    }

    @Test
    void foldWith74OnTheFirstLine_isTheFoldTheRoomAgentHad() {
        for (String s : List.of("", "short", "x".repeat(75), "x".repeat(76), "é".repeat(100), "a" + "\uD83D\uDCC5".repeat(50),
                "REQUEST-STATUS:2.0;Success;" + "Raum Größe ".repeat(20))) {
            assertEquals(oldFold(s), ContentLine.fold(s, 74), s);
            assertEquals(ContentLine.unfold(oldFold(s)), ContentLine.unfold(ContentLine.fold(s)), s);
        }
    }

    @Test
    void requestStatus_plainReasonsAreInsertedAsBefore() {
        List<String> reasons = java.util.Arrays.asList(null, "Room 1 is busy", "Room 1 is busy (2024-01-01 10:00): x",
                "long " + "ü".repeat(90) + " end", "a".repeat(150));
        for (String reason : reasons) {
            assertEquals(oldRequestStatus(REPLY, "2.0;Success", reason), ObjectText.addRequestStatus(REPLY, "2.0;Success", reason),
                    String.valueOf(reason));
            assertEquals(oldRequestStatus(REPLY, "4.0;Busy", reason), ObjectText.addRequestStatus(REPLY, "4.0;Busy", reason));
        }
        String noEvent = REPLY.replace("VEVENT", "VTODO");
        assertEquals(noEvent, ObjectText.addRequestStatus(noEvent, "2.0;Success", "x$"));
    }

    /**
     * RFC 5545 §3.8.8.3: the extra data of REQUEST-STATUS is TEXT, so its {@code ;} {@code ,} {@code \} and line
     * breaks are escaped (§3.3.11), and any character of a booking title, {@code $} included, is written as it is.
     */
    @Test
    void requestStatus_reasonIsEscapedTextWhateverItHolds_rfc5545_3_8_8_3() {
        for (String reason : List.of("Room 1 is busy (2024-01-01 10:00, 2024-01-08 10:00): x; y", "back\\slash", "two\nlines",
                "cost: 5$", "$1 and $0 and $01 and $10", "$2", "${x}", "a".repeat(73) + "\\b", "a".repeat(60) + ",".repeat(30))) {
            String out = ObjectText.addRequestStatus(REPLY, "4.0;Busy", reason);
            String line = ContentLine.unfold(out).lines().filter(l -> l.startsWith("REQUEST-STATUS:")).findFirst().orElseThrow();
            String extra = line.substring("REQUEST-STATUS:4.0;Busy;".length());
            assertEquals(ContentLine.escapeText(reason), extra, reason);
            assertEquals(reason, ContentLine.unescapeText(extra), reason);
            assertTrue(!extra.replace("\\\\", "").replace("\\;", "").contains(";"), "no unescaped ';' in " + extra);
            assertTrue(out.contains("\r\nEND:VEVENT"), out);
            for (String physical : out.split("\r\n")) {
                assertTrue(physical.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 75, physical);
            }
        }
    }

    @Test
    void organizer_testAndForceSend_asTheRegexes() {
        Pattern line = Pattern.compile("^ORGANIZER[;:]", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
        Pattern name = Pattern.compile("(?mi)^ORGANIZER(?=[;:])");
        for (String text : List.of(REPLY, "BEGIN:VEVENT\r\nORGANIZER:mailto:o@x\r\nEND:VEVENT\r\n",
                "BEGIN:VEVENT\norganizer;CN=O:mailto:o@x\nATTENDEE;X=\"\r\n ORGANIZER:\":a\rOrganizer:mailto:b\u2028ORGANIZER;A=1:c\r\n",
                "ORGANIZERX:no\r\n ORGANIZER:continuation\r\nORGANIZER", "ORGANIZER:", "")) {
            assertEquals(line.matcher(text).find(), ObjectText.hasProperty(text, "ORGANIZER"), text);
            assertEquals(name.matcher(text).replaceAll("ORGANIZER;SCHEDULE-FORCE-SEND=REPLY"),
                    ObjectText.addParameterEverywhere(text, "ORGANIZER", "SCHEDULE-FORCE-SEND=REPLY"), text);
        }
    }

    @Test
    void managerMark_asTheRegex() {
        Pattern present = Pattern.compile("(?m)^X-CALROOM-DECIDED-BY:manager\\r?$");
        for (String text : List.of("X-CALROOM-DECIDED-BY:manager", "A\r\nX-CALROOM-DECIDED-BY:manager\r\nB",
                "A\nX-CALROOM-DECIDED-BY:manager\nB", "X-CALROOM-DECIDED-BY:managers\r\n", "x-calroom-decided-by:manager\r\n",
                " X-CALROOM-DECIDED-BY:manager\r\n", "X-CALROOM-DECIDED-BY:manager\r\r\n", "X-CALROOM-DECIDED-BY:manager\u2029")) {
            assertEquals(present.matcher(text).find(), ObjectText.hasLine(text, "X-CALROOM-DECIDED-BY:manager"), text);
        }
        String two = "BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:b\r\n";
        assertEquals(two.replace("BEGIN:VEVENT\r\n", "BEGIN:VEVENT\r\nX-M:m\r\n"), ObjectText.addAfterEveryBegin(two, "VEVENT", "X-M:m"));
    }

    @Test
    void markingEveryItem_keepsLineEndingsAndSkipsAlarms() {
        String lf = "BEGIN:VCALENDAR\nBEGIN:VTODO\nUID:t\nBEGIN:VALARM\nX-D:manager\nEND:VALARM\nEND:VTODO\n"
                + "BEGIN:VEVENT\nX-D;Y=1:manager\nEND:VEVENT\nEND:VCALENDAR\n";
        assertEquals("BEGIN:VCALENDAR\nBEGIN:VTODO\nX-D:manager\nUID:t\nBEGIN:VALARM\nX-D:manager\nEND:VALARM\nEND:VTODO\n"
                + "BEGIN:VEVENT\nX-D;Y=1:manager\nEND:VEVENT\nEND:VCALENDAR\n", ObjectText.addToEveryItemLacking(lf, "X-D", "manager"));
        String crlf = "BEGIN:VCALENDAR\r\nbegin:vjournal\r\nUID:j\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n";
        assertEquals("BEGIN:VCALENDAR\r\nbegin:vjournal\r\nX-D:manager\r\nUID:j\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n",
                ObjectText.addToEveryItemLacking(crlf, "X-D", "manager"));
    }

    @Test
    void tzidOfAVtimezone_asTheRegex() {
        Pattern tzid = Pattern.compile("(?m)^TZID[^:]*:([^\\r\\n]+)");
        for (String text : List.of("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nEND:VTIMEZONE\r\n",
                "BEGIN:VTIMEZONE\nTZID;X-A=1: America/New_York \nEND:VTIMEZONE", "TZID:\r\nTZID:Second/Zone\r\n",
                "X\r\nTZIDX\r\nmore:Value\r\n", "no tzid", "TZID:", "TZID;A=\"b\r\nc\":Zone/Name\r\n")) {
            Matcher m = tzid.matcher(text);
            assertEquals(m.find() ? m.group(1).trim() : null, ObjectText.firstLineValue(text, "TZID"), text);
        }
    }

    @Test
    void summary_isReadUnfoldedAndUnescaped() {
        String text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY;LANGUAGE=en:Team lunch\\, Bob\\;s \r\n treat\\nsecond line\r\n"
                + "BEGIN:VALARM\r\nSUMMARY:alarm\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        assertEquals("Team lunch, Bob;s treat\nsecond line", ObjectText.firstText(text, "SUMMARY"));
        assertEquals("alarm", ObjectText.firstText(text.replace("SUMMARY;LANGUAGE", "X-SUMMARY;LANGUAGE"), "SUMMARY"));
        assertNull(ObjectText.firstText(text, "LOCATION"));
        assertNull(ObjectText.firstText("", "SUMMARY"));
        assertNull(ObjectText.firstText("not ical", "SUMMARY"));
    }

    @Test
    void unfoldedLines_asSplitOfTheUnfoldedText() {
        String text = "A:1\r\nATTENDEE;PARTSTAT=\r\n NEEDS-ACTION:mailto:x\nB:2\r\r\n\r\n\n";
        String unfolded = text.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace("\n\t", "");
        assertEquals(List.of(unfolded.split("\r?\n")), ObjectText.unfoldedLines(text));
        assertTrue(ObjectText.unfoldedLines("").isEmpty());
        assertFalse(ObjectText.unfoldedLines("X").isEmpty());
    }
}
