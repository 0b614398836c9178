package io.calroom.server.dav.property;

import io.calroom.server.dav.Hrefs;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.XmlOut;

import javax.xml.namespace.QName;

/** Writes one property element with its value. */
public final class PropertyWriter {
    private static final QName HREF = Ns.dav("href");

    private PropertyWriter() {
    }

    public static void write(XmlOut out, QName name, PropValue value) {
        if (value instanceof PropValue.RawElement raw) {
            out.raw(raw.xml());
            return;
        }
        out.start(name);
        if (value instanceof PropValue.Text t) {
            out.text(t.text());
        } else if (value instanceof PropValue.Href h) {
            href(out, h.target());
        } else if (value instanceof PropValue.Hrefs hs) {
            for (String h : hs.targets()) href(out, h);
        } else if (value instanceof PropValue.Elements es) {
            for (QName n : es.names()) out.empty(n);
        } else if (value instanceof PropValue.Custom c) {
            c.body().accept(out);
        }
        out.end();
    }

    /** A DAV:href: paths are percent-encoded, absolute URIs (mailto:, urn:) written as they are. */
    public static void href(XmlOut out, String target) {
        if (target.startsWith("/")) {
            // percent-encoded, a path holds no character that XML would escape
            out.start(HREF).raw(Hrefs.encodePath(target)).end();
        } else {
            out.element(HREF, target);
        }
    }
}
