package io.askflow.workers.ollama;

import io.askflow.core.error.ErrorCode;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.simulator.SimulatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The watchdog of {@link OllamaHttpClient}: a call whose answer stalls after its headers, or whose connection is
 * half-open, ends at the step deadline or the attempt timeout, frees its slot, and leaves no thread behind.
 */
class OllamaHttpClientWatchdogTest {

    private static final ChatCall CALL = new ChatCall("llama3.2", List.of(ChatMessage.user("hi")), Map.of());
    private static final Duration LONG = Duration.ofMinutes(1);

    private OllamaSimulator simulator;
    private HalfOpenServer halfOpen;

    @AfterEach
    void stop() throws IOException {
        if (simulator != null) {
            simulator.close();
        }
        if (halfOpen != null) {
            halfOpen.close();
        }
    }

    @Test
    void shouldCutACallStalledAfterItsHeadersAtTheStepDeadlineAndFreeItsSlot() throws Exception {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withSlots(2).withStallAfterHeadersRate(1));
        OllamaHosts hosts = oneSlot(simulator.baseUrl());
        OllamaActivity activity = activity(hosts, new RetryPolicy(3, Duration.ofSeconds(30), Duration.ZERO,
                Duration.ZERO, 1, 0, Duration.ofMillis(1500)));
        int threadsBefore = liveThreads();
        long start = System.nanoTime();

        assertThatThrownBy(() -> activity.call(CALL, "run-1", "answer", chainDeadline(LONG)))
                .isInstanceOfSatisfying(OllamaActivityException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STEP_DEADLINE_EXCEEDED);
                    assertThat(e.attempts()).isEqualTo(1);
                });

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(simulator.stats().hangsInjected()).as("the answer did stall after its headers").isEqualTo(1);
        assertThat(hosts.inFlight(simulator.baseUrl())).isZero();
        assertThat(hosts.coolingDown(simulator.baseUrl())).isFalse();
        assertNoThreadLeft(threadsBefore);
        simulator.reconfigure(c -> c.withStallAfterHeadersRate(0));
        assertThat(activity.call(CALL, "run-2", "answer", chainDeadline(LONG)).content()).contains("[simulated answer]");
    }

    @Test
    void shouldTimeStalledAttemptsOutAndRetryThemWithinTheAttempts() {
        simulator = OllamaSimulator.start(SimulatorConfig.defaults().withSlots(4).withStallAfterHeadersRate(1));
        OllamaHosts hosts = oneSlot(simulator.baseUrl());
        OllamaActivity activity = activity(hosts, new RetryPolicy(2, Duration.ofMillis(800), Duration.ZERO,
                Duration.ZERO, 1, 0, LONG));
        int threadsBefore = liveThreads();

        assertThatThrownBy(() -> activity.call(CALL, "run-1", "answer", chainDeadline(LONG)))
                .isInstanceOfSatisfying(OllamaActivityException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OLLAMA_TIMEOUT);
                    assertThat(e.attempts()).isEqualTo(2);
                    assertThat(e.why()).isEqualTo("out of attempts");
                });

        assertThat(simulator.stats().hangsInjected()).isEqualTo(2);
        assertThat(hosts.inFlight(simulator.baseUrl())).isZero();
        assertNoThreadLeft(threadsBefore);
    }

    @Test
    void shouldTimeACallOnAHalfOpenConnectionOut() throws Exception {
        halfOpen = new HalfOpenServer(false);
        OllamaHosts hosts = oneSlot(halfOpen.url());
        OllamaActivity activity = activity(hosts, new RetryPolicy(1, Duration.ofMillis(700), Duration.ZERO,
                Duration.ZERO, 1, 0, LONG));
        int threadsBefore = liveThreads();

        assertThatThrownBy(() -> activity.call(CALL, "run-1", "answer", chainDeadline(LONG)))
                .isInstanceOfSatisfying(OllamaActivityException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OLLAMA_TIMEOUT));

        assertThat(halfOpen.accepted()).isEqualTo(1);
        assertThat(hosts.inFlight(halfOpen.url())).isZero();
        assertNoThreadLeft(threadsBefore);
    }

    @Test
    void shouldCutACallOnAConnectionThatSentHeadersOnlyAtTheChainDeadline() throws Exception {
        halfOpen = new HalfOpenServer(true);
        OllamaHosts hosts = oneSlot(halfOpen.url());
        OllamaActivity activity = activity(hosts, new RetryPolicy(3, Duration.ofSeconds(30), Duration.ZERO,
                Duration.ZERO, 1, 0, LONG));
        int threadsBefore = liveThreads();

        assertThatThrownBy(() -> activity.call(CALL, "run-1", "answer", chainDeadline(Duration.ofMillis(1200))))
                .isInstanceOfSatisfying(OllamaActivityException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CHAIN_DEADLINE_EXCEEDED);
                    assertThat(e.attempts()).isEqualTo(1);
                });

        assertThat(halfOpen.accepted()).isEqualTo(1);
        assertThat(hosts.inFlight(halfOpen.url())).isZero();
        assertNoThreadLeft(threadsBefore);
    }

    private static OllamaHosts oneSlot(String url) {
        return new OllamaHosts(List.of(new OllamaHost(new OllamaHttpClient(url), 1)), CoolDown.NONE);
    }

    private static OllamaActivity activity(OllamaHosts hosts, RetryPolicy policy) {
        return new OllamaActivity(hosts, policy, new OllamaMetrics(new SimpleMeterRegistry()), pause -> { });
    }

    private static Deadline chainDeadline(Duration budget) {
        return Deadline.after(budget, "chain deadline of " + budget, ErrorCode.CHAIN_DEADLINE_EXCEEDED);
    }

    /**
     * Live threads, but for Awaitility's own and the simulator's (the server side of a stalled call, which the
     * simulator holds until its hang is released).
     */
    private static int liveThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.getName().startsWith("awaitility") && !t.getName().startsWith("ollama-simulator"))
                .count();
    }

    /**
     * No thread of the call is left: the client's helper threads end after a second without work, and the number
     * of live threads comes back to where it was.
     */
    private static void assertNoThreadLeft(int threadsBefore) {
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("askflow-ollama-")));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            System.gc();
            assertThat(liveThreads()).as(() -> "live threads: " + Thread.getAllStackTraces().keySet())
                    .isLessThanOrEqualTo(threadsBefore);
        });
    }

    /** Accepts connections and never answers, or answers with headers and no body. */
    private static final class HalfOpenServer implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        HalfOpenServer(boolean headersOnly) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> accept(headersOnly), "half-open-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        int accepted() {
            return sockets.size();
        }

        private void accept(boolean headersOnly) {
            try {
                while (!server.isClosed()) {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    if (headersOnly) {
                        readRequestHead(socket.getInputStream());
                        OutputStream out = socket.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                                + "Content-Length: 400\r\n\r\n{\"model\":\"llama3.2\",").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        private static void readRequestHead(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
