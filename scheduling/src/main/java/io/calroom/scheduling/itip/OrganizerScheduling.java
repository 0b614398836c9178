package io.calroom.scheduling.itip;

import io.calroom.ical.tree.CalendarObjectTree;
import io.calroom.ical.tree.ContentLine;
import io.calroom.ical.tree.IcalTree.Component;
import io.calroom.ical.tree.IcalTree.Line;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * RFC 6638 §3.2.1: what the server sends when an organizer creates, modifies or removes a scheduling object
 * resource.
 *
 * <h2>Per-instance comparison (§3.2.1.2)</h2>
 * Instances are compared by key (RECURRENCE-ID in UTC, "" for the master). An instance without an override of its
 * own is governed by the master unless an EXDATE removes it. For each attendee with SCHEDULE-AGENT=SERVER (absent)
 * that is not the organizer:
 * <ul>
 * <li>in an instance now, and not before (added, or SCHEDULE-AGENT changed to SERVER), or the instance changed
 *     significantly, or SCHEDULE-FORCE-SEND=REQUEST on its ATTENDEE: one REQUEST with every component it is in;</li>
 * <li>in an instance before and not now (removed, SCHEDULE-AGENT set to CLIENT/NONE, instance EXDATE'd or
 *     STATUS:CANCELLED): a CANCEL for those instances; when it is left in no instance at all, a CANCEL of the whole
 *     object (without RECURRENCE-ID) if it was in the master, else a CANCEL of the instances it was in; when it was
 *     removed from the master but stays in some overrides, a CANCEL of the whole object followed by a REQUEST with
 *     those overrides.</li>
 * </ul>
 * A significant change of an instance is one of the {@link Instance#significantFingerprint() significant content}
 * (which includes the attendee list, so adding or removing an attendee updates the others too), of its times, or of
 * its status, or a reinstated EXDATE. Messages come in delivery order: for one recipient a CANCEL precedes its
 * REQUEST.
 *
 * <h2>The organizer's copy</h2>
 * SCHEDULE-FORCE-SEND parameters are removed (§7.2). A component whose change is significant (or whose master gained
 * EXDATEs) gets SEQUENCE = old + 1 unless the client already raised it (RFC 5546 §2.1.4). A component whose times
 * changed (DTSTART, DTEND, DURATION, DUE, RRULE, RDATE, a removed EXDATE) has the PARTSTAT of its SERVER attendees
 * other than the organizer reset to NEEDS-ACTION (§3.2.8). SCHEDULE-STATUS is left to the caller
 * ({@link ItipProcessing#setScheduleStatus}) once it knows the delivery results; it must only set it for the
 * recipients of messages (§7.3).
 *
 * <h2>Bodies</h2>
 * REQUEST: METHOD:REQUEST, the VTIMEZONEs used, the master if the attendee is in it (with an EXDATE for each
 * override that excludes the attendee or is cancelled, §3.2.6), the overrides it is in, without VALARMs, personal
 * X-MOZ-/X-APPLE- properties and SCHEDULE-* parameters, DTSTAMP = now, SEQUENCE present. CANCEL: METHOD:CANCEL, one
 * component per cancelled instance with UID, DTSTAMP, SEQUENCE, RECURRENCE-ID (instances), DTSTART, SUMMARY,
 * ORGANIZER and the recipient's ATTENDEE; STATUS:CANCELLED when the event or instance itself is cancelled, not when
 * only the recipient was uninvited (RFC 5546 §3.2.5).
 * <p>
 * Inputs are texts the server has already accepted; unreadable text is an {@link IllegalArgumentException}.
 */
public final class OrganizerScheduling {

    private OrganizerScheduling() {
    }

    /**
     * @param messages          one per recipient and method, in delivery order
     * @param organizerText     the text to store: the new text, rewritten as described above; {@code null} when the
     *                          object was deleted; the new text unchanged when nothing needed rewriting
     * @param significantChange attendees had to be told something (always true for create and delete of a
     *                          scheduling object)
     */
    public record OrganizerResult(List<ItipMessage> messages, String organizerText, boolean significantChange) {
        public OrganizerResult {
            messages = List.copyOf(messages);
        }
    }

    /**
     * @param oldText          the stored text, {@code null} on create
     * @param newText          the text being stored, {@code null} on delete
     * @param organizerAddress the organizer's address (one of the owner's); never sent a message
     */
    public static OrganizerResult schedule(String oldText, String newText, String organizerAddress, Instant now) {
        Objects.requireNonNull(now, "now");
        CalendarObjectTree oldDoc = oldText == null ? null : CalendarObjectTree.parse(oldText);
        ObjectView oldV = oldDoc == null ? null : ObjectView.of(oldDoc);
        if (oldV != null && !oldV.isScheduling()) oldV = null;
        CalendarObjectTree newDoc = newText == null ? null : CalendarObjectTree.parse(newText);
        ObjectView draft = newDoc == null ? null : ObjectView.of(newDoc);
        if (draft != null && !draft.isScheduling()) draft = null; // scheduling object → plain object: Remove
        if (oldV == null && draft == null) return new OrganizerResult(List.of(), newText, false);

        String organizer = draft != null ? draft.organizer() : oldV.organizer();
        Set<String> self = new HashSet<>();
        if (organizer != null) self.add(organizer);
        if (organizerAddress != null) self.add(Addresses.normalize(organizerAddress));
        String sender = organizer != null ? organizer : Addresses.normalize(organizerAddress);

        Set<String> keys = new LinkedHashSet<>();
        if (oldV != null) keys.addAll(oldV.byKey.keySet());
        if (draft != null) keys.addAll(draft.byKey.keySet());
        if (oldV != null && draft != null && oldV.master != null && draft.master != null) {
            for (String k : draft.master.exdates) if (!oldV.master.exdates.contains(k)) keys.add(k);
        }

        Map<String, Set<String>> forced = new HashMap<>();
        Map<String, Boolean> changed = new HashMap<>();
        for (String k : keys) changed.put(k, changed(oldV, draft, k));
        boolean significant = oldV == null || draft == null;

        ObjectView newV = draft;
        boolean rewritten = false;
        if (draft != null) {
            for (ComparableComponent f : draft.byKey.values()) {
                for (Attendee a : f.attendees) {
                    if ("REQUEST".equals(a.scheduleForceSend())) {
                        forced.computeIfAbsent(a.normalizedAddress(), x -> new HashSet<>()).add(f.key);
                    }
                }
            }
            for (Map.Entry<String, ComparableComponent> e : draft.byKey.entrySet()) {
                String k = e.getKey();
                ComparableComponent nf = e.getValue();
                ComparableComponent of = oldV == null ? null : oldV.view(k);
                boolean resched = of != null && rescheduled(oldV, draft, k);
                boolean exdatesAdded = k.isEmpty() && of != null && !of.exdates.containsAll(nf.exdates);
                boolean touched = of != null && (changed.get(k) || exdatesAdded);
                if (touched) significant = true;
                rewritten |= rewriteOrganizerComponent(nf.component, self, resched);
                if (touched && nf.sequence <= of.sequence) {
                    CalendarObjectTree.setLine(nf.component, ContentLine.of("SEQUENCE", Integer.toString(of.sequence + 1)));
                    rewritten = true;
                }
            }
            if (rewritten) newV = ObjectView.of(newDoc);
        }

        Set<String> addresses = new LinkedHashSet<>();
        if (newV != null) addresses.addAll(newV.attendeeAddresses());
        if (oldV != null) addresses.addAll(oldV.attendeeAddresses());
        addresses.removeAll(self);

        List<ItipMessage> messages = new ArrayList<>();
        for (String a : addresses) {
            boolean request = false;
            boolean anyWas = false;
            boolean anyIs = false;
            List<String> wasKeys = new ArrayList<>();
            List<String> cancelKeys = new ArrayList<>();
            for (String k : keys) {
                boolean was = oldV != null && oldV.serverScheduledIn(k, a);
                boolean is = newV != null && newV.serverScheduledIn(k, a);
                if (was) {
                    anyWas = true;
                    wasKeys.add(k);
                }
                if (is) anyIs = true;
                if (was && !is) cancelKeys.add(k);
                boolean force = forced.getOrDefault(a, Set.of()).contains(k);
                if (is && (!was || changed.get(k) || force)) request = true;
            }
            if (anyWas && !anyIs) {
                messages.add(cancel(oldV, newV, sender, a, wasKeys.contains("") ? List.of("") : wasKeys, now));
                significant = true;
                continue;
            }
            if (cancelKeys.contains("")) {
                messages.add(cancel(oldV, newV, sender, a, List.of(""), now));
                request = true;
            } else if (!cancelKeys.isEmpty()) {
                messages.add(cancel(oldV, newV, sender, a, cancelKeys, now));
            }
            if (!cancelKeys.isEmpty()) significant = true;
            if (request) messages.add(request(newV, sender, a, now));
        }
        String organizerText = newText == null ? null : rewritten ? newDoc.text() : newText;
        return new OrganizerResult(messages, organizerText, significant);
    }

    /**
     * REQUESTs that tell the other attendees of the given instances about a changed participation status (RFC 6638
     * §4.2: "SHOULD send scheduling messages to all the other Attendees"), after {@link ItipProcessing#applyReply}.
     * Not sent to the organizer, to {@code replyingAttendee}, or to attendees with SCHEDULE-AGENT other than SERVER.
     */
    public static List<ItipMessage> refreshAttendees(String organizerText, String organizerAddress,
                                                     String replyingAttendee, Collection<String> instanceKeys,
                                                     Instant now) {
        ObjectView v = ObjectView.of(CalendarObjectTree.parse(organizerText));
        if (!v.isScheduling()) return List.of();
        String sender = v.organizer();
        Set<String> skip = new HashSet<>();
        skip.add(sender);
        if (organizerAddress != null) skip.add(Addresses.normalize(organizerAddress));
        if (replyingAttendee != null) skip.add(Addresses.normalize(replyingAttendee));
        List<ItipMessage> out = new ArrayList<>();
        for (String a : v.attendeeAddresses()) {
            if (skip.contains(a)) continue;
            boolean concerned = false;
            for (String k : instanceKeys) concerned |= v.serverScheduledIn(k, a);
            if (concerned) out.add(request(v, sender, a, now));
        }
        return out;
    }

    // ---- comparison ----------------------------------------------------------------------------------------------

    static boolean changed(ObjectView o, ObjectView n, String k) {
        ComparableComponent ov = o == null ? null : o.view(k);
        ComparableComponent nv = n == null ? null : n.view(k);
        if (ov == null || nv == null) return ov != nv;
        if (o.cancelled(k) != n.cancelled(k)) return true;
        if (k.isEmpty()) return masterChanged(ov, nv);
        if (o.derived(k) && n.derived(k)) return masterChanged(o.master, n.master);
        return !ov.sameContent(nv) || !ov.instanceTimes.equals(nv.instanceTimes);
    }

    static boolean masterChanged(ComparableComponent a, ComparableComponent b) {
        return !a.sameContent(b) || timesChanged(a, b);
    }

    private static boolean timesChanged(ComparableComponent a, ComparableComponent b) {
        return !a.recurrence.equals(b.recurrence) || !a.instanceTimes.equals(b.instanceTimes)
                || !b.exdates.containsAll(a.exdates);
    }

    /** RFC 6638 §3.2.8: the times of instance {@code k} changed (a reschedule). */
    static boolean rescheduled(ObjectView o, ObjectView n, String k) {
        ComparableComponent ov = o == null ? null : o.view(k);
        ComparableComponent nv = n == null ? null : n.view(k);
        if (ov == null || nv == null) return false;
        if (k.isEmpty()) return timesChanged(ov, nv);
        if (o.derived(k) && n.derived(k)) return timesChanged(o.master, n.master);
        return !ov.instanceTimes.equals(nv.instanceTimes);
    }

    /** Drops SCHEDULE-FORCE-SEND and, on a reschedule, resets attendees' PARTSTAT; true if a line changed. */
    private static boolean rewriteOrganizerComponent(Component c, Set<String> self, boolean resched) {
        boolean changedAny = false;
        List<Line> lines = c.lines();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (!l.name().equals("ATTENDEE") && !l.name().equals("ORGANIZER")) continue;
            ContentLine p = ContentLine.of(l);
            ContentLine q = p.without("SCHEDULE-FORCE-SEND");
            if (resched && l.name().equals("ATTENDEE") && !self.contains(Addresses.normalize(p.value()))) {
                Attendee a = ComparableComponent.attendee(p);
                if (a.serverScheduled() && !a.partstat().equals("NEEDS-ACTION")) q = q.with("PARTSTAT", "NEEDS-ACTION");
            }
            if (q != p) {
                lines.set(i, q.line());
                changedAny = true;
            }
        }
        return changedAny;
    }

    // ---- bodies --------------------------------------------------------------------------------------------------

    static ItipMessage request(ObjectView v, String sender, String attendee, Instant now) {
        Component root = ItipBodyParts.calendar(v.doc, "REQUEST");
        Set<String> keys = new LinkedHashSet<>();
        ComparableComponent m = v.master;
        if (m != null && m.has(attendee) && !m.cancelled) {
            Component mc = ItipBodyParts.forRequest(m.component, now);
            ContentLine dtstart = mc.line("DTSTART") == null ? null : ContentLine.of(mc.line("DTSTART"));
            for (ComparableComponent f : v.byKey.values()) {
                if (f.isMaster() || m.exdates.contains(f.key)) continue;
                if (!f.has(attendee) || f.cancelled) {
                    mc.lines().add(v.doc.propertyLike("EXDATE", dtstart, f.key).line());
                }
            }
            root.children().add(mc);
            keys.add("");
        }
        for (ComparableComponent f : v.byKey.values()) {
            if (f.isMaster() || !f.has(attendee) || f.cancelled) continue;
            if (m != null && m.cancelled) continue;
            root.children().add(ItipBodyParts.forRequest(f.component, now));
            keys.add(f.key);
        }
        ItipBodyParts.addTimezones(root, v.doc);
        return new ItipMessage("REQUEST", sender, Addresses.normalize(attendee), root.text(), keys);
    }

    /** A CANCEL to {@code attendee} for {@code keys} ("" alone: the whole object). */
    static ItipMessage cancel(ObjectView oldV, ObjectView newV, String sender, String attendee, List<String> keys,
                              Instant now) {
        Component root = ItipBodyParts.calendar(oldV.doc, "CANCEL");
        for (String k : keys) {
            ComparableComponent src = oldV.view(k);
            if (src == null) continue;
            Component c = new Component(src.type);
            Component s = src.component;
            c.lines().add(ItipBodyParts.line(s, "UID"));
            c.lines().add(ContentLine.of("DTSTAMP", CalendarObjectTree.stamp(now)).line());
            c.lines().add(ContentLine.of("SEQUENCE", Integer.toString(cancelSequence(oldV, newV, k))).line());
            boolean cancelledItself;
            if (k.isEmpty()) {
                copy(s, c, "DTSTART", "DTEND", "DURATION", "DUE");
                cancelledItself = newV == null || newV.master == null || newV.master.cancelled;
            } else {
                ContentLine masterStart = oldV.master == null || oldV.master.component.line("DTSTART") == null ? null
                        : ContentLine.of(oldV.master.component.line("DTSTART"));
                if (oldV.derived(k)) {
                    c.lines().add(oldV.doc.propertyLike("RECURRENCE-ID", masterStart, k).line());
                    c.lines().add(oldV.doc.propertyLike("DTSTART", masterStart, k).line());
                } else {
                    copy(s, c, "RECURRENCE-ID", "DTSTART", "DTEND", "DURATION", "DUE");
                }
                cancelledItself = newV == null || newV.view(k) == null || newV.cancelled(k);
            }
            copy(s, c, "SUMMARY", "ORGANIZER");
            Line att = ItipBodyParts.attendeeLine(s, attendee);
            if (att != null) c.lines().add(ItipBodyParts.stripScheduling(att));
            if (cancelledItself) c.lines().add(ContentLine.of("STATUS", "CANCELLED").line());
            root.children().add(c);
        }
        ItipBodyParts.addTimezones(root, oldV.doc, newV == null ? null : newV.doc);
        return new ItipMessage("CANCEL", sender, Addresses.normalize(attendee), root.text(), new LinkedHashSet<>(keys));
    }

    private static void copy(Component from, Component to, String... names) {
        for (String n : names) {
            Line l = ItipBodyParts.line(from, n);
            if (l != null) to.lines().add(l);
        }
    }

    /** SEQUENCE of a CANCEL for instance {@code k}: above the old one, at least the new one (RFC 5546 §2.1.4). */
    private static int cancelSequence(ObjectView oldV, ObjectView newV, String k) {
        int s = k.isEmpty() ? oldV.maxSequence() + 1 : oldV.view(k).sequence + 1;
        if (newV != null) {
            ComparableComponent n = newV.byKey.get(k);
            if (n == null) n = newV.master;
            if (n != null) s = Math.max(s, n.sequence);
        }
        return s;
    }
}
