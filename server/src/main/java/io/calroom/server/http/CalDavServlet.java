package io.calroom.server.http;

import io.calroom.schema.Database;
import io.milton.http.HttpManager;
import io.milton.http.Request;
import io.milton.servlet.MiltonThreadLocals;
import io.milton.servlet.ServletRequest;
import io.milton.servlet.ServletResponse;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one servlet: answers {@code /health} itself, refuses methods Milton cannot represent (501),
 * and hands everything else to Milton's {@link HttpManager}.
 */
public final class CalDavServlet extends HttpServlet {
    private final transient HttpManager milton;
    private final transient Database database;

    public CalDavServlet(HttpManager milton, Database database) {
        this.milton = milton;
        this.database = database;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI();
        if (path.equals("/health") || path.equals("/health/")) {
            health(req, resp);
            return;
        }
        if (!isMiltonMethod(req.getMethod())) {
            resp.setStatus(501);
            text(resp, "method " + req.getMethod() + " is not implemented");
            return;
        }
        try {
            milton.process(new ServletRequest(req, getServletContext()), new ServletResponse(resp));
        } finally {
            MiltonThreadLocals.clear();
            finishBody(req, resp);
        }
    }

    /** The most of an unread request body that is read and dropped to keep the connection usable. */
    static final long DRAINED_BODY_LIMIT = 64 * 1024;

    /**
     * A refusal (404, 403, 409, 412 ...) is often decided before the request body is read. Left unread,
     * Jetty cannot reuse the connection; when the answer is already committed it closes it without a
     * {@code Connection: close}, and a client that sends its next request on it in the meantime sees
     * the connection drop. So a small unread rest is read and dropped here, and for a larger one the
     * client is told {@code Connection: close} while that is still possible.
     */
    private static void finishBody(HttpServletRequest req, HttpServletResponse resp) {
        long length = req.getContentLengthLong();
        if (length == 0) return;
        // a client waiting for "100 Continue" sends no body after a final answer: nothing to read
        if ("100-continue".equalsIgnoreCase(req.getHeader("Expect"))) return;
        try {
            ServletInputStream in = req.getInputStream();
            if (in.isFinished()) return;
            if (length > DRAINED_BODY_LIMIT) {
                if (!resp.isCommitted()) resp.setHeader("Connection", "close");
                return;
            }
            byte[] scratch = new byte[8192];
            long left = length < 0 ? DRAINED_BODY_LIMIT : length;
            int n;
            while (left > 0 && (n = in.read(scratch, 0, (int) Math.min(scratch.length, left))) >= 0) left -= n;
            if (!in.isFinished() && !resp.isCommitted()) resp.setHeader("Connection", "close");
        } catch (IOException | IllegalStateException e) {
            // the body was read as characters (then it is consumed) or the client went away: nothing to keep
        }
    }

    private void health(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean up = database.isReachable();
        resp.setStatus(up ? 200 : 503);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("application/json");
        String body = "{\"status\":\"" + (up ? "up" : "down") + "\",\"database\":\"" + (up ? "up" : "down") + "\"}";
        if (!"HEAD".equals(req.getMethod())) resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isMiltonMethod(String method) {
        for (Request.Method m : Request.Method.values()) if (m.code.equals(method)) return true;
        return false;
    }

    private static void text(HttpServletResponse resp, String text) throws IOException {
        resp.setContentType("text/plain; charset=utf-8");
        resp.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
