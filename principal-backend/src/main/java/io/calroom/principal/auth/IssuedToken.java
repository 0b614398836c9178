package io.calroom.principal.auth;

/**
 * A service token just created: its id and the clear token, which is shown once and never stored.
 * {@link #toString()} leaves the clear token out, so that it does not end up in logs.
 */
public record IssuedToken(long id, String clearToken) {
    @Override
    public String toString() {
        return "IssuedToken[id=" + id + ", clearToken=crt_***]";
    }
}
