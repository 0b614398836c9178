package io.calroom.server.dav;

/** One HTTP method of the DAV protocol (Radicale-style: one class per method). */
public interface DavMethod {
    /** The method name, e.g. {@code PROPFIND}. */
    String name();

    /** Serves the request, writing the response; throws {@link DavException} for refusals. */
    void handle(DavRequest request);
}
