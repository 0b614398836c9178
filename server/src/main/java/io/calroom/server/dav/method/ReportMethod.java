package io.calroom.server.dav.method;

import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.Map;

/**
 * REPORT (RFC 3253 §3.6): dispatches on the report element's qualified name (Milton CE's own
 * report framework ignores namespaces and buffers). A report the server does not have, or that
 * is not in the target's DAV:supported-report-set ({@link DavNode#supportedReports}), gets
 * 403 DAV:supported-report; a malformed body 400.
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
        QName name = SafeXml.name(body);
        Report report = reports.get(name);
        if (report == null) {
            throw DavException.forbidden(Ns.dav("supported-report"), "unsupported report " + name);
        }
        DavNode node = req.node();
        if (!node.supportedReports().contains(name)) {
            throw DavException.forbidden(Ns.dav("supported-report"), name.getLocalPart() + " is not in the supported-report-set of " + node.path());
        }
        report.run(req, body);
    }
}
