package io.calroom.scheduling.itip;

import io.calroom.ical.CalendarDataException;
import io.calroom.ical.CalendarObjectLimits;
import io.calroom.ical.ComponentTypes;
import io.calroom.ical.Occurrence;
import io.calroom.ical.OccurrenceExpander;
import io.calroom.ical.tree.CalendarObjectTree;
import io.calroom.ical.tree.ContentLine;
import io.calroom.ical.tree.IcalTree.Component;
import io.calroom.ical.tree.IcalTree.Line;

import net.fortuna.ical4j.model.Calendar;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Applying delivered iTIP messages to stored copies (RFC 6638 §4, RFC 5546 §3.2). Inputs are texts the server has
 * accepted or generated; unreadable text is an {@link IllegalArgumentException}. Outputs are calendar object
 * resources (no METHOD) with CRLF line endings; lines not touched keep their bytes.
 */
public final class ItipProcessing {

    private static final OccurrenceExpander EXPANDER = new OccurrenceExpander(CalendarObjectLimits.defaults());

    private ItipProcessing() {
    }

    // ---- REQUEST -------------------------------------------------------------------------------------------------

    /**
     * The attendee's copy after a REQUEST (RFC 5546 §3.2.2).
     * <ul>
     * <li>No current copy: the request without METHOD (an invitation to instances only gives an object of those
     *     overrides only).</li>
     * <li>A request with a master replaces the whole copy; one with overrides only replaces or adds those overrides
     *     and keeps the rest (RFC 5546 §3.2.2: a REQUEST with RECURRENCE-ID updates that instance).</li>
     * <li>A component whose SEQUENCE is lower than the stored one is stale and ignored (RFC 5546 §2.1.5); a stale
     *     master leaves the copy unchanged.</li>
     * <li>Per-user data of the copy survives: VALARMs, TRANSP and personal X-MOZ-/X-APPLE- properties of the same
     *     instance (for a new override: of the stored master).</li>
     * <li>The attendee's own PARTSTAT is kept, unless the instance was rescheduled (DTSTART, DTEND, DURATION, DUE,
     *     RRULE, RDATE changed or an EXDATE removed; RFC 6638 §3.2.8, RFC 5546 §3.2.2.1): then NEEDS-ACTION.</li>
     * </ul>
     */
    public static String applyRequest(String currentCopy, String requestText, String attendeeAddress) {
        CalendarObjectTree req = CalendarObjectTree.parse(requestText);
        ObjectView rv = ObjectView.of(req);
        CalendarObjectTree cur = currentCopy == null ? null : CalendarObjectTree.parse(currentCopy);
        ObjectView cv = cur == null ? null : ObjectView.of(cur);

        Component root = new Component("VCALENDAR");
        for (Line l : req.root.lines()) if (!l.name().equals("METHOD")) root.lines().add(l);
        List<Component> items = new ArrayList<>();
        if (cv == null) {
            for (ComparableComponent f : rv.byKey.values()) items.add(merged(f, rv, null, attendeeAddress));
        } else if (rv.master != null) {
            if (cv.master != null && rv.master.sequence < cv.master.sequence) return currentCopy;
            for (ComparableComponent f : rv.byKey.values()) {
                ComparableComponent stored = cv.byKey.get(f.key);
                if (stored != null && stored.sequence > f.sequence) items.add(stored.component.copy());
                else items.add(merged(f, rv, cv, attendeeAddress));
            }
        } else {
            Map<String, Component> byKey = new java.util.LinkedHashMap<>();
            for (ComparableComponent f : cv.byKey.values()) byKey.put(f.key, f.component.copy());
            boolean any = false;
            for (ComparableComponent f : rv.byKey.values()) {
                ComparableComponent stored = cv.byKey.get(f.key);
                if (stored != null && stored.sequence > f.sequence) continue;
                byKey.put(f.key, merged(f, rv, cv, attendeeAddress));
                any = true;
            }
            if (!any) return currentCopy;
            items.addAll(byKey.values());
        }
        root.children().addAll(items);
        ItipBodyParts.addTimezones(root, req, cur);
        for (Component c : cur == null ? List.<Component>of() : cur.root.children()) {
            if (c.name().startsWith("X-") || (!ComponentTypes.isItem(c.name()) && !c.name().equals("VTIMEZONE"))) {
                root.children().add(c.copy()); // e.g. VAVAILABILITY or X- components of the copy: keep
            }
        }
        return root.text();
    }

    /** A component of the request merged with the attendee's per-user data and PARTSTAT. */
    private static Component merged(ComparableComponent f, ObjectView rv, ObjectView cv, String attendee) {
        Component out = f.component.copy();
        if (cv == null) return out;
        ComparableComponent same = cv.byKey.get(f.key);
        ComparableComponent perUser = same != null ? same : cv.master;
        ComparableComponent before = cv.view(f.key);
        boolean resched = false;
        if (before != null) {
            if (f.isMaster()) {
                resched = !before.recurrence.equals(f.recurrence) || !before.instanceTimes.equals(f.instanceTimes)
                        || !f.exdates.containsAll(before.exdates);
            } else {
                resched = !before.instanceTimes.equals(f.instanceTimes);
            }
        }
        Attendee mine = before == null ? null : before.attendee(attendee);
        List<Line> lines = out.lines();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (!l.name().equals("ATTENDEE") || !Addresses.same(l.value(), attendee)) continue;
            ContentLine p = ContentLine.of(l);
            String partstat = resched ? "NEEDS-ACTION" : mine != null ? mine.partstat() : null;
            if (partstat != null && !partstat.equalsIgnoreCase(p.param("PARTSTAT"))) lines.set(i, p.with("PARTSTAT", partstat).line());
        }
        if (perUser != null) {
            lines.removeIf(l -> ItipBodyParts.perUser(l.name()));
            for (Line l : perUser.component.lines()) if (ItipBodyParts.perUser(l.name())) lines.add(l);
            out.children().removeIf(c -> c.name().equals("VALARM"));
            for (Component c : perUser.component.children()) if (c.name().equals("VALARM")) out.children().add(c.copy());
        }
        return out;
    }

    // ---- CANCEL --------------------------------------------------------------------------------------------------

    /**
     * The attendee's copy after a CANCEL (RFC 5546 §3.2.5), or {@code null} when nothing is left: a CANCEL without
     * RECURRENCE-ID cancels the whole object. Cancelled instances are removed: their override is dropped and the
     * master gets an EXDATE in the form of its DTSTART (so clients show the instance as gone) and the CANCEL's
     * SEQUENCE if higher; RANGE=THISANDFUTURE also ends the RRULE before that instance (UNTIL) and drops later
     * overrides. A CANCEL older than an override (lower SEQUENCE) does not remove it.
     */
    public static String applyCancel(String currentCopy, String cancelText) {
        CalendarObjectTree cancel = CalendarObjectTree.parse(cancelText);
        ObjectView kv = ObjectView.of(cancel);
        if (currentCopy == null || kv.master != null || kv.byKey.isEmpty()) return null;
        CalendarObjectTree cur = CalendarObjectTree.parse(currentCopy);
        ObjectView cv = ObjectView.of(cur);
        Component master = cv.master == null ? null : cv.master.component;
        ContentLine masterStart = master == null || master.line("DTSTART") == null ? null : ContentLine.of(master.line("DTSTART"));
        int masterSequence = cv.master == null ? 0 : cv.master.sequence;
        for (ComparableComponent f : kv.byKey.values()) {
            String k = f.key;
            ContentLine rid = ContentLine.of(f.component.line("RECURRENCE-ID"));
            boolean future = "THISANDFUTURE".equalsIgnoreCase(rid.param("RANGE"));
            ComparableComponent stored = cv.byKey.get(k);
            if (stored != null && stored.sequence > f.sequence) continue;
            cur.root.children().removeIf(c -> ComponentTypes.isItem(c.name()) && k.equals(cur.key(c)));
            if (future) {
                cur.root.children().removeIf(c -> ComponentTypes.isItem(c.name()) && !cur.key(c).isEmpty()
                        && CalendarObjectTree.keyInstant(cur.key(c)).isAfter(CalendarObjectTree.keyInstant(k)));
            }
            if (master != null) {
                if (!cv.master.exdates.contains(k)) master.lines().add(cur.propertyLike("EXDATE", masterStart, k).line());
                if (future) endRecurrenceBefore(master, k);
                masterSequence = Math.max(masterSequence, f.sequence);
            }
        }
        if (cur.items().isEmpty()) return null;
        if (master != null && cv.master.sequence != masterSequence) {
            CalendarObjectTree.setLine(master, ContentLine.of("SEQUENCE", Integer.toString(masterSequence)));
        }
        return cur.text();
    }

    private static void endRecurrenceBefore(Component master, String key) {
        Instant at = CalendarObjectTree.keyInstant(key);
        String until = CalendarObjectTree.isDateKey(key)
                ? CalendarObjectTree.DATE_FORMAT.format(LocalDate.ofInstant(at, ZoneOffset.UTC).minusDays(1))
                : CalendarObjectTree.stamp(at.minus(1, ChronoUnit.SECONDS));
        List<Line> lines = master.lines();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (!l.name().equals("RRULE")) continue;
            ContentLine p = ContentLine.of(l);
            List<String> parts = new ArrayList<>();
            for (String part : p.value().split(";")) {
                String up = part.trim().toUpperCase(Locale.ROOT);
                if (!up.startsWith("UNTIL=") && !up.startsWith("COUNT=") && !up.isEmpty()) parts.add(part.trim());
            }
            parts.add("UNTIL=" + until);
            lines.set(i, p.withValue(String.join(";", parts)).line());
        }
    }

    // ---- REPLY ---------------------------------------------------------------------------------------------------

    /**
     * The organizer's copy after a REPLY (RFC 6638 §4.2, RFC 5546 §3.2.3): for each component of the reply, the
     * replying attendee's ATTENDEE in the instance gets the reply's PARTSTAT and SCHEDULE-STATUS set to the reply's
     * REQUEST-STATUS codes (comma-separated) or 2.0. A reply for an instance without an override creates the override
     * from the master (RECURRENCE-ID and DTSTART in the master's form, DTEND moved along, no RRULE/RDATE/EXDATE),
     * provided the instance is in the master's recurrence set. A reply from someone who is not an attendee of the
     * instance, or for an instance that does not exist, is ignored. Replies are applied whatever their SEQUENCE:
     * an attendee whose copy was rescheduled answers again anyway. The Schedule-Tag does not change (§3.2.10).
     */
    public static String applyReply(String organizerCopy, String replyText) {
        CalendarObjectTree reply = CalendarObjectTree.parse(replyText);
        CalendarObjectTree org = CalendarObjectTree.parse(organizerCopy);
        boolean changed = false;
        for (Component rc : reply.items()) {
            Line att = rc.line("ATTENDEE");
            if (att == null) continue;
            ContentLine ap = ContentLine.of(att);
            String address = ap.value();
            String partstat = ap.param("PARTSTAT") == null ? "NEEDS-ACTION" : ap.param("PARTSTAT").toUpperCase(Locale.ROOT);
            List<String> codes = new ArrayList<>();
            for (Line l : rc.lines()) {
                if (l.name().equals("REQUEST-STATUS")) {
                    String v = l.value();
                    int semi = v.indexOf(';');
                    codes.add((semi < 0 ? v : v.substring(0, semi)).trim());
                }
            }
            String status = codes.isEmpty() ? "2.0" : String.join(",", codes);
            String k = reply.key(rc);
            Component target = org.byKey().get(k);
            if (target == null && !k.isEmpty()) {
                Component master = org.master();
                if (master == null || ItipBodyParts.attendeeLine(master, address) == null || !isInstance(org, master, k)) continue;
                target = override(org, master, k);
                int last = 0;
                for (int i = 0; i < org.root.children().size(); i++) {
                    if (ComponentTypes.isItem(org.root.children().get(i).name())) last = i;
                }
                org.root.children().add(last + 1, target); // after the last component
                changed = true;
            }
            if (target == null) continue;
            List<Line> lines = target.lines();
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                if (!l.name().equals("ATTENDEE") || !Addresses.same(l.value(), address)) continue;
                ContentLine p = ContentLine.of(l);
                ContentLine q = p.with("PARTSTAT", partstat).with("SCHEDULE-STATUS", status);
                if (!q.unfolded().equals(p.unfolded())) {
                    lines.set(i, q.line());
                    changed = true;
                }
            }
        }
        return changed ? org.text() : organizerCopy;
    }

    /** Whether {@code key} is an instance of the master's recurrence set (RRULE/RDATE, not EXDATE'd). */
    static boolean isInstance(CalendarObjectTree doc, Component master, String key) {
        if (master.line("RRULE") == null && master.line("RDATE") == null) return false;
        if (doc.keys(master, "EXDATE").contains(key)) return false;
        Component root = new Component("VCALENDAR");
        root.lines().add(ContentLine.of("VERSION", "2.0").line());
        root.lines().add(ContentLine.of("PRODID", ItipBodyParts.PRODID).line());
        root.children().add(master.copy());
        ItipBodyParts.addTimezones(root, doc);
        try {
            Calendar calendar = CalendarObjectTree.PARSER.parse(root.text().getBytes(StandardCharsets.UTF_8));
            Instant at = CalendarObjectTree.keyInstant(key);
            for (Occurrence o : EXPANDER.expand(calendar, ZoneOffset.UTC, at.minusSeconds(1), at.plusSeconds(1)).occurrences()) {
                if (at.equals(o.recurrenceId())) return true;
            }
            return false;
        } catch (CalendarDataException | RuntimeException e) {
            return false;
        }
    }

    /** An override of instance {@code key} made from the master. */
    static Component override(CalendarObjectTree doc, Component master, String key) {
        Component c = master.copy();
        ContentLine start = c.line("DTSTART") == null ? null : ContentLine.of(c.line("DTSTART"));
        ContentLine end = c.line("DTEND") == null ? null : ContentLine.of(c.line("DTEND"));
        ContentLine due = c.line("DUE") == null ? null : ContentLine.of(c.line("DUE"));
        c.lines().removeIf(l -> l.name().equals("RRULE") || l.name().equals("RDATE") || l.name().equals("EXDATE")
                || l.name().equals("EXRULE"));
        ContentLine rid = doc.propertyLike("RECURRENCE-ID", start, key);
        if (start != null) {
            c.lines().set(indexOf(c, "DTSTART"), doc.propertyLike("DTSTART", start, key).line());
            for (ContentLine p : new ContentLine[] {end, due}) {
                if (p == null) continue;
                String endKey = shifted(doc, start, p, key);
                c.lines().set(indexOf(c, p.name()), doc.propertyLike(p.name(), p, endKey).line());
            }
            c.lines().add(indexOf(c, "DTSTART") + 1, rid.line());
        } else {
            CalendarObjectTree.setLine(c, rid);
        }
        return c;
    }

    /** The key of {@code end} moved by the same amount as the start moves to {@code key}. */
    private static String shifted(CalendarObjectTree doc, ContentLine start, ContentLine end, String key) {
        CalendarObjectTree.DateTime s = CalendarObjectTree.value(start);
        CalendarObjectTree.DateTime e = CalendarObjectTree.value(end);
        if (CalendarObjectTree.isDateKey(key) || s.date()) {
            long days = ChronoUnit.DAYS.between(s.local().toLocalDate(), e.local().toLocalDate());
            LocalDate d = LocalDate.ofInstant(CalendarObjectTree.keyInstant(key), ZoneOffset.UTC).plusDays(days);
            return CalendarObjectTree.DATE_FORMAT.format(d);
        }
        long seconds = doc.instant(e).getEpochSecond() - doc.instant(s).getEpochSecond();
        return CalendarObjectTree.stamp(CalendarObjectTree.keyInstant(key).plusSeconds(seconds));
    }

    private static int indexOf(Component c, String name) {
        for (int i = 0; i < c.lines().size(); i++) if (c.lines().get(i).name().equals(name)) return i;
        return c.lines().size();
    }

    // ---- attendee answers and organizer fill-ins (used by the resource agent) ---------------------------------

    /**
     * The attendee's copy with its answer: the attendee's ATTENDEE gets PARTSTAT {@code partstat} in every component
     * (the master, and each override, which covers objects of overrides only); then each instance of
     * {@code instancePartstats} (by RECURRENCE-ID; a DATE instance by the UTC date of the instant, rounded to the
     * nearest midnight) gets its own PARTSTAT, in its override, created from the master (RECURRENCE-ID and DTSTART in
     * the master's form, DTEND moved along, no RRULE/RDATE/EXDATE) when there is none; instances that are not in the
     * master's recurrence set, or whose master lacks the attendee, are skipped. With {@code transparentWhenDeclined},
     * every component where the attendee ends up DECLINED gets TRANSP:TRANSPARENT, so that it never blocks its
     * free-busy time. Components without the attendee are left alone; other lines keep their bytes.
     */
    public static String setAttendeePartstat(String attendeeCopy, String attendeeAddress, String partstat,
                                             Map<Instant, String> instancePartstats, boolean transparentWhenDeclined) {
        Objects.requireNonNull(attendeeAddress, "attendeeAddress");
        Objects.requireNonNull(partstat, "partstat");
        CalendarObjectTree doc = CalendarObjectTree.parse(attendeeCopy);
        String all = partstat.toUpperCase(Locale.ROOT);
        for (Component c : doc.items()) answer(c, attendeeAddress, all, transparentWhenDeclined);
        if (instancePartstats != null && !instancePartstats.isEmpty()) {
            Component master = doc.master();
            Map<String, Component> byKey = doc.byKey();
            boolean dates = dateInstances(doc, master);
            for (Map.Entry<Instant, String> e : new java.util.TreeMap<>(instancePartstats).entrySet()) {
                String key = instanceKey(e.getKey(), dates);
                Component target = byKey.get(key);
                if (target == null) {
                    if (master == null || ItipBodyParts.attendeeLine(master, attendeeAddress) == null
                            || !isInstance(doc, master, key)) continue;
                    target = override(doc, master, key);
                    int last = 0;
                    for (int i = 0; i < doc.root.children().size(); i++) {
                        if (ComponentTypes.isItem(doc.root.children().get(i).name())) last = i;
                    }
                    doc.root.children().add(last + 1, target);
                    byKey.put(key, target);
                }
                answer(target, attendeeAddress, e.getValue().toUpperCase(Locale.ROOT), transparentWhenDeclined);
            }
        }
        return doc.text();
    }

    private static void answer(Component c, String address, String partstat, boolean transparentWhenDeclined) {
        List<Line> lines = c.lines();
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (!l.name().equals("ATTENDEE") || !Addresses.same(l.value(), address)) continue;
            found = true;
            ContentLine p = ContentLine.of(l);
            if (!partstat.equalsIgnoreCase(p.param("PARTSTAT"))) lines.set(i, p.with("PARTSTAT", partstat).line());
        }
        if (found && transparentWhenDeclined && partstat.equals("DECLINED")) {
            CalendarObjectTree.setLine(c, ContentLine.of("TRANSP", "TRANSPARENT"));
        }
    }

    /** Whether the instances of the object are DATEs: the master's DTSTART, else an override's RECURRENCE-ID. */
    private static boolean dateInstances(CalendarObjectTree doc, Component master) {
        Line l = master != null ? master.line("DTSTART") : null;
        if (l == null) {
            for (Component c : doc.items()) {
                if (c.line("RECURRENCE-ID") != null) {
                    l = c.line("RECURRENCE-ID");
                    break;
                }
            }
        }
        if (l == null) return false;
        try {
            return CalendarObjectTree.value(ContentLine.of(l)).date();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String instanceKey(Instant at, boolean date) {
        if (!date) return CalendarObjectTree.stamp(at);
        java.time.OffsetDateTime utc = at.atOffset(ZoneOffset.UTC);
        LocalDate d = utc.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? utc.toLocalDate()
                : at.plus(12, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC).toLocalDate();
        return CalendarObjectTree.DATE_FORMAT.format(d);
    }

    /**
     * The attendee's copy with the TRANSP of every component set to what {@code requestText} says for the same
     * instance (its override there, else its master; no TRANSP there = none here, i.e. OPAQUE). For copies whose
     * TRANSP is not the attendee's own choice, e.g. a resource's copy, where {@link #applyRequest} would otherwise
     * keep a TRANSPARENT set when an earlier request was declined. Components without a counterpart are left alone.
     */
    public static String copyTransparency(String attendeeCopy, String requestText) {
        CalendarObjectTree doc = CalendarObjectTree.parse(attendeeCopy);
        CalendarObjectTree req = CalendarObjectTree.parse(requestText);
        Map<String, Component> reqByKey = req.byKey();
        Component reqMaster = req.master();
        boolean changed = false;
        for (Component c : doc.items()) {
            Component source = reqByKey.get(doc.key(c));
            if (source == null) source = reqMaster;
            if (source == null) continue;
            Line want = source.line("TRANSP");
            Line have = c.line("TRANSP");
            if (want == null) {
                if (have != null) {
                    CalendarObjectTree.removeLines(c, "TRANSP");
                    changed = true;
                }
            } else if (have == null || !have.value().trim().equalsIgnoreCase(want.value().trim())) {
                CalendarObjectTree.setLine(c, ContentLine.of("TRANSP", want.value().trim().toUpperCase(Locale.ROOT)));
                changed = true;
            }
        }
        return changed ? doc.text() : attendeeCopy;
    }

    /**
     * The organizer's text with LOCATION {@code location} on every VEVENT/VTODO/VJOURNAL that has none or an empty
     * one (the server fills in the names of the accepted rooms). The value is escaped as TEXT (RFC 5545 §3.3.11).
     * Unchanged text when there is nothing to fill or {@code location} is blank.
     */
    public static String setLocationIfEmpty(String organizerText, String location) {
        if (location == null || location.isBlank()) return organizerText;
        CalendarObjectTree doc = CalendarObjectTree.parse(organizerText);
        String escaped = ContentLine.escapeText(location.strip());
        boolean changed = false;
        for (Component c : doc.items()) {
            Line l = c.line("LOCATION");
            if (l != null && !l.value().isBlank()) continue;
            ContentLine p = l == null ? ContentLine.of("LOCATION", escaped) : ContentLine.of(l).withValue(escaped);
            CalendarObjectTree.setLine(c, p);
            changed = true;
        }
        return changed ? doc.text() : organizerText;
    }

    // ---- SCHEDULE-STATUS -----------------------------------------------------------------------------------------

    /**
     * Sets SCHEDULE-STATUS (RFC 6638 §7.3, values of §3.2.9: 1.0, 1.1, 1.2, 2.0, 3.7, 3.8, 5.1, ...) on every
     * ATTENDEE of the organizer's copy whose address is a key of {@code statusByAttendee} (compared as
     * {@link Addresses#same}); other attendees are left alone.
     */
    public static String setScheduleStatus(String organizerCopy, Map<String, String> statusByAttendee) {
        Objects.requireNonNull(statusByAttendee, "statusByAttendee");
        Map<String, String> byAddress = new HashMap<>();
        statusByAttendee.forEach((k, v) -> byAddress.put(Addresses.normalize(k), v));
        return setStatus(organizerCopy, "ATTENDEE", byAddress, null);
    }

    /** Sets SCHEDULE-STATUS on the ORGANIZER of an attendee's copy after its REPLY was delivered (RFC 6638 §7.3). */
    public static String setOrganizerScheduleStatus(String attendeeCopy, String status) {
        return setStatus(attendeeCopy, "ORGANIZER", Map.of(), Objects.requireNonNull(status, "status"));
    }

    /**
     * The incoming text with the SCHEDULE-STATUS the server owns put back as the stored copy has it: on every ORGANIZER
     * and ATTENDEE the server schedules (SCHEDULE-AGENT absent or SERVER) the parameter gets the value of the same
     * property (same instance, same address; a new override: the stored master's) in {@code storedCopy}, or is removed
     * when that has none. RFC 6638 §7.3: the server alone sets it for what it schedules (clients SHOULD NOT change it);
     * where a client handles the scheduling (SCHEDULE-AGENT=CLIENT or NONE) its value stays (§3.2.2.1 item 10).
     *
     * @param storedCopy the stored text, or {@code null} when the object is being created
     */
    public static String keepServerScheduleStatus(String storedCopy, String incoming) {
        CalendarObjectTree doc = CalendarObjectTree.parse(incoming);
        CalendarObjectTree old = storedCopy == null ? null : CalendarObjectTree.parse(storedCopy);
        Map<String, Component> oldByKey = old == null ? Map.of() : old.byKey();
        Component oldMaster = old == null ? null : old.master();
        boolean changed = false;
        for (Component c : doc.items()) {
            Component before = oldByKey.getOrDefault(doc.key(c), oldMaster);
            List<Line> lines = c.lines();
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                if (!l.name().equals("ATTENDEE") && !l.name().equals("ORGANIZER")) continue;
                ContentLine p = ContentLine.of(l);
                String agent = p.param("SCHEDULE-AGENT");
                if (agent != null && !agent.trim().equalsIgnoreCase("SERVER")) continue;
                String want = statusIn(before, l.name(), p.value());
                if (Objects.equals(want, p.param("SCHEDULE-STATUS"))) continue;
                lines.set(i, (want == null ? p.without("SCHEDULE-STATUS") : p.with("SCHEDULE-STATUS", want)).line());
                changed = true;
            }
        }
        return changed ? doc.text() : incoming;
    }

    /** SCHEDULE-STATUS of the {@code property} line of {@code address} in {@code c}, or {@code null}. */
    private static String statusIn(Component c, String property, String address) {
        if (c == null) return null;
        for (Line l : c.lines()) {
            if (l.name().equals(property) && Addresses.same(l.value(), address)) return ContentLine.of(l).param("SCHEDULE-STATUS");
        }
        return null;
    }

    /**
     * The attendee's copy with TRANSP:TRANSPARENT on every component where the attendee is DECLINED, so that a
     * resource's declined parts never block its time, whoever declined them. Other lines keep their bytes.
     */
    public static String transparentWhereDeclined(String attendeeCopy, String attendeeAddress) {
        CalendarObjectTree doc = CalendarObjectTree.parse(attendeeCopy);
        boolean changed = false;
        for (Component c : doc.items()) {
            Line att = ItipBodyParts.attendeeLine(c, attendeeAddress);
            if (att == null || !"DECLINED".equalsIgnoreCase(ContentLine.of(att).param("PARTSTAT"))) continue;
            Line transp = c.line("TRANSP");
            if (transp != null && transp.value().trim().equalsIgnoreCase("TRANSPARENT")) continue;
            CalendarObjectTree.setLine(c, ContentLine.of("TRANSP", "TRANSPARENT"));
            changed = true;
        }
        return changed ? doc.text() : attendeeCopy;
    }

    private static String setStatus(String text, String property, Map<String, String> byAddress, String all) {
        CalendarObjectTree doc = CalendarObjectTree.parse(text);
        boolean changed = false;
        for (Component c : doc.items()) {
            List<Line> lines = c.lines();
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                if (!l.name().equals(property)) continue;
                String status = all != null ? all : byAddress.get(Addresses.normalize(l.value()));
                if (status == null) continue;
                ContentLine p = ContentLine.of(l);
                ContentLine q = p.with("SCHEDULE-STATUS", status);
                if (!q.unfolded().equals(p.unfolded())) {
                    lines.set(i, q.line());
                    changed = true;
                }
            }
        }
        return changed ? doc.text() : text;
    }
}
