package io.calroom.server.dav.xml;

import javax.xml.namespace.QName;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming XML writer for responses. The well-known namespaces get fixed prefixes declared
 * on the root element; any other namespace is declared on the element that uses it, so every
 * element is in the right namespace (Milton's writer gets this wrong for 404 properties).
 * Characters are collected in a buffer and handed to the encoder in large blocks: a multistatus
 * of thousands of responses is a great many tiny pieces. Nothing reaches the stream before
 * {@link #flush()} or a full buffer.
 */
public final class XmlOut {
    private static final int BUFFER_CHARS = 16 * 1024;

    private final Writer out;
    private final char[] buffer = new char[BUFFER_CHARS];
    private int used;
    private final Deque<String> open = new ArrayDeque<>();
    /** Tags of the well-known namespaces, built once per writer: a large multistatus repeats a handful of names. */
    private final java.util.Map<QName, String> knownTags = new java.util.HashMap<>();
    private boolean rootWritten;
    private int generated;

    public XmlOut(OutputStream stream) {
        this.out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    }

    public XmlOut start(QName name) {
        String tag = openTag(name);
        write('>');
        open.push(tag);
        return this;
    }

    public XmlOut empty(QName name) {
        openTag(name);
        write("/>");
        return this;
    }

    /** An empty element with unqualified attributes given as name, value pairs. */
    public XmlOut emptyWithAttributes(QName name, String... attributes) {
        openTag(name);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            write(' ');
            write(attributes[i]);
            write("=\"");
            writeEscaped(attributes[i + 1]);
            write('"');
        }
        write("/>");
        return this;
    }

    public XmlOut end() {
        write("</");
        write(open.pop());
        write('>');
        return this;
    }

    public XmlOut text(String s) {
        writeEscaped(s);
        return this;
    }

    /** An element holding only text. */
    public XmlOut element(QName name, String text) {
        return start(name).text(text).end();
    }

    /** Writes pre-serialised XML (a stored dead property, an encoded path) verbatim. */
    public XmlOut raw(String xml) {
        write(xml);
        return this;
    }

    /** Hands everything written so far to the stream and flushes it. */
    public void flush() {
        try {
            drain();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String openTag(QName name) {
        if (rootWritten) {
            String known = knownTags.get(name);
            if (known != null) {
                write('<');
                write(known);
                return known;
            }
        }
        String ns = name.getNamespaceURI();
        String prefix = Ns.preferredPrefix(ns);
        if (rootWritten && prefix != null) knownTags.put(name, prefix + ":" + name.getLocalPart());
        StringBuilder tag = new StringBuilder();
        String declaration = "";
        if (ns.isEmpty()) {
            tag.append(name.getLocalPart());
        } else if (prefix == null) {
            prefix = "x" + (generated++);
            tag.append(prefix).append(':').append(name.getLocalPart());
            declaration = " xmlns:" + prefix + "=\"" + escape(ns) + "\"";
        } else {
            tag.append(prefix).append(':').append(name.getLocalPart());
        }
        write("<" + tag + declaration);
        if (!rootWritten) {
            rootWritten = true;
            write(" xmlns:d=\"DAV:\" xmlns:cal=\"" + Ns.CALDAV + "\" xmlns:cs=\"" + Ns.CS + "\" xmlns:ical=\""
                    + Ns.APPLE + "\" xmlns:cr=\"" + Ns.CALROOM + "\" xmlns:card=\"" + Ns.CARDDAV + "\"");
        }
        return tag.toString();
    }

    private void write(char c) {
        if (used == buffer.length) drainUnchecked();
        buffer[used++] = c;
    }

    private void write(String s) {
        write(s, 0, s.length());
    }

    /** Copies {@code s[from, to)} into the buffer, draining it as often as it fills. */
    private void write(String s, int from, int to) {
        while (from < to) {
            if (used == buffer.length) drainUnchecked();
            int n = Math.min(to - from, buffer.length - used);
            s.getChars(from, from + n, buffer, used);
            used += n;
            from += n;
        }
    }

    /**
     * Writes {@code s} escaped. The usual text (an ETag, a path) needs nothing: it is copied into
     * the buffer and checked there; otherwise it is written again in runs between the characters
     * that are replaced.
     */
    private void writeEscaped(String s) {
        int length = s.length();
        if (length <= buffer.length - used) {
            s.getChars(0, length, buffer, used);
            int end = used + length;
            int i = used;
            while (i < end && !needsEscape(buffer[i])) i++;
            if (i == end) {
                used = end;
                return;
            }
        }
        int run = 0;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) continue;
            String rep = replacement(c);
            if (rep == null) continue;
            write(s, run, i);
            write(rep);
            run = i + 1;
        }
        write(s, run, length);
    }

    /** Bit c set for the characters below 64 that {@link #replacement} changes: controls but LF and tab, '"', '&', '<', '>'. */
    private static final long ESCAPED_BELOW_64 = (0xFFFF_FFFFL & ~(1L << '\n' | 1L << '\t'))
            | 1L << '"' | 1L << '&' | 1L << '<' | 1L << '>';

    private static boolean needsEscape(char c) {
        return c < 64 && (ESCAPED_BELOW_64 >>> c & 1) != 0;
    }

    /** What a character is written as in text and attribute values, or null if it stays as it is. */
    private static String replacement(char c) {
        return switch (c) {
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '&' -> "&amp;";
            case '"' -> "&quot;";
            case '\r' -> "&#13;";
            case '\n', '\t' -> null;
            default -> c < 0x20 ? "" : null;
        };
    }

    private void drainUnchecked() {
        try {
            drain();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() throws IOException {
        if (used == 0) return;
        out.write(buffer, 0, used);
        used = 0;
    }

    public static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = replacement(c);
            if (rep != null) {
                if (b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
                b.append(rep);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
