package io.calroom.server.dav.tree;

import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.util.List;

/** A structural collection: the root, /principals/, /calendars/, /calendars/users/ and the like; concerns extend it for their members. */
public class PlainCollectionNode extends DavNode {
    public PlainCollectionNode(String path) {
        super(path);
    }

    @Override
    public boolean isCollection() {
        return true;
    }

    @Override
    public List<QName> resourceTypes() {
        return List.of(Ns.dav("collection"));
    }
}
