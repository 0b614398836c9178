package io.calroom.server.config;

import io.calroom.principal.auth.OidcSettings;
import io.calroom.scheduling.imip.ImipSettings;

import java.nio.file.Path;
import java.time.Duration;

/**
 * All configuration of the server, read once at start-up from {@code CALDAV_*} environment
 * variables (and an optional properties file, see {@link ConfigLoader}). docs/configuration.md
 * documents every key.
 */
public record ServerConfig(
        String host,
        int port,
        String baseUrl,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        Path dataDir,
        String logLevel,
        String adminUser,
        String adminPassword,
        boolean demoData,
        String emailDomain,
        String resourceDomain,
        long maxRequestBytes,
        long maxResourceSize,
        int maxOccurrences,
        int maxAttendees,
        Duration expansionHorizon,
        int passwordHashIterations,
        OidcSettings oidc,
        Duration conflictHorizon,
        ImipSettings imip,
        int authMaxFailures,
        Duration authMaxLockout,
        int maxReportResults,
        Duration occurrenceMaintenanceInterval) {

    /** True when bearer JWTs from an OIDC provider are accepted ({@code CALDAV_OIDC_ISSUER} is set). */
    public boolean oidcEnabled() {
        return oidc != null;
    }

    /** True when no database was configured: the server runs its own embedded PostgreSQL. */
    public boolean embeddedDatabase() {
        return dbUrl == null || dbUrl.isBlank();
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, baseUrl, dbUrl, dbUser, dbPassword, dbPoolSize, dataDir, logLevel,
                adminUser, adminPassword, demoData, emailDomain, resourceDomain, maxRequestBytes, maxResourceSize,
                maxOccurrences, maxAttendees, expansionHorizon, passwordHashIterations, oidc, conflictHorizon, imip, authMaxFailures, authMaxLockout, maxReportResults,
                occurrenceMaintenanceInterval);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return new ServerConfig(host, port, baseUrl, url, user, password, dbPoolSize, dataDir, logLevel,
                adminUser, adminPassword, demoData, emailDomain, resourceDomain, maxRequestBytes, maxResourceSize,
                maxOccurrences, maxAttendees, expansionHorizon, passwordHashIterations, oidc, conflictHorizon, imip, authMaxFailures, authMaxLockout, maxReportResults,
                occurrenceMaintenanceInterval);
    }
}
