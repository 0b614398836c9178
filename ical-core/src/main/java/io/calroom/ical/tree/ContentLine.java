package io.calroom.ical.tree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One iCalendar content line split into name, parameters and value (RFC 5545 §3.1), for the lines this package
 * rewrites. Lines that are not rewritten stay byte for byte as {@link IcalTree.Line}s.
 */
public final class ContentLine {

    /** A parameter as written: {@code raw} is the text after '=', with its quotes and commas. */
    public record Param(String name, String raw) {
        /** The values, unquoted. */
        public List<String> values() {
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    out.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            out.add(cur.toString());
            return out;
        }

        /** All values unquoted and joined with ','. */
        public String value() {
            return String.join(",", values());
        }
    }

    private final String name;
    private final List<Param> params;
    private final String value;

    private ContentLine(String name, List<Param> params, String value) {
        this.name = name;
        this.params = List.copyOf(params);
        this.value = value;
    }

    public static ContentLine of(String name, String value) {
        return new ContentLine(name.toUpperCase(Locale.ROOT), List.of(), value);
    }

    public static ContentLine of(IcalTree.Line line) {
        return parse(line.unfolded());
    }

    /** Parses an unfolded content line. */
    public static ContentLine parse(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) != ';' && line.charAt(i) != ':') i++;
        String name = line.substring(0, i).trim().toUpperCase(Locale.ROOT);
        List<Param> params = new ArrayList<>();
        while (i < n && line.charAt(i) == ';') {
            int start = ++i;
            while (i < n && line.charAt(i) != '=' && line.charAt(i) != ';' && line.charAt(i) != ':') i++;
            String pname = line.substring(start, i).trim().toUpperCase(Locale.ROOT);
            if (i < n && line.charAt(i) == '=') {
                int vstart = ++i;
                boolean quoted = false;
                while (i < n) {
                    char c = line.charAt(i);
                    if (c == '"') quoted = !quoted;
                    else if (!quoted && (c == ';' || c == ':')) break;
                    i++;
                }
                params.add(new Param(pname, line.substring(vstart, i)));
            } else if (!pname.isEmpty()) {
                params.add(new Param(pname, ""));
            }
        }
        String value = i < n ? line.substring(i + 1) : "";
        return new ContentLine(name, params, value);
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    public List<Param> params() {
        return Collections.unmodifiableList(params);
    }

    /** The unquoted value of parameter {@code pname}, or {@code null}. */
    public String param(String pname) {
        for (Param p : params) if (p.name().equals(pname)) return p.value();
        return null;
    }

    public boolean hasParam(String pname) {
        return param(pname) != null;
    }

    /** A copy with parameter {@code pname} set to {@code pvalue} (replacing it in place, or appended). */
    public ContentLine with(String pname, String pvalue) {
        String raw = quote(pvalue);
        List<Param> out = new ArrayList<>();
        boolean done = false;
        for (Param p : params) {
            if (p.name().equals(pname)) {
                if (!done) out.add(new Param(pname, raw));
                done = true;
            } else {
                out.add(p);
            }
        }
        if (!done) out.add(new Param(pname, raw));
        return new ContentLine(name, out, value);
    }

    /** A copy without the given parameters. */
    public ContentLine without(String... pnames) {
        List<Param> out = new ArrayList<>();
        outer:
        for (Param p : params) {
            for (String drop : pnames) if (p.name().equals(drop)) continue outer;
            out.add(p);
        }
        return out.size() == params.size() ? this : new ContentLine(name, out, value);
    }

    public ContentLine withValue(String newValue) {
        return new ContentLine(name, params, newValue);
    }

    /** The unfolded text of the line. */
    public String unfolded() {
        StringBuilder b = new StringBuilder(name);
        for (Param p : params) b.append(';').append(p.name()).append('=').append(p.raw());
        return b.append(':').append(value).toString();
    }

    /** The line folded at 75 octets (RFC 5545 §3.1), lines separated by CRLF, without a final CRLF. */
    public String folded() {
        return fold(unfolded());
    }

    public IcalTree.Line line() {
        return new IcalTree.Line(name, folded());
    }

    public static String quote(String v) {
        if (v.isEmpty()) return "\"\"";
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ':' || c == ';' || c == ',') return "\"" + v.replace("\"", "") + "\"";
        }
        return v;
    }

    /**
     * The logical lines of iCalendar text, each still folded (RFC 5545 §3.1): a physical line (ended by CRLF, LF
     * or CR) that starts with a space or a tab continues the line before it and is joined to it with CRLF; blank
     * lines are dropped. The one line grouping of the project: {@link IcalTree} keeps these bytes,
     * {@link ObjectText#logicalLines} unfolds them.
     */
    public static java.util.List<String> foldedLines(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String physical : text.split("\r\n|\r|\n")) {
            if ((physical.startsWith(" ") || physical.startsWith("\t")) && !out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + "\r\n" + physical);
            } else if (!physical.isBlank()) {
                out.add(physical);
            }
        }
        return out;
    }

    /** Unfolds text (RFC 5545 §3.1): removes every line break (CRLF or LF) followed by a space or a tab. */
    public static String unfold(String text) {
        return text.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace("\n\t", "");
    }

    /**
     * A TEXT value escaped (RFC 5545 §3.3.11): backslash, ';' and ','; a line break (CRLF, LF or CR) as {@code \n}.
     * The one TEXT escape of the project.
     */
    public static String escapeText(String text) {
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }

    /** A TEXT value unescaped (RFC 5545 §3.3.11): {@code \n} and {@code \N} are a newline, a backslash takes the next character as it is. */
    public static String unescapeText(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                b.append(n == 'n' || n == 'N' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The line folded at 75 octets (RFC 5545 §3.1): physical lines of at most 75 octets, continuation lines starting
     * with a space, never inside a character; lines separated by CRLF, without a final CRLF. The one fold of the
     * project.
     */
    public static String fold(String line) {
        return fold(line, 75);
    }

    /**
     * As {@link #fold(String)}, but a line longer than 75 octets gets at most {@code firstLineOctets} on its first
     * physical line (the room agent's REQUEST-STATUS lines have always been folded with 74 there).
     */
    static String fold(String line, int firstLineOctets) {
        if (line.length() <= 75 / 4 || line.getBytes(StandardCharsets.UTF_8).length <= 75) return line;
        StringBuilder out = new StringBuilder(line.length() + 16);
        int octets = 0;
        int limit = firstLineOctets;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int len = cp < 0x80 ? 1 : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + len > limit && octets > 0) {
                out.append("\r\n ");
                octets = 1;
                limit = 75;
            }
            out.appendCodePoint(cp);
            octets += len;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
