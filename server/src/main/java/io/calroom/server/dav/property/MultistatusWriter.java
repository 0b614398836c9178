package io.calroom.server.dav.property;

import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.XmlOut;
import jakarta.servlet.http.HttpServletResponse;

import javax.xml.namespace.QName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Streams a 207 Multi-Status body (RFC 4918 §13) response by response, so a listing of any size
 * never sits in memory. Used by PROPFIND, PROPPATCH and the REPORTs.
 */
public final class MultistatusWriter {
    private static final QName MULTISTATUS = Ns.dav("multistatus");
    private static final QName RESPONSE = Ns.dav("response");
    private static final QName PROPSTAT = Ns.dav("propstat");
    private static final QName PROP = Ns.dav("prop");
    private static final QName STATUS = Ns.dav("status");

    private final XmlOut out;
    private int sinceFlush;

    public MultistatusWriter(HttpServletResponse response) {
        response.setStatus(207);
        response.setContentType("application/xml; charset=utf-8");
        try {
            this.out = new XmlOut(response.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.start(MULTISTATUS);
    }

    /**
     * One response with a 200 propstat for {@code found} and a propstat per other status. A
     * response always has a propstat (RFC 4918 §14.24: a status or propstats; RFC 6578 §3.2: a
     * changed member has at least one): with nothing to report, an empty DAV:prop with 200.
     */
    public void response(String href, Map<QName, PropValue> found, Map<Integer, List<QName>> others) {
        out.start(RESPONSE);
        PropertyWriter.href(out, href);
        propstats(out, found, others);
        out.end();
        maybeFlush();
    }

    /** The propstats of one response (also for responses nested in a property, as expand-property writes them). */
    public static void propstats(XmlOut out, Map<QName, PropValue> found, Map<Integer, List<QName>> others) {
        boolean any = !found.isEmpty();
        if (any) {
            out.start(PROPSTAT).start(PROP);
            found.forEach((name, value) -> PropertyWriter.write(out, name, value));
            out.end().element(STATUS, statusLine(200)).end();
        }
        for (var e : others.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            out.start(PROPSTAT).start(PROP);
            e.getValue().forEach(out::empty);
            out.end().element(STATUS, statusLine(e.getKey())).end();
            any = true;
        }
        if (!any) out.start(PROPSTAT).empty(PROP).element(STATUS, statusLine(200)).end();
    }

    /** Why some properties failed (RFC 4918 §14.22): the status, the precondition (or null) and a reason (or null). */
    public record Failure(int status, QName precondition, String reason) {}

    /**
     * A PROPPATCH response: a 200 propstat for {@code ok}, and one per kind of failure with its
     * DAV:error and DAV:responsedescription.
     */
    public void patchResponse(String href, List<QName> ok, Map<Failure, List<QName>> failed) {
        out.start(RESPONSE);
        PropertyWriter.href(out, href);
        if (!ok.isEmpty()) {
            out.start(PROPSTAT).start(PROP);
            ok.forEach(out::empty);
            out.end().element(STATUS, statusLine(200)).end();
        }
        failed.forEach((failure, names) -> {
            out.start(PROPSTAT).start(PROP);
            names.forEach(out::empty);
            out.end().element(STATUS, statusLine(failure.status()));
            if (failure.precondition() != null) out.start(Ns.dav("error")).empty(failure.precondition()).end();
            if (failure.reason() != null) out.element(Ns.dav("responsedescription"), failure.reason());
            out.end();
        });
        out.end();
        maybeFlush();
    }

    /** A response that is only a status for the href (e.g. 404 for a missing multiget href). */
    public void status(String href, int status) {
        out.start(RESPONSE);
        PropertyWriter.href(out, href);
        out.element(STATUS, statusLine(status));
        out.end();
        maybeFlush();
    }

    /**
     * The 507 response for the request-URI of a truncated answer, with the DAV:error that RFC 6578
     * §3.6 (and RFC 6352 §8.6.1) give it: number-of-matches-within-limits.
     */
    public void truncated(String href) {
        out.start(RESPONSE);
        PropertyWriter.href(out, href);
        out.element(STATUS, statusLine(507));
        out.start(Ns.dav("error")).empty(Ns.dav("number-of-matches-within-limits")).end();
        out.end();
        maybeFlush();
    }

    /** Direct access for report-specific content (e.g. the sync-token element). */
    public XmlOut xml() {
        return out;
    }

    public void finish() {
        out.end();
        out.flush();
    }

    private void maybeFlush() {
        if (++sinceFlush >= 200) {
            out.flush();
            sinceFlush = 0;
        }
    }

    private static final String OK = "HTTP/1.1 200 OK";

    public static String statusLine(int status) {
        return status == 200 ? OK : "HTTP/1.1 " + status + " " + reason(status);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 424 -> "Failed Dependency";
            case 507 -> "Insufficient Storage";
            default -> "Status";
        };
    }
}
