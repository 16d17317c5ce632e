package io.askflow.testing.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import io.askflow.testing.support.TempDirectories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis 6.2 server process started from the binary inside {@code embedded-redis}, bound to
 * 127.0.0.1 on a free port, with persistence off ({@code save ""}, {@code appendonly no}).
 *
 * <p>The binary is unpacked into a directory of its own under {@code java.io.tmpdir} that is
 * also the server's working directory; {@link #close()} removes it. The server's output is
 * drained into this class's logger at DEBUG so that a long-running server never blocks on a
 * full pipe.
 */
public final class EmbeddedRedisPart implements RedisPart {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisPart.class);
    private static final String HOST = "127.0.0.1";
    private static final int START_ATTEMPTS = 3;

    private final Path directory;
    private final int port;
    private final RedisServer server;

    private EmbeddedRedisPart(Path directory, int port, RedisServer server) {
        this.directory = directory;
        this.port = port;
        this.server = server;
    }

    /**
     * Starts a server on a free port, trying another port if the chosen one was taken meanwhile.
     *
     * @return the running server
     */
    public static EmbeddedRedisPart start() {
        UncheckedIOException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return start(freePort());
            }
            catch (UncheckedIOException e) {
                log.debug("embedded Redis attempt {} failed: {}", attempt, e.toString());
                last = e;
            }
        }
        throw last;
    }

    /**
     * Starts a server on the given port.
     *
     * @param port a free TCP port on 127.0.0.1
     * @return the running server
     */
    public static EmbeddedRedisPart start(int port) {
        Path directory = TempDirectories.create("askflow-redis-");
        try {
            File executable = ExecutableProvider.newJarResourceProvider(directory.toFile()).get();
            RedisServer server = new RedisServer(port, arguments(executable, port, directory), false,
                    line -> log.debug("redis:{} {}", port, line),
                    line -> log.debug("redis:{} {}", port, line));
            server.start();
            return new EmbeddedRedisPart(directory, port, server);
        }
        catch (IOException e) {
            TempDirectories.deleteQuietly(directory);
            throw new UncheckedIOException("embedded Redis did not start on port " + port, e);
        }
    }

    private static List<String> arguments(File executable, int port, Path directory) {
        return List.of(executable.getAbsolutePath(),
                "--port", Integer.toString(port),
                "--bind", HOST,
                "--save", "",
                "--appendonly", "no",
                "--dir", directory.toAbsolutePath().toString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    /**
     * The directory holding the binary; removed on {@link #close()}.
     *
     * @return the server's working directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Whether the server process is running.
     *
     * @return {@code false} after {@link #stopServer()} or {@link #close()}
     */
    public boolean isRunning() {
        return server.isActive();
    }

    @Override
    public boolean supportsRestart() {
        return true;
    }

    @Override
    public void stopServer() {
        try {
            server.stop();
        }
        catch (IOException e) {
            throw new UncheckedIOException("embedded Redis on port " + port + " did not stop", e);
        }
    }

    @Override
    public void startServer() {
        try {
            server.start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start again on port " + port, e);
        }
    }

    @Override
    public String description() {
        return "embedded Redis at " + uri();
    }

    @Override
    public void close() {
        try {
            server.stop();
        }
        catch (IOException e) {
            log.warn("embedded Redis on port {} did not stop cleanly: {}", port, e.toString(), e);
        }
        TempDirectories.deleteQuietly(directory);
    }

    @Override
    public String toString() {
        return description();
    }
}
