package io.calroom.server.http;

import io.calroom.schema.Database;
import io.milton.http.HttpManager;
import io.milton.http.Request;
import io.milton.servlet.ServletRequest;
import io.milton.servlet.ServletResponse;
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
        MiltonThreadLocals.requireAvailable();
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

    /**
     * A response that left the request body unread (a refusal written without {@link
     * io.calroom.server.dav.ErrorResponder}, or an answer that ignores a body): the rest is read and
     * dropped ({@link UnreadBody}), so the connection can carry the client's next request.
     */
    private static void finishBody(HttpServletRequest req, HttpServletResponse resp) {
        if (!UnreadBody.discard(req) && !resp.isCommitted()) resp.setHeader("Connection", "close");
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
