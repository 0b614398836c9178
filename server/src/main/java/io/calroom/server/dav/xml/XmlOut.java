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
 */
public final class XmlOut {
    private final Writer out;
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
        write(">");
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
            write(" " + attributes[i] + "=\"" + escape(attributes[i + 1]) + "\"");
        }
        write("/>");
        return this;
    }

    public XmlOut end() {
        write("</" + open.pop() + ">");
        return this;
    }

    public XmlOut text(String s) {
        write(escape(s));
        return this;
    }

    /** An element holding only text. */
    public XmlOut element(QName name, String text) {
        return start(name).text(text).end();
    }

    /** Writes pre-serialised XML (a stored dead property) verbatim. */
    public XmlOut raw(String xml) {
        write(xml);
        return this;
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String openTag(QName name) {
        if (rootWritten) {
            String known = knownTags.get(name);
            if (known != null) {
                write("<");
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

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\r' -> "&#13;";
                default -> null;
            };
            if (rep == null && c < 0x20 && c != '\n' && c != '\t') rep = "";
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
