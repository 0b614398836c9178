package io.calroom.server.dav.property;

import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.Set;

/**
 * Live properties the server computes and no client may set (RFC 4918 §15, RFC 3744 §5, RFC 4791
 * §5.2, RFC 6578 §4), whether or not the resource at hand has them: PROPPATCH, MKCALENDAR and
 * extended MKCOL answer 403 DAV:cannot-modify-protected-property for them.
 */
public final class ProtectedProperties {
    private static final Set<QName> NAMES = Set.of(Ns.dav("getetag"), Ns.dav("getcontenttype"),
            Ns.dav("getcontentlength"), Ns.dav("getlastmodified"), Ns.dav("creationdate"), Ns.dav("lockdiscovery"),
            Ns.dav("supportedlock"), Ns.dav("current-user-privilege-set"), Ns.dav("current-user-principal"),
            Ns.dav("owner"), Ns.dav("acl"), Ns.dav("principal-URL"), Ns.dav("sync-token"),
            Ns.dav("supported-report-set"), Ns.dav("principal-collection-set"), Ns.cs("getctag"),
            Ns.caldav("supported-calendar-data"), Ns.caldav("max-resource-size"), Ns.caldav("max-instances"),
            Ns.caldav("max-attendees-per-instance"), Ns.caldav("calendar-home-set"),
            Ns.caldav("calendar-user-address-set"), Ns.caldav("schedule-inbox-URL"), Ns.caldav("schedule-outbox-URL"),
            Ns.caldav("schedule-tag"));

    private ProtectedProperties() {
    }

    public static boolean contains(QName name) {
        return NAMES.contains(name);
    }
}
