package io.calroom.schema.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sync token's meaning (RFC 6578 §3.2: the changes since a token are exactly what it has not seen). */
class SyncPointTest {
    private static final String I = "0123abcd";

    private static SyncPoint.Snapshot snapshot(long xmin, long xmax, Long... running) {
        return new SyncPoint.Snapshot(xmin, xmax, List.of(running));
    }

    @Test
    void aQuietCollectionsPointIsItsLatestChangeWhateverElseRuns() {
        // the collection's latest change was written by 100; unrelated transactions 150 and 160 run
        SyncPoint p = SyncPoint.of(I, snapshot(150, 170, 150L, 160L), 100L);
        assertEquals("0123abcd.x101", p.text());
        assertEquals(p, SyncPoint.of(I, snapshot(200, 230, 210L), 100L), "stable while the collection does not change");
        assertTrue(p.covers(100, "a.ics"));
        assertTrue(p.covers(5, "b.ics"));
        assertFalse(p.covers(101, "a.ics"), "any later writer is new");
        assertFalse(p.covers(155, "a.ics"));
    }

    @Test
    void aWriterStillRunningBelowTheLatestChangeStaysNew() {
        // 90 began before 100, took its change first, and commits after the snapshot
        SyncPoint p = SyncPoint.of(I, snapshot(90, 120, 90L, 110L), 100L);
        assertEquals(List.of(90L), p.running());
        assertEquals(101, p.xmax());
        assertFalse(p.covers(90, "slow.ics"), "its change must be reported once it commits");
        assertTrue(p.covers(89, "a.ics"));
        assertTrue(p.covers(100, "a.ics"));
        assertEquals(90, p.scanFrom());
        assertEquals("0123abcd.x101.r90", p.text());
    }

    @Test
    void theLatestChangeCannotLieBeyondTheSnapshot() {
        SyncPoint p = SyncPoint.of(I, snapshot(50, 60), 59L);
        assertEquals(60, p.xmax());
        assertEquals(p, SyncPoint.of(I, snapshot(50, 60), 59L));
        assertEquals(60, SyncPoint.of(I, snapshot(50, 60), 70L).xmax(), "never beyond the snapshot's own bound");
    }

    @Test
    void anEmptyCollectionHasSeenNothing() {
        SyncPoint p = SyncPoint.of(I, snapshot(7, 9, 7L), null);
        assertEquals("0123abcd.x0", p.text());
        assertFalse(p.covers(0, "a.ics"));
        assertFalse(p.covers(3, "a.ics"));
        assertEquals(0, p.scanFrom());
    }

    @Test
    void aTruncatedAnswerCoversOnlyUpToItsLastMember_rfc6578_section3_6() {
        SyncPoint p = SyncPoint.of(I, snapshot(200, 200), 150L).truncatedAfter(new SyncPoint.Position(120, "m.ics"));
        assertTrue(p.covers(119, "z.ics"));
        assertTrue(p.covers(120, "a.ics"));
        assertTrue(p.covers(120, "m.ics"));
        assertFalse(p.covers(120, "n.ics"));
        assertFalse(p.covers(121, "a.ics"));
        assertEquals(120, p.scanFrom());
        assertEquals("0123abcd.x151.a120.m.ics", p.text());
    }

    @Test
    void textRoundTrips() {
        for (SyncPoint p : List.of(SyncPoint.of(I, snapshot(1, 1), null), new SyncPoint(I, 101, List.of(90L, 95L), null),
                new SyncPoint(I, 101, List.of(), new SyncPoint.Position(100, "with.dots.and-dashes.ics")),
                new SyncPoint(I, 101, List.of(3L), new SyncPoint.Position(0, "a")),
                new SyncPoint(I, 101, List.of(), new SyncPoint.Position(7, "Bespr\u00e4chung 10% @home.ics")))) {
            assertEquals(Optional.of(p), SyncPoint.parse(p.text()), p.text());
        }
    }

    @Test
    void foreignOrDamagedTokensAreNotPoints() {
        for (String t : List.of("", "12", "x", "xabc", "x-5", "x10.r10", "x10.r11", "x10.q3", "x10.r3.r", "x10.a", "x10.a5",
                "x10.a5.", "x10.a10.u", "x10.a-1.u", "x010", "x10.r03", "x10.r5.r3", "x10.a5.a%2", "x10.a5.a%41", "x10.a5.a b",
                "x10.a5.%zz")) {
            assertEquals(Optional.empty(), SyncPoint.parse(I + "." + t), t);
        }
        for (String t : List.of("x10", "0123abc.x10", "0123ABCD.x10", "0123abcdd.x10", "0123abcg.x10", ".x10", "0123abcd")) {
            assertEquals(Optional.empty(), SyncPoint.parse(t), t);
        }
        assertTrue(SyncPoint.parse(I + ".x10.r5").isPresent());
    }

    @Test
    void aTruncationTokenIsAUriWhateverTheMemberName_rfc6578_section6_2() {
        String text = new SyncPoint(I, 101, List.of(), new SyncPoint.Position(7, "Bespr\u00e4chung 10% @home.ics")).text();
        assertEquals("0123abcd.x101.a7.Bespr%C3%A4chung%2010%25%20%40home.ics", text);
        assertTrue(java.net.URI.create("urn:calroom:sync:1:" + text).isAbsolute());
    }

    @Test
    void snapshotsParseAsPostgresqlPrintsThem() {
        assertEquals(snapshot(85572, 85572), SyncPoint.Snapshot.parse("85572:85572:"));
        assertEquals(snapshot(10, 20, 10L, 14L), SyncPoint.Snapshot.parse("10:20:10,14"));
    }
}
