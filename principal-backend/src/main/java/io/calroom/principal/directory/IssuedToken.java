package io.calroom.principal.directory;

/** A token just issued: what is stored, and the clear token, which exists only here and is shown once. */
public record IssuedToken(ApiToken token, String clearToken) {
    @Override
    public String toString() {
        return "IssuedToken[" + token + ", clearToken=(hidden)]";
    }
}
