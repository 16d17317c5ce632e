package io.askflow.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.askflow.testing.support.TempDirectories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL primary and a real streaming replica of it, each on a free port in its own temporary
 * directory, made with the PostgreSQL 15 binaries of the host ({@code /usr/lib/postgresql/15/bin}: {@code initdb},
 * {@code pg_ctl}, {@code pg_basebackup -R -X stream -C -S}). When the JVM runs as root the binaries run as the
 * {@code postgres} OS user (PostgreSQL refuses root). Trust authentication on 127.0.0.1, database {@code postgres},
 * user {@code postgres}; fsync off. Never touches another cluster of the host.
 *
 * <p>For tests of reads sent to a replica: stop and start the replica, pause and resume its replay. {@link #close()}
 * stops both servers and removes their files; a JVM exit does the same.
 */
public final class StreamingReplica implements AutoCloseable {

    /** Where Debian puts the PostgreSQL 15 binaries. */
    public static final Path BINARIES = Paths.get("/usr/lib/postgresql/15/bin");

    private static final Logger log = LoggerFactory.getLogger(StreamingReplica.class);
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path directory;
    private final int primaryPort;
    private final int replicaPort;
    private final Thread shutdownHook = new Thread(this::stopServers, "askflow-replica-shutdown");
    private boolean closed;

    private StreamingReplica(Path directory, int primaryPort, int replicaPort) {
        this.directory = directory;
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
    }

    /**
     * Whether this host has the binaries a replica needs.
     *
     * @return true when {@code initdb}, {@code pg_ctl} and {@code pg_basebackup} are there
     */
    public static boolean available() {
        return List.of("initdb", "pg_ctl", "pg_basebackup").stream()
                .allMatch(name -> Files.isExecutable(BINARIES.resolve(name)));
    }

    /**
     * Creates and starts a primary, then a replica streaming from it through the replication slot {@code replica}.
     *
     * @return the running pair
     * @throws IllegalStateException when a step fails (its output is in the message)
     */
    public static StreamingReplica start() {
        Path directory = TempDirectories.create("askflow-replica-");
        StreamingReplica pair = new StreamingReplica(directory, freePort(), freePort());
        Runtime.getRuntime().addShutdownHook(pair.shutdownHook);
        try {
            pair.run("chmod", "777", directory.toString());
            pair.run(bin("initdb"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync",
                    "-D", pair.primaryData().toString());
            pair.startServer(pair.primaryData(), pair.primaryPort, "primary.log");
            pair.run(bin("pg_basebackup"), "-h", "127.0.0.1", "-p", String.valueOf(pair.primaryPort),
                    "-U", "postgres", "-D", pair.replicaData().toString(), "-R", "-X", "stream", "-C", "-S", "replica");
            pair.startReplica();
            return pair;
        }
        catch (RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    /**
     * The primary's JDBC URL (database {@code postgres}, user {@code postgres}, no password).
     *
     * @return {@code jdbc:postgresql://127.0.0.1:port/postgres}
     */
    public String primaryUrl() {
        return url(primaryPort);
    }

    /**
     * The replica's JDBC URL (read only: writes fail there).
     *
     * @return {@code jdbc:postgresql://127.0.0.1:port/postgres}
     */
    public String replicaUrl() {
        return url(replicaPort);
    }

    /**
     * The replica's port.
     *
     * @return the port
     */
    public int replicaPort() {
        return replicaPort;
    }

    /** Stops the replica at once (immediate mode: its clients see their connections cut). */
    public void stopReplica() {
        run(bin("pg_ctl"), "-D", replicaData().toString(), "-m", "immediate", "-w", "stop");
    }

    /** Starts the replica (again), waiting until it accepts connections. */
    public void startReplica() {
        startServer(replicaData(), replicaPort, "replica.log");
    }

    /** Pauses the replica's replay of the primary's WAL ({@code pg_wal_replay_pause()}): it falls behind. */
    public void pauseReplay() {
        execute(replicaUrl(), "select pg_wal_replay_pause()");
    }

    /** Resumes the replica's replay ({@code pg_wal_replay_resume()}). */
    public void resumeReplay() {
        execute(replicaUrl(), "select pg_wal_replay_resume()");
    }

    /**
     * A new connection to the given server; the caller closes it.
     *
     * @param jdbcUrl {@link #primaryUrl()} or {@link #replicaUrl()}
     * @return the connection
     * @throws SQLException when it does not open
     */
    public Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (IllegalStateException e) {
            // the JVM is exiting: the hook stops the servers
            return;
        }
        stopServers();
    }

    private void stopServers() {
        for (Path data : List.of(replicaData(), primaryData())) {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    run(bin("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop");
                }
                catch (RuntimeException e) {
                    log.warn("could not stop PostgreSQL in {}: {}", data, e.getMessage());
                }
            }
        }
        TempDirectories.deleteQuietly(directory);
    }

    private void startServer(Path data, int port, String logName) {
        run(bin("pg_ctl"), "-D", data.toString(), "-l", directory.resolve(logName).toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c full_page_writes=off -c max_connections=50",
                "start");
    }

    private void execute(String jdbcUrl, String sql) {
        try (Connection connection = connect(jdbcUrl); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** Runs a command as the postgres user when this JVM is root, as itself otherwise; fails on a non-zero exit. */
    private void run(String... command) {
        List<String> line = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name")) && !"chmod".equals(command[0])) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        Path output = directory.resolve("command.out");
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " did not end in "
                        + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " exited with " + process.exitValue()
                        + ": " + Files.readString(output));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not run " + line, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + line, e);
        }
    }

    private Path primaryData() {
        return directory.resolve("primary");
    }

    private Path replicaData() {
        return directory.resolve("replica");
    }

    private static String bin(String name) {
        return BINARIES.resolve(name).toString();
    }

    private static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
