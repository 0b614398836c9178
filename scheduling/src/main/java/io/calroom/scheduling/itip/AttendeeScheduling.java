package io.calroom.scheduling.itip;

import io.calroom.ical.ComponentTypes;
import io.calroom.ical.tree.CalendarObjectTree;
import io.calroom.ical.tree.ContentLine;
import io.calroom.ical.tree.IcalTree.Component;
import io.calroom.ical.tree.IcalTree.Line;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 6638 §3.2.2: an attendee changes or removes its copy of a scheduling object.
 *
 * <h2>Allowed changes (§3.2.2.1)</h2>
 * Its own PARTSTAT and other parameters of its own ATTENDEE line, TRANSP, PERCENT-COMPLETE, COMPLETED, CATEGORIES,
 * VALARMs, CALSCALE/PRODID, CREATED/DTSTAMP/LAST-MODIFIED/SEQUENCE, X- properties and parameters, the PARTSTAT and
 * SCHEDULE-* parameters of other attendees, added EXDATEs (and removing the overrides they exclude), and new overrides
 * that only differ from the master in these. Anything else (SUMMARY, LOCATION, DESCRIPTION, times, RRULE, attendee
 * list, ROLE, STATUS, ORGANIZER, UID, removing the master or an EXDATE) is {@link AttendeeChangeNotAllowed}.
 *
 * <h2>REPLY (§3.2.2.3, §3.2.2.4)</h2>
 * One REPLY to the organizer with the components whose PARTSTAT of the attendee changed (an override new in the
 * copy is compared with the master it came from), plus a component with PARTSTAT=DECLINED for each instance the
 * attendee removed with a new EXDATE, plus every component when the ORGANIZER carries SCHEDULE-FORCE-SEND=REPLY.
 * On delete: DECLINED for every instance it takes part in that is not cancelled or declined already. Nothing is sent
 * when the ORGANIZER has SCHEDULE-AGENT CLIENT or NONE, or for components where the attendee's own SCHEDULE-AGENT is
 * not SERVER. The REPLY (RFC 5546 §3.2.3) has METHOD:REPLY, the VTIMEZONEs used, and per component UID, DTSTAMP =
 * now, SEQUENCE of the answered revision, RECURRENCE-ID, DTSTART (DTEND/DURATION), SUMMARY, ORGANIZER and only the
 * replying ATTENDEE, without SCHEDULE-* parameters and RSVP.
 */
public final class AttendeeScheduling {

    private AttendeeScheduling() {
    }

    /** The attendee changed its copy in a way only the organizer may (CALDAV:allowed-attendee-scheduling-object-change). */
    public static final class AttendeeChangeNotAllowed extends Exception {
        private static final long serialVersionUID = 1L;

        public AttendeeChangeNotAllowed(String message) {
            super(message);
        }

        /** The CalDAV precondition element name (RFC 6638 §3.2.4.4), answered with 403. */
        public String precondition() {
            return "allowed-attendee-scheduling-object-change";
        }
    }

    /**
     * @param reply        the REPLY to deliver to the organizer, if any
     * @param attendeeText the text to store ({@code null} on delete): the new text without SCHEDULE-FORCE-SEND on
     *                     the ORGANIZER; the caller then sets SCHEDULE-STATUS on the ORGANIZER with
     *                     {@link ItipProcessing#setOrganizerScheduleStatus} when a REPLY was delivered (§7.3)
     */
    public record AttendeeResult(Optional<ItipMessage> reply, String attendeeText) {
    }

    /** See the class description; {@code oldText} null = the attendee creates the object, {@code newText} null = delete. */
    public static Optional<ItipMessage> schedule(String oldText, String newText, String attendeeAddress, Instant now)
            throws AttendeeChangeNotAllowed {
        return process(oldText, newText, attendeeAddress, now).reply();
    }

    public static AttendeeResult process(String oldText, String newText, String attendeeAddress, Instant now)
            throws AttendeeChangeNotAllowed {
        Objects.requireNonNull(attendeeAddress, "attendeeAddress");
        Objects.requireNonNull(now, "now");
        if (oldText == null && newText == null) return new AttendeeResult(Optional.empty(), null);
        ObjectView oldV = oldText == null ? null : ObjectView.of(CalendarObjectTree.parse(oldText));
        CalendarObjectTree newDoc = newText == null ? null : CalendarObjectTree.parse(newText);
        ObjectView newV = newDoc == null ? null : ObjectView.of(newDoc);
        String a = Addresses.normalize(attendeeAddress);

        if (newV == null) { // Remove (§3.2.2.4)
            if (!oldV.isScheduling() || !"SERVER".equals(oldV.organizerAgent())) {
                return new AttendeeResult(Optional.empty(), null);
            }
            List<Part> parts = new ArrayList<>();
            if (oldV.master == null || !oldV.master.cancelled) {
                for (ComparableComponent f : oldV.byKey.values()) {
                    Attendee me = f.attendee(a);
                    if (me == null || !me.serverScheduled() || f.cancelled || me.partstat().equals("DECLINED")) continue;
                    parts.add(new Part(f.key, f, null, "DECLINED"));
                }
            }
            return new AttendeeResult(reply(oldV, parts, oldV.organizer(), a, now), null);
        }

        boolean rewritten = stripForceSend(newDoc);
        if (oldV != null && oldV.isScheduling()) checkIdentity(oldV, newV, a);
        if (!newV.isScheduling() || !"SERVER".equals(newV.organizerAgent())) {
            return new AttendeeResult(Optional.empty(), rewritten ? newDoc.text() : newText);
        }
        boolean force = false;
        for (ComparableComponent f : newV.byKey.values()) force |= "REPLY".equals(f.organizerForceSend);

        List<Part> parts = new ArrayList<>();
        if (oldV == null || !oldV.isScheduling()) { // Create (§3.2.2.2): nothing unless forced
            if (force) parts.addAll(all(newV, a));
            return new AttendeeResult(reply(newV, parts, newV.organizer(), a, now), rewritten ? newDoc.text() : newText);
        }

        // §3.2.2.1 item 8: instances the attendee leaves out are declined, never reinstated by it
        rewritten |= keepExcludedInstances(oldV, newDoc);
        Set<String> removed = declinedByRemoval(oldV, newDoc);
        rewritten |= excludeInstances(newDoc, removed);
        if (rewritten) newV = ObjectView.of(newDoc);

        checkAllowed(oldV, newV);
        if (force) {
            parts.addAll(all(newV, a));
        } else {
            for (ComparableComponent f : newV.byKey.values()) {
                Attendee me = f.attendee(a);
                if (me == null || !me.serverScheduled()) continue;
                ComparableComponent before = oldV.view(f.key);
                Attendee was = before == null ? null : before.attendee(a);
                if (was == null || !was.partstat().equals(me.partstat())) parts.add(new Part(f.key, f, null, me.partstat()));
            }
            if (oldV.master != null && newV.master != null) {
                for (String k : newV.master.exdates) {
                    if (oldV.master.exdates.contains(k)) continue;
                    ComparableComponent before = oldV.view(k);
                    Attendee was = before == null ? null : before.attendee(a);
                    if (was == null || !was.serverScheduled()) continue;
                    parts.add(new Part(k, before, oldV, "DECLINED"));
                }
                for (Map.Entry<String, ComparableComponent> e : oldV.byKey.entrySet()) {
                    String k = e.getKey();
                    if (k.isEmpty() || newV.byKey.containsKey(k) || newV.master.exdates.contains(k)) continue;
                    Attendee was = e.getValue().attendee(a);
                    Attendee now2 = newV.master.attendee(a);
                    if (was != null && now2 != null && now2.serverScheduled() && !was.partstat().equals(now2.partstat())) {
                        parts.add(new Part(k, newV.master, newV, now2.partstat()));
                    }
                }
            }
        }
        if (oldV.master == null) {
            // an attendee of some instances only, without a master to carry an EXDATE: the removed ones are declined
            for (String k : removed) {
                ComparableComponent before = oldV.byKey.get(k);
                Attendee was = before.attendee(a);
                if (was != null && was.serverScheduled() && !before.cancelled) parts.add(new Part(k, before, oldV, "DECLINED"));
            }
        }
        return new AttendeeResult(reply(newV, parts, newV.organizer(), a, now), rewritten ? newDoc.text() : newText);
    }

    /**
     * One component of a REPLY: instance {@code key} answered from {@code source}, a component of {@code owner}
     * ({@code null}: of the document replied from); a master standing for an instance without override is named by
     * RECURRENCE-ID {@code key}.
     */
    private record Part(String key, ComparableComponent source, ObjectView owner, String partstat) {
    }

    private static List<Part> all(ObjectView v, String a) {
        List<Part> parts = new ArrayList<>();
        for (ComparableComponent f : v.byKey.values()) {
            Attendee me = f.attendee(a);
            if (me != null && me.serverScheduled()) parts.add(new Part(f.key, f, null, me.partstat()));
        }
        return parts;
    }

    // ---- allowed changes -------------------------------------------------------------------------------------

    /**
     * What identifies an attendee's copy is the organizer's, never the attendee's to change (RFC 6638 §3.2.2.1 lists
     * none of it; RFC 5546 §2.1.5: only the organizer sends REQUESTs): the copy stays a scheduling object (delete it to
     * decline), its ORGANIZER and the ORGANIZER's SCHEDULE-AGENT stay, the attendee stays an attendee, and no
     * SCHEDULE-AGENT of an ATTENDEE changes. Checked whatever the ORGANIZER's SCHEDULE-AGENT.
     */
    static void checkIdentity(ObjectView oldV, ObjectView newV, String a) throws AttendeeChangeNotAllowed {
        if (newV.organizer() == null) throw new AttendeeChangeNotAllowed("ORGANIZER removed: only the organizer may do that");
        if (!oldV.organizer().equals(newV.organizer())) {
            throw new AttendeeChangeNotAllowed("ORGANIZER changed: only the organizer may send requests for this event");
        }
        if (!oldV.organizerAgent().equals(newV.organizerAgent())) {
            throw new AttendeeChangeNotAllowed("SCHEDULE-AGENT of the ORGANIZER changed");
        }
        if (!newV.attendeeAddresses().contains(a)) {
            throw new AttendeeChangeNotAllowed("the attendee removed its own ATTENDEE: delete the copy to decline");
        }
        if (!newV.isScheduling()) throw new AttendeeChangeNotAllowed("every ATTENDEE removed");
        for (ComparableComponent nf : newV.byKey.values()) {
            ComparableComponent of = oldV.view(nf.key);
            if (of == null) continue;
            for (Attendee att : nf.attendees) {
                Attendee was = of.attendee(att.address());
                if (was != null && !was.scheduleAgent().equals(att.scheduleAgent())) {
                    throw new AttendeeChangeNotAllowed("SCHEDULE-AGENT of " + att.normalizedAddress() + " changed");
                }
            }
        }
    }

    /**
     * A client that missed the organizer's CANCEL of an instance (or the attendee's own earlier EXDATE) sends the copy
     * with that instance again: it stays excluded — the stored copy's EXDATEs are put back into the master and
     * components for excluded instances are dropped — so nothing is reinstated and nothing is sent for it. True if
     * {@code newDoc} changed.
     */
    private static boolean keepExcludedInstances(ObjectView oldV, CalendarObjectTree newDoc) {
        if (oldV.master == null || oldV.master.exdates.isEmpty()) return false;
        Component master = newDoc.master();
        if (master == null) return false;
        Set<String> present = newDoc.keys(master, "EXDATE");
        ContentLine start = master.line("DTSTART") == null ? null : ContentLine.of(master.line("DTSTART"));
        boolean changed = false;
        for (String k : oldV.master.exdates) {
            if (oldV.byKey.containsKey(k)) continue;
            if (newDoc.root.children().removeIf(c -> ComponentTypes.isItem(c.name()) && k.equals(newDoc.key(c)))) {
                changed = true;
            }
            if (!present.contains(k)) {
                master.lines().add(newDoc.propertyLike("EXDATE", start, k).line());
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Overrides of the stored copy that the new text leaves out, without an EXDATE for them, where the master does not
     * say the same (it differs in content or times): the attendee removed the instance, i.e. declines it (RFC 6638
     * §3.2.2.1 item 8, as Apple Calendar and Thunderbird do when one deletes one occurrence).
     */
    private static Set<String> declinedByRemoval(ObjectView oldV, CalendarObjectTree newDoc) {
        ObjectView newV = ObjectView.of(newDoc);
        Set<String> out = new LinkedHashSet<>();
        for (ComparableComponent of : oldV.byKey.values()) {
            if (of.isMaster() || newV.byKey.containsKey(of.key)) continue;
            if (newV.master != null && newV.master.exdates.contains(of.key)) continue;
            ComparableComponent m = oldV.master;
            if (m != null && m.sameContent(of) && m.instanceTimes.equals(of.instanceTimes)) continue; // back to the master
            out.add(of.key);
        }
        return out;
    }

    /** Adds an EXDATE to the master for each key (when there is a master); true if {@code newDoc} changed. */
    private static boolean excludeInstances(CalendarObjectTree newDoc, Set<String> keys) {
        Component master = newDoc.master();
        if (keys.isEmpty() || master == null) return false;
        ContentLine start = master.line("DTSTART") == null ? null : ContentLine.of(master.line("DTSTART"));
        for (String k : keys) master.lines().add(newDoc.propertyLike("EXDATE", start, k).line());
        return true;
    }


    static void checkAllowed(ObjectView oldV, ObjectView newV) throws AttendeeChangeNotAllowed {
        if (!Objects.equals(oldV.doc.uid(), newV.doc.uid())) throw new AttendeeChangeNotAllowed("UID changed");
        if ((oldV.master == null) != (newV.master == null)) {
            throw new AttendeeChangeNotAllowed(oldV.master == null ? "master component added" : "master component removed");
        }
        for (ComparableComponent nf : newV.byKey.values()) {
            ComparableComponent of = oldV.byKey.get(nf.key);
            String where = nf.key.isEmpty() ? "the master" : "instance " + nf.key;
            if (of == null) {
                of = oldV.view(nf.key);
                if (of == null) throw new AttendeeChangeNotAllowed("instance " + nf.key + " added");
                String diff = of.contentDifference(nf);
                if (diff != null) throw new AttendeeChangeNotAllowed(describe(diff) + " changed in " + where);
                if (!of.instanceTimes.equals(nf.instanceTimes)) {
                    throw new AttendeeChangeNotAllowed("times changed in " + where);
                }
                continue;
            }
            String diff = of.contentDifference(nf);
            if (diff != null) throw new AttendeeChangeNotAllowed(describe(diff) + " changed in " + where);
            if (!of.recurrence.equals(nf.recurrence) || !of.instanceTimes.equals(nf.instanceTimes)) {
                throw new AttendeeChangeNotAllowed("times or recurrence changed in " + where);
            }
            if (!nf.exdates.containsAll(of.exdates)) throw new AttendeeChangeNotAllowed("EXDATE removed");
        }
        for (ComparableComponent of : oldV.byKey.values()) {
            if (newV.byKey.containsKey(of.key)) continue;
            if (newV.master != null && newV.master.exdates.contains(of.key)) continue;
            if (oldV.master == null && !of.isMaster()) continue; // an instance-only attendee declines it by removing it
            ComparableComponent m = oldV.master;
            if (m == null || !m.sameContent(of) || !m.instanceTimes.equals(of.instanceTimes)) {
                throw new AttendeeChangeNotAllowed("instance " + of.key + " removed");
            }
        }
    }

    private static String describe(String normalizedLine) {
        int end = 0;
        while (end < normalizedLine.length() && normalizedLine.charAt(end) != ';' && normalizedLine.charAt(end) != ':'
                && normalizedLine.charAt(end) != '|') end++;
        String name = normalizedLine.substring(0, end);
        return name.equals("ATTENDEE") ? "attendee list" : name;
    }

    // ---- REPLY ---------------------------------------------------------------------------------------------------

    private static Optional<ItipMessage> reply(ObjectView v, List<Part> parts, String organizer, String a, Instant now) {
        if (parts.isEmpty() || organizer == null) return Optional.empty();
        Component root = ItipBodyParts.calendar(v.doc, "REPLY");
        Set<String> keys = new LinkedHashSet<>();
        for (Part p : parts) {
            if (!keys.add(p.key())) continue;
            ObjectView owner = p.owner() != null ? p.owner() : v;
            Component s = p.source().component;
            Component c = new Component(p.source().type);
            c.lines().add(ItipBodyParts.line(s, "UID"));
            c.lines().add(ContentLine.of("DTSTAMP", CalendarObjectTree.stamp(now)).line());
            c.lines().add(ContentLine.of("SEQUENCE", Integer.toString(p.source().sequence)).line());
            if (!p.key().isEmpty() && s.line("RECURRENCE-ID") == null) {
                // the master stands for an instance that has no override: name the instance
                ContentLine start = s.line("DTSTART") == null ? null : ContentLine.of(s.line("DTSTART"));
                c.lines().add(owner.doc.propertyLike("RECURRENCE-ID", start, p.key()).line());
                c.lines().add(owner.doc.propertyLike("DTSTART", start, p.key()).line());
                Line duration = ItipBodyParts.line(s, "DURATION");
                if (duration != null) c.lines().add(duration);
            } else {
                for (String n : List.of("RECURRENCE-ID", "DTSTART", "DTEND", "DURATION", "DUE")) {
                    Line l = ItipBodyParts.line(s, n);
                    if (l != null) c.lines().add(l);
                }
            }
            Line summary = ItipBodyParts.line(s, "SUMMARY");
            if (summary != null) c.lines().add(summary);
            Line org = ItipBodyParts.line(s, "ORGANIZER");
            if (org != null) c.lines().add(org);
            Line me = ItipBodyParts.attendeeLine(s, a);
            ContentLine att = me == null ? ContentLine.of("ATTENDEE", a) : ContentLine.of(me);
            att = att.without("SCHEDULE-AGENT", "SCHEDULE-STATUS", "SCHEDULE-FORCE-SEND", "RSVP")
                    .with("PARTSTAT", p.partstat());
            c.lines().add(att.line());
            root.children().add(c);
        }
        List<CalendarObjectTree> sources = new ArrayList<>();
        sources.add(v.doc);
        for (Part p : parts) if (p.owner() != null && !sources.contains(p.owner().doc)) sources.add(p.owner().doc);
        ItipBodyParts.addTimezones(root, sources.toArray(new CalendarObjectTree[0]));
        return Optional.of(new ItipMessage("REPLY", a, organizer, root.text(), keys));
    }

    /** Removes SCHEDULE-FORCE-SEND from ORGANIZER lines (§7.2); true if something was removed. */
    private static boolean stripForceSend(CalendarObjectTree doc) {
        boolean any = false;
        for (Component c : doc.items()) {
            List<Line> lines = c.lines();
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                if (!l.name().equals("ORGANIZER")) continue;
                ContentLine p = ContentLine.of(l);
                if (p.hasParam("SCHEDULE-FORCE-SEND")) {
                    lines.set(i, p.without("SCHEDULE-FORCE-SEND").line());
                    any = true;
                }
            }
        }
        return any;
    }
}
