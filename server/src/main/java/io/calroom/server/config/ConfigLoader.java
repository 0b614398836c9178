package io.calroom.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import io.calroom.principal.auth.OidcSettings;
import io.calroom.scheduling.imip.ImipSettings;

/**
 * Builds the {@link ServerConfig} from environment variables. If {@code CALDAV_CONFIG_FILE} names a
 * properties file, its {@code CALDAV_*} keys are read first and environment variables override
 * them. Bad values stop the server at start-up with a message naming the key.
 */
public final class ConfigLoader {
    private final Map<String, String> values;

    public ConfigLoader(Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>();
        String file = environment.get("CALDAV_CONFIG_FILE");
        if (file != null && !file.isBlank()) merged.putAll(readProperties(Path.of(file)));
        environment.forEach((k, v) -> {
            if (k.startsWith("CALDAV_")) merged.put(k, v);
        });
        this.values = Map.copyOf(merged);
    }

    public static ServerConfig fromEnvironment() {
        return new ConfigLoader(System.getenv()).load();
    }

    public ServerConfig load() {
        String dbUrl = string("CALDAV_DB_URL", null);
        boolean zeroConfig = dbUrl == null;
        int port = integer("CALDAV_PORT", 8080, 0, 65535);
        String host = string("CALDAV_HOST", "0.0.0.0");
        String baseUrl = string("CALDAV_BASE_URL", null);
        return new ServerConfig(
                host,
                port,
                baseUrl == null ? null : stripTrailingSlash(baseUrl),
                dbUrl,
                string("CALDAV_DB_USER", zeroConfig ? "postgres" : null),
                string("CALDAV_DB_PASSWORD", null),
                integer("CALDAV_DB_POOL_SIZE", 10, 1, 1000),
                Path.of(string("CALDAV_DATA_DIR", "calroom-data")),
                string("CALDAV_LOG_LEVEL", "info").toLowerCase(Locale.ROOT),
                string("CALDAV_ADMIN_USER", null),
                string("CALDAV_ADMIN_PASSWORD", null),
                bool("CALDAV_DEMO_DATA", zeroConfig),
                string("CALDAV_EMAIL_DOMAIN", "example.com"),
                string("CALDAV_RESOURCE_DOMAIN", "resources.example.com"),
                longValue("CALDAV_MAX_REQUEST_BYTES", 10L * 1024 * 1024, 1024, Long.MAX_VALUE),
                longValue("CALDAV_MAX_RESOURCE_SIZE", 1024L * 1024, 1024, Long.MAX_VALUE),
                integer("CALDAV_MAX_OCCURRENCES", 20_000, 1, 10_000_000),
                integer("CALDAV_MAX_ATTENDEES", 500, 1, 100_000),
                Duration.ofDays(integer("CALDAV_EXPANSION_HORIZON_DAYS", 730, 1, 36_500)),
                integer("CALDAV_PASSWORD_HASH_ITERATIONS", 310_000, 1, 10_000_000),
                oidc(),
                Duration.ofDays(integer("CALDAV_CONFLICT_HORIZON_DAYS", 730, 1, 36_500)),
                imip(),
                integer("CALDAV_AUTH_MAX_FAILURES", 5, 1, 1000),
                Duration.ofSeconds(integer("CALDAV_AUTH_MAX_LOCKOUT_SECONDS", 900, 1, 86_400)),
                integer("CALDAV_MAX_REPORT_RESULTS", 50_000, 1, 10_000_000),
                Duration.ofSeconds(integer("CALDAV_OCCURRENCE_MAINTENANCE_INTERVAL_SECONDS", 3600, 10, 604_800)));
    }

    /** Outbound iMIP (RFC 6047): off unless CALDAV_IMIP_ENABLED=true and CALDAV_SMTP_HOST is set. */
    private ImipSettings imip() {
        try {
            return ImipSettings.fromEnvironment(values);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** OIDC bearer tokens: on when CALDAV_OIDC_ISSUER is set; then an audience and a key source are required. */
    private OidcSettings oidc() {
        String issuer = string("CALDAV_OIDC_ISSUER", null);
        if (issuer == null) return null;
        String audience = string("CALDAV_OIDC_AUDIENCE", null);
        if (audience == null) throw new ConfigException("CALDAV_OIDC_AUDIENCE is required when CALDAV_OIDC_ISSUER is set");
        OidcSettings.Builder b;
        try {
            b = OidcSettings.builder(issuer, audience)
                    .jwksUrl(string("CALDAV_OIDC_JWKS_URL", null))
                    .verificationKey(string("CALDAV_OIDC_PUBLIC_KEY", null));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("OIDC settings: " + e.getMessage());
        }
        if (string("CALDAV_OIDC_USERNAME_CLAIM", null) != null) b.usernameClaim(string("CALDAV_OIDC_USERNAME_CLAIM", null));
        if (string("CALDAV_OIDC_EMAIL_CLAIM", null) != null) b.emailClaim(string("CALDAV_OIDC_EMAIL_CLAIM", null));
        if (string("CALDAV_OIDC_NAME_CLAIM", null) != null) b.nameClaim(string("CALDAV_OIDC_NAME_CLAIM", null));
        if (string("CALDAV_OIDC_ORG_CLAIM", null) != null) b.orgClaim(string("CALDAV_OIDC_ORG_CLAIM", null));
        if (string("CALDAV_OIDC_ROLES_CLAIM", null) != null) b.rolesClaim(string("CALDAV_OIDC_ROLES_CLAIM", null));
        if (string("CALDAV_OIDC_GROUPS_CLAIM", null) != null) b.groupsClaim(string("CALDAV_OIDC_GROUPS_CLAIM", null));
        if (string("CALDAV_OIDC_ORG_ADMIN_VALUES", null) != null) b.orgAdminValues(list("CALDAV_OIDC_ORG_ADMIN_VALUES"));
        if (values.containsKey("CALDAV_OIDC_SUPER_ADMIN_VALUES")) b.superAdminValues(list("CALDAV_OIDC_SUPER_ADMIN_VALUES"));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("OIDC settings: " + e.getMessage());
        }
    }

    private java.util.List<String> list(String key) {
        String v = values.getOrDefault(key, "");
        return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private String string(String key, String dflt) {
        String v = values.get(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private int integer(String key, int dflt, int min, int max) {
        return (int) longValue(key, dflt, min, max);
    }

    private long longValue(String key, long dflt, long min, long max) {
        String v = string(key, null);
        if (v == null) return dflt;
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) throw new ConfigException(key + " must be between " + min + " and " + max + ", was " + v);
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, was '" + v + "'");
        }
    }

    private boolean bool(String key, boolean dflt) {
        String v = string(key, null);
        if (v == null) return dflt;
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on": return true;
            case "false", "no", "0", "off": return false;
            default: throw new ConfigException(key + " must be true or false, was '" + v + "'");
        }
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read CALDAV_CONFIG_FILE " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** A configuration value that cannot be used; the message names the key. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
