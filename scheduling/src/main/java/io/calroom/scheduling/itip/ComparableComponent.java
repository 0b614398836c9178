package io.calroom.scheduling.itip;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.IcalDuration;
import io.calroom.ical.tree.CalendarObjectTree;
import io.calroom.ical.tree.ContentLine;
import io.calroom.ical.tree.IcalTree.Component;
import io.calroom.ical.tree.IcalTree.Line;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** What scheduling compares of one component: its attendees and the normalized significant content and times. */
final class ComparableComponent {

    /** Properties that are not organizer-significant: volatile, per-user, or compared separately (times). */
    static final Set<String> NOT_CONTENT = Set.of("UID", "DTSTAMP", "LAST-MODIFIED", "CREATED", "SEQUENCE", "TRANSP",
            "PERCENT-COMPLETE", "COMPLETED", "CATEGORIES", "REQUEST-STATUS", "RECURRENCE-ID", "DTSTART", "DTEND",
            "DURATION", "DUE", "RRULE", "RDATE", "EXDATE", "EXRULE", "ATTENDEE", "ORGANIZER");

    final Component component;
    final String key;
    final String type;
    final int sequence;
    final boolean cancelled;
    final String organizer;
    final String organizerAgent;
    final String organizerForceSend;
    final List<Attendee> attendees;
    final List<String> content;
    final String recurrence;
    final String instanceTimes;
    final Set<String> exdates;

    private ComparableComponent(Component component, String key, String type, int sequence, boolean cancelled, String organizer,
                  String organizerAgent, String organizerForceSend, List<Attendee> attendees, List<String> content,
                  String recurrence, String instanceTimes, Set<String> exdates) {
        this.component = component;
        this.key = key;
        this.type = type;
        this.sequence = sequence;
        this.cancelled = cancelled;
        this.organizer = organizer;
        this.organizerAgent = organizerAgent;
        this.organizerForceSend = organizerForceSend;
        this.attendees = attendees;
        this.content = content;
        this.recurrence = recurrence;
        this.instanceTimes = instanceTimes;
        this.exdates = exdates;
    }

    static ComparableComponent of(CalendarObjectTree doc, Component c) {
        String key = doc.key(c);
        int sequence = 0;
        boolean cancelled = false;
        String organizer = null;
        String organizerAgent = "SERVER";
        String organizerForceSend = null;
        List<Attendee> attendees = new ArrayList<>();
        List<String> content = new ArrayList<>();
        for (Line l : c.lines()) {
            String name = l.name();
            switch (name) {
                case "SEQUENCE" -> {
                    try {
                        sequence = Integer.parseInt(l.value().trim());
                    } catch (NumberFormatException e) {
                        sequence = 0;
                    }
                }
                case "STATUS" -> cancelled = l.value().trim().equalsIgnoreCase("CANCELLED");
                case "ORGANIZER" -> {
                    ContentLine p = ContentLine.of(l);
                    organizer = Addresses.normalize(p.value());
                    organizerAgent = upper(p.param("SCHEDULE-AGENT"), "SERVER");
                    organizerForceSend = upper(p.param("SCHEDULE-FORCE-SEND"), null);
                    content.add("ORGANIZER:" + organizer);
                }
                case "ATTENDEE" -> {
                    Attendee a = attendee(ContentLine.of(l));
                    attendees.add(a);
                    content.add("ATTENDEE;ROLE=" + a.role() + ":" + a.normalizedAddress());
                }
                default -> {
                }
            }
            if (!NOT_CONTENT.contains(name) && !name.startsWith("X-")) content.add(normalized(ContentLine.of(l)));
        }
        for (Component child : c.children()) {
            if (child.name().equals("VALARM")) continue;
            List<String> lines = new ArrayList<>();
            for (Line l : child.lines()) {
                if (!l.name().equals("DTSTAMP") && !l.name().startsWith("X-")) lines.add(normalized(ContentLine.of(l)));
            }
            Collections.sort(lines);
            content.add("BEGIN:" + child.name() + "|" + String.join("|", lines));
        }
        Collections.sort(content);

        Line dtstartLine = c.line("DTSTART");
        CalendarObjectTree.DateTime start = dtstartLine == null ? null : CalendarObjectTree.value(ContentLine.of(dtstartLine));
        Instant startAt = start == null ? null : doc.instant(start);
        String length = length(doc, c, start, startAt);
        String offset;
        if (key.isEmpty() || startAt == null) {
            offset = "0";
        } else {
            Instant rid = doc.instant(CalendarObjectTree.value(ContentLine.of(c.line("RECURRENCE-ID"))));
            offset = Long.toString(startAt.getEpochSecond() - rid.getEpochSecond());
        }
        String instanceTimes = "O=" + offset + "|L=" + length + "|A=" + (start != null && start.date());
        String recurrence = "";
        Set<String> exdates = new LinkedHashSet<>();
        if (key.isEmpty()) {
            StringBuilder r = new StringBuilder("S=");
            if (start == null) r.append("-");
            else if (start.date()) r.append("D").append(start.local().toLocalDate());
            else if (start.floating()) r.append("F").append(start.local());
            else if (start.utc()) r.append(startAt.getEpochSecond());
            else r.append(startAt.getEpochSecond()).append('@').append(CalendarObjectTree.canonicalZone(start.tzid()));
            Set<String> rules = new TreeSet<>();
            for (Line l : c.lines()) {
                if (l.name().equals("RRULE") || l.name().equals("EXRULE")) rules.add(l.name() + ":" + rrule(l.value()));
            }
            r.append("|R=").append(String.join("/", rules));
            r.append("|D=").append(String.join(",", new TreeSet<>(doc.keys(c, "RDATE"))));
            recurrence = r.toString();
            exdates.addAll(doc.keys(c, "EXDATE"));
        }
        return new ComparableComponent(c, key, c.name(), sequence, cancelled, organizer, organizerAgent, organizerForceSend,
                List.copyOf(attendees), List.copyOf(content), recurrence, instanceTimes,
                Collections.unmodifiableSet(exdates));
    }

    static Attendee attendee(ContentLine p) {
        return new Attendee(p.value().trim(), p.param("CN"), upper(p.param("PARTSTAT"), "NEEDS-ACTION"),
                upper(p.param("ROLE"), "REQ-PARTICIPANT"), "TRUE".equalsIgnoreCase(p.param("RSVP")),
                upper(p.param("SCHEDULE-AGENT"), "SERVER"), upper(p.param("CUTYPE"), "INDIVIDUAL"),
                upper(p.param("SCHEDULE-FORCE-SEND"), null));
    }

    private static String upper(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v.trim().toUpperCase(Locale.ROOT);
    }

    /** Name, parameters sorted (X- parameters dropped), value. */
    private static String normalized(ContentLine p) {
        List<String> params = new ArrayList<>();
        for (ContentLine.Param param : p.params()) {
            if (!param.name().startsWith("X-")) params.add(param.name() + "=" + param.value());
        }
        Collections.sort(params);
        return p.name() + (params.isEmpty() ? "" : ";" + String.join(";", params)) + ":" + p.value();
    }

    private static String rrule(String value) {
        Set<String> parts = new TreeSet<>();
        for (String part : value.trim().toUpperCase(Locale.ROOT).split(";")) {
            if (!part.isBlank() && !part.equals("WKST=MO")) parts.add(part.trim());
        }
        return String.join(";", parts);
    }

    private static String length(CalendarObjectTree doc, Component c, CalendarObjectTree.DateTime start, Instant startAt) {
        Line dtend = c.line("DTEND");
        Line due = c.line("DUE");
        Line duration = c.line("DURATION");
        if (dtend != null && startAt != null) {
            return Long.toString(doc.instant(CalendarObjectTree.value(ContentLine.of(dtend))).getEpochSecond() - startAt.getEpochSecond());
        }
        if (duration != null) return Long.toString(durationSeconds(duration.value()));
        if (due != null) {
            Instant d = doc.instant(CalendarObjectTree.value(ContentLine.of(due)));
            return startAt == null ? "due@" + d.getEpochSecond() : Long.toString(d.getEpochSecond() - startAt.getEpochSecond());
        }
        return start != null && start.date() ? "86400" : "0";
    }

    /** A DURATION's length in seconds (a day as 86,400), read by the project's one parser; 0 if it cannot be read. */
    static long durationSeconds(String value) {
        try {
            return IcalDuration.parse(value, "DURATION").nominalSeconds();
        } catch (CalendarDataException e) {
            return 0;
        }
    }

    // ---- comparisons ------------------------------------------------------------------------------------------

    Attendee attendee(String address) {
        for (Attendee a : attendees) if (a.is(address)) return a;
        return null;
    }

    boolean has(String address) {
        return attendee(address) != null;
    }

    boolean isMaster() {
        return key.isEmpty();
    }

    /** The first significant content line that differs, or {@code null} if the content is the same. */
    String contentDifference(ComparableComponent other) {
        Set<String> a = new TreeSet<>(content);
        Set<String> b = new TreeSet<>(other.content);
        for (String s : a) if (!b.contains(s)) return s;
        for (String s : b) if (!a.contains(s)) return s;
        return null;
    }

    boolean sameContent(ComparableComponent other) {
        return content.equals(other.content);
    }

    String timesFingerprint() {
        return hash(recurrence + "#" + instanceTimes);
    }

    String significantFingerprint() {
        return hash(String.join("\n", content) + "#" + recurrence + "#" + instanceTimes + "#"
                + String.join(",", new TreeSet<>(exdates)));
    }

    Instance instance() {
        return new Instance(key, attendees, cancelled, significantFingerprint(), timesFingerprint(), exdates, sequence);
    }

    static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return type + "[" + key + "]";
    }
}
