package io.calroom.ical.tree;

import io.calroom.ical.ComponentTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and edits of a calendar object's text that the scheduler makes outside an {@link CalendarObjectTree}: each
 * touches only the lines it is about and keeps every other byte (line endings included) as received. Together with
 * {@link ContentLine} (one content line: parameters, folding, TEXT escaping) and {@link CalendarObjectTree}
 * (instances, PARTSTAT, SCHEDULE-STATUS, overrides), this is the one place where iCalendar text is edited.
 * <p>
 * "At the start of a line" means at the start of the text or after a line terminator ({@code \n}, {@code \r\n},
 * {@code \r}, {@code U+0085}, {@code U+2028}, {@code U+2029}), never inside a folded line's continuation.
 * Property names are matched in ASCII case-insensitively unless a method says otherwise.
 */
public final class ObjectText {
    private ObjectText() {
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    /**
     * The value of the first {@code property} line of the object (components in document order, a component's own
     * lines before its subcomponents), unfolded and unescaped as TEXT (RFC 5545 §3.3.11); null when there is none or
     * the text is not iCalendar.
     */
    public static String firstText(String text, String property) {
        if (text == null || text.isEmpty()) return null;
        IcalTree.Component root;
        try {
            root = IcalTree.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
        IcalTree.Line line = first(root, property.toUpperCase(Locale.ROOT));
        return line == null ? null : ContentLine.unescapeText(line.value());
    }

    private static IcalTree.Line first(IcalTree.Component c, String name) {
        IcalTree.Line own = c.line(name);
        if (own != null) return own;
        for (IcalTree.Component child : c.children()) {
            IcalTree.Line l = first(child, name);
            if (l != null) return l;
        }
        return null;
    }

    /**
     * The text after the first colon of the first line that starts with {@code property} (case-sensitive, any
     * parameters) and has a non-empty value on that physical line, trimmed; null if none. For small texts such as a
     * {@code CALDAV:calendar-timezone} VTIMEZONE, where the first TZID line names the zone.
     */
    public static String firstLineValue(String text, String property) {
        if (text == null) return null;
        int n = text.length();
        for (int i = 0; i < n; i = nextLineStart(text, i)) {
            if (!text.startsWith(property, i)) continue;
            int colon = text.indexOf(':', i + property.length());
            if (colon < 0) return null;
            int end = colon + 1;
            while (end < n && text.charAt(end) != '\r' && text.charAt(end) != '\n') end++;
            if (end > colon + 1) return text.substring(colon + 1, end).trim();
        }
        return null;
    }

    /** Whether a line starts with {@code property} followed by ';' or ':' (a cheap test before any parsing). */
    public static boolean hasProperty(String text, String property) {
        if (text == null) return false;
        for (int i = 0; i < text.length(); i = nextLineStart(text, i)) {
            if (namedAt(text, i, property)) return true;
        }
        return false;
    }

    /** Whether some line is exactly {@code line} (case-sensitive; a line ends at a line terminator or the end). */
    public static boolean hasLine(String text, String line) {
        if (text == null) return false;
        for (int i = 0; i < text.length(); i = nextLineStart(text, i)) {
            if (!text.startsWith(line, i)) continue;
            int q = i + line.length();
            if (q == text.length() || isTerminator(text.charAt(q))) return true;
        }
        return false;
    }

    /** The text's lines unfolded (RFC 5545 §3.1), split at CRLF or LF; trailing empty lines dropped. */
    public static List<String> unfoldedLines(String text) {
        String unfolded = ContentLine.unfold(text);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < unfolded.length(); i++) {
            if (unfolded.charAt(i) != '\n') continue;
            int end = i > start && unfolded.charAt(i - 1) == '\r' ? i - 1 : i;
            out.add(unfolded.substring(start, end));
            start = i + 1;
        }
        out.add(unfolded.substring(start));
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    /**
     * RFC 5545 §3.1: the logical lines of a small text (such as a VALARM in a PROPPATCH), whatever line ends it has
     * (CRLF, CR or LF); a continuation line loses its first space or tab; blank lines are dropped.
     */
    public static List<String> logicalLines(String text) {
        List<String> out = new ArrayList<>();
        for (String folded : ContentLine.foldedLines(text)) out.add(ContentLine.unfold(folded));
        return out;
    }

    // ---- edits ------------------------------------------------------------------------------------------------

    /**
     * Adds {@code ;parameter} (as written, e.g. {@code SCHEDULE-FORCE-SEND=REPLY}) right after the name of every
     * {@code property} line, writing the name in upper case; every other byte stays.
     */
    public static String addParameterEverywhere(String text, String property, String parameter) {
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < text.length(); i = nextLineStart(text, i)) {
            if (!namedAt(text, i, property)) continue;
            if (out == null) out = new StringBuilder(text.length() + 64);
            out.append(text, copied, i).append(property.toUpperCase(Locale.ROOT)).append(';').append(parameter);
            copied = i + property.length();
        }
        if (out == null) return text;
        return out.append(text, copied, text.length()).toString();
    }

    /** Inserts {@code line} + CRLF after every {@code BEGIN:<component>} CRLF line (exact case, CRLF lines only). */
    public static String addAfterEveryBegin(String text, String component, String line) {
        String begin = "BEGIN:" + component + "\r\n";
        return text.replace(begin, begin + line + "\r\n");
    }

    /**
     * Adds the line {@code property:value} to every VEVENT, VTODO and VJOURNAL (at its own level, not in a VALARM)
     * that has no {@code property} line of its own, right after its BEGIN line. Other lines keep their bytes; the
     * text's line ending (CRLF, else LF) is used for the new lines.
     */
    public static String addToEveryItemLacking(String text, String property, String value) {
        String nl = text.contains("\r\n") ? "\r\n" : "\n";
        String[] lines = splitLines(text);
        List<String> out = new ArrayList<>(lines.length + 4);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            String upper = line.toUpperCase(Locale.ROOT);
            out.add(line);
            i++;
            if (!(upper.startsWith("BEGIN:") && ComponentTypes.isItem(upper.substring("BEGIN:".length())))) continue;
            boolean present = false;
            int depth = 0;
            for (int j = i; j < lines.length; j++) {
                String u = lines[j].toUpperCase(Locale.ROOT);
                if (u.startsWith("BEGIN:")) depth++;
                else if (u.startsWith("END:")) {
                    if (depth == 0) break;
                    depth--;
                } else if (depth == 0 && (u.startsWith(property + ":") || u.startsWith(property + ";"))) {
                    present = true;
                    break;
                }
            }
            if (!present) out.add(property + ":" + value);
        }
        return String.join(nl, out);
    }

    /**
     * Adds {@code REQUEST-STATUS:<status>[;<reason>]} (RFC 5545 §3.8.8.3 / RFC 5546 §3.8.6: {@code status} is the code
     * and its description, {@code reason} the extra data, a TEXT value, escaped here per RFC 5545 §3.3.11) at the end
     * of the first VEVENT's own lines, i.e. just before the first CRLF {@code END:VEVENT}; the text is returned
     * unchanged without one. A line longer than 75 octets is folded with 74 on its first physical line (the fold the
     * room agent has always written).
     */
    public static String addRequestStatus(String text, String status, String reason) {
        int at = text.indexOf("\r\nEND:VEVENT");
        if (at < 0) return text;
        String line = "REQUEST-STATUS:" + status + (reason == null ? "" : ";" + ContentLine.escapeText(reason));
        return text.substring(0, at) + "\r\n" + ContentLine.fold(line, 74) + text.substring(at);
    }

    // ---- lines ------------------------------------------------------------------------------------------------

    /** The text split at CRLF or LF, keeping empty lines (also a trailing one). */
    private static String[] splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '\n') continue;
            int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
            out.add(text.substring(start, end));
            start = i + 1;
        }
        out.add(text.substring(start));
        return out.toArray(String[]::new);
    }

    private static boolean isTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** The start of the line after the one containing {@code i}, or the text's length. */
    private static int nextLineStart(String text, int i) {
        int n = text.length();
        while (i < n && !isTerminator(text.charAt(i))) i++;
        if (i >= n) return n;
        if (text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') return i + 2;
        return i + 1;
    }

    /** Whether {@code name} (ASCII case-insensitively) followed by ';' or ':' is at {@code i}. */
    private static boolean namedAt(String text, int i, String name) {
        int end = i + name.length();
        if (end >= text.length()) return false;
        for (int k = 0; k < name.length(); k++) {
            char a = text.charAt(i + k);
            char b = name.charAt(k);
            if (a != b && asciiUpper(a) != asciiUpper(b)) return false;
        }
        char next = text.charAt(end);
        return next == ';' || next == ':';
    }

    private static char asciiUpper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }
}
