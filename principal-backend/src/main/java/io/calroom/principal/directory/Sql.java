package io.calroom.principal.directory;

import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.util.Optional;

/** Reads PostgreSQL's reasons out of jOOQ's exceptions. */
final class Sql {
    static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    /** The name of the unique constraint this exception broke, if it is a unique violation. */
    static Optional<String> uniqueViolation(DataAccessException e) {
        if (!UNIQUE_VIOLATION.equals(e.sqlState())) return Optional.empty();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p) {
                ServerErrorMessage m = p.getServerErrorMessage();
                return Optional.of(m == null || m.getConstraint() == null ? "" : m.getConstraint());
            }
        }
        return Optional.of("");
    }

    /** Escapes LIKE wildcards so that a user's text matches literally (escape character {@code !}). */
    static String likeLiteral(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
