package io.calroom.server.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.CalendarObjectParser;
import io.calroom.ical.query.CalendarQueryEvaluator;
import io.calroom.ical.query.CompFilter;
import io.calroom.ical.query.UnsupportedCollationException;
import io.calroom.ical.shape.CalendarDataShaper;
import io.calroom.server.dav.DavException;
import io.calroom.server.dav.method.PropfindRequest;
import io.calroom.server.caldav.CalendarDataRequest;
import io.calroom.server.caldav.CalendarFilterParser;
import io.calroom.server.caldav.TimeRanges;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import net.fortuna.ical4j.model.Calendar;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the XML request path of the DAV methods on request bodies as received: {@link SafeXml#parse} (the one XML
 * parser: no DOCTYPE, no XInclude, depth limit), then the pure request parsers on what it returns —
 * {@link PropfindRequest#parse}, {@link CalendarFilterParser#parse} (on every CALDAV:filter element and on the root),
 * {@link CalendarDataRequest#parse} (every CALDAV:calendar-data) and {@link TimeRanges#parse} (every CALDAV:time-range)
 * — and, as a calendar-query REPORT does next, the collation check and the evaluation of each parsed filter over the
 * RFC 4791 Appendix B objects.
 * <p>
 * Allowed outcomes: SafeXml throws only {@link DavException} 400; the request parsers only {@link DavException} 400 or
 * 403; evaluation throws nothing. Anything else would reach the client as a 500.
 * <p>
 * Seeds ({@code XmlRequestFuzzTestInputs/parse}): every XML body of RFC 4918, 4791, 6578, 3744, 5689, 6638 and the
 * calendarserver.org/CalDAV extension drafts, the request bodies of the server tests, client-style calendar-query
 * bodies, and DTD/entity/XInclude/encoding attacks ({@code attack-*}).
 */
class XmlRequestFuzzTest {

    static final SafeXml XML = new SafeXml();
    static final CalendarObjectLimits LIMITS = CalendarObjectLimits.defaults();
    static final CalendarDataShaper SHAPER = new CalendarDataShaper(LIMITS);
    static final CalendarQueryEvaluator EVALUATOR = new CalendarQueryEvaluator(LIMITS);
    static final ZoneId ZONE = ZoneId.of("America/New_York");
    static final List<Calendar> CALENDARS = new ArrayList<>();

    static {
        CalendarObjectParser parser = new CalendarObjectParser(LIMITS);
        for (int i = 1; i <= 7; i++) {
            try (InputStream in = XmlRequestFuzzTest.class.getResourceAsStream("calendars/rfc4791-abcd" + i + ".ics")) {
                assertNotNull(in, "abcd" + i);
                CALENDARS.add(parser.validate(in.readAllBytes(), Set.of("VEVENT", "VTODO", "VJOURNAL"),
                        ZoneOffset.UTC, Instant.parse("2006-02-01T00:00:00Z")).calendar());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CalendarDataException e) {
                throw new AssertionError("abcd" + i + " must be storable", e);
            }
        }
    }

    @DictionaryFile(resourcePath = "xml.dict")
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] body) {
        Optional<Element> root;
        try {
            root = XML.parse(body);
        } catch (DavException e) {
            assertEquals(400, e.status(), "SafeXml.parse: " + e.getMessage());
            return;
        }
        requestParser("PropfindRequest.parse", () -> PropfindRequest.parse(root));
        if (root.isEmpty()) {
            return;
        }
        Element r = root.get();
        filter(r);
        descendants(r, e -> {
            if (SafeXml.is(e, Ns.caldav("filter")) && e != r) {
                filter(e);
            } else if (SafeXml.is(e, Ns.caldav("calendar-data"))) {
                requestParser("CalendarDataRequest.parse", () -> CalendarDataRequest.parse(e, SHAPER));
            } else if (SafeXml.is(e, Ns.caldav("time-range"))) {
                requestParser("TimeRanges.parse", () -> TimeRanges.parse(e));
            }
        });
    }

    /** A CALDAV:filter as CalendarQueryReport handles it: parse, check collations, evaluate. */
    private static void filter(Element e) {
        CompFilter filter = requestParser("CalendarFilterParser.parse", () -> CalendarFilterParser.parse(e));
        if (filter == null) {
            return;
        }
        try {
            CalendarQueryEvaluator.checkCollations(filter);
        } catch (UnsupportedCollationException x) {
            return;
        }
        for (Calendar calendar : CALENDARS) {
            EVALUATOR.matches(calendar, filter, ZONE);
        }
    }

    /** Runs a request parser: its result, or null after a DavException 400/403 (the only failure allowed). */
    private static <T> T requestParser(String what, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (DavException e) {
            assertTrue(e.status() == 400 || e.status() == 403, what + " answered " + e.status() + ": " + e.getMessage());
            return null;
        }
    }

    private static void descendants(Element e, Consumer<Element> visit) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                visit.accept(child);
                descendants(child, visit);
            }
        }
    }
}
