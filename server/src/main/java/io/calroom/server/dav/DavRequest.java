package io.calroom.server.dav;

import io.calroom.principal.Principal;
import io.calroom.principal.auth.AuthenticatedUser;
import io.calroom.schema.store.WriteCondition;
import io.calroom.server.dav.tree.DavNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One DAV request as the method handlers see it: the authenticated caller, the decoded path, the
 * headers they need parsed, and a bounded body.
 */
public final class DavRequest {
    public static final int DEPTH_INFINITY = Integer.MAX_VALUE;

    private final HttpServletRequest http;
    private final HttpServletResponse response;
    private final Principal user;
    private final AuthenticatedUser authentication;
    private final List<String> segments;
    private final DavServices services;
    private byte[] body;
    private DavNode node;

    public DavRequest(HttpServletRequest http, HttpServletResponse response, Principal user, AuthenticatedUser authentication,
                      List<String> segments, DavServices services) {
        this.http = http;
        this.response = response;
        this.user = user;
        this.authentication = authentication;
        this.segments = List.copyOf(segments);
        this.services = services;
    }

    public Principal user() {
        return user;
    }

    /** How the caller authenticated (password, JWT, service token), or null. */
    public AuthenticatedUser authentication() {
        return authentication;
    }

    public List<String> segments() {
        return segments;
    }

    public DavServices services() {
        return services;
    }

    public HttpServletResponse response() {
        return response;
    }

    public String method() {
        return http.getMethod();
    }

    /** True when the request URI ended with a slash. */
    public boolean hasTrailingSlash() {
        return http.getRequestURI().endsWith("/");
    }

    public String header(String name) {
        return http.getHeader(name);
    }

    /** The resource at the request path, or 404; resolved once per request (REPORT looks at it before the report does). */
    public DavNode node() {
        if (node == null) node = services.tree().resolve(segments, user).orElseThrow(DavException::notFound);
        return node;
    }

    /** The request body, read at most once, refused with 413 past the configured limit. */
    public byte[] body() {
        if (body != null) return body;
        long limit = services.config().maxRequestBytes();
        long declared = http.getContentLengthLong();
        if (declared > limit) throw new DavException(413, null, "request body larger than " + limit + " bytes");
        try {
            InputStream in = http.getInputStream(); // the container owns the stream: an unread rest can still be dropped
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
            byte[] buf = new byte[8192];
            long total = 0;
            for (int r; (r = in.read(buf)) > 0; ) {
                total += r;
                if (total > limit) throw new DavException(413, null, "request body larger than " + limit + " bytes");
                out.write(buf, 0, r);
            }
            body = out.toByteArray();
            return body;
        } catch (IOException e) {
            throw DavException.badRequest("the request body could not be read");
        }
    }

    /** RFC 4918 §10.2 Depth; {@code dflt} when absent; anything else than 0, 1, infinity is a 400. */
    public int depth(int dflt) {
        String d = header("Depth");
        if (d == null) return dflt;
        switch (d.trim().toLowerCase(Locale.ROOT)) {
            case "0": return 0;
            case "1": return 1;
            case "infinity": return DEPTH_INFINITY;
            default: throw DavException.badRequest("invalid Depth header '" + d + "'");
        }
    }

    /** If-Match / If-None-Match (RFC 9110 §13.1.1-2), weak tags compared weakly for If-None-Match. */
    public WriteCondition writeCondition() {
        return new WriteCondition(entityTags("If-Match", false), entityTags("If-None-Match", true));
    }

    /** RFC 7240 Prefer: return=minimal, or Microsoft's Brief: t (as RFC 8144 notes clients send). */
    public boolean preferMinimal() {
        for (String v : Collections.list(http.getHeaders("Prefer"))) {
            for (String p : v.split(",")) {
                String t = p.trim().toLowerCase(Locale.ROOT);
                if (t.equals("return=minimal") || t.equals("return-minimal")) return true;
            }
        }
        String brief = header("Brief");
        return brief != null && brief.trim().equalsIgnoreCase("t");
    }

    /** The Destination header's path (COPY/MOVE), or 400. */
    public String destinationPath() {
        return Optional.ofNullable(header("Destination")).flatMap(Hrefs::pathOf)
                .orElseThrow(() -> DavException.badRequest("COPY and MOVE need a Destination header"));
    }

    /** The Overwrite header (RFC 4918 §10.6), default T. */
    public boolean overwrite() {
        String o = header("Overwrite");
        if (o == null) return true;
        if (o.trim().equalsIgnoreCase("T")) return true;
        if (o.trim().equalsIgnoreCase("F")) return false;
        throw DavException.badRequest("invalid Overwrite header '" + o + "'");
    }

    public String contentType() {
        return http.getContentType();
    }

    private List<String> entityTags(String header, boolean weakToStrong) {
        List<String> values = Collections.list(http.getHeaders(header));
        if (values.isEmpty()) return null;
        List<String> tags = new ArrayList<>();
        for (String v : values) {
            for (String t : v.split(",")) {
                String tag = t.trim();
                if (tag.isEmpty()) continue;
                if (tag.startsWith("W/")) {
                    if (!weakToStrong) continue; // If-Match uses the strong comparison: a weak tag never matches
                    tag = tag.substring(2);
                }
                tags.add(tag);
            }
        }
        return tags;
    }
}
