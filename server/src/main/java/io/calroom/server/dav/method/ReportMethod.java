package io.calroom.server.dav.method;

import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.Map;

/**
 * REPORT (RFC 3253 §3.6): dispatches on the report element's qualified name (Milton CE's own
 * report framework ignores namespaces and buffers). A report the server does not have gets 403
 * DAV:supported-report; a malformed body 400.
 */
public final class ReportMethod implements DavMethod {
    /** One REPORT type. */
    public interface Report {
        void run(DavRequest request, Element body);
    }

    private final Map<QName, Report> reports;

    public ReportMethod(Map<QName, Report> reports) {
        this.reports = Map.copyOf(reports);
    }

    @Override
    public String name() {
        return "REPORT";
    }

    @Override
    public void handle(DavRequest req) {
        Element body = req.services().xml().parse(req.body())
                .orElseThrow(() -> DavException.badRequest("REPORT needs a request body"));
        Report report = reports.get(SafeXml.name(body));
        if (report == null) {
            throw DavException.forbidden(Ns.dav("supported-report"), "unsupported report " + SafeXml.name(body));
        }
        report.run(req, body);
    }
}
