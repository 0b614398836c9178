package io.calroom.scheduling.imip;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Whether iTIP messages for calendar users outside the server are e-mailed (iMIP, RFC 6047), and how.
 *
 * @param enabled        true when iMIP is on; then {@code smtp} is set
 * @param smtp           the mail server, or {@code null} when iMIP is off
 * @param resourceDomain the mail domain of room and equipment addresses: never e-mailed
 */
public record ImipSettings(boolean enabled, SmtpSettings smtp, String resourceDomain) {
    private static final Logger log = LoggerFactory.getLogger(ImipSettings.class);

    public static final String ENABLED = "CALDAV_IMIP_ENABLED";
    public static final String HOST = "CALDAV_SMTP_HOST";
    public static final String PORT = "CALDAV_SMTP_PORT";
    public static final String TLS = "CALDAV_SMTP_TLS";
    public static final String USER = "CALDAV_SMTP_USER";
    public static final String PASSWORD = "CALDAV_SMTP_PASSWORD";
    public static final String FROM = "CALDAV_SMTP_FROM";
    public static final String FROM_NAME = "CALDAV_SMTP_FROM_NAME";
    public static final String TIMEOUT = "CALDAV_SMTP_TIMEOUT_SECONDS";
    public static final String RESOURCE_DOMAIN = "CALDAV_RESOURCE_DOMAIN";
    /** The server's default of {@code CALDAV_RESOURCE_DOMAIN}. */
    public static final String DEFAULT_RESOURCE_DOMAIN = "resources.example.com";

    public ImipSettings {
        if (resourceDomain == null || resourceDomain.isBlank()) throw new IllegalArgumentException("a resource domain is required");
        resourceDomain = resourceDomain.trim().toLowerCase(Locale.ROOT);
        if (enabled && smtp == null) throw new IllegalArgumentException("iMIP needs SMTP settings");
    }

    /** iMIP off. */
    public static ImipSettings disabled(String resourceDomain) {
        return new ImipSettings(false, null, resourceDomain);
    }

    /** iMIP on, through this mail server. */
    public static ImipSettings enabled(SmtpSettings smtp, String resourceDomain) {
        return new ImipSettings(true, smtp, resourceDomain);
    }

    /**
     * Reads the {@code CALDAV_*} keys (see docs/imip.md). iMIP is on only when {@code CALDAV_IMIP_ENABLED} is true
     * and {@code CALDAV_SMTP_HOST} is set; then {@code CALDAV_SMTP_FROM} is required. Values are trimmed, blank
     * means unset. Every value that is set is checked, whether iMIP is on or not.
     *
     * @throws IllegalArgumentException for a bad or missing value; the message starts with the key
     */
    public static ImipSettings fromEnvironment(Map<String, String> env) {
        boolean wanted = bool(env, ENABLED, false);
        String host = string(env, HOST);
        SmtpSettings.TlsMode tls = SmtpSettings.TlsMode.STARTTLS;
        if (string(env, TLS) != null) {
            try {
                tls = SmtpSettings.TlsMode.parse(string(env, TLS));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(TLS + " " + e.getMessage());
            }
        }
        int port = integer(env, PORT, tls == SmtpSettings.TlsMode.SMTPS ? 465 : 587, 1, 65535);
        int timeoutSeconds = integer(env, TIMEOUT, 30, 1, 300);
        String user = string(env, USER);
        String password = env.get(PASSWORD) == null || env.get(PASSWORD).isBlank() ? null : env.get(PASSWORD);
        if (user != null && password == null) throw new IllegalArgumentException(PASSWORD + " is required when " + USER + " is set");
        if (user == null && password != null) throw new IllegalArgumentException(USER + " is required when " + PASSWORD + " is set");
        String from = string(env, FROM);
        if (from != null) {
            try {
                from = SmtpSettings.validAddress(from);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(FROM + " must be a plain e-mail address like calendar@example.com, was '" + from + "'");
            }
        }
        String fromName = string(env, FROM_NAME);
        String resourceDomain = string(env, RESOURCE_DOMAIN);
        if (resourceDomain == null) resourceDomain = DEFAULT_RESOURCE_DOMAIN;

        if (!wanted) return disabled(resourceDomain);
        if (host == null) {
            log.warn("{}=true but {} is not set: iMIP stays off, no e-mail is sent", ENABLED, HOST);
            return disabled(resourceDomain);
        }
        if (from == null) throw new IllegalArgumentException(FROM + " is required when " + ENABLED + " is true");
        if (tls == SmtpSettings.TlsMode.NONE && user != null) {
            log.warn("{}=none with {} set: the SMTP password crosses the network unencrypted", TLS, USER);
        }
        try {
            return enabled(new SmtpSettings(host, port, tls, user, password, from, fromName,
                    Duration.ofSeconds(timeoutSeconds)), resourceDomain);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HOST + ": " + e.getMessage(), e);
        }
    }

    private static String string(Map<String, String> env, String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static int integer(Map<String, String> env, String key, int dflt, int min, int max) {
        String v = string(env, key);
        if (v == null) return dflt;
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
        }
        if (n < min || n > max) throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + v);
        return (int) n;
    }

    private static boolean bool(Map<String, String> env, String key, boolean dflt) {
        String v = string(env, key);
        if (v == null) return dflt;
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        };
    }
}
