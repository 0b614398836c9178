package io.calroom.server.dav;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells a database that cannot be reached (503, retry) from a query that failed (500, a bug). */
public final class DatabaseFailures {
    private DatabaseFailures() {
    }

    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return true;
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now
                if (state.startsWith("08") || state.startsWith("57P")) return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }
}
