package io.calroom.server;

import io.calroom.schema.Database;
import io.calroom.schema.DatabaseConfig;
import io.calroom.schema.check.ConsistencyCheck;
import io.calroom.server.config.ServerConfig;

import java.util.List;

/**
 * {@code java -jar caldav-server.jar check}: verifies the database's invariants with the server's
 * own configuration (the same CALDAV_* variables), prints what it found, exits 0 when all hold
 * and 1 otherwise.
 */
final class ConsistencyCommand {
    private ConsistencyCommand() {
    }

    static int run(ServerConfig config) {
        EmbeddedDatabase embedded = null;
        ServerConfig effective = config;
        try {
            if (config.embeddedDatabase()) {
                embedded = EmbeddedDatabase.start(config.dataDir());
                effective = config.withDatabase(embedded.jdbcUrl(), "postgres", null);
            }
            try (Database db = Database.open(new DatabaseConfig(effective.dbUrl(), effective.dbUser(), effective.dbPassword(), 2))) {
                List<ConsistencyCheck.Problem> problems = ConsistencyCheck.over(db).run();
                if (problems.isEmpty()) {
                    System.out.println("consistency check: all invariants hold");
                    return 0;
                }
                for (ConsistencyCheck.Problem p : problems) {
                    System.out.println("FAILED: " + p.invariant() + " (" + p.rows() + " rows, e.g. " + p.example() + ")");
                }
                return 1;
            }
        } finally {
            if (embedded != null) embedded.close();
        }
    }
}
