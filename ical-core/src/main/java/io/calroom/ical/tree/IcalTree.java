package io.calroom.ical.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An iCalendar object as a tree of components holding their content lines as received (still
 * folded), so that shaping it for a response keeps every property the client stored byte for byte.
 */
public final class IcalTree {
    private IcalTree() {
    }

    /** One content line: its upper-case name and its raw (folded) text, without the final CRLF. */
    public record Line(String name, String raw) {
        /** The line unfolded (RFC 5545 §3.1). */
        public String unfolded() {
            return ContentLine.unfold(raw);
        }

        /** The value after the first unquoted colon. */
        public String value() {
            String u = unfolded();
            boolean quoted = false;
            for (int i = 0; i < u.length(); i++) {
                char c = u.charAt(i);
                if (c == '"') quoted = !quoted;
                else if (c == ':' && !quoted) return u.substring(i + 1);
            }
            return "";
        }
    }

    public static final class Component {
        private final String name;
        private final List<Line> lines = new ArrayList<>();
        private final List<Component> children = new ArrayList<>();

        public Component(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public List<Line> lines() {
            return lines;
        }

        public List<Component> children() {
            return children;
        }

        public Line line(String propertyName) {
            for (Line l : lines) if (l.name().equals(propertyName)) return l;
            return null;
        }

        public Component copy() {
            Component c = new Component(name);
            c.lines.addAll(lines);
            for (Component child : children) c.children.add(child.copy());
            return c;
        }

        public void write(StringBuilder out) {
            out.append("BEGIN:").append(name).append("\r\n");
            for (Line l : lines) out.append(l.raw()).append("\r\n");
            for (Component c : children) c.write(out);
            out.append("END:").append(name).append("\r\n");
        }

        public String text() {
            StringBuilder b = new StringBuilder();
            write(b);
            return b.toString();
        }
    }

    /** Parses iCalendar text that has already been validated by the CalendarObjectParser. */
    public static Component parse(String text) {
        List<String> logical = ContentLine.foldedLines(text);
        List<Component> stack = new ArrayList<>();
        Component root = null;
        for (String raw : logical) {
            Line line = new Line(nameOf(raw), raw);
            if (line.name().equals("BEGIN")) {
                Component c = new Component(line.value().trim().toUpperCase(Locale.ROOT));
                if (!stack.isEmpty()) stack.get(stack.size() - 1).children().add(c);
                else root = c;
                stack.add(c);
            } else if (line.name().equals("END")) {
                if (!stack.isEmpty()) stack.remove(stack.size() - 1);
            } else if (!stack.isEmpty()) {
                stack.get(stack.size() - 1).lines().add(line);
            }
        }
        if (root == null) throw new IllegalArgumentException("no iCalendar component");
        return root;
    }

    private static String nameOf(String raw) {
        int end = raw.length();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ';' || c == ':') {
                end = i;
                break;
            }
        }
        return raw.substring(0, end).trim().toUpperCase(Locale.ROOT);
    }
}
