package io.calroom.admin;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Establishes who is calling from the request's credentials (Basic, bearer JWT, service token: the
 * server decides). Empty means no usable credentials: the API answers 401 with
 * {@code WWW-Authenticate: Basic realm="Calroom"}. It must not read the request body. It may throw
 * when its store is unreachable; the API then answers 503 or 500. It throws
 * {@link LoginThrottledException} when it refuses to check credentials after too many failures: 429.
 */
@FunctionalInterface
public interface AdminAuthenticator {
    Optional<Caller> authenticate(HttpServletRequest request);
}
