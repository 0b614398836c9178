package io.calroom.scheduling.itip;

import io.calroom.ical.tree.IcalTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One iCalendar content line split into name, parameters and value (RFC 5545 §3.1), for the lines this package
 * rewrites. Lines that are not rewritten stay byte for byte as {@link IcalTree.Line}s.
 */
final class Prop {

    /** A parameter as written: {@code raw} is the text after '=', with its quotes and commas. */
    record Param(String name, String raw) {
        /** The values, unquoted. */
        List<String> values() {
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
        String value() {
            return String.join(",", values());
        }
    }

    private final String name;
    private final List<Param> params;
    private final String value;

    private Prop(String name, List<Param> params, String value) {
        this.name = name;
        this.params = List.copyOf(params);
        this.value = value;
    }

    static Prop of(String name, String value) {
        return new Prop(name.toUpperCase(Locale.ROOT), List.of(), value);
    }

    static Prop of(IcalTree.Line line) {
        return parse(line.unfolded());
    }

    /** Parses an unfolded content line. */
    static Prop parse(String line) {
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
        return new Prop(name, params, value);
    }

    String name() {
        return name;
    }

    String value() {
        return value;
    }

    List<Param> params() {
        return Collections.unmodifiableList(params);
    }

    /** The unquoted value of parameter {@code pname}, or {@code null}. */
    String param(String pname) {
        for (Param p : params) if (p.name().equals(pname)) return p.value();
        return null;
    }

    boolean hasParam(String pname) {
        return param(pname) != null;
    }

    /** A copy with parameter {@code pname} set to {@code pvalue} (replacing it in place, or appended). */
    Prop with(String pname, String pvalue) {
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
        return new Prop(name, out, value);
    }

    /** A copy without the given parameters. */
    Prop without(String... pnames) {
        List<Param> out = new ArrayList<>();
        outer:
        for (Param p : params) {
            for (String drop : pnames) if (p.name().equals(drop)) continue outer;
            out.add(p);
        }
        return out.size() == params.size() ? this : new Prop(name, out, value);
    }

    Prop withValue(String newValue) {
        return new Prop(name, params, newValue);
    }

    /** The unfolded text of the line. */
    String unfolded() {
        StringBuilder b = new StringBuilder(name);
        for (Param p : params) b.append(';').append(p.name()).append('=').append(p.raw());
        return b.append(':').append(value).toString();
    }

    /** The line folded at 75 octets (RFC 5545 §3.1), lines separated by CRLF, without a final CRLF. */
    String folded() {
        return fold(unfolded());
    }

    IcalTree.Line line() {
        return new IcalTree.Line(name, folded());
    }

    static String quote(String v) {
        if (v.isEmpty()) return "\"\"";
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ':' || c == ';' || c == ',') return "\"" + v.replace("\"", "") + "\"";
        }
        return v;
    }

    static String fold(String line) {
        StringBuilder out = new StringBuilder(line.length() + 16);
        int octets = 0;
        int limit = 75;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + len > limit) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += len;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
