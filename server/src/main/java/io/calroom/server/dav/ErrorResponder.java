package io.calroom.server.dav;

import io.calroom.server.dav.property.PropertyWriter;
import io.calroom.server.http.UnreadBody;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.XmlOut;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one place where refusals become responses: the status, and a {@code DAV:error} body with the
 * precondition element when the RFC names one (RFC 4918 §16), else a one-line text. Never a stack trace.
 */
public final class ErrorResponder {
    private ErrorResponder() {
    }

    public static void send(HttpServletRequest request, HttpServletResponse response, DavException e) {
        send(request, response, e, java.util.List.of());
    }

    /**
     * Sends the refusal with extra response headers that may repeat (e.g. one WWW-Authenticate
     * challenge per scheme). A request body the refusal leaves unread is dropped first, or the
     * answer says {@code Connection: close} when it is too large for that ({@link UnreadBody}).
     */
    public static void send(HttpServletRequest request, HttpServletResponse response, DavException e,
                            java.util.List<java.util.Map.Entry<String, String>> headers) {
        if (response.isCommitted()) return;
        response.reset();
        headers.forEach(h -> response.addHeader(h.getKey(), h.getValue()));
        response.setStatus(e.status());
        if (e.allow() != null) response.setHeader("Allow", e.allow());
        if (e.status() == 503) response.setHeader("Retry-After", "5");
        // after a malformed request or an oversized body the connection is not reused (an oversized
        // body is still read first, within bounds, so that the client hears the 413); after any other
        // refusal an unread body is dropped, or the client told when it is too large for that
        boolean reusable = switch (e.status()) {
            case 400 -> false;
            case 413 -> {
                UnreadBody.discardOversized(request);
                yield false;
            }
            default -> UnreadBody.discard(request);
        };
        if (!reusable) response.setHeader("Connection", "close");
        try {
            if (e.precondition() != null) {
                response.setContentType("application/xml; charset=utf-8");
                XmlOut out = new XmlOut(response.getOutputStream());
                out.start(Ns.dav("error"));
                if (e.href() != null) {
                    out.start(e.precondition());
                    PropertyWriter.href(out, e.href());
                    out.end();
                } else {
                    out.empty(e.precondition());
                }
                if (e.getMessage() != null) out.element(new javax.xml.namespace.QName(Ns.CALROOM, "reason"), e.getMessage());
                out.end();
                out.flush();
            } else {
                sendText(response, e.getMessage() == null ? "" : e.getMessage());
            }
        } catch (IOException | RuntimeException ignored) {
            // the client went away; nothing more to say
        }
    }

    public static void sendText(HttpServletResponse response, String text) throws IOException {
        response.setContentType("text/plain; charset=utf-8");
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
