package io.askflow.testing.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.askflow.testing.support.TempDirectories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis 6.2 server process started from the binary inside {@code embedded-redis}, bound to
 * 127.0.0.1 on a free port, with persistence off ({@code save ""}, {@code appendonly no}).
 *
 * <p>The binary is unpacked into a directory of its own under {@code java.io.tmpdir} that is
 * also the server's working directory; {@link #close()} removes it. The server's output is
 * drained into this class's logger at DEBUG so that a long-running server never blocks on a
 * full pipe.
 *
 * <p>The process is started here rather than by {@code embedded-redis}'s {@code RedisServer}, which
 * registers a JVM shutdown hook of its own that stops the server at once on SIGTERM, while the
 * applications using it are still closing. Nothing stops this server but {@link #stopServer()} and
 * {@link #close()}: whoever owns it decides when (an {@code Infrastructure} closes its users first). On
 * Linux it runs in a session of its own ({@code setsid}), so that a Ctrl-C in a terminal, which signals
 * the whole foreground process group, does not stop it either; {@code pg_ctl} does the same for PostgreSQL.
 */
public final class EmbeddedRedisPart implements RedisPart {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisPart.class);
    private static final String HOST = "127.0.0.1";
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_WAIT = Duration.ofSeconds(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final String READY = "ready to accept connections";
    private static final int EARLY_LINES_KEPT = 20;
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private final Path directory;
    private final File executable;
    private final int port;
    private Process process;

    private EmbeddedRedisPart(Path directory, File executable, int port) {
        this.directory = directory;
        this.executable = executable;
        this.port = port;
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
            EmbeddedRedisPart part = new EmbeddedRedisPart(directory, executable, port);
            part.startServer();
            return part;
        }
        catch (IOException e) {
            TempDirectories.deleteQuietly(directory);
            throw new UncheckedIOException("embedded Redis did not start on port " + port, e);
        }
        catch (RuntimeException e) {
            TempDirectories.deleteQuietly(directory);
            throw e;
        }
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(setsid -> command.add(setsid.toString()));
        }
        command.addAll(List.of(executable.getAbsolutePath(),
                "--port", Integer.toString(port),
                "--bind", HOST,
                "--save", "",
                "--appendonly", "no",
                "--dir", directory.toAbsolutePath().toString()));
        return command;
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
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public boolean supportsRestart() {
        return true;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s), keeping its port and directory for {@link #startServer()}. */
    @Override
    public synchronized void stopServer() {
        Process running = process;
        process = null;
        if (running == null) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("embedded Redis on port {} did not stop within {} s: killing it", port, STOP_WAIT.toSeconds());
                running.destroyForcibly().waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        }
    }

    /** Starts the server (again) on its port, empty; returns once it accepts connections. Does nothing while it runs. */
    @Override
    public synchronized void startServer() {
        if (isRunning()) {
            return;
        }
        process = launch();
    }

    private Process launch() {
        Process started;
        try {
            started = new ProcessBuilder(command()).directory(directory.toFile()).redirectErrorStream(true).start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start on port " + port, e);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread output = new Thread(() -> drainOutput(started, ready), "redis-" + port + "-output");
        output.setDaemon(true);
        output.start();
        try {
            ready.get(READY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return started;
        }
        catch (ExecutionException | TimeoutException e) {
            started.destroyForcibly();
            String reason = e instanceof ExecutionException ? e.getCause().getMessage() : "not ready after " + READY_WAIT;
            throw new UncheckedIOException(new IOException("embedded Redis did not start on port " + port + ": " + reason));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.destroyForcibly();
            throw new IllegalStateException("interrupted while embedded Redis was starting on port " + port, e);
        }
    }

    /** Logs the server's output at DEBUG until it ends, and says when the server is ready (or ended before). */
    private void drainOutput(Process server, CompletableFuture<Void> ready) {
        List<String> early = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                log.debug("redis:{} {}", port, line);
                if (!ready.isDone()) {
                    early.add(line);
                    if (early.size() > EARLY_LINES_KEPT) {
                        early.remove(0);
                    }
                    if (line.toLowerCase(Locale.ROOT).contains(READY)) {
                        ready.complete(null);
                    }
                }
            }
        }
        catch (IOException e) {
            log.debug("redis:{} output ended: {}", port, e.toString());
        }
        ready.completeExceptionally(new IOException("the server ended before it was ready: " + String.join(" | ", early)));
    }

    @Override
    public String description() {
        return "embedded Redis at " + uri();
    }

    @Override
    public void close() {
        try {
            stopServer();
        }
        catch (RuntimeException e) {
            log.warn("embedded Redis on port {} did not stop cleanly: {}", port, e.toString(), e);
        }
        TempDirectories.deleteQuietly(directory);
    }

    @Override
    public String toString() {
        return description();
    }
}
