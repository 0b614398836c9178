package io.calroom.ical.tree;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One content line: folding at 75 octets, TEXT escaping, parameter quoting and edits (RFC 5545 §3.1, §3.3.11). */
class ContentLineTest {

    private static void assertFoldedAt75(String line, String folded) {
        for (String physical : folded.split("\r\n", -1)) {
            assertTrue(physical.getBytes(StandardCharsets.UTF_8).length <= 75, physical);
        }
        assertEquals(line, ContentLine.unfold(folded));
    }

    @Test
    void fold_breaksAt75Octets() {
        String line = "DESCRIPTION:" + "x".repeat(63); // 75 octets: not folded
        assertEquals(line, ContentLine.fold(line));
        String longer = line + "y";
        assertEquals(line + "\r\n y", ContentLine.fold(longer));
        String veryLong = "DESCRIPTION:" + "z".repeat(200);
        String folded = ContentLine.fold(veryLong);
        assertEquals(75, folded.split("\r\n")[0].length());
        assertEquals(75, folded.split("\r\n")[1].length()); // the space and 74 octets
        assertFoldedAt75(veryLong, folded);
    }

    @Test
    void fold_neverSplitsAMultiByteCharacter() {
        String twoByte = "SUMMARY:" + "é".repeat(80);
        String folded = ContentLine.fold(twoByte);
        assertFoldedAt75(twoByte, folded);
        // 8 ASCII octets + 33 × 2 = 74; the 34th é would make 76
        assertEquals("SUMMARY:" + "é".repeat(33), folded.split("\r\n")[0]);
        String fourByte = "SUMMARY:" + "\uD83D\uDCC5".repeat(40); // 📅, 4 octets each
        String f4 = ContentLine.fold(fourByte);
        assertFoldedAt75(fourByte, f4);
        assertEquals("SUMMARY:" + "\uD83D\uDCC5".repeat(16), f4.split("\r\n")[0]); // 8 + 64 = 72, 76 with one more
        String threeByte = "LOCATION:" + "会".repeat(30);
        assertFoldedAt75(threeByte, ContentLine.fold(threeByte));
    }

    @Test
    void unfold_removesCrlfOrLfFollowedBySpaceOrTab() {
        assertEquals("SUMMARY:abcdef", ContentLine.unfold("SUMMARY:ab\r\n cd\n\tef"));
        assertEquals("A:b\r\nC:d", ContentLine.unfold("A:b\r\nC:d"));
    }

    @Test
    void foldedLines_groupContinuationsWhateverTheLineEnd_rfc5545_section3_1() {
        String text = "BEGIN:VEVENT\r\nSUMMARY:ab\r\n cd\n\tef\rUID:1\n\r\nEND:VEVENT\r\n";
        assertEquals(java.util.List.of("BEGIN:VEVENT", "SUMMARY:ab\r\n cd\r\n\tef", "UID:1", "END:VEVENT"),
                ContentLine.foldedLines(text), "each logical line keeps its folds (joined by CRLF); blank lines go");
        assertEquals(java.util.List.of("BEGIN:VEVENT", "SUMMARY:abcdef", "UID:1", "END:VEVENT"), ObjectText.logicalLines(text),
                "the unfolded lines are the same grouping, unfolded");
        assertEquals("SUMMARY:ab\r\n cd\r\n\tef", IcalTree.parse(text).lines().get(0).raw(),
                "the byte-preserving tree keeps the same folded line");
    }

    @Test
    void textEscaping_ofBackslashSemicolonCommaAndNewline() {
        String raw = "a\\b;c,d\ne";
        String escaped = ContentLine.escapeText(raw);
        assertEquals("a\\\\b\\;c\\,d\\ne", escaped);
        assertEquals(raw, ContentLine.unescapeText(escaped));
        assertEquals("x\ny", ContentLine.unescapeText("x\\Ny"));
        assertEquals("trailing\\", ContentLine.unescapeText("trailing\\"));
        assertEquals("no escapes", ContentLine.escapeText("no escapes"));
        assertEquals("a\\nb\\nc\\nd", ContentLine.escapeText("a\r\nb\rc\nd"));
    }

    @Test
    void parameters_areQuotedWhenTheyMustBe() {
        ContentLine p = ContentLine.of("ATTENDEE", "mailto:a@example.com");
        assertEquals("ATTENDEE;CN=Ann:mailto:a@example.com", p.with("CN", "Ann").unfolded());
        assertEquals("ATTENDEE;CN=\"Doe, Jane\":mailto:a@example.com", p.with("CN", "Doe, Jane").unfolded());
        assertEquals("ATTENDEE;CN=\"a;b:c\":mailto:a@example.com", p.with("CN", "a;b:\"c\"").unfolded());
        assertEquals("ATTENDEE;CN=\"\":mailto:a@example.com", p.with("CN", "").unfolded());
    }

    @Test
    void parse_readsQuotedParametersWithColonsAndSemicolons() {
        ContentLine p = ContentLine.parse("ORGANIZER;CN=\"Doe; J: Boss\";SENT-BY=\"mailto:s@x\":mailto:o@example.com");
        assertEquals("ORGANIZER", p.name());
        assertEquals("Doe; J: Boss", p.param("CN"));
        assertEquals("mailto:s@x", p.param("SENT-BY"));
        assertEquals("mailto:o@example.com", p.value());
    }

    @Test
    void setPartstat_replacesInPlace_andScheduleStatusComesAndGoes() {
        ContentLine a = ContentLine.parse("attendee;CN=\"Room, big\";PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:room@example.com");
        ContentLine accepted = a.with("PARTSTAT", "ACCEPTED");
        assertEquals("ATTENDEE;CN=\"Room, big\";PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:room@example.com", accepted.unfolded());
        ContentLine withStatus = accepted.with("SCHEDULE-STATUS", "1.2");
        assertEquals("ATTENDEE;CN=\"Room, big\";PARTSTAT=ACCEPTED;RSVP=TRUE;SCHEDULE-STATUS=1.2:mailto:room@example.com",
                withStatus.unfolded());
        assertEquals(accepted.unfolded(), withStatus.without("SCHEDULE-STATUS").unfolded());
        assertEquals("SCHEDULE-STATUS=\"2.0,1.2\"".length(), ("SCHEDULE-STATUS=" + ContentLine.quote("2.0,1.2")).length());
    }

    @Test
    void line_isFoldedForTheTree() {
        ContentLine loc = ContentLine.of("LOCATION", "Großer Saal, Gebäude " + "ä".repeat(40));
        IcalTree.Line line = loc.line();
        assertEquals("LOCATION", line.name());
        assertEquals(ContentLine.fold(loc.unfolded()), line.raw());
        assertEquals(loc.unfolded(), line.unfolded());
    }
}
