package io.askflow.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTP server that speaks the part of Ollama's API Askflow uses, with simulated,
 * deterministic answers that say so ("[simulated answer] ...").
 *
 * <p>Endpoints: {@code POST /api/chat} and {@code POST /api/generate} (streamed NDJSON by
 * default, or whole with {@code "stream": false}), {@code POST /api/embed},
 * {@code GET /api/tags}, {@code GET /api/version}, {@code GET|HEAD /}; errors in Ollama's
 * {@code {"error": "..."}} shape (404 unknown model, 400 bad body, 503 past the queue, 500
 * injected failure). Admin endpoints under {@code /_simulator/} read stats and change knobs
 * from another process. Knobs are in {@link SimulatorConfig}, counters in
 * {@link SimulatorStats}.
 *
 * <pre>{@code
 * try (OllamaSimulator sim = OllamaSimulator.start(SimulatorConfig.defaults().withSlots(2))) {
 *     Ollama client = new Ollama(sim.baseUrl());
 *     ...
 *     assertThat(sim.stats().maxInFlight()).isLessThanOrEqualTo(2);
 * }
 * }</pre>
 */
public final class OllamaSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OllamaSimulator.class);

    static {
        // The JDK server writes headers and body apart; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK add about 40 ms to every answer. Read once per JVM, so
        // this only helps when no JDK HttpServer started before; an explicit setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorState state;
    private final HttpServer server;
    private final ExecutorService threads;
    private final String baseUrl;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OllamaSimulator(SimulatorState state, HttpServer server, ExecutorService threads) {
        this.state = state;
        this.server = server;
        this.threads = threads;
        this.baseUrl = "http://" + urlHost(server.getAddress().getAddress()) + ":" + server.getAddress().getPort();
    }

    /** Starts with {@link SimulatorConfig#defaults()} on a free loopback port. */
    public static OllamaSimulator start() {
        return start(SimulatorConfig.defaults());
    }

    /** Starts on a free loopback port. */
    public static OllamaSimulator start(SimulatorConfig config) {
        return start(config, 0);
    }

    /** Starts on the loopback interface; port 0 picks a free port. */
    public static OllamaSimulator start(SimulatorConfig config, int port) {
        return start(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /**
     * Starts on the given address.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static OllamaSimulator start(SimulatorConfig config, InetSocketAddress address) {
        SimulatorState state = new SimulatorState(config);
        ExecutorService threads = HandlerThreads.create();
        try {
            HttpServer server = HttpServer.create(address, 1024);
            server.createContext("/", new Router(state));
            server.setExecutor(threads);
            server.start();
            OllamaSimulator simulator = new OllamaSimulator(state, server, threads);
            log.info("Ollama simulator listening on {} (slots {}, queue {}, models {}, virtual threads {})",
                    simulator.baseUrl, config.slots(), config.queue(), config.models(), HandlerThreads.virtual());
            return simulator;
        } catch (IOException e) {
            threads.shutdownNow();
            throw new UncheckedIOException("cannot start the Ollama simulator on " + address, e);
        }
    }

    /** Where clients reach it, such as {@code http://127.0.0.1:41234}; no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The knobs in force now. */
    public SimulatorConfig config() {
        return state.config();
    }

    /**
     * Changes knobs on the running simulator, for example
     * {@code sim.reconfigure(c -> c.withBusyRate(1.0))} for a 503 storm.
     *
     * @return the config now in force
     */
    public SimulatorConfig reconfigure(UnaryOperator<SimulatorConfig> change) {
        SimulatorConfig next = state.reconfigure(change);
        log.info("Ollama simulator reconfigured: {}", next);
        return next;
    }

    /** What it served since start or the last {@link #reset()}. */
    public SimulatorStats stats() {
        return state.stats();
    }

    /** The last 256 chat and generate requests received, oldest first. */
    public List<RecordedRequest> recentRequests() {
        return state.recentRequests();
    }

    /**
     * Clears the counters, the recorded requests and the arrival numbering of fault draws;
     * the knobs stay, and so do calls still running.
     */
    public void reset() {
        state.reset();
    }

    /**
     * Stops listening, drops open connections and lets every waiting or hung request go.
     * Stats stay readable. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        state.pacer().close();
        server.stop(0);
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Ollama simulator {}: request threads still running after 5 s", baseUrl);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Ollama simulator on {} stopped", baseUrl);
    }

    private static String urlHost(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return urlHost(InetAddress.getLoopbackAddress());
        }
        String host = address.getHostAddress();
        return address instanceof Inet6Address ? "[" + host + "]" : host;
    }
}
