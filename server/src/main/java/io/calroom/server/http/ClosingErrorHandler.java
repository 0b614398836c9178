package io.calroom.server.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests it refuses before they reach the servlet (ambiguous or malformed
 * URIs, bad headers): the usual error, plus {@code Connection: close}, because the request's body
 * was not read and the connection cannot be reused for the next request.
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
}
