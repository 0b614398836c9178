package io.calroom.admin;

/**
 * Thrown by an {@link AdminAuthenticator} when the credentials were not checked because too many
 * recent attempts for the same account name or client address failed: the API answers 429 with
 * {@code Retry-After} (RFC 6585 §4), as the CalDAV side does.
 */
public final class LoginThrottledException extends RuntimeException {
    private final long retryAfterSeconds;

    public LoginThrottledException(long retryAfterSeconds) {
        super("too many failed attempts, try again later", null, false, false);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
