package io.calroom.schema.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an RFC 6578 sync token stands for: the set of change-log rows a client has seen, named by
 * the transactions that wrote them (PostgreSQL transaction ids, {@code xid8}), not by a counter.
 *
 * <p>A client holding this point has every row whose writer is below {@code xmax} and not in
 * {@code running}, that is every row visible in the PostgreSQL snapshot the point was cut from;
 * after a truncated answer (RFC 6578 §3.6, DAV:limit) only those of them at or before {@code
 * after} in (xid, uri) order. The changes since the point are all other rows. Writers of one
 * collection therefore need no shared counter and no lock held through their commit: a writer
 * still running when the point was cut is in {@code running} (or at or above {@code xmax}), and
 * its rows count as new whenever it commits.
 *
 * <p>Points are cut from a snapshot by {@link #of}, which keeps only what matters to one
 * collection: with no writer of it running, the point is just "everything up to the latest
 * change", so it stays the same for as long as the collection does (it is also the ctag).
 *
 * <p>Transaction ids mean something only in the database they were handed out in: {@code
 * incarnation} names it (cluster, database and timeline, see {@link SyncLog}), and a point of
 * another incarnation (a restored dump, a promoted replica) is not valid.
 */
public record SyncPoint(String incarnation, long xmax, List<Long> running, Position after) {
    /** A row's place in the change log's order: its writer, then its member URI. */
    public record Position(long xid, String uri) implements Comparable<Position> {
        @Override
        public int compareTo(Position o) {
            int c = Long.compare(xid, o.xid);
            return c != 0 ? c : uri.compareTo(o.uri);
        }
    }

    /** A PostgreSQL snapshot as {@code pg_current_snapshot()} gives it. */
    public record Snapshot(long xmin, long xmax, List<Long> running) {
        public Snapshot {
            running = List.copyOf(running);
        }

        /** Parses {@code xmin:xmax:xip,xip,...}. */
        public static Snapshot parse(String text) {
            String[] parts = text.split(":", -1);
            if (parts.length != 3) throw new IllegalArgumentException("not a snapshot: " + text);
            List<Long> xip = parts[2].isEmpty() ? List.of()
                    : Arrays.stream(parts[2].split(",")).map(Long::parseLong).toList();
            return new Snapshot(Long.parseLong(parts[0]), Long.parseLong(parts[1]), xip);
        }
    }

    public SyncPoint {
        if (!isIncarnation(incarnation)) throw new IllegalArgumentException("not an incarnation: " + incarnation);
        running = running.stream().sorted().distinct().toList();
    }

    /**
     * The point of a collection as seen in {@code snapshot}, whose latest visible change was written
     * by {@code latestXid} (null: no change ever). Sound because any xid below the new xmax that
     * is not running in the snapshot had finished; minimal because no visible row is at or above
     * it, so nothing the client has is reported again.
     */
    public static SyncPoint of(String incarnation, Snapshot snapshot, Long latestXid) {
        long xmax = latestXid == null ? 0 : Math.min(snapshot.xmax(), latestXid + 1);
        return new SyncPoint(incarnation, xmax, snapshot.running().stream().filter(x -> x < xmax).toList(), null);
    }

    /** The same point, with the client holding only the rows up to {@code position} (a truncated answer). */
    public SyncPoint truncatedAfter(Position position) {
        return new SyncPoint(incarnation, xmax, running, position);
    }

    /** Whether a client at this point has seen the row written by {@code xid} for {@code uri}. */
    public boolean covers(long xid, String uri) {
        boolean visible = xid < xmax && !running.contains(xid);
        return visible && (after == null || new Position(xid, uri).compareTo(after) <= 0);
    }

    /** The smallest writer id whose rows may be new since this point (the change log is scanned from here). */
    public long scanFrom() {
        long from = running.isEmpty() ? xmax : Math.min(xmax, running.get(0));
        return after == null ? from : Math.min(from, after.xid());
    }

    /**
     * The token text after the collection prefix: the incarnation, then {@code .x<xmax>}, then {@code .r<xid>} for each
     * running writer, then {@code .a<xid>.<uri>} for a truncated answer, the member URI
     * percent-encoded but for RFC 3986 unreserved characters (a token is a URI, RFC 6578 §6.2;
     * the URI is last and may contain dots).
     */
    public String text() {
        StringBuilder b = new StringBuilder(incarnation).append(".x").append(xmax);
        for (long r : running) b.append(".r").append(r);
        if (after != null) b.append(".a").append(after.xid()).append('.').append(encode(after.uri()));
        return b.toString();
    }

    private static String encode(String uri) {
        StringBuilder b = new StringBuilder();
        for (byte x : uri.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) b.append((char) c);
            else b.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
        }
        return b.toString();
    }

    /** The decoded URI; the caller's round-trip check rejects any text {@link #encode} would not produce. */
    private static String decode(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final String HEX = "0123456789ABCDEF";

    /** Eight lower-case hex digits (as {@link SyncLog} makes them). */
    public static boolean isIncarnation(String s) {
        return s.length() == 8 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** The point a token's text stands for, or empty if it is not one this server gives out. */
    public static Optional<SyncPoint> parse(String token) {
        int sep = token.indexOf('.');
        if (sep <= 0 || !isIncarnation(token.substring(0, sep))) return Optional.empty();
        String incarnation = token.substring(0, sep);
        String text = token.substring(sep + 1);
        if (!text.startsWith("x")) return Optional.empty();
        try {
            int a = text.indexOf(".a");
            String head = a < 0 ? text : text.substring(0, a);
            Position after = null;
            if (a >= 0) {
                String tail = text.substring(a + 2);
                int dot = tail.indexOf('.');
                if (dot <= 0 || dot == tail.length() - 1) return Optional.empty();
                after = new Position(Long.parseLong(tail.substring(0, dot)), decode(tail.substring(dot + 1)));
            }
            String[] parts = head.split("\\.", -1);
            long xmax = Long.parseLong(parts[0].substring(1));
            List<Long> running = new java.util.ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                if (!parts[i].startsWith("r")) return Optional.empty();
                running.add(Long.parseLong(parts[i].substring(1)));
            }
            if (xmax < 0 || running.stream().anyMatch(r -> r < 0 || r >= xmax)) return Optional.empty();
            if (after != null && (after.xid() < 0 || after.xid() >= xmax)) return Optional.empty();
            SyncPoint p = new SyncPoint(incarnation, xmax, running, after);
            return p.text().equals(token) ? Optional.of(p) : Optional.empty();
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
