package io.calroom.server.sync;

import io.calroom.server.dav.DavRequest;
import org.w3c.dom.Element;

/**
 * A collection that keeps a change log, so that sync-collection (RFC 6578 §3.2) can report what
 * changed since a token: calendar homes, calendars and the directory. The node hands itself to
 * the report in its own type (as SabreDAV's ISyncCollection is asked of a node).
 */
public interface SyncSource {
    void sync(SyncCollectionReport report, DavRequest req, Element body, boolean infinite);
}
