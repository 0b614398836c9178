package io.calroom.server.http;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

/**
 * The rest of a request body that a refusal (401, 403, 404, 409, 412 ...) left unread. Left there,
 * Jetty cannot reuse the connection, and when the answer is already out it closes it without a
 * {@code Connection: close}: a client sending its next request on it sees the connection drop
 * (RFC 9112 §9.3). A small rest is read and dropped; for a larger one the caller says
 * {@code Connection: close} while the answer is not yet committed.
 *
 * <p>A body refused as too large (413) is read and dropped too, up to {@link #OVERSIZE_DISCARD_LIMIT},
 * before the answer is written: a server that answers and closes while the client is still sending
 * leaves unread bytes behind, the close becomes a TCP reset, and the client loses the answer
 * together with the connection (RFC 9112 §9.6 asks a server to close in stages for that reason).
 * A client that asked {@code Expect: 100-continue} has not sent its body, and reading it would ask
 * for it: its body is not read.
 */
public final class UnreadBody {
    /** The most of an unread body that is read and dropped to keep the connection usable. */
    public static final long DISCARD_LIMIT = 64 * 1024;
    /** The most of a too-large body (413) that is read and dropped so that the client hears the 413. */
    public static final long OVERSIZE_DISCARD_LIMIT = 16L * 1024 * 1024;

    private UnreadBody() {
    }

    /**
     * Reads and drops what is left of the body, up to {@link #DISCARD_LIMIT}.
     *
     * @return true when nothing is left unread (the connection can carry another request)
     */
    public static boolean discard(HttpServletRequest request) {
        return discard(request, DISCARD_LIMIT);
    }

    /**
     * Reads and drops what is left of a body refused as too large, up to {@link #OVERSIZE_DISCARD_LIMIT},
     * unless the client waits for {@code 100 Continue}. The connection is closed after the answer
     * all the same.
     */
    public static void discardOversized(HttpServletRequest request) {
        String expect = request.getHeader("Expect");
        if (expect != null && expect.trim().equalsIgnoreCase("100-continue")) return;
        discard(request, OVERSIZE_DISCARD_LIMIT);
    }

    private static boolean discard(HttpServletRequest request, long limit) {
        long length = request.getContentLengthLong();
        if (length == 0) return true;
        if (length > limit) return false;
        try {
            ServletInputStream in = request.getInputStream();
            if (in.isFinished()) return true;
            byte[] scratch = new byte[8192];
            long read = 0;
            int n;
            while ((n = in.read(scratch)) >= 0) {
                read += n;
                if (length > 0 && read >= length) return true;
                if (read > limit) return false; // chunked, and more than the limit
            }
            return true;
        } catch (IllegalStateException e) {
            return true; // the body was read as characters: consumed
        } catch (IOException e) {
            return false; // the client went away
        }
    }
}
