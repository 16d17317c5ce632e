package io.askflow.testing.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import io.askflow.testing.support.InfraPart;

/**
 * A running PostgreSQL server and one database on it that callers may use directly, plus
 * fresh databases by name for tests that want to be alone.
 */
public interface PostgresPart extends InfraPart {

    /** Names {@link #createDatabase(String)} accepts: lower case, digits, underscores. */
    Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * JDBC URL of the database callers use by default.
     *
     * @return for example {@code jdbc:postgresql://localhost:5432/postgres}
     */
    String jdbcUrl();

    /**
     * User name for {@link #jdbcUrl()}; allowed to create databases.
     *
     * @return the user name
     */
    String username();

    /**
     * Password for {@link #username()}; embedded servers trust every local connection.
     *
     * @return the password, never {@code null}
     */
    String password();

    /**
     * Opens a connection to the default database.
     *
     * @return a new connection; the caller closes it
     * @throws SQLException when the server does not answer
     */
    default Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), username(), password());
    }

    /**
     * Creates an empty database on the same server.
     *
     * @param name lower case letters, digits and underscores, at most 63 characters
     * @return the JDBC URL of the new database (same user and password)
     * @throws IllegalArgumentException for a name outside {@link #DATABASE_NAME}
     * @throws IllegalStateException when the database exists or the server refuses
     */
    default String createDatabase(String name) {
        execute("CREATE DATABASE " + checkedName(name), "create database " + name);
        return databaseUrl(name);
    }

    /**
     * Drops a database, closing its connections first; a missing database is fine.
     *
     * @param name a name accepted by {@link #createDatabase(String)}
     */
    default void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + checkedName(name) + " WITH (FORCE)", "drop database " + name);
    }

    /**
     * The JDBC URL of another database on this server.
     *
     * @param name a database name
     * @return {@link #jdbcUrl()} with the database replaced
     */
    default String databaseUrl(String name) {
        return JdbcUrls.withDatabase(jdbcUrl(), checkedName(name));
    }

    /**
     * The database of {@link #jdbcUrl()}.
     *
     * @return its name; the user name when the URL names none (PostgreSQL's default)
     */
    default String database() {
        String database = JdbcUrls.database(jdbcUrl());
        return database.isEmpty() ? username() : database;
    }

    /**
     * Takes a database away as an outage would, while the server and its other databases keep running:
     * new connections are refused (superusers' too: {@code ALTER DATABASE ... ALLOW_CONNECTIONS false})
     * and the sessions open in it are ended ({@code pg_terminate_backend}), waiting for them to exit.
     * Works on any server where {@link #username()} is a superuser (embedded, container, and external
     * servers that grant it). Undo with {@link #allowConnections(String)}.
     *
     * @param database the database to block, for example {@link #database()}
     * @return how many sessions were ended
     * @throws IllegalStateException when the server refuses, or sessions are still open after 10 s
     */
    default int blockConnections(String database) {
        return DatabaseBlock.block(this, database);
    }

    /**
     * Accepts connections to a database again after {@link #blockConnections(String)}; a database that was
     * not blocked is fine.
     *
     * @param database the database
     * @throws IllegalStateException when the server refuses
     */
    default void allowConnections(String database) {
        DatabaseBlock.unblock(this, database);
    }

    private static String checkedName(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        return name;
    }

    private void execute(String sql, String what) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException e) {
            throw new IllegalStateException("could not " + what + " on " + description() + ": " + e.getMessage(), e);
        }
    }
}
