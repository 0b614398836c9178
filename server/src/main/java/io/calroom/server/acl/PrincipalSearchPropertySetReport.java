package io.calroom.server.acl;

import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.method.ReportMethod;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.XmlOut;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** DAV:principal-search-property-set (RFC 3744 §9.5): which principal properties can be searched. */
public final class PrincipalSearchPropertySetReport implements ReportMethod.Report {
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "displayname", "Display name", "email-address-set", "E-mail address",
            "calendar-user-address-set", "Calendar user address", "calendar-user-type", "Calendar user type",
            "first-name", "First name", "last-name", "Last name");

    @Override
    public void run(DavRequest req, Element body) {
        PrincipalReports.requireDepthZero(req, "9.5");
        req.node();
        req.response().setStatus(200);
        req.response().setContentType("application/xml; charset=utf-8");
        try {
            XmlOut out = new XmlOut(req.response().getOutputStream());
            out.start(Ns.dav("principal-search-property-set"));
            for (QName q : PrincipalPropertySearchReport.SEARCHABLE.keySet().stream()
                    .sorted(java.util.Comparator.comparing(QName::getLocalPart)).toList()) {
                out.start(Ns.dav("principal-search-property")).start(Ns.dav("prop")).empty(q).end();
                out.element(Ns.dav("description"), DESCRIPTIONS.getOrDefault(q.getLocalPart(), q.getLocalPart()));
                out.end();
            }
            out.end();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
