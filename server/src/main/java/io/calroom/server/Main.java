package io.calroom.server;

import io.calroom.server.config.ConfigLoader;
import io.calroom.server.config.ServerConfig;

/** {@code java -jar caldav-server.jar}: configuration from CALDAV_* variables, see docs/configuration.md. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServerConfig config;
        try {
            config = ConfigLoader.fromEnvironment();
        } catch (ConfigLoader.ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        // slf4j-simple reads its level once, when the first logger is made: set it before that.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", config.logLevel());
        System.setProperty("org.slf4j.simpleLogger.log.io.milton", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        if (args.length > 0 && args[0].equals("check")) {
            System.exit(ConsistencyCommand.run(config));
            return;
        }
        CalroomServer server = new CalroomServer(config).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("error during shutdown: " + e.getMessage());
            }
        }, "shutdown"));
        String url = config.baseUrl() != null ? config.baseUrl() + "/" : "http://localhost:" + server.port() + "/";
        System.out.println();
        System.out.println("Calroom CalDAV server is running at " + url);
        System.out.println("  database: " + (config.embeddedDatabase() ? "embedded PostgreSQL in " + config.dataDir().toAbsolutePath() : config.dbUrl()));
        for (String line : server.accounts()) System.out.println("  " + line);
        System.out.println("  connect a client to " + url + " (Apple Calendar: Other CalDAV Account, Thunderbird: New Calendar > On the Network)");
    }
}
