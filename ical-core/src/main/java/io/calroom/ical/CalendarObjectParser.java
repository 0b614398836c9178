package io.calroom.ical;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarParserImpl;
import net.fortuna.ical4j.data.ContentHandlerContext;
import net.fortuna.ical4j.data.DefaultComponentFactorySupplier;
import net.fortuna.ical4j.data.DefaultContentHandler;
import net.fortuna.ical4j.data.DefaultParameterFactorySupplier;
import net.fortuna.ical4j.data.DefaultPropertyFactorySupplier;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.data.UnfoldingReader;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ComponentFactory;
import net.fortuna.ical4j.model.ParameterFactory;
import net.fortuna.ical4j.model.PropertyFactory;

/**
 * The one iCalendar parser entry point of the project: bytes received over HTTP → ical4j {@link Calendar}
 * (RFC 5545), and RFC 4791 §4.1 validation plus expansion into {@link Occurrence}s. Thread-safe.
 * <p>
 * Each call uses a fresh ical4j parser and content handler (what {@code CalendarBuilder} does) that is given no
 * time-zone registry, so VTIMEZONE components are parsed as plain components and never take an id from ical4j's global zone-id pool (a pool of
 * 1500 ids that, once used up, makes ical4j throw "Ran out of available zone IDs"); TZIDs are resolved by {@link CalendarTimeZones}.
 */
public final class CalendarObjectParser {

    private final CalendarObjectLimits limits;
    private final CalendarObjectValidator validator;
    private final OccurrenceExpander expander;
    /** ical4j's factories are stateless; its default suppliers build ~80 of them per property, so share them. */
    private final List<PropertyFactory<?>> properties;
    private final List<ParameterFactory<?>> parameters;
    private final List<ComponentFactory<?>> components;

    public CalendarObjectParser(CalendarObjectLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.validator = new CalendarObjectValidator(limits);
        this.expander = new OccurrenceExpander(limits);
        this.properties = List.copyOf(new DefaultPropertyFactorySupplier().get());
        this.parameters = List.copyOf(new DefaultParameterFactorySupplier().get());
        this.components = List.copyOf(new DefaultComponentFactorySupplier().get());
    }

    /**
     * Parses bytes as received over HTTP: they must be UTF-8 (a byte order mark is tolerated) and hold exactly one
     * VCALENDAR (RFC 5545 §3.4); the DATE, DATE-TIME, PERIOD and
     * DURATION values the server interprets are checked strictly ({@link StrictValueHandler}). Any failure is {@link CalDavPrecondition#VALID_CALENDAR_DATA} with the reason.
     */
    public Calendar parse(byte[] body) throws CalendarDataException {
        return parse(body, false);
    }

    /** @param intake data a client writes: TEXT values are checked too (RFC 5545 §3.3.11) */
    private Calendar parse(byte[] body, boolean intake) throws CalendarDataException {
        String text = decode(body);
        checkEnvelope(text);
        if (intake) {
            try {
                StrictValueHandler.checkControlCharacters(text);
            } catch (StrictValueHandler.InvalidValueException e) {
                throw CalendarDataException.invalidData(e.getMessage());
            }
        }
        Calendar calendar;
        java.util.Map<String, String> timezoneTexts;
        try {
            Calendar[] built = new Calendar[1];
            StrictValueHandler[] strict = new StrictValueHandler[1];
            // The date properties of events, to-dos and journals are kept as written (VerbatimDateProperty).
            List<PropertyFactory<?>> factories = new ArrayList<>(VerbatimDateProperty.NAMES.size() + properties.size());
            factories.addAll(VerbatimDateProperty.Factory.all(() -> strict[0].inEventComponent()));
            factories.addAll(properties);
            ContentHandlerContext context = new ContentHandlerContext()
                    .withPropertyFactorySupplier(() -> factories)
                    .withParameterFactorySupplier(() -> parameters)
                    .withComponentFactorySupplier(() -> components);
            strict[0] = new StrictValueHandler(new DefaultContentHandler(c -> built[0] = c, null, context), intake);
            new CalendarParserImpl(true).parse(new UnfoldingReader(new StringReader(text), true), strict[0]);
            calendar = built[0];
            timezoneTexts = strict[0].timezoneTexts();
        } catch (ParserException e) {
            Throwable cause = e.getCause();
            String reason = cause instanceof StrictValueHandler.InvalidValueException ? cause.getMessage()
                    : "not valid iCalendar data: " + e.getMessage();
            throw CalendarDataException.invalidData(reason, e);
        } catch (IOException | RuntimeException e) {
            throw CalendarDataException.invalidData("not valid iCalendar data: " + e, e);
        }
        if (calendar == null) {
            throw CalendarDataException.invalidData("no VCALENDAR object found");
        }
        return new ParsedCalendar(calendar, timezoneTexts);
    }

    /**
     * The TZID resolver for a calendar this parser read, sharing the parser's cache of rules built from VTIMEZONEs
     * (RFC 5545 §3.6.5: an object's VTIMEZONE defines its TZID).
     */
    public CalendarTimeZones timeZones(Calendar calendar) {
        return expander.timeZones(calendar);
    }

    /**
     * Parses, validates (RFC 4791 §4.1; see {@link CalendarObjectValidator}; TEXT values as RFC 5545 §3.3.11 says,
     * see {@link StrictValueHandler}) and expands a calendar object resource. Stored data read back with
     * {@link #parse(byte[])} is not held to the TEXT check, so that objects stored before it still read.
     *
     * @param allowedComponents the collection's supported components, e.g. {@code Set.of("VEVENT","VTODO")}
     * @param floatingZone      the zone of floating times and DATE values (the calendar's time zone, default UTC)
     * @param now               the current time; open-ended recurrences are expanded up to
     *                          {@code max(now, DTSTART) + limits.expansionHorizon()}
     */
    public ValidatedCalendarObject validate(byte[] body, Set<String> allowedComponents, ZoneId floatingZone,
                                            Instant now) throws CalendarDataException {
        Objects.requireNonNull(allowedComponents, "allowedComponents");
        Objects.requireNonNull(floatingZone, "floatingZone");
        Objects.requireNonNull(now, "now");
        Calendar calendar = parse(body, true);
        TimeContext time = new TimeContext(expander.timeZones(calendar), floatingZone);
        CalendarObjectValidator.Result result = validator.validate(calendar, allowedComponents, time);
        Instant anchor = result.anchor() != null && result.anchor().isAfter(now) ? result.anchor() : now;
        Instant windowEnd = anchor.plus(limits.expansionHorizon());
        OccurrenceExpander.Expansion expansion = expander.expand(calendar, floatingZone, null, windowEnd);
        List<Occurrence> occurrences = expansion.occurrences();
        return new ValidatedCalendarObject(result.uid(), result.componentType(), calendar, occurrences,
                firstStart(occurrences), expansion.unbounded() ? null : lastEnd(occurrences),
                expansion.unbounded(), expansion.expandedUntil());
    }

    private static Instant firstStart(List<Occurrence> occurrences) {
        return occurrences.isEmpty() ? null : occurrences.get(0).start();
    }

    private static Instant lastEnd(List<Occurrence> occurrences) {
        Instant last = null;
        for (Occurrence o : occurrences) {
            if (o.end() == null) {
                return null;
            }
            if (last == null || o.end().isAfter(last)) {
                last = o.end();
            }
        }
        return last;
    }

    private static String decode(byte[] body) throws CalendarDataException {
        if (body == null || body.length == 0) {
            throw CalendarDataException.invalidData("empty body");
        }
        int offset = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB
                && (body[2] & 0xFF) == 0xBF ? 3 : 0;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, offset, body.length - offset));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw CalendarDataException.invalidData("the body is not valid UTF-8 (RFC 5545 §3.1.4)", e);
        }
    }

    /** Exactly one BEGIN:VCALENDAR, first, and nothing but blank lines after its END:VCALENDAR (RFC 5545 §3.4). */
    private static void checkEnvelope(String text) throws CalendarDataException {
        String[] lines = text.split("\r\n|\r|\n");
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length || !lines[first].trim().equalsIgnoreCase("BEGIN:VCALENDAR")) {
            throw CalendarDataException.invalidData("the body is not an iCalendar object (no BEGIN:VCALENDAR)");
        }
        int begins = 0;
        int lastEnd = -1;
        for (int i = first; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.equalsIgnoreCase("BEGIN:VCALENDAR")) {
                begins++;
            } else if (line.equalsIgnoreCase("END:VCALENDAR")) {
                lastEnd = i;
            }
        }
        if (begins != 1) {
            throw CalendarDataException.invalidData("exactly one VCALENDAR is allowed, found " + begins);
        }
        if (lastEnd < 0) {
            throw CalendarDataException.invalidData("the VCALENDAR is not terminated by END:VCALENDAR");
        }
        for (int i = lastEnd + 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                throw CalendarDataException.invalidData("content after END:VCALENDAR");
            }
        }
    }
}
