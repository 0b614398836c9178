package io.calroom.testsupport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * An immutable description of a PostgreSQL server reachable with an admin (CREATEDB) account: the JDBC URL of its admin
 * database with all credentials removed, plus the user and password kept separately.
 */
final class DatabaseServer {
    private static final String PREFIX = "jdbc:postgresql:";

    private final String description;
    private final String adminUrl;
    private final String user;
    private final String password;

    /**
     * @param url      a PostgreSQL JDBC URL; {@code user}/{@code password} query parameters are taken out of it
     * @param user     overrides the URL's user when not blank
     * @param password overrides the URL's password when not blank
     */
    DatabaseServer(String description, String url, String user, String password) {
        Properties parsed = org.postgresql.Driver.parseURL(url, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + withoutCredentials(url, null));
        }
        this.description = description;
        this.adminUrl = withoutCredentials(url, null);
        this.user = blankToNull(user) != null ? user : blankToNull(parsed.getProperty("user"));
        this.password = blankToNull(password) != null ? password : blankToNull(parsed.getProperty("password"));
    }

    String description() { return description + " (" + adminUrl + (user != null ? ", user " + user : "") + ")"; }
    String user() { return user; }
    String password() { return password; }

    /** The URL of database {@code name} on this server, without credentials. */
    String urlFor(String name) { return withoutCredentials(adminUrl, name); }

    Connection connectAdmin() throws SQLException {
        return connect(adminUrl);
    }

    Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        if (user != null) props.setProperty("user", user);
        if (password != null) props.setProperty("password", password);
        return DriverManager.getConnection(url, props);
    }

    /**
     * Removes {@code user} and {@code password} query parameters and, when {@code database} is not null, replaces the
     * database name. Other query parameters (sslmode, ...) are kept as they are.
     */
    static String withoutCredentials(String url, String database) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL (must start with " + PREFIX + ")");
        }
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q + 1);

        if (database != null) {
            String rest = base.substring(PREFIX.length());
            if (rest.startsWith("//")) {
                int slash = rest.indexOf('/', 2);
                String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
                base = PREFIX + "//" + authority + "/" + database;
            } else {
                base = PREFIX + database; // jdbc:postgresql:dbname form (localhost:5432)
            }
        }

        StringJoiner kept = new StringJoiner("&");
        for (String param : query.split("&")) {
            if (param.isEmpty()) continue;
            int eq = param.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? param : param.substring(0, eq), StandardCharsets.UTF_8);
            if (!key.equals("user") && !key.equals("password")) kept.add(param);
        }
        return kept.length() == 0 ? base : base + "?" + kept;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
