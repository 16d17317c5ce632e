package io.askflow.testing.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Takes one database of a running server away and brings it back, for tests of a PostgreSQL outage,
 * through an admin connection to another database of the same server: the one of
 * {@link PostgresPart#jdbcUrl()} unless it is the blocked one, else {@code postgres}, else {@code template1}.
 *
 * <p>{@code ALTER DATABASE ... ALLOW_CONNECTIONS false} refuses every new connection, superusers' too
 * (checked on PostgreSQL 17: {@code FATAL: database "postgres" is not currently accepting connections},
 * SQLState 55000); {@code pg_terminate_backend(pid)} ends the sessions already open, and {@link #block} returns
 * once they have exited.
 */
final class DatabaseBlock {

    /** How long {@link #block} waits for the ended sessions to exit. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
    /** In the select list, not the where clause: PostgreSQL may evaluate conditions in any order. */
    private static final String TERMINATE = """
            select pid, pg_terminate_backend(pid) from pg_stat_activity
            where datname = ? and pid <> pg_backend_pid()""";
    private static final String REMAINING = """
            select count(*) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()""";

    private DatabaseBlock() {
    }

    /**
     * Refuses new connections to {@code database} and ends its sessions; returns how many ended. When the
     * sessions cannot be ended, connections are allowed again before it throws: never half blocked.
     */
    static int block(PostgresPart server, String database) {
        try (Connection admin = adminConnection(server, database); Statement statement = admin.createStatement()) {
            statement.execute(allowConnections(database, false));
            try {
                return endSessions(admin, database);
            }
            catch (SQLException e) {
                try {
                    statement.execute(allowConnections(database, true));
                }
                catch (SQLException undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("could not block database " + database + " on " + server.description()
                    + " (needs a superuser): " + e.getMessage(), e);
        }
    }

    /** Accepts connections to {@code database} again. */
    static void unblock(PostgresPart server, String database) {
        try (Connection admin = adminConnection(server, database); Statement statement = admin.createStatement()) {
            statement.execute(allowConnections(database, true));
        }
        catch (SQLException e) {
            throw new IllegalStateException("could not unblock database " + database + " on "
                    + server.description() + ": " + e.getMessage(), e);
        }
    }

    /** The database the admin connection uses while {@code blocked} is blocked. */
    static String adminDatabase(String defaultDatabase, String blocked) {
        return List.of(defaultDatabase, "postgres", "template1").stream()
                .filter(candidate -> !candidate.equals(blocked))
                .findFirst()
                .orElseThrow();
    }

    private static Connection adminConnection(PostgresPart server, String blocked) throws SQLException {
        String url = JdbcUrls.withDatabase(server.jdbcUrl(), adminDatabase(server.database(), blocked));
        return DriverManager.getConnection(url, server.username(), server.password());
    }

    /**
     * Signals every session in the database until none is left: one that passed its connection check just
     * before the {@code ALTER} shows up a moment later, and a signalled one takes a moment to exit.
     */
    private static int endSessions(Connection admin, String database) throws SQLException {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        Set<Integer> ended = new HashSet<>();
        try (PreparedStatement terminate = admin.prepareStatement(TERMINATE);
             PreparedStatement remaining = admin.prepareStatement(REMAINING);
             Statement pause = admin.createStatement()) {
            terminate.setString(1, database);
            remaining.setString(1, database);
            do {
                try (ResultSet signalled = terminate.executeQuery()) {
                    while (signalled.next()) {
                        if (signalled.getBoolean(2)) {
                            ended.add(signalled.getInt(1));
                        }
                    }
                }
                pause.execute("select pg_sleep(0.05)");
            } while (anyLeft(remaining) && System.nanoTime() < deadline);
            if (anyLeft(remaining)) {
                throw new SQLException("sessions still open " + EXIT_WAIT.toSeconds() + " s after pg_terminate_backend");
            }
        }
        return ended.size();
    }

    private static boolean anyLeft(PreparedStatement remaining) throws SQLException {
        try (ResultSet result = remaining.executeQuery()) {
            result.next();
            return result.getInt(1) > 0;
        }
    }

    private static String allowConnections(String database, boolean allow) {
        return "ALTER DATABASE " + quoted(database) + " ALLOW_CONNECTIONS " + allow;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
