package io.calroom.server.dav.method;

import io.calroom.server.dav.DavException;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.tree.DavNode;
import io.calroom.server.dav.xml.Ns;
import io.calroom.server.dav.xml.SafeXml;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extended MKCOL (RFC 5689 §3): the parent creates the collection ({@link DavNode#createCollection};
 * calendar homes create a calendar when the body's DAV:resourcetype says so, and refuse plain
 * collections with 403 DAV:valid-resourcetype).
 */
public final class MkcolMethod implements DavMethod {
    @Override
    public String name() {
        return "MKCOL";
    }

    @Override
    public void handle(DavRequest req) {
        DavNode parent = parentOfNew(req, true);
        parent.createCollection(req, () -> {
            byte[] body = req.body();
            if (body.length > 0 && req.contentType() != null && !req.contentType().toLowerCase(java.util.Locale.ROOT).contains("xml")) {
                throw new DavException(415, null, "an extended MKCOL body must be XML");
            }
            return setProperties(req.services().xml().parse(body), Ns.dav("mkcol"));
        }, true);
    }

    /**
     * The parent of the collection to create, or the RFC's refusal. A resource already at the
     * Request-URI (a calendar, an object, a home...) fails MKCALENDAR's precondition
     * DAV:resource-must-be-null with 403 (RFC 4791 §5.3.1, §1.3); an extended MKCOL answers as
     * MKCOL does (RFC 5689 §3.2, RFC 4918 §9.3.1): 405, with the methods the resource allows.
     */
    public static DavNode parentOfNew(DavRequest req, boolean mkcol) {
        List<String> s = req.segments();
        Optional<DavNode> existing = req.services().tree().resolve(s, req.user());
        if (existing.isPresent()) throw resourceExists(existing.get().path(), mkcol, existing.get().allowedMethods());
        if (s.isEmpty()) throw DavException.forbidden(null, "a calendar cannot be created here");
        Optional<DavNode> parent = req.services().tree().resolve(s.subList(0, s.size() - 1), req.user());
        if (parent.isEmpty()) throw DavException.conflict(null, "the parent collection does not exist");
        return parent.get();
    }

    /** The property instructions of the body's DAV:set elements. */
    public static List<Element> setProperties(Optional<Element> body, QName expectedRoot) {
        if (body.isEmpty()) return List.of();
        Element root = body.get();
        if (!SafeXml.is(root, expectedRoot)) {
            throw DavException.badRequest("the request body must be a " + expectedRoot.getLocalPart() + " element");
        }
        List<Element> out = new ArrayList<>();
        for (Element set : SafeXml.children(root)) {
            if (!SafeXml.is(set, Ns.dav("set"))) continue;
            for (Element prop : SafeXml.children(set)) {
                if (SafeXml.is(prop, Ns.dav("prop"))) out.addAll(SafeXml.children(prop));
            }
        }
        return out;
    }

    public static DavException resourceExists(String path, boolean mkcol, String allow) {
        String message = "a resource already exists at " + path;
        if (!mkcol) return DavException.forbidden(Ns.dav("resource-must-be-null"), message);
        return DavException.methodNotAllowed(message, allow);
    }
}
