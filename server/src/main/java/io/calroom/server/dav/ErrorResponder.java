package io.calroom.server.dav;

import io.calroom.server.dav.property.PropertyWriter;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.XmlOut;
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

    public static void send(HttpServletResponse response, DavException e) {
        send(response, e, java.util.Map.of());
    }

    /** Sends the refusal with extra response headers (e.g. a WWW-Authenticate challenge). */
    public static void send(HttpServletResponse response, DavException e, java.util.Map<String, String> headers) {
        send(response, e, headers.entrySet().stream().toList());
    }

    /** With headers that may repeat (e.g. one WWW-Authenticate challenge per scheme). */
    public static void send(HttpServletResponse response, DavException e, java.util.List<java.util.Map.Entry<String, String>> headers) {
        if (response.isCommitted()) return;
        response.reset();
        headers.forEach(h -> response.addHeader(h.getKey(), h.getValue()));
        response.setStatus(e.status());
        if (e.allow() != null) response.setHeader("Allow", e.allow());
        if (e.status() == 503) response.setHeader("Retry-After", "5");
        // a refused body may be unread: the connection cannot carry another request
        if (e.status() == 400 || e.status() == 413) response.setHeader("Connection", "close");
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
