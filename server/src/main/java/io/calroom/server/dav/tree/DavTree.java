package io.calroom.server.dav.tree;

import io.calroom.principal.Principal;
import io.calroom.principal.CachedPrincipalLookups;
import io.calroom.server.dav.DavConcern;
import io.calroom.server.dav.DavRequest;

import javax.xml.namespace.QName;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maps paths to nodes, for one caller: the root is the core's, each top-level collection
 * ({@code /principals/}, {@code /calendars/}, {@code /addressbooks/}) is resolved by the concern
 * that serves it. Resolution checks access as it goes, so a node the caller may not see is simply absent.
 */
public final class DavTree {
    private final CachedPrincipalLookups directory;
    private final List<DavConcern> concerns;
    private final RootNode root;

    public DavTree(CachedPrincipalLookups directory, List<DavConcern> concerns) {
        this.directory = directory;
        this.concerns = List.copyOf(concerns);
        this.root = new RootNode(this.concerns);
    }

    /**
     * The node at a path, if the caller may see it. Inside a transaction the concerns' stores
     * read in it, so a write handler sees what it locks.
     */
    public Optional<DavNode> resolve(List<String> s, Principal user) {
        if (s.isEmpty()) return Optional.of(root);
        DavConcern c = concernOf(s);
        return c == null ? Optional.empty() : c.resolve(s, user);
    }

    /** True when the caller may only read at this path (a read-only delegate's home, the directory). */
    public boolean readOnly(List<String> s, Principal user) {
        DavConcern c = s.isEmpty() ? null : concernOf(s);
        return c != null && c.readOnly(s, user);
    }

    private DavConcern concernOf(List<String> s) {
        for (DavConcern c : concerns) {
            if (s.get(0).equals(c.collection())) return c;
        }
        return null;
    }

    /** Forgets what is cached about a principal after the DAV layer changed it. */
    public void forget(long principalId) {
        directory.invalidate(principalId);
    }

    /**
     * The members of a collection the caller may see (Depth: 1), for a request that will ask them
     * for {@code wanted} properties only (null: all), so that less of each member needs to be read.
     */
    public List<DavNode> children(DavRequest req, DavNode node, Set<QName> wanted) {
        return node.members(req.services(), req.user(), wanted);
    }
}
