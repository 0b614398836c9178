package io.calroom.server.dav.method;

import io.calroom.server.dav.DavConcern;
import io.calroom.server.dav.DavMethod;
import io.calroom.server.dav.DavRequest;
import io.calroom.server.dav.tree.DavNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * OPTIONS (RFC 4918 §10.1, RFC 4791 §5.1): the DAV compliance classes (the core's 1 and 3, then
 * every concern's, each at its position) and the methods the resource allows.
 */
public final class OptionsMethod implements DavMethod {
    private static final List<DavConcern.ComplianceToken> CORE = List.of(new DavConcern.ComplianceToken(10, "1"),
            new DavConcern.ComplianceToken(20, "3"));

    private final String davHeader;
    private final String allowWhereNothingIs;

    public OptionsMethod(List<DavConcern> concerns) {
        List<DavConcern.ComplianceToken> tokens = new ArrayList<>(CORE);
        for (DavConcern c : concerns) tokens.addAll(c.complianceTokens());
        tokens.sort(Comparator.comparingInt(DavConcern.ComplianceToken::position));
        this.davHeader = tokens.stream().map(DavConcern.ComplianceToken::token).collect(Collectors.joining(", "));
        this.allowWhereNothingIs = concerns.stream().map(DavConcern::allowedWhereNothingIs).filter(Objects::nonNull)
                .findFirst().orElse("OPTIONS");
    }

    /** The DAV: header value. */
    public String davHeader() {
        return davHeader;
    }

    @Override
    public String name() {
        return "OPTIONS";
    }

    @Override
    public void handle(DavRequest req) {
        Optional<DavNode> node = req.services().tree().resolve(req.segments(), req.user());
        req.response().setHeader("DAV", davHeader);
        req.response().setHeader("Allow", node.map(DavNode::allowedMethods).orElse(allowWhereNothingIs));
        req.response().setContentLength(0);
        req.response().setStatus(200);
    }
}
