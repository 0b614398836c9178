package io.calroom.principal.auth;

/** How a request proved who it is. */
public enum AuthMethod {
    /** HTTP Basic with a principal's password. */
    PASSWORD,
    /** A bearer JWT from the configured OpenID Connect issuer. */
    JWT,
    /** A bearer service token ({@code crt_...}) from the {@code api_tokens} table. */
    SERVICE_TOKEN
}
