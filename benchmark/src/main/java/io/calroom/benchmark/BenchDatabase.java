package io.calroom.benchmark;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A fresh PostgreSQL database {@code calroom_bench_<random>} for one run, dropped (WITH FORCE) by {@link #drop()}. */
final class BenchDatabase {
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");

    final String name;
    final String jdbcUrl;
    private final String adminUrl;
    private final String user;
    private final String password;
    private boolean dropped;

    private BenchDatabase(String name, String jdbcUrl, String adminUrl, String user, String password) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    static BenchDatabase create(String adminUrl, String user, String password) throws SQLException {
        Matcher m = URL.matcher(adminUrl);
        if (!m.matches()) throw new IllegalArgumentException("--db-admin-url must look like jdbc:postgresql://host:port/db, was " + adminUrl);
        SecureRandom random = new SecureRandom();
        StringBuilder name = new StringBuilder("calroom_bench_");
        for (int i = 0; i < 10; i++) name.append(Character.forDigit(random.nextInt(36), 36));
        BenchDatabase db = new BenchDatabase(name.toString(), m.group(1) + name + (m.group(3) == null ? "" : m.group(3)),
                adminUrl, user, password);
        try (Connection c = db.admin(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE \"" + name + "\"");
        }
        return db;
    }

    synchronized void drop() {
        if (dropped) return;
        dropped = true;
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("[bench] could not drop database " + name + ": " + e.getMessage());
        }
    }

    /** {@code SELECT version()} of the database server, for the report. */
    String serverVersion() {
        try (Connection c = admin(); Statement st = c.createStatement(); var rs = st.executeQuery("SHOW server_version")) {
            return rs.next() ? "PostgreSQL " + rs.getString(1) : "?";
        } catch (SQLException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    /** Process ids of the PostgreSQL backends connected to this database (empty on failure). */
    java.util.List<Long> backendPids() {
        java.util.List<Long> out = new java.util.ArrayList<>();
        try (Connection c = admin(); var st = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
            st.setString(1, name);
            try (var rs = st.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            return java.util.List.of();
        }
        return out;
    }

    private Connection admin() throws SQLException {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(adminUrl, p);
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }
}
