package io.milton.servlet;

/**
 * Shim: Milton's {@code ServletRequest.clearThreadLocals()} is package-private, and only Milton's
 * own servlet calls it. Our servlet calls this after each request so no request outlives its thread use.
 */
public final class MiltonThreadLocals {
    private MiltonThreadLocals() {
    }

    public static void clear() {
        ServletRequest.clearThreadLocals();
    }
}
