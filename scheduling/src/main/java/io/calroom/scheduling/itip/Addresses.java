package io.calroom.scheduling.itip;

import java.util.Collection;
import java.util.Locale;

/**
 * Calendar-user addresses (RFC 5545 §3.3.3) compared as CalDAV servers do: the scheme case-insensitively, a
 * {@code mailto:} address case-insensitively as a whole ({@code mailto:Alice@Example.com} equals
 * {@code mailto:alice@example.com}), {@code urn:uuid:} case-insensitively; other URIs by scheme and host
 * case-insensitively, the rest as written. A bare {@code local@domain} is read as {@code mailto:}; a {@code ?query} on
 * a mailto is dropped.
 */
public final class Addresses {

    private Addresses() {
    }

    /** The normalized form of an address, or {@code null} for {@code null}/blank. */
    public static String normalize(String calAddress) {
        if (calAddress == null) return null;
        String a = calAddress.trim();
        if (a.length() >= 2 && a.startsWith("\"") && a.endsWith("\"")) a = a.substring(1, a.length() - 1).trim();
        if (a.isEmpty()) return null;
        int colon = a.indexOf(':');
        if (colon < 0) {
            return a.contains("@") ? "mailto:" + a.toLowerCase(Locale.ROOT) : a.toLowerCase(Locale.ROOT);
        }
        String scheme = a.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = a.substring(colon + 1);
        switch (scheme) {
            case "mailto" -> {
                int q = rest.indexOf('?');
                if (q >= 0) rest = rest.substring(0, q);
                return "mailto:" + rest.trim().toLowerCase(Locale.ROOT);
            }
            case "urn" -> {
                return "urn:" + rest.toLowerCase(Locale.ROOT);
            }
            case "http", "https" -> {
                if (rest.startsWith("//")) {
                    int slash = rest.indexOf('/', 2);
                    String host = slash < 0 ? rest : rest.substring(0, slash);
                    String path = slash < 0 ? "" : rest.substring(slash);
                    return scheme + ":" + host.toLowerCase(Locale.ROOT) + path;
                }
                return scheme + ":" + rest;
            }
            default -> {
                return scheme + ":" + rest;
            }
        }
    }

    /** Whether two addresses denote the same calendar user address; {@code false} if either is {@code null}. */
    public static boolean same(String a, String b) {
        String na = normalize(a);
        return na != null && na.equals(normalize(b));
    }

    /** Whether {@code address} is one of {@code addresses}. */
    public static boolean isOneOf(String address, Collection<String> addresses) {
        if (addresses == null) return false;
        for (String candidate : addresses) if (same(address, candidate)) return true;
        return false;
    }
}
