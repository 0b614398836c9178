package io.calroom.server.dav;

import io.calroom.schema.store.CollectionKind;
import io.calroom.server.caldav.CalendarHomeNode;
import io.calroom.server.caldav.CalendarNode;
import io.calroom.server.caldav.CalendarObjectNode;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.acl.PrincipalNode;

/** The methods each kind of resource supports: the Allow header of OPTIONS and of 405 answers. */
public final class AllowedMethods {
    private AllowedMethods() {
    }

    public static String of(DavNode node) {
        if (node instanceof CalendarObjectNode) {
            return "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, COPY, MOVE, REPORT";
        }
        if (node instanceof CalendarNode cal) {
            if (cal.kind() == CollectionKind.OUTBOX) return "OPTIONS, PROPFIND, PROPPATCH, REPORT, POST";
            if (cal.kind() == CollectionKind.INBOX) return "OPTIONS, GET, HEAD, PROPFIND, PROPPATCH, REPORT";
            return "OPTIONS, GET, HEAD, DELETE, PROPFIND, PROPPATCH, REPORT";
        }
        if (node instanceof CalendarHomeNode) {
            return "OPTIONS, GET, HEAD, PROPFIND, PROPPATCH, REPORT, MKCALENDAR, MKCOL";
        }
        if (node instanceof PrincipalNode) return "OPTIONS, GET, HEAD, PROPFIND, PROPPATCH, REPORT";
        if (node instanceof io.calroom.server.carddav.VCardNode) return "OPTIONS, GET, HEAD, PROPFIND";
        return "OPTIONS, GET, HEAD, PROPFIND, REPORT";
    }

    /** For a path where nothing exists yet inside a calendar collection: it can be created with PUT. */
    public static String ofUnmappedMember() {
        return "OPTIONS, PUT, MKCALENDAR, MKCOL";
    }
}
