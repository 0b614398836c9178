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
 */
public final class UnreadBody {
    /** The most of an unread body that is read and dropped to keep the connection usable. */
    public static final long DISCARD_LIMIT = 64 * 1024;

    private UnreadBody() {
    }

    /**
     * Reads and drops what is left of the body, up to {@link #DISCARD_LIMIT}.
     *
     * @return true when nothing is left unread (the connection can carry another request)
     */
    public static boolean discard(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length == 0) return true;
        if (length > DISCARD_LIMIT) return false;
        try {
            ServletInputStream in = request.getInputStream();
            if (in.isFinished()) return true;
            byte[] scratch = new byte[8192];
            long read = 0;
            int n;
            while ((n = in.read(scratch)) >= 0) {
                read += n;
                if (length > 0 && read >= length) return true;
                if (read > DISCARD_LIMIT) return false; // chunked, and more than the limit
            }
            return true;
        } catch (IllegalStateException e) {
            return true; // the body was read as characters: consumed
        } catch (IOException e) {
            return false; // the client went away
        }
    }
}
