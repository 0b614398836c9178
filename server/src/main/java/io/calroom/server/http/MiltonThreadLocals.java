package io.calroom.server.http;

import io.milton.servlet.ServletRequest;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Clears the thread-locals Milton's {@link ServletRequest} keeps (the request and the servlet
 * context) after each request, so that no request outlives its use of the thread. Milton's own
 * servlet does this with {@code ServletRequest.clearThreadLocals()}, which is package-private:
 * it is looked up once, when the servlet is built, so a Milton without it fails at start-up, not
 * on a request. (Before, a class of ours sat in Milton's package to call it.)
 */
public final class MiltonThreadLocals {
    private static final MethodHandle CLEAR = lookUp();

    private MiltonThreadLocals() {
    }

    private static MethodHandle lookUp() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(ServletRequest.class, MethodHandles.lookup());
            return lookup.findStatic(ServletRequest.class, "clearThreadLocals", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Milton's ServletRequest.clearThreadLocals() is not available", e);
        }
    }

    /** Fails now if the thread-locals cannot be cleared (called when the servlet is built). */
    static void requireAvailable() {
        if (CLEAR == null) throw new IllegalStateException("no ServletRequest.clearThreadLocals()");
    }

    public static void clear() {
        try {
            CLEAR.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
