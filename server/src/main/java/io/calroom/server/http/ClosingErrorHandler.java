package io.calroom.server.http;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Jetty's answer to requests it refuses before they reach the servlet (ambiguous or malformed
 * URIs, bad headers): {@code Connection: close}, because the request's body was not read and the
 * connection cannot be reused for the next request, and a one-line {@code text/plain} reason like
 * {@link io.calroom.server.dav.ErrorResponder}'s, whatever the method (Jetty's own handler writes
 * an HTML page, and nothing at all for a PUT or any other method but GET, POST and HEAD). No stack
 * trace, and no exception text that is not an HTTP reason.
 */
public final class ClosingErrorHandler extends ErrorHandler {
    public ClosingErrorHandler() {
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        return super.handle(request, response, callback);
    }

    /** Every refusal carries its reason, for PUT, PROPFIND, REPORT... as for GET. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String reason = cause == null || cause instanceof HttpException ? message : null;
        if (reason == null || reason.isBlank()) reason = HttpStatus.getMessage(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap((reason + "\n").getBytes(StandardCharsets.UTF_8)), callback);
    }
}
