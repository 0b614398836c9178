package io.calroom.schema;

/** How to reach PostgreSQL: a JDBC URL, credentials and the pool size. */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {
    public DatabaseConfig {
        if (jdbcUrl == null || jdbcUrl.isBlank()) throw new IllegalArgumentException("a JDBC URL is required");
        if (poolSize < 1) throw new IllegalArgumentException("the pool size must be at least 1, was " + poolSize);
    }
}
