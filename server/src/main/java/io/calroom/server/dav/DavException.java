package io.calroom.server.dav;

import javax.xml.namespace.QName;

/**
 * A request that cannot be served as asked: an HTTP status, and for WebDAV/CalDAV the precondition
 * element the RFC names (written as the {@code DAV:error} body). The message is for the log and for
 * humans; it never contains a stack trace.
 */
public final class DavException extends RuntimeException {
    private final int status;
    private final QName precondition;
    private final String href;
    private final String allow;

    public DavException(int status, QName precondition, String message) {
        this(status, precondition, message, null);
    }

    public DavException(int status, QName precondition, String message, String href) {
        this(status, precondition, message, href, null);
    }

    private DavException(int status, QName precondition, String message, String href, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.precondition = precondition;
        this.href = href;
        this.allow = allow;
    }

    /** The Allow header of a 405 response, or null. */
    public String allow() {
        return allow;
    }

    public int status() {
        return status;
    }

    /** The precondition/postcondition element of the error body, or null for a plain error. */
    public QName precondition() {
        return precondition;
    }

    /** An href to include inside the precondition element (e.g. CALDAV:no-uid-conflict), or null. */
    public String href() {
        return href;
    }

    public static DavException badRequest(String message) {
        return new DavException(400, null, message);
    }

    public static DavException notFound() {
        return new DavException(404, null, "not found");
    }

    public static DavException forbidden(QName precondition, String message) {
        return new DavException(403, precondition, message);
    }

    public static DavException conflict(QName precondition, String message) {
        return new DavException(409, precondition, message);
    }

    public static DavException methodNotAllowed(String message, String allow) {
        return new DavException(405, null, message, null, allow);
    }

    public static DavException preconditionFailed(String message) {
        return new DavException(412, null, message);
    }

    /**
     * The namespace of CalDAV preconditions (Ns.CALDAV). Spelled out here so that this class does
     * not depend on {@code dav.xml}: the XML package (SafeXml refuses bodies with this exception)
     * depends on this one, never the reverse.
     */
    private static final String CALDAV_NAMESPACE = "urn:ietf:params:xml:ns:caldav";

    public static DavException caldav(int status, String element, String message) {
        return new DavException(status, new QName(CALDAV_NAMESPACE, element), message);
    }
}
