package io.calroom.server.dav;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turning request paths into segments and back into hrefs. Decoding is strict: encoded slashes,
 * dot segments, control characters and bytes that are not UTF-8 are refused, so no path ever
 * reaches outside the collection it names.
 */
public final class Hrefs {
    public static final int MAX_SEGMENT_LENGTH = 255;
    public static final int MAX_PATH_LENGTH = 2048;

    private Hrefs() {
    }

    /** Percent-encodes each segment of a decoded path, keeping the slashes. */
    public static String encodePath(String path) {
        if (isSafe(path)) return path; // the common case: nothing to encode
        StringBuilder b = new StringBuilder(path.length() + 8);
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (byte value : bytes) {
            int c = value & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '-' || c == '_' || c == '.' || c == '~' || c == '@' || c == '+'
                    || c == '!' || c == '$' || c == '\'' || c == '(' || c == ')' || c == '*' || c == ',' || c == ';'
                    || c == '=' || c == ':') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** Bits of the ASCII characters {@link #isSafe} accepts: letters, digits and / - _ . ~ @ + (chars 0-63, 64-127). */
    private static final long SAFE_LOW = 0x03FF_0000_0000_0000L | 1L << '/' | 1L << '-' | 1L << '.' | 1L << '+';
    private static final long SAFE_HIGH = 0x07FF_FFFE_07FF_FFFEL | 1L << ('_' - 64) | 1L << ('~' - 64) | 1L << ('@' - 64);

    private static boolean isSafe(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean ok = c < 64 ? (SAFE_LOW >>> c & 1) != 0 : c < 128 && (SAFE_HIGH >>> (c - 64) & 1) != 0;
            if (!ok) return false;
        }
        return true;
    }

    /**
     * Splits a raw (still encoded) request path into decoded segments. Empty when the path is not
     * acceptable (dot segments, encoded slash or backslash, NUL/control characters, invalid
     * percent-encoding, non-UTF-8 bytes, overlong names).
     */
    public static Optional<List<String>> segments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/") || rawPath.length() > MAX_PATH_LENGTH) return Optional.empty();
        List<String> out = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (raw.isEmpty()) continue;
            Optional<String> decoded = decodeSegment(raw);
            if (decoded.isEmpty()) return Optional.empty();
            String s = decoded.get();
            if (s.equals(".") || s.equals("..") || s.length() > MAX_SEGMENT_LENGTH) return Optional.empty();
            if (s.indexOf('/') >= 0 || s.indexOf('\\') >= 0) return Optional.empty();
            for (int i = 0; i < s.length(); i++) if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) return Optional.empty();
            out.add(s);
        }
        return Optional.of(out);
    }

    /** The path part of a Destination header or href: an absolute URL or an absolute path. */
    public static Optional<String> pathOf(String hrefOrUrl) {
        if (hrefOrUrl == null || hrefOrUrl.isBlank()) return Optional.empty();
        String s = hrefOrUrl.trim();
        if (s.startsWith("/")) {
            int q = s.indexOf('?');
            return Optional.of(q >= 0 ? s.substring(0, q) : s);
        }
        try {
            URI uri = new URI(s);
            return Optional.ofNullable(uri.getRawPath()).filter(p -> p.startsWith("/"));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Optional<String> decodeSegment(String raw) {
        if (raw.indexOf('%') < 0) return Optional.of(raw);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) return Optional.empty();
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return Optional.empty();
                bytes.write((hi << 4) | lo);
                i += 2;
            } else if (c > 0x7f) {
                byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(enc, 0, enc.length);
            } else {
                bytes.write(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
